/**
 * The mechanism shared by the three decoupling rewrites (mutually
 * independent, functional, monotonic): some rules of a component C move to a
 * new component C2 (`into`), with as many instances as C.
 *
 * What C2 reads that C's other rules (C1) do not make, it gets directly:
 * every rule that sends such a relation to C is redirected to C2 (a
 * `C(d)` destination becomes `C2(d)`; a destination taken from the data is
 * mapped to the C2 node paired with that C node). What C2 cannot get directly
 * is forwarded by C1 as a new relation `x__to_C2`:
 *
 * * `.input` facts clients address to C (C1 becomes their proxy);
 * * relations C1 reads too (C1 handles each fact first, then forwards it, so
 *   C1's reaction always precedes C2's: "shared");
 * * relations C1 derives (each deriving rule is copied with the forwarding
 *   relation as its asynchronous head: "derived").
 *
 * Forwarded ("fed") relations change C2's timing relative to C1: sound when
 * C2 is functional (each fact handled on its own) or monotonic (its inputs
 * persisted on arrival, so the order they arrive in does not matter). With
 * nothing fed, the parts are mutually independent and no condition on C2 is
 * needed.
 *
 * `self(me)` in a moved rule still means C's node: with one instance,
 * `C(me)`; with several, `self(s), C2_of(me, s)` through a pairing `.edb`
 * relation the deployment fills (instance i of C with instance i of C2).
 */
import type { AtomLit, BodyLit, Expr, Item, Rule } from '../syntax/ast.js';
import type { CheckedProgram, IrAtom, IrRule } from '../ir/types.js';
import type { ComponentPlacement, Deployment } from '../sim/deployment.js';
import { logicalAddress } from '../sim/address.js';
import { functional, monotonic } from '../analysis/properties.js';
import { atoms, componentScope, isConstant, replicatedRelations } from '../analysis/scope.js';
import { assemble, attrVar, atom, freshVar, head, isPersistence, persistDecl, relationDecl, renameBodyRelations, rule, ruleVars, sections, v, varOccurrences } from './ast.js';
import type { Applied, Check, DecoupleSite, Precondition, ProgramState } from './types.js';
import { RESERVED_WORDS } from '../ir/builtins.js';

export type DecoupleKind = 'independent' | 'functional' | 'monotonic';

export interface Feed {
  readonly relation: string;
  /** `derived`: C1 derives it; `shared`: C1 reads it too; `proxy`: only C2 reads it and it cannot be redirected. */
  readonly how: 'derived' | 'shared' | 'proxy';
  /** Why it is forwarded rather than redirected. */
  readonly why: string;
}

/** What moving the site's rules involves, before any change. */
export interface DecoupleAnalysis {
  readonly component: string;
  readonly into: string;
  readonly instances: number;
  /** C2's own rules (moved). */
  readonly moved: readonly IrRule[];
  /** C1's rules that stay (neither moved nor `.persist`-generated). */
  readonly kept: readonly IrRule[];
  /** Rules deriving constant-only relations that C2 needs (copied, or moved when C1 needs none). */
  readonly helpers: readonly IrRule[];
  /** Rules deriving constant-only relations that C1 still needs. */
  readonly keptHelpers: readonly IrRule[];
  /** Relations C1 reads that the moved rules derive (feedback: not a decoupling of this catalog). */
  readonly feedback: readonly string[];
  /** Relations derived on both sides and read by some rule of C: they cannot be split. */
  readonly badSplits: readonly string[];
  /** Relations forwarded by C1 to C2. */
  readonly feeds: readonly Feed[];
  /** Relations whose senders are redirected from C to C2. */
  readonly redirects: readonly string[];
  /** Relations fed by C1 that cannot be forwarded safely, with the reason. */
  readonly unforwardable: readonly string[];
  /** Forwarded relations that are persisted in C (their forwarded copies are persisted in C2). */
  readonly persistedFeeds: readonly string[];
}

