/**
 * Asymmetric decoupling: the moved rules (C2) take all of their inputs
 * directly (messages redirected to them, client inputs through C1 as a proxy)
 * and read nothing the rules left behind (C1) derive, but C1 reads something
 * back: a message both parts read (Paxos' proposer reads each p2b to learn
 * of higher ballots, the p2b counting reads it to count votes), or a relation
 * C2 derives. After the rewrite C2 receives the message alone and sends C1,
 * as a new relation `x__from_C2`, the part of each fact C1 reads (the
 * attributes C1's rules use); for a relation C2 derives, C2 sends C1 each new
 * fact the same way.
 *
 * What C1 learns now arrives later than before. That is sound here because
 * of two conditions (the checks below, decided on the dependency graph):
 *
 * * the feedback is *absorbed*: every rule of C1 that reads it reads it alone
 *   (no join with C1's state, no negation) into a relation C1 persists, so C1
 *   only ever learns from it, never infers its absence, and what it learns
 *   does not depend on when it arrives;
 * * C2 does not depend on the order its inputs arrive in: it is monotonic or
 *   functional, or its only negations are of markers it only ever adds to
 *   (send-once and forget-after guards such as `!announced(b, s)`). Such a
 *   guard is order-insensitive when at most one guarded fact exists per
 *   marker key (Paxos: one value per ballot and slot), a protocol invariant
 *   that no local check proves; the certificate says so, and the differential
 *   tester checks the reference model's invariants (agreement) on every run.
 *
 * The transformation is two steps: C's readers of the feedback are renamed
 * to read the echo relation, and a rule of C sends the echo to itself
 * (`x__from_C2@d(...) :~ x(...), self(d)`); then the moved rules and the echo
 * rules move to C2 by the ordinary mechanism (src/rewrite/decouple.ts), where
 * the two parts now share nothing: `self(d)` becomes the paired C node.
 */
import type { BodyLit, Expr, Item, Rule } from '../syntax/ast.js';
import type { CheckedProgram, IrRule } from '../ir/types.js';
import { atoms, componentScope, isConstant } from '../analysis/scope.js';
import { functional, monotonic } from '../analysis/properties.js';
import { assemble, atom, freshVar, head, isPersistence, relationDecl, rule, ruleVars, sections, v, wildcard } from './ast.js';
import { analyzeDecouple, applyDecouple, commonChecks, freshName, redirectProblem, takenNames, unconditionallyPersisted, type DecoupleAnalysis } from './decouple.js';
import { finish } from './engine.js';
import { findDecouplingsBy } from './find-decouplings.js';
import type { Applied, Check, DecoupleSite, Precondition, ProgramState, Rewrite } from './types.js';

/** A relation C1 reads that C2 now has alone: a message redirected to C2 (`echo`) or a relation C2 derives (`derived`). */
export interface Feedback {
  readonly relation: string;
  readonly how: 'echo' | 'derived';
  /** Attribute positions C1's rules use (the echo carries only these). */
  readonly positions: readonly number[];
  /** C1's rules reading it. */
  readonly readers: readonly IrRule[];
}

export interface AsymmetricAnalysis {
  readonly base: DecoupleAnalysis;
  readonly feedback: readonly Feedback[];
  /** Why C2 is not fed directly (it would read what C1 derives or forwards). */
  readonly forward: readonly string[];
  /** Why the feedback is not absorbed. */
  readonly unabsorbed: readonly string[];
  /** Why a derived feedback relation cannot be sent back as a stream of new facts. */
  readonly unsendable: readonly string[];
}

export const echoName = (relation: string, into: string): string => `${relation.replace(/__from_.*$/, '')}__from_${into}`;

