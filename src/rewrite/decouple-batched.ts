/**
 * Asymmetric decoupling by batches and acknowledgements: the moved rules
 * (C2) take all of their inputs directly, as for `decouple-asymmetric`, and
 * the rules left behind (C1) read something back, but here C1 may use what it
 * reads back in any way (join it with its state, negate it, aggregate it,
 * send from it). What comes back must then reach C1 as it did in the
 * original: all of one C2 tick at once, in C2's order, and before anything
 * else C2 did in that tick can be seen.
 *
 * Conditions (decided on the dependency graph):
 *
 * * C2 is a *state machine* (src/analysis/state-machine.ts): its state
 *   changes, and it sends and outputs, only in ticks where one of its inputs
 *   arrives; so its behaviour is a function of the sequence of input groups
 *   it receives, not of the ticks in between;
 * * what comes back exists only in those ticks (an existence dependency on
 *   the inputs): a message both parts read, or a relation C2 derives from
 *   its inputs in the tick they arrive;
 * * C2 derives no `.output` where it runs (only sends): an output observed at
 *   the node in τ_k (below) precedes everything C1's sends in τ_k cause,
 *   which a held-back output would not.
 *
 * Mechanism. Each C2 tick in which an input arrives is batch k (1, 2, ...).
 * C2 sends C1 the batch's feedback facts tagged with k; C1 acknowledges each
 * fact; once all are acknowledged C2 seals batch k; C1 takes sealed batches
 * in order, one per tick, and its rules read the facts of the batch taken in
 * that tick; C1 then tells C2 it has taken batch k. Everything C2 sends in
 * batch k is held until then.
 *
 * Why it is sound: let τ_k be C1's tick taking batch k. The rewritten run is
 * one the original can show where C2's inputs of batch k are delivered at
 * τ_k: C2 sees the same groups of inputs in the same order (it reads nothing
 * of C1, and as a state machine the ticks between groups change nothing), so
 * it derives the same facts; C1 sees in τ_k exactly batch k's feedback, and
 * no feedback in its other ticks, as in the original where none of C2's
 * inputs arrive then. C2's messages and outputs of batch k leave only after
 * τ_k, as the original's would (sent in τ_k, they arrive later), so nothing
 * caused by them can reach C1 before τ_k. A lost message stalls the batches
 * behind it: C2's later outputs are then never released, an omission, which
 * the failure model allows of the node C2 and C1 replace.
 *
 * The transformation is two steps, like decouple-asymmetric's: the
 * bookkeeping rules are written into C (`self(d)` where one part addresses
 * the other), then the moved rules and C2's bookkeeping move by the ordinary
 * mechanism (src/rewrite/decouple.ts), which turns `self(d)` in a moved rule
 * into the paired C node and redirects C1's messages for C2.
 */
import type { Expr, Item, Rule } from '../syntax/ast.js';
import type { IrRule } from '../ir/types.js';
import { printRule } from '../syntax/printer.js';
import { stateMachineAnalysis } from '../analysis/state-machine.js';
import { atoms, componentScope, scopeInputs } from '../analysis/scope.js';
import { assemble, atom, attrVar, binary, distinctAttrs, freshVar, head, int, isPersistence, relationDecl, rule, ruleVars, sections, v, wildcard } from './ast.js';
import { applyDecouple, freshName, takenNames, unconditionallyPersisted } from './decouple.js';
import { analyzeAsymmetric, asymmetricChecks, echoName, readFeedbackAs, type AsymmetricAnalysis } from './decouple-asymmetric.js';
import { finish } from './engine.js';
import { findDecouplingsBy } from './find-decouplings.js';
import type { Applied, Check, DecoupleSite, Precondition, ProgramState, Rewrite } from './types.js';