/** The relations a set of rules reads (non-constant), positively or negatively. */
function reads(program: CheckedProgram, rules: readonly IrRule[]): Set<string> {
  return new Set(rules.flatMap((r) => atoms(r).map((a) => a.relation)).filter((x) => !isConstant(program, x)));
}

function localHeads(rules: readonly IrRule[]): Set<string> {
  return new Set(rules.filter((r) => r.kind !== 'async').map((r) => r.head.relation));
}

/** Components whose rules read `relation`. */
export function readersOf(program: CheckedProgram, relation: string): Set<string> {
  return new Set(program.rules.filter((r) => !r.fromPersist && atoms(r).some((a) => a.relation === relation)).map((r) => r.component));
}

export function unconditionallyPersisted(program: CheckedProgram, component: string, relation: string): boolean {
  if (program.relations.get(relation)?.persisted) return true;
  return componentScope(program, component).rules.some((r) => r.source !== undefined && r.head.relation === relation && isPersistence(r.source));
}

/**
 * Is every fact of `relation` at C in a tick one that C's deductive (`:-`)
 * rules derived in that tick: not persisted, not the head of a `:+` rule of
 * C, never sent by an asynchronous rule?
 */
function onlyDerivedInTick(program: CheckedProgram, component: string, kept: readonly IrRule[], relation: string): boolean {
  if (unconditionallyPersisted(program, component, relation)) return false;
  if (kept.some((r) => r.head.relation === relation && r.kind !== 'sync')) return false;
  return !program.rules.some((r) => r.head.relation === relation && r.kind === 'async');
}

/** The body atom binding a rule's destination through `C(d)`, if any. */
function componentDestAtom(rule: Rule, component: string): AtomLit | undefined {
  const d = rule.head.dest?.name;
  if (d === undefined) return undefined;
  return rule.body.find((l): l is AtomLit => l.kind === 'atom' && !l.negated && l.relation === component && l.args[0]?.kind === 'var' && l.args[0].name === d);
}

/** Can every sender of `relation` into `component` be redirected? Null when yes, else why not. */
export function redirectProblem(program: CheckedProgram, component: string, relation: string): string | null {
  const readers = readersOf(program, relation);
  for (const r of program.rules) {
    if (r.kind !== 'async' || r.head.relation !== relation || !r.source) continue;
    if (componentDestAtom(r.source, component)) continue;
    if (readers.size === 1 && readers.has(component) && program.relations.get(relation)?.kind !== 'output') continue;
    return `rule \`${r.text}\` sends \`${relation}\` to an address taken from its data, and ${[...readers].filter((c) => c !== component).join(', ') || 'clients'} may receive it too`;
  }
  return null;
}