export function analyzeAsymmetric(state: ProgramState, site: DecoupleSite): AsymmetricAnalysis {
  const program = state.program;
  const a = analyzeDecouple(state, site);
  const C = site.component;
  const forward: string[] = [];
  const back = new Map<string, 'echo' | 'derived'>();
  for (const f of a.feeds) {
    if (f.how === 'derived') forward.push(`the moved rules read \`${f.relation}\`, which the rules left in ${C} derive`);
    else if (f.how === 'shared') {
      const kind = program.relations.get(f.relation)?.kind;
      const problem = kind === 'input' ? `clients send it to ${C}` : redirectProblem(program, C, f.relation);
      if (problem === null) back.set(f.relation, 'echo');
      else forward.push(`both parts read \`${f.relation}\` and it cannot be sent to ${site.into} alone: ${problem}`);
    }
  }
  for (const x of a.feedback) back.set(x, 'derived');

  const steady = steadyRelations(program, C);
  const unabsorbed: string[] = [];
  const unsendable: string[] = [];
  const movedHeads = new Set(a.moved.map((r) => r.head.relation));
  const feedback: Feedback[] = [];
  for (const [relation, how] of [...back].sort(([x], [y]) => x.localeCompare(y))) {
    const readers = a.kept.filter((r) => atoms(r).some((x) => x.relation === relation) && !(r.source && isPersistence(r.source)));
    const positions = new Set<number>();
    for (const r of readers) {
      const changing = atoms(r).filter((x) => !isConstant(program, x.relation));
      for (const x of changing) {
        if (x.relation !== relation) continue;
        if (x.negated) unabsorbed.push(`rule \`${r.text}\` negates \`${relation}\`: ${C} would infer its absence from a fact that now arrives late`);
        x.args.forEach((arg, i) => {
          if (arg.kind !== 'wildcard') positions.add(i);
        });
      }
      if (changing.length > 1) unabsorbed.push(`rule \`${r.text}\` joins \`${relation}\` with ${changing.filter((x) => x.relation !== relation).map((x) => `\`${x.relation}\``).join(', ')}: what it derives would depend on when the fact arrives`);
      if (r.kind === 'async') unabsorbed.push(`rule \`${r.text}\` sends from \`${relation}\`; feedback must be kept, not passed on`);
      else if (!unconditionallyPersisted(program, C, r.head.relation)) unabsorbed.push(`rule \`${r.text}\` derives \`${r.head.relation}\`, which ${C} does not persist: what it learns must be kept`);
      if (movedHeads.has(r.head.relation)) unabsorbed.push(`rule \`${r.text}\` derives \`${r.head.relation}\`, which the moved rules derive too`);
      if (r.head.aggregateIndex !== undefined) unabsorbed.push(`rule \`${r.text}\` aggregates the feedback: a partial aggregate would be kept`);
    }
    if (how === 'derived') {
      for (const d of a.moved.filter((m) => m.head.relation === relation && m.kind !== 'async' && !(m.source && isPersistence(m.source)))) {
        if (d.head.aggregateIndex !== undefined) unsendable.push(`\`${relation}\` is an aggregate (\`${d.text}\`); sending partial aggregates back is not sound`);
        const body = atoms(d).filter((x) => !x.negated && !isConstant(program, x.relation));
        const guarded = atoms(d).some((x) => x.negated && !isConstant(program, x.relation));
        if (body.length > 0 && !guarded && body.every((x) => steady.has(x.relation))) unsendable.push(`\`${relation}\` is recomputed every tick from state (\`${d.text}\`); sending it back would resend forever`);
      }
    }
    feedback.push({ relation, how, positions: [...positions].sort((x, y) => x - y), readers });
  }
  return { base: a, feedback, forward, unabsorbed: [...new Set(unabsorbed)], unsendable: [...new Set(unsendable)] };
}

/**
 * Relations of C that hold again every tick once they hold: persisted ones,
 * and those derived in the same tick from them alone (no negation). Sending
 * one of them would send it again every tick.
 */
function steadyRelations(program: CheckedProgram, component: string): Set<string> {
  const rules = componentScope(program, component).rules.filter((r) => !r.fromPersist && r.kind === 'sync');
  const steady = new Set([...program.relations.keys()].filter((x) => unconditionallyPersisted(program, component, x)));
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of rules) {
      if (steady.has(r.head.relation)) continue;
      const changing = atoms(r).filter((x) => !isConstant(program, x.relation));
      if (changing.length > 0 && changing.every((x) => !x.negated && steady.has(x.relation)) && rules.filter((d) => d.head.relation === r.head.relation).length === 1) {
        steady.add(r.head.relation);
        changed = true;
      }
    }
  }
  return steady;
}

const idOf = (a: DecoupleAnalysis, what: string): string => `decouple.${a.component}.${a.into}.${what}`;

/**
 * Negated relations of the moved rules that are markers: derived only by the
 * moved rules, only ever added to (positive bodies), and kept by C.
 */
function markers(program: CheckedProgram, a: DecoupleAnalysis): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const all = componentScope(program, a.component).rules.filter((r) => !r.fromPersist && !(r.source && isPersistence(r.source)));
  for (const r of a.moved) {
    for (const x of atoms(r)) {
      if (!x.negated || isConstant(program, x.relation) || out.has(x.relation)) continue;
      const defs = all.filter((d) => d.head.relation === x.relation);
      const ok =
        defs.length > 0 &&
        defs.every((d) => a.moved.includes(d) && d.kind !== 'async' && d.head.aggregateIndex === undefined && atoms(d).every((y) => !y.negated)) &&
        unconditionallyPersisted(program, a.component, x.relation);
      out.set(x.relation, ok);
    }
  }
  return out;
}

