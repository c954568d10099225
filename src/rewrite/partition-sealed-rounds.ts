/**
 * Sealing in rounds (partition-sealed.ts, when the aggregated relation is
 * forgotten group by group by a guard the combiner derives, such as voting's
 * `votes :+ votes, !done(c, i)`). The original forgets a group's facts the
 * tick after the guard holds; facts of the group arriving later start a new
 * round. The rewrite reproduces that exactly:
 *
 * * each partition numbers the values of each group as they first appear
 *   (`s__ctr`: a counter that only grows, across rounds) and tags every fact
 *   with the counter at its arrival (`s__tag`); it reports its partial with
 *   its round and counter (`A__report(partition, G, round, counter, value)`);
 * * the combiner accepts reports of the group's current round only, merges
 *   the latest of each partition, and when the guard holds for a group it
 *   *seals* the round: it sends every partition the counter of its latest
 *   report it merged (0 if none), and starts the next round;
 * * a partition, taking the seals of a group in round order, forgets the
 *   facts tagged up to that counter (exactly the facts whose values the
 *   combiner merged, and later copies of those values, which changed
 *   nothing) and starts the next round; the facts it keeps arrived after
 *   the merge the guard was decided on, which is an order the original can
 *   see them in (after its guard tick), so they form the next round there
 *   too, and are reported again with the next round's number.
 *
 * Memory: per group, each partition keeps its counter and round, and the
 * combiner its round, for good (three small facts); the facts themselves are
 * forgotten with each seal.
 */
import type { BodyLit, Expr, Item, Rule, TypeName } from '../syntax/ast.js';
import type { CheckedProgram, IrRule } from '../ir/types.js';
import { componentScope, atoms } from '../analysis/scope.js';
import { assign, atom, binary, freshVar, head, int, relationDecl, rule, sections, v, wildcard, distinctAttrs } from './ast.js';
import { freshName, takenNames } from './decouple.js';
import type { ProgramState } from './types.js';
import type { SealedAnalysis } from './partition-sealed.js';
import { sumOverPartitions, withCombiner } from './sealed-combiner.js';

const agg = (fn: 'count' | 'sum' | 'max' | 'min', arg: string): Expr => ({ kind: 'aggregate', fn, arg: v(arg), span: v(arg).span });

/** Where the group attributes and the aggregated value sit in the state relation (the aggregation reads it alone). */
export interface StatePositions {
  /** For each group attribute (in the aggregate's head order): its index in the state relation. */
  readonly group: readonly number[];
  readonly value: number;
}

/** The aggregation must read its relation alone, with variables: then a state fact's group and value are attributes of it. */
export function statePositions(a: SealedAnalysis): StatePositions | string {
  const A = a.aggregate!;
  const src = A.source!;
  if (src.body.length !== 1 || src.body[0]!.kind !== 'atom' || src.body[0]!.negated) return `\`${A.text}\` must read \`${a.state}\` alone (no other literal) when its groups are sealed by a guard`;
  const s = src.body[0]!;
  const names = s.args.map((x) => (x.kind === 'var' ? x.name : null));
  if (names.some((n, i) => n !== null && names.indexOf(n) !== i)) return `\`${A.text}\` repeats a variable in \`${a.state}\``;
  if (s.args.some((x) => x.kind !== 'var' && x.kind !== 'wildcard')) return `\`${A.text}\` reads \`${a.state}\` with a constant`;
  const group = a.groupPositions.map((i) => {
    const h = src.head.args[i];
    return h?.kind === 'var' ? names.indexOf(h.name) : -1;
  });
  const aggArg = src.head.args[a.aggregateIndex];
  const value = aggArg?.kind === 'aggregate' ? names.indexOf(aggArg.arg.name) : -1;
  if (group.some((x) => x < 0) || value < 0) return `\`${A.text}\`: a group or aggregated variable is not an attribute of \`${a.state}\``;
  return { group, value };
}

