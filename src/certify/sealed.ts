/**
 * Obligations of partitioning with sealing (src/rewrite/partition-sealed.ts),
 * as SMT-LIB scripts whose `unsat` proves each:
 *
 * * `sealed-route`: the key routes every fact of an arriving relation to
 *   exactly one partition: `hash(key) % k` (truncating remainder, `hash`
 *   non-negative, any k >= 1) is one index in 0..k-1.
 * * `sealed-disjoint` (count and sum, which count or add *distinct* values):
 *   two facts of one group with the same aggregated value land on one
 *   partition, so no value is counted or added on two partitions. Refuted,
 *   Z3's model is the two facts (the usual partition counterexample shape,
 *   so `certify` shows it and runs it).
 * * `sealed-merge`: the merge of the partials equals the aggregate over the
 *   union, for the aggregate function, on any finite set of facts split by
 *   the key: by induction on the group's facts. Base: no fact, no partial,
 *   no aggregate (an empty group has no fact, and a partition with nothing
 *   reports nothing). Step: one more fact, routed to partition j, changes
 *   j's partial as the aggregate over j's share and the merge as the
 *   aggregate over the union; Z3 proves the two agree, for count and sum
 *   under the disjointness just proved (the value is among the group's
 *   values exactly when it is among partition j's).
 * * the partition-local obligations (src/certify/partition.ts) of the rules
 *   the partitions run, the aggregation itself excepted (split by design)
 *   and the guards relayed as seals taken to be on every partition.
 */
import type { IrAtom, IrRule } from '../ir/types.js';
import { componentScope, isConstant, scopeInputs, type AnalysisContext } from '../analysis/scope.js';
import { printTerm } from '../analysis/term.js';
import { fdsByRelation } from '../analysis/fds.js';
import { encodeRule, encodeTerm, headArgs, type EncodeEnv } from '../smt/encode.js';
import { and, eq, not, Script, sortOf, symbol } from '../smt/script.js';
import { partitionObligations, policyTag, type FactSpec } from './partition.js';
import { printDistribution, type DistributionPolicy } from './policy.js';

export interface SealedShape {
  readonly component: string;
  readonly combiner: string;
  /** The aggregation whose groups the key splits. */
  readonly aggregate: IrRule;
  readonly fn: 'count' | 'sum' | 'max' | 'min';
  /** The relation it aggregates. */
  readonly state: string;
  /** Rules the partitions do not run as they are (the aggregation, the combiner's rules): no partition-local obligation. */
  readonly exemptRules: readonly number[];
  /** The policy for the partitions' rules (guards relayed as seals are on every partition). */
  readonly localPolicy: DistributionPolicy;
  /** The policy as given and completed. */
  readonly policy: DistributionPolicy;
  readonly partitions: number;
}

export interface SealedObligation {
  readonly id: string;
  readonly kind: 'sealed-route' | 'sealed-disjoint' | 'sealed-merge' | string;
  readonly sentence: string;
  readonly smt: string;
  /** For `sealed-disjoint`: the rule and the facts of a counterexample (as partition obligations have them). */
  readonly component?: string;
  readonly rule?: number;
  readonly facts?: readonly FactSpec[];
}