export function analyzeDecouple(state: ProgramState, site: DecoupleSite): DecoupleAnalysis {
  const program = state.program;
  const C = site.component;
  const own = componentScope(program, C).rules.filter((r) => !r.fromPersist);
  const movedIds = new Set(site.rules);
  const replicated = replicatedRelations(program, componentScope(program, C));
  const isHelper = (r: IrRule): boolean => r.kind !== 'async' && replicated.has(r.head.relation);
  const moved = own.filter((r) => movedIds.has(r.id) && !isHelper(r));
  const kept = own.filter((r) => !movedIds.has(r.id) && !isHelper(r));
  // Constant-only relations go wherever they are read (transitively).
  const helperRules = own.filter(isHelper);
  const needs = (rules: readonly IrRule[]): IrRule[] => {
    const want = new Set([...reads(program, rules)].filter((x) => replicated.has(x)));
    let changed = true;
    while (changed) {
      changed = false;
      for (const h of helperRules) {
        if (!want.has(h.head.relation)) continue;
        for (const a of atoms(h)) {
          if (replicated.has(a.relation) && !want.has(a.relation)) {
            want.add(a.relation);
            changed = true;
          }
        }
      }
    }
    return helperRules.filter((h) => want.has(h.head.relation));
  };
  const helpers = needs(moved);
  const keptHelpers = needs(kept);

  const l1 = localHeads(kept);
  const l2 = localHeads(moved);
  const r1 = reads(program, kept);
  const r2 = reads(program, [...moved, ...helpers]);
  const feedback = [...r1].filter((x) => l2.has(x) && !l1.has(x)).sort();
  // A relation derived on both sides must be a sink: no rule of C reads it but its persistence.
  const readInC = (x: string): boolean => own.some((r) => atoms(r).some((a) => a.relation === x) && !(r.source && isPersistence(r.source)));
  const badSplits = [...l1].filter((x) => l2.has(x) && readInC(x)).sort();

  const feeds: Feed[] = [];
  const redirects: string[] = [];
  const unforwardable: string[] = [];
  for (const x of [...r2].sort()) {
    if (l2.has(x) || replicated.has(x)) continue;
    if (l1.has(x)) {
      feeds.push({ relation: x, how: 'derived', why: `the rules left in ${C} derive it` });
      const defs = kept.filter((r) => r.head.relation === x && !(r.source && isPersistence(r.source)));
      for (const d of defs) {
        if (d.head.aggregateIndex !== undefined) unforwardable.push(`\`${x}\` is derived by an aggregation (\`${d.text}\`); forwarding partial aggregates is not a decoupling of this catalog`);
        const body = atoms(d).filter((a) => !a.negated && !isConstant(program, a.relation));
        if (body.length > 0 && body.every((a) => unconditionallyPersisted(program, C, a.relation) || (a.relation === x && d.kind === 'next'))) {
          unforwardable.push(`\`${x}\` is recomputed every tick from state (\`${d.text}\`); forwarding it would resend forever`);
        }
        if (d.kind === 'next' && atoms(d).some((a) => !a.negated && a.relation === x)) {
          unforwardable.push(`\`${x}\` is kept by a guarded persistence rule (\`${d.text}\`): the state it forgets cannot be forwarded as a stream`);
        }
      }
    } else if (r1.has(x)) {
      feeds.push({ relation: x, how: 'shared', why: `the rules left in ${C} read it too, so ${C} handles it first and forwards it` });
    } else if (program.relations.get(x)?.kind === 'input') {
      feeds.push({ relation: x, how: 'proxy', why: `clients send it to ${C}, which forwards it` });
    } else {
      const problem = redirectProblem(program, C, x);
      if (problem === null) redirects.push(x);
      else feeds.push({ relation: x, how: 'proxy', why: `its senders cannot be redirected: ${problem}` });
    }
  }
  const persistedFeeds = feeds.filter((f) => unconditionallyPersisted(program, C, f.relation)).map((f) => f.relation);
  return {
    component: C,
    into: site.into,
    instances: state.deployment.components.get(C)?.instances ?? 1,
    moved,
    kept,
    helpers,
    keptHelpers,
    feedback,
    badSplits,
    feeds,
    redirects,
    unforwardable: [...new Set(unforwardable)],
    persistedFeeds,
  };
}

/** Fed relations: those whose timing changes (client inputs forwarded by a proxy do not count). */
function fed(a: DecoupleAnalysis): Feed[] {
  return a.feeds.filter((f) => f.how !== 'proxy');
}

const idOf = (a: DecoupleAnalysis, what: string): string => `decouple.${a.component}.${a.into}.${what}`;

/**
 * Relations whose facts reach the moved rules later than before: the ones
 * the old component forwards (not client inputs it proxies), and what the
 * moved rules derive from them.
 */
export function lateRelations(a: DecoupleAnalysis): Set<string> {
  const late = new Set(fed(a).map((f) => f.relation));
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of a.moved) {
      if (r.kind === 'async' || late.has(r.head.relation)) continue;
      if (r.body.some((l) => l.kind === 'atom' && !l.negated && late.has(l.relation))) {
        late.add(r.head.relation);
        changed = true;
      }
    }
  }
  return late;
}