export function introduceCombinerRounds(state: ProgramState, a: SealedAnalysis, pos: StatePositions): { state: ProgramState; notes: string[]; seals: string[] } {
  const program: CheckedProgram = state.program;
  const C = a.component;
  const K = a.combiner;
  const A = a.aggregate!;
  const fn = a.fn!;
  const S = a.state!;
  const taken = takenNames(program);
  taken.add(K);
  const n = (base: string): string => freshName(taken, base);
  const Ahead = A.head.relation;
  const N = {
    pair: n(`${K}_of`),
    partial: n(`${Ahead}__partial`),
    report: n(`${Ahead}__report`),
    sent: n(`${Ahead}__sent`),
    vals: n(`${S}__vals`),
    fresh: n(`${S}__new`),
    nnew: n(`${S}__nnew`),
    ctr: n(`${S}__ctr`),
    ctr0: n(`${S}__ctr0`),
    hasctr: n(`${S}__hasctr`),
    anynew: n(`${S}__anynew`),
    old: n(`${S}__old`),
    tag: n(`${S}__tag`),
    round: n(`${S}__round`),
    rnd: n(`${S}__rnd`),
    hasround: n(`${S}__hasround`),
    known: n(`${S}__known`),
    seal: n(`${S}__seal`),
    pend: n(`${S}__pending`),
    sealnow: n(`${S}__sealnow`),
    drop: n(`${S}__drop`),
    reports: n(`${Ahead}__reports`),
    cround: n(`${Ahead}__round`),
    crnd: n(`${Ahead}__rnd`),
    hascround: n(`${Ahead}__hasround`),
    gk: n(`${Ahead}__known`),
    sealing: n(`${Ahead}__sealing`),
    latest: n(`${Ahead}__latest`),
    latestValue: n(`${Ahead}__latest_value`),
    sealc: n(`${Ahead}__seal_at`),
    reported: n(`${Ahead}__reported`),
    some: n(`${Ahead}__some`),
    at: n(`${Ahead}__at`),
    upto: n(`${Ahead}__upto`),
  };
  const rel = program.relations.get(Ahead)!;
  const sAttrs = program.relations.get(S)!.attrs;
  const groupAttrs = a.groupPositions.map((i) => rel.attrs[i]!);
  const valueAttr = rel.attrs[a.aggregateIndex]!;
  const summed = fn === 'count' || fn === 'sum';
  const G = (vars: Set<string>): string[] => groupAttrs.map((at) => freshVar(vars, at.name));
  const withValue = (g: readonly string[], value: Expr): Expr[] => {
    const out: Expr[] = g.map(v);
    out.splice(a.aggregateIndex, 0, value);
    return out;
  };
  /** A state fact's variables, with its group and value variables. */
  const fact = (vars: Set<string>): { xs: string[]; g: string[]; x: string } => {
    const xs = sAttrs.map((at) => freshVar(vars, at.name));
    return { xs, g: pos.group.map((i) => xs[i]!), x: xs[pos.value]! };
  };
  const gAttrs = groupAttrs.length ? groupAttrs : [];
  const int_ = (name: string): { name: string; type: TypeName } => ({ name, type: 'int' });
  const decls: Item[] = [
    relationDecl('edb', N.pair, [{ name: C === 'combiner' ? 'component' : C, type: 'loc' }, { name: K === C ? `${K}2` : K, type: 'loc' }]),
    relationDecl('decl', N.partial, rel.attrs),
    relationDecl('decl', N.report, distinctAttrs([int_('partition'), ...gAttrs, int_('round'), int_('counter'), { name: valueAttr.name, type: valueAttr.type }])),
    relationDecl('decl', N.sent, distinctAttrs([...gAttrs, int_('round'), int_('counter')])),
    relationDecl('decl', N.vals, distinctAttrs([...gAttrs, { name: sAttrs[pos.value]!.name, type: sAttrs[pos.value]!.type }])),
    relationDecl('decl', N.fresh, distinctAttrs([...gAttrs, { name: sAttrs[pos.value]!.name, type: sAttrs[pos.value]!.type }])),
    relationDecl('decl', N.nnew, distinctAttrs([...gAttrs, int_('n')])),
    relationDecl('decl', N.ctr, distinctAttrs([...gAttrs, int_('counter')])),
    relationDecl('decl', N.ctr0, distinctAttrs([...gAttrs, int_('counter')])),
    relationDecl('decl', N.hasctr, gAttrs.length ? gAttrs : [{ name: 'any', type: 'bool' }]),
    relationDecl('decl', N.anynew, gAttrs.length ? gAttrs : [{ name: 'any', type: 'bool' }]),
    relationDecl('decl', N.old, sAttrs),
    relationDecl('decl', N.tag, distinctAttrs([...sAttrs, int_('counter')])),
    relationDecl('decl', N.round, distinctAttrs([...gAttrs, int_('round')])),
    relationDecl('decl', N.rnd, distinctAttrs([...gAttrs, int_('round')])),
    relationDecl('decl', N.hasround, gAttrs.length ? gAttrs : [{ name: 'any', type: 'bool' }]),
    relationDecl('decl', N.known, gAttrs.length ? gAttrs : [{ name: 'any', type: 'bool' }]),
    relationDecl('decl', N.seal, distinctAttrs([int_('partition'), ...gAttrs, int_('counter'), int_('round')])),
    relationDecl('decl', N.pend, distinctAttrs([int_('partition'), ...gAttrs, int_('counter'), int_('round')])),
    relationDecl('decl', N.sealnow, distinctAttrs([...gAttrs, int_('counter'), int_('round')])),
    relationDecl('decl', N.drop, sAttrs),
    relationDecl('decl', N.reports, distinctAttrs([int_('partition'), ...gAttrs, int_('counter'), { name: valueAttr.name, type: valueAttr.type }])),
    relationDecl('decl', N.cround, distinctAttrs([...gAttrs, int_('round')])),
    relationDecl('decl', N.crnd, distinctAttrs([...gAttrs, int_('round')])),
    relationDecl('decl', N.hascround, gAttrs.length ? gAttrs : [{ name: 'any', type: 'bool' }]),
    relationDecl('decl', N.gk, gAttrs.length ? gAttrs : [{ name: 'any', type: 'bool' }]),
    relationDecl('decl', N.sealing, gAttrs.length ? gAttrs : [{ name: 'any', type: 'bool' }]),
    relationDecl('decl', N.latest, distinctAttrs([int_('partition'), ...gAttrs, int_('counter')])),
    relationDecl('decl', N.latestValue, distinctAttrs([int_('partition'), ...gAttrs, { name: valueAttr.name, type: valueAttr.type }])),
    relationDecl('decl', N.sealc, distinctAttrs([...gAttrs, int_('partition'), int_('counter')])),
  ];
  if (summed) {
    decls.push(
      relationDecl('decl', N.reported, distinctAttrs([int_('partition'), ...gAttrs])),
      relationDecl('decl', N.some, gAttrs.length ? gAttrs : [{ name: 'any', type: 'bool' }]),
      relationDecl('decl', N.at, distinctAttrs([...gAttrs, int_('partition'), { name: valueAttr.name, type: 'int' }])),
      relationDecl('decl', N.upto, distinctAttrs([...gAttrs, int_('partition'), { name: valueAttr.name, type: 'int' }])),
    );
  }
  const gargs = (g: readonly string[]): Expr[] => (g.length ? g.map(v) : [{ kind: 'bool', value: true, span: v('x').span } as Expr]);

  // The partitions.
  const sec = sections(state.ast);
  const moved = new Set(a.combinerRules.map((r) => r.id));
  const copiedIds = new Set(a.copied.map((r) => r.id));
  const irOf = new Map<Rule, IrRule>();
  for (const r of program.rules) if (r.source) irOf.set(r.source, r);
  const readHere = new Set(componentScope(program, C).rules.filter((r) => !moved.has(r.id) && !copiedIds.has(r.id)).flatMap((r) => atoms(r).map((x) => x.relation)));
  const P: Rule[] = [];
  for (const r of sec.components.find((c) => c.name === C)!.rules) {
    const ir = irOf.get(r);
    if (ir && moved.has(ir.id)) continue;
    if (ir && copiedIds.has(ir.id) && !readHere.has(ir.head.relation)) continue;
    if (ir && ir.id === A.id) {
      P.push({ ...r, head: { ...r.head, relation: N.partial } });
      continue;
    }
    if (ir && ir.kind === 'next' && ir.head.relation === S && atoms(ir).some((x) => x.negated)) {
      // The guarded persistence: facts are forgotten when a seal covers them.
      const vars = new Set<string>();
      const f = fact(vars);
      P.push(rule(head(S, f.xs.map(v)), ':+', [atom(S, f.xs.map(v)), atom(N.drop, f.xs.map(v), true)]));
      continue;
    }
    P.push(r);
  }
  {
    // Values held since the last tick, values new now, and the counter of values ever introduced.
    let vars = new Set<string>();
    let f = fact(vars);
    P.push(rule(head(N.vals, [...f.g.map(v), v(f.x)]), ':+', [atom(S, f.xs.map(v)), atom(N.drop, f.xs.map(v), true)]));
    P.push(rule(head(N.old, f.xs.map(v)), ':+', [atom(S, f.xs.map(v)), atom(N.drop, f.xs.map(v), true)]));
    vars = new Set<string>();
    f = fact(vars);
    P.push(rule(head(N.fresh, [...f.g.map(v), v(f.x)]), ':-', [atom(S, f.xs.map(v)), atom(N.vals, [...f.g.map(v), v(f.x)], true)]));
    vars = new Set<string>();
    let g = G(vars);
    let x = freshVar(vars, valueAttr.name);
    P.push(rule(head(N.nnew, [...g.map(v), agg('count', x)]), ':-', [atom(N.fresh, [...g.map(v), v(x)])]));
    P.push(rule(head(N.anynew, gargs(g)), ':-', [atom(N.fresh, [...g.map(v), wildcard()])]));
    vars = new Set<string>();
    g = G(vars);
    const n0 = freshVar(vars, 'n0');
    const k = freshVar(vars, 'k');
    const t = freshVar(vars, 't');
    P.push(
      rule(head(N.ctr, [...g.map(v), v(t)]), ':-', [atom(N.ctr0, [...g.map(v), v(n0)]), atom(N.nnew, [...g.map(v), v(k)]), assign(t, binary('+', v(n0), v(k)))]),
      rule(head(N.ctr, [...g.map(v), v(n0)]), ':-', [atom(N.ctr0, [...g.map(v), v(n0)]), atom(N.anynew, gargs(g), true)]),
      rule(head(N.ctr, [...g.map(v), v(k)]), ':-', [atom(N.nnew, [...g.map(v), v(k)]), atom(N.hasctr, gargs(g), true)]),
      rule(head(N.ctr0, [...g.map(v), v(t)]), ':+', [atom(N.ctr, [...g.map(v), v(t)])]),
      rule(head(N.hasctr, gargs(g)), ':-', [atom(N.ctr0, [...g.map(v), wildcard()])]),
    );
    // Each fact is tagged with the counter when it first arrives; the tag goes with the fact.
    vars = new Set<string>();
    f = fact(vars);
    const w = freshVar(vars, 'w');
    P.push(rule(head(N.tag, [...f.xs.map(v), v(w)]), ':-', [atom(S, f.xs.map(v)), atom(N.old, f.xs.map(v), true), atom(N.ctr, [...f.g.map(v), v(w)])]));
    P.push(rule(head(N.tag, [...f.xs.map(v), v(w)]), ':+', [atom(N.tag, [...f.xs.map(v), v(w)]), atom(N.drop, f.xs.map(v), true)]));
    // Rounds: 0 until the first seal; the seals of a group are taken in round order.
    vars = new Set<string>();
    g = G(vars);
    const r = freshVar(vars, 'r');
    const r2 = freshVar(vars, 'r2');
    const c = freshVar(vars, 'c');
    const j = freshVar(vars, 'j');
    P.push(
      rule(head(N.known, gargs(g)), ':-', [atom(N.ctr, [...g.map(v), wildcard()])]),
      rule(head(N.known, gargs(g)), ':-', [atom(N.pend, [wildcard(), ...g.map(v), wildcard(), wildcard()])]),
      rule(head(N.hasround, gargs(g)), ':-', [atom(N.round, [...g.map(v), wildcard()])]),
      rule(head(N.rnd, [...g.map(v), v(r)]), ':-', [atom(N.round, [...g.map(v), v(r)])]),
      rule(head(N.rnd, [...g.map(v), int(0)]), ':-', [atom(N.known, gargs(g)), atom(N.hasround, gargs(g), true)]),
      rule(head(N.pend, [v(j), ...g.map(v), v(c), v(r)]), ':-', [atom(N.seal, [v(j), ...g.map(v), v(c), v(r)]), atom('self_partition', [v(j)])]),
      rule(head(N.pend, [v(j), ...g.map(v), v(c), v(r)]), ':+', [atom(N.pend, [v(j), ...g.map(v), v(c), v(r)]), atom(N.sealnow, [...g.map(v), v(c), v(r)], true)]),
      rule(head(N.sealnow, [...g.map(v), v(c), v(r)]), ':-', [atom(N.pend, [wildcard(), ...g.map(v), v(c), v(r)]), atom(N.rnd, [...g.map(v), v(r)])]),
      rule(head(N.round, [...g.map(v), v(r2)]), ':+', [atom(N.sealnow, [...g.map(v), wildcard(), v(r)]), assign(r2, binary('+', v(r), int(1)))]),
      rule(head(N.round, [...g.map(v), v(r)]), ':+', [atom(N.round, [...g.map(v), v(r)]), atom(N.sealnow, [...g.map(v), wildcard(), v(r)], true)]),
    );
    // A seal forgets the facts tagged up to the counter the combiner merged.
    vars = new Set<string>();
    f = fact(vars);
    const c2 = freshVar(vars, 'c');
    const w2 = freshVar(vars, 'w');
    P.push(rule(head(N.drop, f.xs.map(v)), ':-', [atom(N.sealnow, [...f.g.map(v), v(c2), wildcard()]), atom(N.tag, [...f.xs.map(v), v(w2)]), { kind: 'compare', op: '<=', left: v(w2), right: v(c2), span: v(w2).span } as BodyLit]));
    // Reports: the partial with its round and counter, when either changes.
    vars = new Set<string>();
    g = G(vars);
    x = freshVar(vars, valueAttr.name);
    const rr = freshVar(vars, 'r');
    const cc = freshVar(vars, 'c');
    const me = freshVar(vars, 'me');
    const kk = freshVar(vars, 'k');
    const jj = freshVar(vars, 'j');
    const now = [atom(N.partial, withValue(g, v(x))), atom(N.ctr, [...g.map(v), v(cc)]), atom(N.rnd, [...g.map(v), v(rr)])];
    P.push(rule(head(N.report, [v(jj), ...g.map(v), v(rr), v(cc), v(x)], kk), ':~', [...now, atom(N.sent, [...g.map(v), v(rr), v(cc)], true), atom('self', [v(me)]), atom(N.pair, [v(me), v(kk)]), atom('self_partition', [v(jj)])]));
    P.push(rule(head(N.sent, [...g.map(v), v(rr), v(cc)]), ':+', now));
    P.push(rule(head(N.sent, [...g.map(v), v(rr), v(cc)]), ':+', [atom(N.sent, [...g.map(v), v(rr), v(cc)]), atom(N.sealnow, [...g.map(v), wildcard(), v(rr)], true)]));
  }

  // The combiner.
  const K_: Rule[] = [];
  {
    let vars = new Set<string>();
    let g = G(vars);
    const j = freshVar(vars, 'j');
    const r = freshVar(vars, 'r');
    const c = freshVar(vars, 'c');
    const x = freshVar(vars, valueAttr.name);
    const r2 = freshVar(vars, 'r2');
    K_.push(
      rule(head(N.gk, gargs(g)), ':-', [atom(N.report, [wildcard(), ...g.map(v), wildcard(), wildcard(), wildcard()])]),
      rule(head(N.gk, gargs(g)), ':-', [atom(N.reports, [wildcard(), ...g.map(v), wildcard(), wildcard()])]),
      rule(head(N.hascround, gargs(g)), ':-', [atom(N.cround, [...g.map(v), wildcard()])]),
      rule(head(N.crnd, [...g.map(v), v(r)]), ':-', [atom(N.cround, [...g.map(v), v(r)])]),
      rule(head(N.crnd, [...g.map(v), int(0)]), ':-', [atom(N.gk, gargs(g)), atom(N.hascround, gargs(g), true)]),
      rule(head(N.reports, [v(j), ...g.map(v), v(c), v(x)]), ':-', [atom(N.report, [v(j), ...g.map(v), v(r), v(c), v(x)]), atom(N.crnd, [...g.map(v), v(r)])]),
      rule(head(N.reports, [v(j), ...g.map(v), v(c), v(x)]), ':+', [atom(N.reports, [v(j), ...g.map(v), v(c), v(x)]), atom(N.sealing, gargs(g), true)]),
      rule(head(N.cround, [...g.map(v), v(r2)]), ':+', [atom(N.crnd, [...g.map(v), v(r)]), atom(N.sealing, gargs(g)), assign(r2, binary('+', v(r), int(1)))]),
      rule(head(N.cround, [...g.map(v), v(r)]), ':+', [atom(N.cround, [...g.map(v), v(r)]), atom(N.sealing, gargs(g), true)]),
      rule(head(N.latest, [v(j), ...g.map(v), agg('max', c)]), ':-', [atom(N.reports, [v(j), ...g.map(v), v(c), wildcard()])]),
      rule(head(N.latestValue, [v(j), ...g.map(v), v(x)]), ':-', [atom(N.latest, [v(j), ...g.map(v), v(c)]), atom(N.reports, [v(j), ...g.map(v), v(c), v(x)])]),
    );
    // Sealing: when a guard holds for a group with merged reports.
    for (const gd of a.guards) {
      vars = new Set<string>();
      g = G(vars);
      K_.push(rule(head(N.sealing, gargs(g)), ':-', [atom(gd.relation, gd.positions.map((p) => v(g[p]!))), atom(N.reports, [wildcard(), ...g.map(v), wildcard(), wildcard()])]));
    }
    vars = new Set<string>();
    g = G(vars);
    const j2 = freshVar(vars, 'j');
    const c2 = freshVar(vars, 'c');
    const r3 = freshVar(vars, 'r');
    const me = freshVar(vars, 'me');
    const o = freshVar(vars, 'o');
    K_.push(
      rule(head(N.sealc, [...g.map(v), v(j2), v(c2)]), ':-', [atom(N.sealing, gargs(g)), atom(N.latest, [v(j2), ...g.map(v), v(c2)])]),
      rule(head(N.sealc, [...g.map(v), v(j2), int(0)]), ':-', [atom(N.sealing, gargs(g)), atom('self', [v(me)]), atom(N.pair, [v(o), v(me)]), atom('partition_of', [v(o), v(j2), wildcard()]), atom(N.latest, [v(j2), ...g.map(v), wildcard()], true)]),
      // To C's node, routed to every partition (each takes its own).
      rule(head(N.seal, [v(j2), ...g.map(v), v(c2), v(r3)], o), ':~', [atom(N.sealc, [...g.map(v), v(j2), v(c2)]), atom(N.crnd, [...g.map(v), v(r3)]), atom('self', [v(me)]), atom(N.pair, [v(o), v(me)])]),
    );
  }
  if (!summed) {
    const vars = new Set<string>();
    const g = G(vars);
    const x = freshVar(vars, valueAttr.name);
    K_.push(rule(head(Ahead, withValue(g, agg(fn, x))), ':-', [atom(N.latestValue, [wildcard(), ...g.map(v), v(x)])]));
  } else {
    K_.push(...sumOverPartitions({ reported: N.reported, some: N.some, at: N.at, upto: N.upto, pair: N.pair }, N.latestValue, Ahead, valueAttr.name, G, withValue));
  }
  const merge = fn === 'count' ? "sums the partitions' counts" : fn === 'sum' ? "sums the partitions' sums" : `takes the ${fn} of the partitions' ${fn}s`;
  const notes = [
    `new component ${K} (${a.instances} instance${a.instances === 1 ? '' : 's'}, \`${N.pair}\` pairs each ${C} node with its ${K}): ${merge} of the group's current round as \`${Ahead}\`, a partition that reported nothing counting as none`,
    `each partition of ${C} tags each \`${S}\` fact with a counter of the group's values (\`${N.tag}\`) and reports \`${N.partial}\` with its round and counter when either changes (\`${N.report}\`)`,
    `moved to ${K}: ${a.combinerRules.map((r) => `\`${r.text}\``).join(', ')}${a.copied.length ? `; copied: ${a.copied.map((r) => `\`${r.text}\``).join(', ')}` : ''}`,
    `${K} seals a round when ${a.guards.map((g) => `\`${g.relation}\``).join(', ')} holds: it sends every partition the counter of its report it merged (\`${N.seal}\`); each forgets the facts tagged up to it and starts the next round, keeping the facts that arrived later`,
  ];
  const next = withCombiner(state, program, { component: C, combiner: K, instances: a.instances, pair: N.pair, moved: [...a.copied, ...a.combinerRules], decls, partitionRules: P, combinerRules: K_, tag: '(combiner, rounds)' });
  return { state: next, notes, seals: [N.seal] };
}