export function sealedObligations(ctx: AnalysisContext, shape: SealedShape): SealedObligation[] {
  const program = ctx.program;
  const C = shape.component;
  const tag = policyTag(shape.policy);
  const idOf = (what: string): string => `sealed.${symbol(C)}.${tag}.${what}`;
  const out: SealedObligation[] = [];
  const env: EncodeEnv = { program, singletons: ctx.singletons, constants: ctx.constants, fds: fdsByRelation([]) };

  // Routing: one partition per fact.
  const arriving = scopeInputs(program, componentScope(program, C));
  for (const rel of arriving) {
    const key = shape.policy.keys.get(rel);
    if (!key) continue;
    const s = new Script();
    const id = idOf(`route.${symbol(rel)}`);
    const sentence = `The key of \`${rel}\` (${printTerm(key)}) routes every fact to exactly one partition: hash(${printTerm(key)}) % k is one index in 0..k-1 for every k >= 1.`;
    s.comment(`${id}: ${sentence}`);
    const attrs = program.relations.get(rel)!.attrs;
    const xs = attrs.map((a, i) => s.declareConst(`x_${i}_${symbol(a.name)}`, sortOf(a.type)));
    const keySort = sortOf(key.type);
    const hash = s.declareFun(`hash_${keySort}`, [keySort], 'Int');
    const k = s.declareConst('k', 'Int');
    const keyValue = encodeTerm(s, env, key, (i) => xs[i]!);
    s.assert(`(forall ((y ${keySort})) (>= (${hash} y) 0))`, 'hash is non-negative (src/eval/hash.ts)');
    s.assert('(>= k 1)', 'the component runs as k >= 1 partitions');
    const j1 = `(trem (${hash} ${keyValue}) k)`;
    // The same fact routed twice (two senders, two ticks) computes the same index: the key is a function of the fact.
    const ys = attrs.map((a, i) => s.declareConst(`y_${i}_${symbol(a.name)}`, sortOf(a.type)));
    const keyValue2 = encodeTerm(s, env, key, (i) => ys[i]!);
    const j2 = `(trem (${hash} ${keyValue2}) k)`;
    const same = and(xs.map((x, i) => eq(x, ys[i]!)));
    s.assert(`(or (< ${j1} 0) (>= ${j1} k) (and ${same} (not (= ${j1} ${j2}))))`, 'a violation: an index out of range, or one fact routed to two partitions');
    out.push({ id, kind: 'sealed-route', sentence, smt: s.text() });
  }

  // Disjointness of the aggregated values (count, sum).
  const A = shape.aggregate;
  const aggArg = A.head.args[A.head.aggregateIndex!];
  if ((shape.fn === 'count' || shape.fn === 'sum') && aggArg?.kind === 'aggregate') {
    const s = new Script();
    const id = idOf('disjoint');
    const sentence = `In rule \`${A.text}\`, two facts of one group with the same ${shape.fn === 'count' ? 'counted' : 'non-zero summed'} value \`${aggArg.arg.slot !== undefined ? A.slotNames[aggArg.arg.slot] : '?'}\` land on one partition, so the partitions' ${shape.fn === 'count' ? 'counts' : 'sums'} of distinct values add up to the whole group's.`;
    s.comment(`${id}: ${sentence}`);
    s.comment(`Policy: ${printDistribution(shape.policy)}`);
    s.comment(`Rule ${A.id} (${C}): ${A.text}`);
    const a = encodeRule(s, env, A, 'a');
    const b = encodeRule(s, env, A, 'b');
    const ha = headArgs(s, env, a);
    const hb = headArgs(s, env, b);
    const group = ha.map((x, i) => (i === A.head.aggregateIndex ? null : eq(x, hb[i]!))).filter((x): x is string => x !== null);
    const located = A.body.map((l, i) => [l, i] as const).filter(([l]) => l.kind === 'atom' && !l.negated && !isConstant(program, (l as IrAtom).relation) && (l as IrAtom).relation !== 'self');
    const loc = (args: readonly string[], relation: string): string => {
      const key = shape.policy.keys.get(relation);
      if (!key) {
        const f = s.declareFun(`loc_${symbol(relation)}`, program.relations.get(relation)!.attrs.map((x) => sortOf(x.type)), 'Int');
        return args.length ? `(${f} ${args.join(' ')})` : f;
      }
      const sort = sortOf(key.type);
      const part = s.declareFun(`part_${sort}`, [sort], 'Int');
      return `(${part} ${encodeTerm(s, env, key, (i) => args[i]!)})`;
    };
    const facts: FactSpec[] = [];
    const la: string[] = [];
    const lb: string[] = [];
    for (const [l, i] of located) {
      const rel = (l as IrAtom).relation;
      const sorts = program.relations.get(rel)!.attrs.map((x) => sortOf(x.type));
      const keyText = shape.policy.keys.get(rel) ? printTerm(shape.policy.keys.get(rel)!) : 'no key: may be on any partition';
      la.push(loc(a.atomArgs.get(i)!, rel));
      lb.push(loc(b.atomArgs.get(i)!, rel));
      facts.push({ relation: rel, args: a.atomArgs.get(i)!, sorts, role: 'body', key: keyText });
      facts.push({ relation: rel, args: b.atomArgs.get(i)!, sorts, role: 'other-group', key: keyText });
    }
    const slot = aggArg.arg.slot;
    // A sum is unchanged by a 0 added twice: only non-zero values must not be shared.
    const nonZero = shape.fn === 'sum' ? [not(eq(a.slots[slot]!, '0'))] : [];
    s.assert(and([a.body, b.body, ...group, eq(a.slots[slot]!, b.slots[slot]!), ...nonZero, not(eq(la[0] ?? '0', lb[0] ?? '0'))]), `a violation: one ${shape.fn === 'sum' ? 'non-zero ' : ''}value of one group on two partitions`);
    out.push({ id, kind: 'sealed-disjoint', sentence, smt: s.text(), component: C, rule: A.id, facts });
  }

  // The merge law, by induction on the group's facts.
  out.push(mergeObligation(idOf(`merge.${shape.fn}`), shape));

  // The partitions' own rules stay partition-local.
  const exempt = new Set(shape.exemptRules);
  for (const o of partitionObligations(ctx, C, shape.localPolicy, [])) {
    if (exempt.has(o.rule)) continue;
    out.push(o);
  }
  return out;
}