/**
 * Moved rules that join a message redirected to the new component with a
 * relation that now arrives late. The message is read on arrival, not kept:
 * arriving before the forwarded facts it joins, it is lost. In the original
 * the joined relation was local, and when it is causally earlier (state set
 * before a request whose reply is the message) the original never loses it.
 */
function racingJoins(a: DecoupleAnalysis): { rule: IrRule; message: string; late: string }[] {
  const late = lateRelations(a);
  const redirected = new Set(a.redirects);
  const out: { rule: IrRule; message: string; late: string }[] = [];
  for (const r of [...a.moved, ...a.helpers]) {
    const msg = atoms(r).find((x) => !x.negated && redirected.has(x.relation));
    const lateAtom = atoms(r).find((x) => late.has(x.relation));
    if (msg && lateAtom) out.push({ rule: r, message: msg.relation, late: lateAtom.relation });
  }
  return out;
}

/** The checks every decoupling needs, whatever its kind. */
export function commonChecks(a: DecoupleAnalysis): Check[] {
  const moved = a.moved.map((r) => `\`${r.text}\``);
  return [
    {
      id: idOf(a, 'no-feedback'),
      sentence: `No rule left in \`${a.component}\` reads a relation the rules moved to \`${a.into}\` derive.`,
      holds: a.feedback.length === 0,
      reasons: a.feedback.length ? a.feedback.map((x) => `\`${x}\` is derived by the moved rules and read by rules left in ${a.component} (the moved part feeds back: an ordinary decoupling does not apply; see decouple-asymmetric)`) : [`moved: ${moved.join(', ')}`],
    },
    {
      id: idOf(a, 'split'),
      sentence: `Every relation derived on both sides is a sink that no rule of \`${a.component}\` reads.`,
      holds: a.badSplits.length === 0,
      reasons: a.badSplits.map((x) => `\`${x}\` is derived on both sides and read in ${a.component}`),
    },
    {
      id: idOf(a, 'forwardable'),
      sentence: `What \`${a.component}\` must forward to \`${a.into}\` is a stream of new facts.`,
      holds: a.unforwardable.length === 0,
      reasons: a.unforwardable.length ? a.unforwardable : a.feeds.map((f) => `\`${f.relation}\` (${f.how}): ${f.why}`),
    },
  ];
}

export function kindCheck(state: ProgramState, a: DecoupleAnalysis, kind: DecoupleKind): Check {
  const program = state.program;
  const scope = { component: a.component, rules: [...a.moved, ...a.helpers] };
  if (kind === 'independent') {
    const f = fed(a);
    return {
      id: idOf(a, 'independent'),
      sentence: `The rules moved to \`${a.into}\` and the rules left in \`${a.component}\` read nothing the other derives and share no input.`,
      holds: f.length === 0 && a.feedback.length === 0,
      reasons: f.length ? f.map((x) => `\`${x.relation}\`: ${x.why}`) : a.feedback.length ? [`the moved part feeds back (${a.feedback.join(', ')})`] : ['mutually independent'],
    };
  }
  const p = kind === 'functional' ? functional(program, scope) : monotonic(program, scope);
  // Monotonic: the fed relations are persisted on arrival at the new component.
  const persistedAtArrival: string[] = [];
  if (kind === 'monotonic') {
    // A rule that sends from a fed relation would send again every tick.
    const fedNow = new Set(fed(a).filter((f) => !a.persistedFeeds.includes(f.relation)).map((f) => f.relation));
    for (const r of a.moved) {
      if (r.kind === 'async' && atoms(r).some((x) => !x.negated && fedNow.has(x.relation))) {
        persistedAtArrival.push(`rule \`${r.text}\` sends from a fed relation that would be persisted on arrival, so it would send again every tick (it is functional: functional decoupling needs no persistence)`);
      }
    }
    for (const x of racingJoins(a)) {
      persistedAtArrival.push(
        `rule \`${x.rule.text}\` joins \`${x.message}\`, a message sent straight to ${a.into} and read on arrival, with \`${x.late}\`, which reaches ${a.into} through ${a.component}: the message can arrive first and be lost, where the original read \`${x.late}\` locally`,
      );
    }
  }
  return {
    id: idOf(a, kind),
    sentence:
      kind === 'functional'
        ? `The rules moved to \`${a.into}\` are functional: no negation or aggregation over changing facts, at most one changing relation per body, so each fed fact is handled on its own.`
        : `The rules moved to \`${a.into}\` are monotonic (CALM): with their fed inputs persisted on arrival, the order those arrive in does not matter.`,
    holds: p.holds && persistedAtArrival.length === 0,
    reasons: [...p.reasons, ...persistedAtArrival],
  };
}