export function asymmetricChecks(state: ProgramState, site: DecoupleSite, s: AsymmetricAnalysis = analyzeAsymmetric(state, site)): Check[] {
  const program = state.program;
  const a = s.base;
  const common = commonChecks(a).filter((c) => !c.id.endsWith('.no-feedback') && !c.id.endsWith('.forwardable'));
  const scope = { component: a.component, rules: [...a.moved, ...a.helpers] };
  const mono = monotonic(program, scope);
  const func = functional(program, scope);
  const m = markers(program, a);
  // The monotonicity analysis words a negation `rule \`R\` negates \`X\``: those of markers are the allowed guards.
  const markerReasons = new Set(a.moved.flatMap((r) => atoms(r).filter((x) => x.negated && m.get(x.relation) === true).map((x) => `rule \`${r.text}\` negates \`${x.relation}\``)));
  const remaining = mono.reasons.filter((x) => !markerReasons.has(x));
  const guards = [...m].filter(([, ok]) => ok).map(([x]) => x);
  const orderHolds = mono.holds || func.holds || remaining.length === 0;
  return [
    {
      id: idOf(a, 'feeds-back'),
      sentence: `The rules left in \`${a.component}\` read something the moved rules receive or derive (otherwise an ordinary decoupling applies).`,
      holds: s.feedback.length > 0,
      reasons: s.feedback.length ? s.feedback.map((f) => `\`${f.relation}\` (${f.how === 'echo' ? `a message both parts read: it goes to ${a.into}, which sends ${a.component} the attributes it uses` : `derived by the moved rules: ${a.into} sends each new fact back`})`) : ['nothing flows back: use decouple-independent, -functional or -monotonic'],
    },
    {
      id: idOf(a, 'fed-directly'),
      sentence: `The moved rules read nothing the rules left in \`${a.component}\` derive: every input reaches \`${a.into}\` directly, as it reached \`${a.component}\`.`,
      holds: s.forward.length === 0,
      reasons: s.forward.length ? s.forward : a.redirects.length || s.feedback.some((f) => f.how === 'echo') ? [`sent to ${a.into} directly: ${[...a.redirects, ...s.feedback.filter((f) => f.how === 'echo').map((f) => f.relation)].map((x) => `\`${x}\``).join(', ')}`] : ['no input but constants and client inputs'],
    },
    {
      id: idOf(a, 'absorbed'),
      sentence: `Every rule left in \`${a.component}\` that reads the feedback reads it alone and positively, into a relation \`${a.component}\` persists: it only ever learns from it, so learning later changes no conclusion it draws from it.`,
      holds: s.unabsorbed.length === 0 && s.unsendable.length === 0,
      reasons: s.unabsorbed.length || s.unsendable.length ? [...s.unabsorbed, ...s.unsendable] : s.feedback.flatMap((f) => f.readers.map((r) => `\`${r.text}\` keeps what it learns in \`${r.head.relation}\``)),
    },
    {
      id: idOf(a, 'order-insensitive'),
      sentence: `The moved rules do not depend on the order their inputs arrive in: monotonic or functional, except for guards on markers they only ever add to.`,
      holds: orderHolds,
      reasons: orderHolds
        ? [
            mono.holds ? 'monotonic' : func.holds ? 'functional' : 'monotonic but for marker guards',
            ...guards.map((g) => `\`!${g}\` guards on a marker the moved rules only add to (send once, forget after): order-insensitive when at most one guarded fact exists per marker key. NOT proved here: a protocol invariant, checked by the differential tester's model invariants on every run`),
          ]
        : remaining,
    },
    ...common,
  ];
}

export function asymmetricPrecondition(state: ProgramState, site: DecoupleSite): Precondition {
  const checks = asymmetricChecks(state, site);
  return { holds: checks.every((c) => c.holds), checks };
}

/** The body atom with only `positions` kept, the rest wildcards: what the echo relation's facts look like. */
function project(args: readonly Expr[], positions: readonly number[]): Expr[] {
  return positions.map((i) => args[i] ?? wildcard());
}

/** A rule of C1 reading the feedback reads, in its place, the relation it now comes back as (the attributes it uses). */
export function readFeedbackAs(r: Rule, views: ReadonlyMap<string, { readonly name: string; readonly positions: readonly number[] }>): Rule {
  return {
    ...r,
    body: r.body.map((l): BodyLit => {
      if (l.kind !== 'atom') return l;
      const view = views.get(l.relation);
      return view ? { ...l, relation: view.name, args: project(l.args, view.positions) } : l;
    }),
  };
}