function mergeObligation(id: string, shape: SealedShape): SealedObligation {
  const fn = shape.fn;
  const s = new Script();
  const what = fn === 'count' ? 'the sum of the partitions\' counts' : fn === 'sum' ? 'the sum of the partitions\' sums' : `the ${fn} of the partitions' ${fn}s`;
  const sentence = `The merge (${what}) equals the ${fn} over the union of the partitions' facts, for every finite set of facts split by the key: by induction, one more fact on partition j changes the merge as it changes the whole group's ${fn}.`;
  s.comment(`${id}: ${sentence}`);
  s.comment(`Aggregation: ${shape.aggregate.text}; combiner: ${shape.combiner}`);
  s.comment('Base: an empty group has no fact and no partition reports it: both are absent.');
  s.comment('Step: A = the aggregate over the group so far, p = partition j\'s partial, r = the merge of the other partitions\' partials;');
  s.comment('induction hypothesis A = merge(p, r); the new fact x reaches partition j only (sealed-route).');
  if (fn === 'count' || fn === 'sum') {
    const A = s.declareConst('A', 'Int');
    const p = s.declareConst('p', 'Int');
    const r = s.declareConst('r', 'Int');
    const x = s.declareConst('x', 'Int');
    const inGroup = s.declareConst('x_in_group', 'Bool');
    const inJ = s.declareConst('x_in_partition_j', 'Bool');
    const add = fn === 'count' ? '1' : x;
    s.assert(eq(A, `(+ ${p} ${r})`), 'induction hypothesis: the merge is the aggregate');
    s.assert(`(=> ${inJ} ${inGroup})`, "partition j's values are among the group's");
    s.assert(fn === 'sum' ? `(=> (and ${inGroup} (not (= ${x} 0))) ${inJ})` : `(=> ${inGroup} ${inJ})`, `sealed-disjoint: a ${fn === 'sum' ? 'non-zero ' : ''}value of the group already seen is on the partition its key names, j`);
    const A2 = `(ite ${inGroup} ${A} (+ ${A} ${add}))`;
    const p2 = `(ite ${inJ} ${p} (+ ${p} ${add}))`;
    s.assert(not(eq(A2, `(+ ${p2} ${r})`)), `a violation: after x, the ${fn} of distinct values differs from the merge`);
  } else {
    const better = (a: string, b: string): string => (fn === 'max' ? `(ite (>= ${a} ${b}) ${a} ${b})` : `(ite (<= ${a} ${b}) ${a} ${b})`);
    const hasA = s.declareConst('has_A', 'Bool');
    const hasP = s.declareConst('has_p', 'Bool');
    const hasR = s.declareConst('has_r', 'Bool');
    const A = s.declareConst('A', 'Int');
    const p = s.declareConst('p', 'Int');
    const r = s.declareConst('r', 'Int');
    const x = s.declareConst('x', 'Int');
    // merge(p?, r?): absent partials are left out; absent both, no merge.
    const merge = (hp: string, pv: string, hr: string, rv: string): { has: string; value: string } => ({ has: `(or ${hp} ${hr})`, value: `(ite (and ${hp} ${hr}) ${better(pv, rv)} (ite ${hp} ${pv} ${rv}))` });
    const m = merge(hasP, p, hasR, r);
    s.assert(eq(hasA, m.has), 'induction hypothesis: the group has an aggregate exactly when some partition reports');
    s.assert(`(=> ${hasA} ${eq(A, m.value)})`, 'induction hypothesis: the merge is the aggregate');
    const A2 = `(ite ${hasA} ${better(A, x)} ${x})`;
    const p2 = `(ite ${hasP} ${better(p, x)} ${x})`;
    const m2 = merge('true', p2, hasR, r);
    s.assert(not(eq(A2, m2.value)), `a violation: after x, the ${fn} of the group differs from the merge`);
  }
  s.comment('(the aggregated values are ints here; for strings and locations, max and min use the same lattice law)');
  return { id, kind: 'sealed-merge', sentence, smt: s.text() };
}