export function decouplePrecondition(state: ProgramState, site: DecoupleSite, kind: DecoupleKind): Precondition {
  const a = analyzeDecouple(state, site);
  const checks = [...commonChecks(a), kindCheck(state, a, kind)];
  return { holds: checks.every((c) => c.holds), checks };
}

// ---------------------------------------------------------------- names

/** Names used anywhere in the program (relations, functions, components, built-ins, reserved words). */
export function takenNames(program: CheckedProgram): Set<string> {
  return new Set([...program.relations.keys(), ...program.functions.keys(), ...program.components.keys(), ...RESERVED_WORDS]);
}

export function freshName(taken: Set<string>, base: string): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** `x__to_INTO`; a relation that is itself forwarded keeps its origin's name (`x__to_A` → `x__to_B`). */
export const forwardName = (relation: string, into: string): string => `${relation.replace(/__to_.*$/, '')}__to_${into}`;
export const pairingName = (into: string): string => `${into}_of`;

// ---------------------------------------------------------------- the transformation

/**
 * Moves the site's rules to `into`. Called with `kind` to decide what the
 * forwarded relations need (monotonic: persisted on arrival).
 */
export function applyDecouple(state: ProgramState, site: DecoupleSite, kind: DecoupleKind): Applied {
  const program = state.program;
  const a = analyzeDecouple(state, site);
  const C = site.component;
  const into = site.into;
  const n = a.instances;
  const taken = takenNames(program);
  taken.add(into);
  const notes: string[] = [];
  const s = sections(state.ast);
  const sec = s.components.find((c) => c.name === C);
  if (!sec) throw new Error(`bug: no section for component ${C}`);
  const irOf = new Map<Rule, IrRule>();
  for (const r of program.rules) if (r.source) irOf.set(r.source, r);

  let pairing: string | null = null;
  const pair = (): string => (pairing ??= freshName(taken, pairingName(into)));

  // Forwarded relations get new names.
  const fwd = new Map<string, string>();
  for (const f of a.feeds) fwd.set(f.relation, freshName(taken, forwardName(f.relation, into)));
  const newDecls: Item[] = [];
  for (const f of a.feeds) {
    const rel = program.relations.get(f.relation)!;
    const name = fwd.get(f.relation)!;
    newDecls.push(relationDecl('decl', name, rel.attrs));
    const persist = a.persistedFeeds.includes(f.relation) || (kind === 'monotonic' && f.how !== 'proxy');
    if (persist) newDecls.push(persistDecl(name));
    notes.push(`${C} forwards \`${f.relation}\` to ${into} as \`${name}\`${persist ? ' (persisted on arrival)' : ''}: ${f.why}`);
  }

  // `self(me)` in a moved rule: the identity of the C node it came from.
  const replaceSelf = (r: Rule): Rule => {
    if (!r.body.some((l) => l.kind === 'atom' && l.relation === 'self')) return r;
    const vars = ruleVars(r);
    const body: BodyLit[] = [];
    for (const l of r.body) {
      if (l.kind !== 'atom' || l.relation !== 'self') {
        body.push(l);
        continue;
      }
      if (l.negated) throw new Error(`bug: negated self in a moved rule (refused by the site check)`);
      if (n === 1) body.push({ ...l, relation: C });
      else {
        const s2 = freshVar(vars, 'node');
        body.push(atom('self', [v(s2)]), atom(pair(), [l.args[0]!, v(s2)]));
      }
    }
    return { ...r, body };
  };
  /** Body literals binding `d` to the C2 node paired with this C node. */
  const myC2 = (vars: Set<string>, d: string): BodyLit[] => {
    if (n === 1) return [atom(into, [v(d)])];
    const me = freshVar(vars, 'me');
    return [atom('self', [v(me)]), atom(pair(), [v(me), v(d)])];
  };

  const movedIds = new Set(a.moved.map((r) => r.id));
  const helperIds = new Set(a.helpers.map((r) => r.id));
  const keptHelperIds = new Set(a.keptHelpers.map((r) => r.id));
  const derivedBy = (rules: readonly IrRule[], x: string): boolean => rules.some((m) => m.kind !== 'async' && m.head.relation === x && !(m.source && isPersistence(m.source)));
  const c1: Rule[] = [];
  const c2: Rule[] = [];
  for (const r of sec.rules) {
    const ir = irOf.get(r);
    if (!ir) throw new Error('bug: a rule without its checked form');
    // Persistence of a sink derived on both sides is kept on both.
    const both = isPersistence(r) && derivedBy(a.moved, ir.head.relation) && derivedBy(a.kept, ir.head.relation);
    const toC2 = movedIds.has(ir.id) || helperIds.has(ir.id) || both;
    const toC1 = both || (movedIds.has(ir.id) ? false : helperIds.has(ir.id) ? keptHelperIds.has(ir.id) : true);
    if (toC2) c2.push(replaceSelf(renameBodyRelations(r, fwd)));
    if (toC1) c1.push(r);
  }
  // C1's forwarders.
  for (const f of a.feeds) {
    const name = fwd.get(f.relation)!;
    const rel = program.relations.get(f.relation)!;
    if (f.how === 'derived' && onlyDerivedInTick(program, C, a.kept, f.relation)) {
      // Every fact of x in a tick is one its deductive rules derived in that
      // tick, so forwarding x as it stands sends exactly what copies of those
      // rules would, without evaluating their bodies a second time.
      const vars = new Set<string>();
      const args = rel.attrs.map((at) => freshVar(vars, attrVar(at.name)));
      const d = freshVar(vars, 'dest');
      c1.push(rule(head(name, args.map(v), d), ':~', [atom(f.relation, args.map(v)), ...myC2(vars, d)]));
    } else if (f.how === 'derived') {
      // x also holds facts carried from earlier ticks (a `:+` rule or
      // persistence): forwarding x would resend them, so each deriving rule
      // is copied with the forwarding head and only new derivations are sent.
      for (const k of a.kept) {
        if (k.head.relation !== f.relation || !k.source || isPersistence(k.source)) continue;
        const vars = ruleVars(k.source);
        const d = freshVar(vars, 'dest');
        c1.push(rule(head(name, k.source.head.args, d), ':~', [...k.source.body, ...myC2(vars, d)]));
      }
    } else {
      const vars = new Set<string>();
      const args = rel.attrs.map((at) => freshVar(vars, attrVar(at.name)));
      const d = freshVar(vars, 'dest');
      c1.push(rule(head(name, args.map(v), d), ':~', [atom(f.relation, args.map(v)), ...myC2(vars, d)]));
    }
  }

  // Redirect senders of what only C2 reads now.
  const redirectSet = new Set(a.redirects);
  const redirect = (r: Rule): Rule => {
    if (r.op !== ':~' || !redirectSet.has(r.head.relation) || !r.head.dest) return r;
    const d = r.head.dest.name;
    const byComponent = componentDestAtom(r, C);
    if (byComponent && varOccurrences(r, d) === 2) {
      notes.push(`senders of \`${r.head.relation}\` to ${C} now send to ${into}`);
      return { ...r, body: r.body.map((l) => (l === byComponent ? { ...l, relation: into } : l)) };
    }
    const vars = ruleVars(r);
    const d2 = freshVar(vars, 'dest');
    const body: BodyLit[] = [...r.body];
    if (!byComponent) body.push(atom(C, [v(d)]));
    if (n === 1) body.push(atom(into, [v(d2)]));
    else body.push(atom(pair(), [v(d), v(d2)]));
    notes.push(`senders of \`${r.head.relation}\` to a ${C} node now send to its ${into} node`);
    return { ...r, head: { ...r.head, dest: v(d2) }, body };
  };
  const out = s.components.flatMap((c) => {
    if (c.name === C) {
      return [
        { name: C, rules: c1.map(redirect) },
        { name: into, rules: c2.map(redirect) },
      ];
    }
    return [{ name: c.name, rules: c.rules.map(redirect) }];
  });
  if (pairing !== null) {
    newDecls.push(relationDecl('edb', pairing, [{ name: attrVar(C), type: 'loc' }, { name: attrVar(into) === attrVar(C) ? `${attrVar(into)}2` : attrVar(into), type: 'loc' }]));
    notes.push(`\`${pairing}\` pairs each ${C} node with its ${into} node (deployment .edb)`);
  }
  notes.unshift(`moved to new component ${into} (${n} instance${n === 1 ? '' : 's'}): ${a.moved.map((r) => `\`${r.text}\``).join(', ')}${a.helpers.length ? `; copied: ${a.helpers.map((r) => `\`${r.text}\``).join(', ')}` : ''}`);
  const ast = assemble({ decls: [...s.decls, ...newDecls], components: out });

  const components = new Map<string, ComponentPlacement>();
  for (const c of out) components.set(c.name, state.deployment.components.get(c.name) ?? { instances: n, partitions: 1 });
  const edb = new Map(state.deployment.edb);
  if (pairing !== null) edb.set(pairing, Array.from({ length: n }, (_, i) => [logicalAddress(C, i), logicalAddress(into, i)]));
  const deployment: Deployment = { components, edb };
  return { ast, deployment, notes: dedupe(notes), forwarded: fwd };
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/** The site's own well-formedness problems (not soundness): bad input to a plan. */
export function decoupleSiteProblems(state: ProgramState, component: string, ruleIds: readonly number[], into: string): string[] {
  const program = state.program;
  const problems: string[] = [];
  const info = program.components.get(component);
  if (!info) return [`no component \`${component}\` (components: ${[...program.components.keys()].join(', ')})`];
  if (takenNames(program).has(into)) problems.push(`\`${into}\` is already a name in the program; choose another "into"`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(into)) problems.push(`\`${into}\` is not a valid component name`);
  const p = state.deployment.components.get(component);
  if (p && p.partitions > 1) problems.push(`\`${component}\` is partitioned already; decouple before partitioning`);
  const own = info.rules.map((id) => program.rules[id]!).filter((r) => !r.fromPersist);
  if (ruleIds.length === 0) problems.push('no rule to move');
  if (ruleIds.length > 0 && own.every((r) => ruleIds.includes(r.id)) && !own.some((r) => atoms(r).some((x) => program.relations.get(x.relation)?.kind === 'input'))) {
    // Moving everything off a component no client addresses only renames it.
    problems.push(`every rule of \`${component}\` would move and no client addresses it: that only renames the component`);
  }
  for (const id of ruleIds) {
    const r = program.rules[id];
    if (!r || r.component !== component) problems.push(`rule ${id} is not a rule of \`${component}\``);
    else if (atoms(r).some((x: IrAtom) => x.relation === 'self_partition')) problems.push(`rule \`${r.text}\` reads self_partition: it is written for partitions`);
    else if (atoms(r).some((x) => x.relation === 'self' && x.negated)) problems.push(`rule \`${r.text}\` negates self`);
  }
  return problems;
}

/** Helper for finders: every expression in a head is plain enough to copy. */
export function exprIsPlain(e: Expr): boolean {
  return e.kind !== 'aggregate';
}