/**
 * Step one: C reads the feedback through `x__from_INTO`, sent by C to itself.
 * Returns the program with the echo rules, their relations, and the echo rules' texts.
 */
function introduceEchoes(state: ProgramState, site: DecoupleSite, s: AsymmetricAnalysis): { state: ProgramState; echoRelations: ReadonlyMap<string, string>; notes: string[] } {
  const program = state.program;
  const C = site.component;
  const taken = takenNames(program);
  taken.add(site.into);
  const names = new Map<string, string>();
  const decls: Item[] = [];
  const notes: string[] = [];
  for (const f of s.feedback) {
    const name = freshName(taken, echoName(f.relation, site.into));
    names.set(f.relation, name);
    const attrs = program.relations.get(f.relation)!.attrs;
    decls.push(relationDecl('decl', name, f.positions.map((i) => attrs[i]!)));
    notes.push(`${site.into} sends ${C} \`${name}\` (${f.positions.map((i) => attrs[i]!.name).join(', ') || 'no attribute'} of \`${f.relation}\`), which ${f.readers.map((r) => `\`${r.head.relation}\``).join(', ')} now learn${f.readers.length === 1 ? 's' : ''} from`);
  }
  const readerSources = new Set(s.feedback.flatMap((f) => f.readers.map((r) => r.source)));
  const views = new Map(s.feedback.map((f) => [f.relation, { name: names.get(f.relation)!, positions: f.positions }]));
  const echoRules: Rule[] = [];
  const irOf = new Map<Rule, IrRule>();
  for (const r of program.rules) if (r.source) irOf.set(r.source, r);
  const sec = sections(state.ast);
  const mine = sec.components.find((c) => c.name === C)!;
  for (const f of s.feedback) {
    const name = names.get(f.relation)!;
    if (f.how === 'echo') {
      const attrs = program.relations.get(f.relation)!.attrs;
      const vars = new Set<string>();
      const args = attrs.map((at, i) => (f.positions.includes(i) ? v(freshVar(vars, at.name)) : wildcard()));
      const d = freshVar(vars, 'dest');
      echoRules.push(rule(head(name, project(args, f.positions), d), ':~', [atom(f.relation, args), atom('self', [v(d)])]));
    } else {
      for (const r of mine.rules) {
        const ir = irOf.get(r);
        if (!ir || !site.rules.includes(ir.id) || ir.kind === 'async' || ir.head.relation !== f.relation || isPersistence(r)) continue;
        const vars = ruleVars(r);
        const d = freshVar(vars, 'dest');
        echoRules.push(rule(head(name, project(r.head.args, f.positions), d), ':~', [...r.body, atom('self', [v(d)])]));
      }
    }
  }
  const components = sec.components.map((c) => (c.name === C ? { name: C, rules: [...c.rules.map((r) => (readerSources.has(r) ? readFeedbackAs(r, views) : r)), ...echoRules] } : c));
  const next = finish({ ast: assemble({ decls: [...sec.decls, ...decls], components }), deployment: state.deployment, notes: [] }, '(echoes)');
  return { state: next, echoRelations: names, notes };
}

export function applyAsymmetric(state: ProgramState, site: DecoupleSite): Applied {
  const s = analyzeAsymmetric(state, site);
  const movedTexts = new Set(s.base.moved.map((r) => r.text));
  const echoed = introduceEchoes(state, site, s);
  const next = echoed.state;
  const echoes = new Set(echoed.echoRelations.values());
  const own = componentScope(next.program, site.component).rules.filter((r) => !r.fromPersist);
  const ids = own.filter((r) => movedTexts.has(r.text) || (r.kind === 'async' && echoes.has(r.head.relation))).map((r) => r.id);
  const moved: DecoupleSite = { kind: 'decouple', component: site.component, rules: ids, into: site.into };
  const applied = applyDecouple(next, moved, 'independent');
  return { ...applied, notes: [...applied.notes, ...echoed.notes] };
}

export const decoupleAsymmetric: Rewrite<DecoupleSite> = {
  name: 'decouple-asymmetric',
  summary: 'move rules that take their inputs directly to a new component that sends back what the rest learns from (absorbed into persisted state)',
  find: (state) => findDecouplingsBy(state, (site) => asymmetricPrecondition(state, site).holds, { upstream: true }),
  precondition: asymmetricPrecondition,
  obligations: async (state, site) => {
    const checks = asymmetricChecks(state, site);
    const assumed = checks.flatMap((c) => c.reasons.filter((r) => r.includes('NOT proved')));
    return { checks, obligations: [], decided: new Map(), facts: assumed.map((r) => `assumed, not proved: ${r}`) };
  },
  apply: applyAsymmetric,
};