export interface BatchedAnalysis {
  readonly asymmetric: AsymmetricAnalysis;
  /** Why the moved rules are not a state machine (empty when they are). */
  readonly machine: readonly string[];
  /** Why a relation read back can hold in a tick with no input of the moved rules. */
  readonly lasting: readonly string[];
  /** Outputs the moved rules derive where they run (observed at once: they cannot be held back). */
  readonly unholdable: readonly string[];
  /** Inputs of the moved rules: their arrival makes a batch. */
  readonly inputs: readonly string[];
}

export function analyzeBatched(state: ProgramState, site: DecoupleSite): BatchedAnalysis {
  const program = state.program;
  const s = analyzeAsymmetric(state, site);
  const a = s.base;
  const C = site.component;
  // With the persistence of what the moved rules derive (`.persist` and `x :+ x` rules are not in the site).
  const heads = new Set(a.moved.filter((r) => r.kind !== 'async').map((r) => r.head.relation));
  const kept = componentScope(program, C).rules.filter((r) => (r.fromPersist || (r.source !== undefined && isPersistence(r.source))) && heads.has(r.head.relation));
  const scope = { component: C, rules: [...a.moved, ...a.helpers, ...kept] };
  const machine = stateMachineAnalysis(program, scope);
  const existence = new Set(machine.existence);
  const lasting: string[] = [];
  for (const f of s.feedback) {
    if (!existence.has(f.relation)) lasting.push(`\`${f.relation}\` can hold in a tick where no input of the moved rules arrives (it is kept, or derived from kept state)`);
    if (unconditionallyPersisted(program, C, f.relation)) lasting.push(`\`${f.relation}\` is persisted in ${C}`);
    for (const r of a.kept) if (r.kind !== 'async' && r.head.relation === f.relation) lasting.push(`\`${f.relation}\` is derived by the rules left in ${C} too (\`${r.text}\`)`);
  }
  // An output derived with `:-`/`:+` is observed at the node in the tick it is derived, before anything C1 sends in
  // that tick has consequences: held back, C1's messages could overtake it; it cannot be held like a message.
  const unholdable = a.moved
    .filter((r) => r.kind !== 'async' && program.relations.get(r.head.relation)?.kind === 'output')
    .map((r) => `rule \`${r.text}\` outputs \`${r.head.relation}\` where it is derived: in the original it is observed before anything ${C} sends in the same tick takes effect; held back until the batch is taken, ${C}'s messages could overtake it`);
  return { asymmetric: s, machine: machine.holds ? [] : machine.reasons, lasting: [...new Set(lasting)], unholdable: [...new Set(unholdable)], inputs: scopeInputs(program, scope) };
}

const idOf = (site: DecoupleSite, what: string): string => `decouple.${site.component}.${site.into}.${what}`;

export function batchedChecks(state: ProgramState, site: DecoupleSite): Check[] {
  const b = analyzeBatched(state, site);
  // The asymmetric checks that do not depend on how C1 reads the feedback.
  const shared = asymmetricChecks(state, site, b.asymmetric).filter((c) => !c.id.endsWith('.absorbed') && !c.id.endsWith('.order-insensitive'));
  const feedback = b.asymmetric.feedback.map((f) => `\`${f.relation}\``).join(', ');
  return [
    ...shared.filter((c) => c.id.endsWith('.feeds-back') || c.id.endsWith('.fed-directly')),
    {
      id: idOf(site, 'state-machine'),
      sentence: `The moved rules change state, send and output only in ticks where one of their inputs arrives, so what they do depends on the groups of inputs they receive and their order, not on the ticks in between.`,
      holds: b.machine.length === 0,
      reasons: b.machine.length ? [...b.machine] : [`a state machine over its inputs ${b.inputs.map((x) => `\`${x}\``).join(', ') || '(none)'}`],
    },
    {
      id: idOf(site, 'transient-feedback'),
      sentence: `What \`${site.component}\` reads back exists only in the ticks where an input of the moved rules arrives, so each batch carries all of it.`,
      holds: b.lasting.length === 0,
      reasons: b.lasting.length ? [...b.lasting] : [`read back: ${feedback || '(nothing)'}`],
    },
    {
      id: idOf(site, 'holdable'),
      sentence: `The moved rules only send (their messages and client outputs can be held until \`${site.component}\` has taken the batch); they derive no \`.output\` where they run.`,
      holds: b.unholdable.length === 0,
      reasons: b.unholdable.length ? [...b.unholdable] : ['messages and outputs of a batch are released when the batch is taken'],
    },
    ...shared.filter((c) => !c.id.endsWith('.feeds-back') && !c.id.endsWith('.fed-directly')),
  ];
}

export function batchedPrecondition(state: ProgramState, site: DecoupleSite): Precondition {
  const checks = batchedChecks(state, site);
  return { holds: checks.every((c) => c.holds), checks };
}

/** Fresh variables for the attributes at `positions` of `relation`, and the atom reading it with the rest wildcards. */
function projection(attrs: readonly { name: string }[], positions: readonly number[], vars: Set<string>): { vars: string[]; args: Expr[] } {
  const names: string[] = [];
  const args = attrs.map((at, i) => {
    if (!positions.includes(i)) return wildcard();
    const n = freshVar(vars, attrVar(at.name));
    names.push(n);
    return v(n);
  });
  return { vars: names, args };
}

export function applyBatched(state: ProgramState, site: DecoupleSite): Applied {
  const program = state.program;
  const b = analyzeBatched(state, site);
  const s = b.asymmetric;
  const C = site.component;
  const I = site.into;
  const taken = takenNames(program);
  taken.add(I);
  const fresh = (base: string): string => freshName(taken, base);
  const N = {
    arrival: fresh(`${I}__arrival`),
    batch: fresh(`${I}__batch`),
    last: fresh(`${I}__last`),
    missing: fresh(`${I}__missing`),
    open: fresh(`${I}__open`),
    seal: fresh(`${I}__sealed`),
    stale: fresh(`${I}__stale`),
    ready: fresh(`${I}__ready`),
    upto: fresh(`${I}__taken_upto`),
    took: fresh(`${I}__taken`),
    done: fresh(`${I}__taken_by_${C}`),
  };
  const batchAttr = { name: 'batch', type: 'int' as const };
  const decls: Item[] = [
    relationDecl('decl', N.arrival, [{ name: 'zero', type: 'int' }]),
    ...[N.batch, N.last, N.missing, N.open, N.seal, N.stale, N.ready, N.upto, N.took, N.done].map((n) => relationDecl('decl', n, [batchAttr])),
  ];
  const c2: Rule[] = [];
  const c1: Rule[] = [];
  const notes: string[] = [];
  const k = v('k');
  const n = v('n');
  const nPlus1 = binary('+', n, int(1));

  // C2: a batch in every tick where an input of the moved rules arrives, numbered from 1.
  for (const x of b.inputs) {
    const arity = program.relations.get(x)!.attrs.length;
    c2.push(rule(head(N.arrival, [int(0)]), ':-', [atom(x, Array.from({ length: arity }, () => wildcard()))]));
  }
  c2.push(
    rule(head(N.batch, [k]), ':-', [atom(N.arrival, [wildcard()]), atom(N.last, [n]), { kind: 'assign', target: k, value: nPlus1, span: k.span }]),
    rule(head(N.batch, [int(1)]), ':-', [atom(N.arrival, [wildcard()]), atom(N.last, [wildcard()], true)]),
    rule(head(N.last, [k]), ':+', [atom(N.batch, [k])]),
    rule(head(N.last, [n]), ':+', [atom(N.last, [n]), atom(N.arrival, [wildcard()], true)]),
    rule(head(N.open, [k]), ':-', [atom(N.batch, [k])]),
    rule(head(N.open, [k]), ':+', [atom(N.open, [k]), atom(N.missing, [k])]),
    rule(head(N.seal, [k], 'd'), ':~', [atom(N.open, [k]), atom(N.missing, [k], true), atom('self', [v('d')])]),
  );
  // C1: take sealed batches in order, one per tick, and say so.
  c1.push(
    rule(head(N.stale, [k]), ':-', [atom(N.seal, [k]), atom(N.upto, [n]), { kind: 'compare', op: '<=', left: k, right: n, span: k.span }]),
    rule(head(N.ready, [k]), ':-', [atom(N.seal, [k]), atom(N.stale, [k], true)]),
    rule(head(N.ready, [k]), ':+', [atom(N.ready, [k]), atom(N.took, [k], true)]),
    rule(head(N.took, [k]), ':-', [atom(N.ready, [k]), atom(N.upto, [n]), { kind: 'assign', target: k, value: nPlus1, span: k.span }]),
    rule(head(N.took, [int(1)]), ':-', [atom(N.ready, [int(1)]), atom(N.upto, [wildcard()], true)]),
    rule(head(N.upto, [k]), ':+', [atom(N.took, [k])]),
    rule(head(N.upto, [n]), ':+', [atom(N.upto, [n]), atom(N.took, [wildcard()], true)]),
    rule(head(N.done, [k], 'd'), ':~', [atom(N.took, [k]), atom('self', [v('d')])]),
  );

  // Each relation read back: sent tagged with its batch, acknowledged, kept by C1 until taken.
  const views = new Map<string, { name: string; positions: readonly number[] }>();
  for (const f of s.feedback) {
    const attrs = program.relations.get(f.relation)!.attrs;
    const projected = f.positions.map((i) => attrs[i]!);
    const tagged = distinctAttrs([batchAttr, ...projected]);
    const msg = fresh(echoName(f.relation, I));
    const ack = fresh(`${f.relation}__acked_by_${C}`);
    const unacked = fresh(`${f.relation}__unacked_${I}`);
    const kept = fresh(`${f.relation}__kept_from_${I}`);
    const view = fresh(`${f.relation}__taken_from_${I}`);
    views.set(f.relation, { name: view, positions: f.positions });
    decls.push(...[msg, ack, unacked, kept].map((x) => relationDecl('decl', x, tagged)), relationDecl('decl', view, projected));
    const vars = new Set(['k', 'n', 'd']);
    const p = projection(attrs, f.positions, vars);
    const ys = p.vars.map(v);
    const src = atom(f.relation, p.args);
    c2.push(
      rule(head(msg, [k, ...ys], 'd'), ':~', [src, atom(N.batch, [k]), atom('self', [v('d')])]),
      rule(head(unacked, [k, ...ys]), ':-', [src, atom(N.batch, [k])]),
      rule(head(unacked, [k, ...ys]), ':+', [atom(unacked, [k, ...ys]), atom(ack, [k, ...ys], true)]),
      rule(head(N.missing, [k]), ':-', [atom(unacked, [k, ...ys]), atom(ack, [k, ...ys], true)]),
    );
    c1.push(
      rule(head(ack, [k, ...ys], 'd'), ':~', [atom(msg, [k, ...ys]), atom('self', [v('d')])]),
      rule(head(N.stale, [k]), ':-', [atom(msg, [k, ...ys.map(() => wildcard())]), atom(N.upto, [n]), { kind: 'compare', op: '<=', left: k, right: n, span: k.span }]),
      rule(head(kept, [k, ...ys]), ':-', [atom(msg, [k, ...ys]), atom(N.stale, [k], true)]),
      rule(head(kept, [k, ...ys]), ':+', [atom(kept, [k, ...ys]), atom(N.took, [k], true)]),
      rule(head(view, ys), ':-', [atom(kept, [k, ...ys]), atom(N.took, [k])]),
    );
    notes.push(`${I} sends ${C} \`${f.relation}\` (${projected.map((x) => x.name).join(', ') || 'no attribute'}) as \`${msg}\`, tagged with its batch; ${C} acknowledges each fact (\`${ack}\`) and its rules read the batch it takes as \`${view}\``);
  }
  notes.push(`${I} numbers its ticks with an input as batches (\`${N.batch}\`) and seals one (\`${N.seal}\`) once ${C} has acknowledged all of it; ${C} takes sealed batches in order, one per tick, and tells ${I} (\`${N.done}\`)`);

  const sec = sections(state.ast);
  const mine = sec.components.find((c) => c.name === C)!;
  const irOf = new Map<Rule, IrRule>();
  for (const r of program.rules) if (r.source) irOf.set(r.source, r);
  const movedIds = new Set(s.base.moved.map((r) => r.id));
  const readerSources = new Set(s.feedback.flatMap((f) => f.readers.map((r) => r.source)));

  // What the moved rules send in a batch is held until the batch is taken.
  const held = new Map<string, string>();
  const heldName = (relation: string): string => {
    let name = held.get(relation);
    if (name === undefined) {
      name = fresh(`${relation}__held_${I}`);
      held.set(relation, name);
      const attrs = program.relations.get(relation)!.attrs;
      decls.push(relationDecl('decl', name, distinctAttrs([batchAttr, { name: 'dest', type: 'loc' }, ...attrs])));
      const vars = new Set(['k', 'd']);
      const xs = attrs.map((at) => v(freshVar(vars, attrVar(at.name))));
      const key = [k, v('d'), ...xs];
      c2.push(rule(head(name, key), ':+', [atom(name, key), atom(N.done, [k], true)]));
      c2.push(rule(head(relation, xs, 'd'), ':~', [atom(name, key), atom(N.done, [k])]));
      notes.push(`${I} holds \`${relation}\` in \`${name}\` until ${C} has taken its batch`);
    }
    return name;
  };
  const rules1: Rule[] = [];
  const rules2: Rule[] = [];
  for (const r of mine.rules) {
    const ir = irOf.get(r);
    if (!ir || !movedIds.has(ir.id)) {
      rules1.push(readerSources.has(r) ? readFeedbackAs(r, views) : r);
      continue;
    }
    const dest = r.head.dest;
    if (ir.kind === 'async' && dest) {
      const vars = ruleVars(r);
      const kb = freshVar(vars, 'batch');
      rules2.push(rule(head(heldName(r.head.relation), [v(kb), dest, ...r.head.args]), ':-', [...r.body, atom(N.batch, [v(kb)])]));
    } else rules2.push(r);
  }
  const c2Rules = [...rules2, ...c2];
  const c2Texts = new Set(c2Rules.map(printRule));
  const components = sec.components.map((c) => (c.name === C ? { name: C, rules: [...rules1, ...c1, ...c2Rules] } : c));
  const next = finish({ ast: assemble({ decls: [...sec.decls, ...decls], components }), deployment: state.deployment, notes: [] }, '(batches)');
  const ids = componentScope(next.program, C)
    .rules.filter((r) => !r.fromPersist && r.source && c2Texts.has(printRule(r.source)) && !isPersistence(r.source))
    .map((r) => r.id);
  const applied = applyDecouple(next, { kind: 'decouple', component: C, rules: ids, into: I }, 'independent');
  return { ...applied, notes: [...applied.notes, ...notes] };
}

export const decoupleBatched: Rewrite<DecoupleSite> = {
  name: 'decouple-batched',
  summary: 'asymmetric decoupling by batches and acknowledgements: the moved state machine sends back what the rest reads batch by batch, and holds its own messages until the rest has taken the batch',
  find: (state) => findDecouplingsBy(state, (site) => batchedPrecondition(state, site).holds, { upstream: true }),
  precondition: batchedPrecondition,
  obligations: async (state, site) => ({ checks: batchedChecks(state, site), obligations: [], decided: new Map(), facts: [] }),
  apply: applyBatched,
};
