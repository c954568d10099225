/**
 * Partitioning with sealing: a component C is partitioned by a key that
 * splits the groups of one of its aggregations (voting's collector by
 * `voter`, while `tally(c, i, v, count<p>)` counts a request's votes across
 * voters), and a new component, the *combiner* (`C_combine`, one per
 * instance of C, paired by the deployment relation `C_combine_of(c, k)`),
 * recombines the partial aggregates:
 *
 * * each partition keeps its share of the aggregated state (`votes`) and
 *   computes the aggregate over it (`tally__partial`); when its partial
 *   changes it reports it to the combiner, *sealed* with the number of
 *   distinct aggregated values it covers (`tally__report(partition, c, i,
 *   v, n)`; for a count the count itself);
 * * the combiner keeps, per group and partition, the report covering the
 *   most values (reports may arrive out of order; between seals a
 *   partition's share only grows, so that report covers the others) and
 *   merges them: a count or a sum is the sum over the partitions (a running
 *   sum over partition indexes, a partition that reported nothing counting
 *   0, so it never blocks the combiner), a max the max, a min the min. The
 *   merged relation keeps the aggregate's name, so the rules that read the
 *   aggregate (`done`, `reply`) run on the combiner unchanged;
 * * when the state is forgotten group by group by a guard the combiner
 *   derives (`votes :+ votes, !done(c, i)`), the combiner *seals* a group's
 *   round when the guard holds: every partition forgets exactly the facts
 *   whose values the combiner merged, and reports what arrived later as the
 *   next round (partition-sealed-rounds.ts), as the original, which forgets
 *   the group the tick after the guard, counts later facts afresh.
 *
 * Why the combiner may use the merge before every partition is final: every
 * merge it sees is the aggregate over the union of each partition's facts
 * up to its latest report, a set of facts the original component could
 * have held at one tick (messages arrive in any order and batch), and
 * successive merges are over growing sets, a sequence of states the
 * original can go through. So readers that are not monotonic (`n == size`)
 * see what the original could have seen. That needs the combiner's rules to
 * read nothing but the merged aggregate, what they derive from it, and
 * constants (checked), the partitions to keep nothing but the aggregated
 * relation, each fact made from one arriving fact, so a share is a function
 * of the facts received whatever their ticks (checked), the merge to be correct (Z3: the partitions' values
 * are disjoint for a count or sum, and the merge law by induction on the
 * group's facts).
 */
import type { AtomLit, BodyLit, Expr, Item, Rule, TypeName } from '../syntax/ast.js';
import type { CheckedProgram, IrAtom, IrRule } from '../ir/types.js';
import { atoms, componentScope, isConstant, replicatedRelations, scopeInputs } from '../analysis/scope.js';
import { printTerm } from '../analysis/term.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { atom, freshVar, head, int, relationDecl, rule, sections, v, wildcard, distinctAttrs } from './ast.js';
import { freshName, takenNames } from './decouple.js';
import { analysisContext, applyPartition, partitionPrecondition, partitionSiteProblems, resolvePolicy } from './partition.js';
import type { Applied, Check, PartitionSite, Precondition, ProgramState, Rewrite, StepObligations } from './types.js';
import { sealedObligations, type SealedShape } from '../certify/sealed.js';
import { introduceCombinerRounds, statePositions } from './partition-sealed-rounds.js';
import { sumOverPartitions, withCombiner } from './sealed-combiner.js';

export type SealedFn = 'count' | 'sum' | 'max' | 'min';

/** A persistence guard the combiner derives: `!done(c, i)` in `votes :+ votes, !done(c, i)`. */
export interface SealGuard {
  readonly relation: string;
  /** For each argument of the guard atom: the index of the group attribute it is. */
  readonly positions: readonly number[];
}

export interface SealedAnalysis {
  readonly component: string;
  readonly combiner: string;
  /** The aggregation whose groups the key splits (null: none). */
  readonly aggregate: IrRule | null;
  readonly fn: SealedFn | null;
  /** The one relation the aggregation reads (the partitions' share of the state). */
  readonly state: string | null;
  /** Head positions of the group attributes, and the aggregate's position. */
  readonly groupPositions: readonly number[];
  readonly aggregateIndex: number;
  /** Rules that move to the combiner: they read the aggregate, or what is derived from it. */
  readonly combinerRules: readonly IrRule[];
  /** Relations the combiner derives (the aggregate first). */
  readonly combinerRelations: readonly string[];
  /** Rules deriving constant facts the combiner reads (copied). */
  readonly copied: readonly IrRule[];
  readonly guards: readonly SealGuard[];
  /** Per check: why it fails (empty: it holds). */
  readonly problems: ReadonlyMap<SealedCheck, readonly string[]>;
  /** Why the key splits the aggregation's groups (the split check's reasons when it holds). */
  readonly splitReasons: readonly string[];
  readonly instances: number;
}

export type SealedCheck = 'split' | 'shape' | 'grows' | 'per-fact' | 'combiner-reads' | 'no-feedback';

const changing = (program: CheckedProgram, r: IrRule): IrAtom[] => atoms(r).filter((a) => !isConstant(program, a.relation) && a.relation !== 'self' && a.relation !== 'self_partition');

export const combinePairing = (combiner: string): string => `${combiner}_of`;

export function analyzeSealed(state: ProgramState, site: PartitionSite): SealedAnalysis {
  const program = state.program;
  const C = site.component;
  const combiner = site.sealed?.combiner ?? `${C}_combine`;
  const problems = new Map<SealedCheck, string[]>([
    ['split', []],
    ['shape', []],
    ['grows', []],
    ['per-fact', []],
    ['combiner-reads', []],
    ['no-feedback', []],
  ]);
  const fail = (c: SealedCheck, m: string): void => void problems.get(c)!.push(m);
  const scope = componentScope(program, C);
  const own = scope.rules.filter((r) => !r.fromPersist);
  const instances = state.deployment.components.get(C)?.instances ?? 1;
  const empty = (aggregate: IrRule | null): SealedAnalysis => ({ component: C, combiner, aggregate, fn: null, state: null, groupPositions: [], aggregateIndex: -1, combinerRules: [], combinerRelations: [], copied: [], guards: [], problems, splitReasons: [], instances });

  // Aggregations whose groups the key splits: a keyed fact of the body whose key is not a group attribute.
  const split: { rule: IrRule; reasons: string[] }[] = [];
  for (const r of own) {
    if (r.head.aggregateIndex === undefined || r.kind !== 'sync') continue;
    const groupSlots = new Set(r.head.args.flatMap((a, i) => (i !== r.head.aggregateIndex && a.kind === 'var' ? [a.slot] : [])));
    const reasons: string[] = [];
    for (const a of changing(program, r).filter((x) => !x.negated)) {
      const key = site.policy.keys.get(a.relation);
      if (!key) continue;
      if (key.kind !== 'attr') {
        reasons.push(`\`${a.relation}\` is keyed by ${printTerm(key)}, a term`);
        continue;
      }
      const arg = a.args[key.index];
      if (arg?.kind === 'var' && !groupSlots.has(arg.slot)) {
        reasons.push(`\`${r.text}\` groups by ${r.head.args.filter((_, i) => i !== r.head.aggregateIndex).map((x) => (x.kind === 'var' ? r.slotNames[x.slot] : '?')).join(', ') || 'nothing'}, but \`${a.relation}\` is keyed by ${printTerm(key)} (\`${r.slotNames[arg.slot]}\`), which is not in the group: one group's facts reach several partitions`);
      }
    }
    if (reasons.length) split.push({ rule: r, reasons });
  }
  if (split.length === 0) {
    fail('split', `no aggregation of \`${C}\` has its groups split by the key (${site.given}): plain partitioning (partition-cohash) applies, nothing needs recombining`);
    return empty(null);
  }
  if (split.length > 1) fail('shape', `the key splits the groups of ${split.length} aggregations (${split.map((s) => `\`${s.rule.text}\``).join(', ')}); one is recombined per step`);
  const A = split[0]!.rule;
  const splitReasons = split[0]!.reasons;
  const aggIdx = A.head.aggregateIndex!;
  const agg = A.head.args[aggIdx]!;
  if (agg.kind !== 'aggregate') return empty(A);
  const fn = agg.fn as SealedFn;
  for (const k of site.policy.keys.values()) if (k.kind !== 'attr') fail('shape', `sealed partitioning keys relations by attributes; \`${printTerm(k)}\` is a term`);

  // The aggregation reads one state relation, positively, and constants.
  const ch = changing(program, A);
  const positives = ch.filter((a) => !a.negated);
  if (ch.some((a) => a.negated)) fail('shape', `\`${A.text}\` negates ${ch.filter((a) => a.negated).map((a) => `\`${a.relation}\``).join(', ')}: a partial aggregate over part of the facts would not be one of the whole`);
  if (positives.length !== 1) fail('shape', `\`${A.text}\` reads ${positives.length} changing relations; sealed partitioning recombines an aggregation over one (join first into one relation)`);
  const groupPositions = A.head.args.flatMap((a, i) => (i === aggIdx ? [] : [i]));
  for (const i of groupPositions) if (A.head.args[i]!.kind !== 'var') fail('shape', `\`${A.text}\` has a group attribute that is not a variable`);
  const stateRel = positives[0]?.relation ?? null;
  if (program.relations.get(A.head.relation)?.persisted) fail('shape', `\`${A.head.relation}\` is persisted (.persist): the combiner derives it anew from the reports every tick`);
  if (A.source === undefined) fail('shape', `\`${A.text}\` has no source rule`);

  // The combiner's part: the aggregate and everything derived from it in C.
  const R = new Set<string>([A.head.relation]);
  const moving = new Set<number>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of own) {
      if (r.id === A.id || moving.has(r.id)) continue;
      if (!atoms(r).some((a) => R.has(a.relation))) continue;
      // A persistence rule of a partition relation guarded by the combiner's facts stays with the partitions.
      if (r.kind === 'next' && isGuardedPersistence(r, R)) continue;
      moving.add(r.id);
      if (r.kind !== 'async' && !R.has(r.head.relation)) R.add(r.head.relation);
      grew = true;
    }
  }
  const combinerRules = own.filter((r) => moving.has(r.id));
  // Relations derived by the combiner must not also be derived by the partitions.
  for (const r of own) {
    if (r.id === A.id || moving.has(r.id) || r.kind === 'async') continue;
    if (R.has(r.head.relation) && r.head.relation !== A.head.relation) fail('combiner-reads', `\`${r.head.relation}\` is derived from the aggregate and also by \`${r.text}\`, which the partitions run`);
    if (r.head.relation === A.head.relation) fail('shape', `\`${A.head.relation}\` is derived by another rule too (\`${r.text}\`)`);
  }
  // What the combiner reads: the merged aggregate, what it derives, constants, and relations derived from constants alone (copied).
  const constantDerived = replicatedRelations(program, scope);
  const arriving = new Set(scopeInputs(program, scope));
  const copiedRels = new Set<string>();
  for (const r of combinerRules) {
    for (const a of atoms(r)) {
      const x = a.relation;
      if (R.has(x) || isConstant(program, x) || x === 'self') continue;
      if (constantDerived.has(x) && !R.has(x)) copiedRels.add(x);
      else if (arriving.has(x)) fail('combiner-reads', `\`${r.text}\` reads \`${x}\`, which arrives at ${C}: it reaches one partition, not the combiner, and would race with the reports`);
      else fail('combiner-reads', `\`${r.text}\` reads \`${x}\`, which the partitions hold`);
    }
  }
  // Copy the closure of the constant-derived relations the combiner reads.
  let more = true;
  while (more) {
    more = false;
    for (const r of own) if (copiedRels.has(r.head.relation)) for (const a of atoms(r)) if (constantDerived.has(a.relation) && !copiedRels.has(a.relation)) {
      copiedRels.add(a.relation);
      more = true;
    }
  }
  const copied = own.filter((r) => r.kind !== 'async' && copiedRels.has(r.head.relation));

  // The partitions: nothing they run reads the combiner's facts, except guards of the state's persistence.
  const guards: SealGuard[] = [];
  const aSource = A.source;
  const stateAtomA = aSource?.body.find((l): l is AtomLit => l.kind === 'atom' && !l.negated && l.relation === stateRel);
  const groupNames = groupPositions.map((i) => {
    const a = aSource?.head.args[i];
    return a?.kind === 'var' ? a.name : null;
  });
  for (const r of own) {
    if (r.id === A.id || moving.has(r.id)) continue;
    const reads = atoms(r).filter((a) => R.has(a.relation));
    if (reads.length === 0) continue;
    if (r.kind !== 'next' || !isGuardedPersistence(r, R) || r.head.relation !== stateRel || !r.source || !stateAtomA) {
      fail('no-feedback', `\`${r.text}\` runs on the partitions but reads ${reads.map((a) => `\`${a.relation}\``).join(', ')}, which the combiner derives (only a guard on the persistence of \`${stateRel ?? '?'}\` can be relayed as a seal)`);
      continue;
    }
    // Map each guard argument to a group attribute, through the state atom.
    const own0 = r.source.body.find((l): l is AtomLit => l.kind === 'atom' && !l.negated && l.relation === stateRel)!;
    for (const g of r.source.body.filter((l): l is AtomLit => l.kind === 'atom' && l.negated)) {
      const positions: number[] = [];
      for (const arg of g.args) {
        const at = arg.kind === 'var' ? own0.args.findIndex((x) => x.kind === 'var' && x.name === arg.name) : -1;
        const inA = at >= 0 ? stateAtomA.args[at] : undefined;
        const gi = inA?.kind === 'var' ? groupNames.indexOf(inA.name) : -1;
        if (gi < 0) {
          fail('grows', `the guard \`!${g.relation}(...)\` in \`${r.text}\` does not name group attributes of \`${A.head.relation}\` only: the seal of a group could not be told to the partitions`);
          break;
        }
        positions.push(gi);
      }
      if (positions.length === g.args.length && !guards.some((x) => x.relation === g.relation && x.positions.join() === positions.join())) guards.push({ relation: g.relation, positions });
    }
  }
  if (new Set(guards.map((g) => g.relation)).size !== guards.length) fail('grows', 'a guard relation is used with two different argument orders');

  // The state only grows between seals: kept from tick to tick, forgotten only by guards the combiner seals.
  if (stateRel !== null) {
    const defs = own.filter((r) => r.head.relation === stateRel && r.kind !== 'async');
    if (arriving.has(stateRel) || defs.length === 0) fail('grows', `\`${A.text}\` aggregates \`${stateRel}\`, which arrives at ${C} and is not kept: the aggregate is over one tick's facts, which no partition's report can stand for (keep the facts, e.g. \`.persist\`)`);
    else {
      const unconditional = program.relations.get(stateRel)?.persisted || defs.some((r) => r.kind === 'next' && isGuardedPersistence(r, new Set()));
      const guarded = defs.filter((r) => r.kind === 'next' && isGuardedPersistence(r, R) && atoms(r).some((a) => a.negated));
      if (!unconditional && guarded.length === 0) fail('grows', `\`${stateRel}\` is not kept from tick to tick: the aggregate is over one tick's facts`);
      if (unconditional && guarded.length > 0) fail('grows', `\`${stateRel}\` is kept both unconditionally and under a guard`);
      for (const r of own) {
        if (r.head.relation === stateRel && r.kind === 'next' && !isGuardedPersistence(r, R) && atoms(r).some((a) => a.relation === stateRel && a.negated)) fail('grows', `\`${r.text}\` forgets \`${stateRel}\` facts`);
      }
    }
    for (const r of own) {
      if (r.head.relation === stateRel && r.kind === 'next' && !(isGuardedPersistence(r, R) || isGuardedPersistence(r, new Set()))) {
        // Other :+ rules only add facts; fine.
      }
    }
  }
  // The partitions only keep the aggregated relation, each fact made from one arriving fact: a partition's share is then
  // the same whatever ticks its facts arrived in, and everything the component shows comes from the combiner.
  const copiedIds = new Set(copied.map((r) => r.id));
  for (const r of own) {
    if (r.id === A.id || moving.has(r.id) || copiedIds.has(r.id)) continue;
    if (r.head.relation !== stateRel || r.kind === 'async') {
      fail('per-fact', `\`${r.text}\` would run on the partitions beside the aggregation: they keep only \`${stateRel ?? '?'}\` (what else the component derives or sends would not be ordered with the combiner's merges; move it out first)`);
      continue;
    }
    if (r.kind === 'next' && (isGuardedPersistence(r, R) || isGuardedPersistence(r, new Set()))) continue;
    const ch2 = changing(program, r);
    const pos = ch2.filter((x) => !x.negated);
    if (ch2.some((x) => x.negated) || pos.length !== 1 || !arriving.has(pos[0]!.relation)) {
      fail('per-fact', `\`${r.text}\` does not make each \`${stateRel}\` fact from one arriving fact (and constants): the partition's share would depend on which facts arrived in one tick`);
    }
  }
  const result: SealedAnalysis = { component: C, combiner, aggregate: A, fn, state: stateRel, groupPositions, aggregateIndex: aggIdx, combinerRules, combinerRelations: [...R], copied, guards, problems, splitReasons, instances };
  if (guards.length && stateRel !== null && A.source) {
    const pos = statePositions(result);
    if (typeof pos === 'string') fail('shape', pos);
  }
  return result;
}

/** `s(X) :+ s(X), !g1(..), ...` with every negated relation in `guards` (none: unconditional persistence). */
function isGuardedPersistence(r: IrRule, guards: ReadonlySet<string>): boolean {
  if (r.kind !== 'next') return false;
  const pos = r.body.filter((l) => l.kind !== 'atom' || !l.negated);
  if (pos.length !== 1) return false;
  const b = pos[0]!;
  if (b.kind !== 'atom' || b.relation !== r.head.relation || b.args.length !== r.head.args.length) return false;
  const slots = new Set<number>();
  const same = b.args.every((a, i) => {
    const h = r.head.args[i];
    if (a.kind !== 'var' || h?.kind !== 'var' || h.slot !== a.slot || slots.has(a.slot)) return false;
    slots.add(a.slot);
    return true;
  });
  return same && r.body.every((l) => l === b || (l.kind === 'atom' && l.negated && guards.has(l.relation)));
}

/** The checks (no solver). */
export function sealedChecks(state: ProgramState, site: PartitionSite): Check[] {
  const a = analyzeSealed(state, site);
  const C = site.component;
  const p = (c: SealedCheck): readonly string[] => a.problems.get(c) ?? [];
  const id = (what: string): string => `partition-sealed.${C}.${what}`;
  const A = a.aggregate;
  const checks: Check[] = [...partitionPrecondition(state, site, 'cohash').checks.map((c) => ({ ...c, id: c.id.replace(/^partition\./, 'partition-sealed.') }))];
  checks.push({
    id: id('split'),
    sentence: `The key splits the groups of an aggregation of \`${C}\` (else plain partitioning applies and nothing needs recombining).`,
    holds: p('split').length === 0,
    reasons: p('split').length ? p('split') : a.splitReasons,
  });
  if (!A) return checks;
  checks.push(
    {
      id: id('shape'),
      sentence: `\`${A.text}\` is one count, sum, max or min over one relation with variables as its group, so a combiner can merge partial aggregates.`,
      holds: p('shape').length === 0,
      reasons: p('shape').length ? p('shape') : [`${a.fn} over \`${a.state}\`, merged as ${a.fn === 'count' || a.fn === 'sum' ? 'the sum of the partitions\' partials' : `the ${a.fn} of the partitions' partials`}`],
    },
    {
      id: id('grows'),
      sentence: `\`${a.state ?? '?'}\` is kept from tick to tick and forgotten only by guards on the group that the combiner derives, so between seals each partition's share of a group only grows.`,
      holds: p('grows').length === 0,
      reasons: p('grows').length ? p('grows') : a.guards.length ? a.guards.map((g) => `sealed in rounds by \`${g.relation}\`: the combiner tells each partition which facts it merged, and they forget those`) : [`\`${a.state}\` is kept for good: no seal needed`],
    },
    {
      id: id('per-fact'),
      sentence: `The partitions run only the rules of \`${a.state ?? '?'}\`, each fact made from one arriving fact and constants, so a partition's share is a function of the facts it received (not of how they were batched into ticks).`,
      holds: p('per-fact').length === 0,
      reasons: p('per-fact').length ? p('per-fact') : ['the partitions keep only the aggregated relation'],
    },
    {
      id: id('combiner-reads'),
      sentence: `The rules that read \`${A.head.relation}\` (moved to ${a.combiner}) read only it, what they derive from it, and constants, so each merged value is the aggregate over a set of facts the original could have held at one tick.`,
      holds: p('combiner-reads').length === 0,
      reasons: p('combiner-reads').length ? p('combiner-reads') : [`moved to ${a.combiner}: ${a.combinerRules.map((r) => `\`${r.text}\``).join(', ') || 'no rule'}`, ...(a.copied.length ? [`copied: ${a.copied.map((r) => `\`${r.text}\``).join(', ')}`] : [])],
    },
    {
      id: id('no-feedback'),
      sentence: `The partitions read nothing the combiner derives, except the guards relayed as seals.`,
      holds: p('no-feedback').length === 0,
      reasons: p('no-feedback').length ? p('no-feedback') : ['no other feedback'],
    },
  );
  return checks;
}

export function sealedPrecondition(state: ProgramState, site: PartitionSite): Precondition {
  const checks = sealedChecks(state, site);
  return { holds: checks.every((c) => c.holds), checks };
}

/** The shape the obligations are about (for src/certify/sealed.ts). */
export function sealedShape(state: ProgramState, site: PartitionSite): SealedShape | null {
  const a = analyzeSealed(state, site);
  if (!a.aggregate || !a.fn || !a.state) return null;
  const everywhere = new Set([...site.policy.everywhere, ...a.guards.map((g) => g.relation)]);
  const keys = new Map([...site.policy.keys].filter(([r]) => !a.combinerRelations.includes(r)));
  return {
    component: site.component,
    combiner: a.combiner,
    aggregate: a.aggregate,
    fn: a.fn,
    state: a.state,
    // What the partitions run: every rule of C but the combiner's and the aggregation itself (split by design).
    exemptRules: [a.aggregate.id, ...a.combinerRules.map((r) => r.id), ...a.copied.map((r) => r.id)],
    localPolicy: { keys, everywhere },
    policy: site.policy,
    partitions: site.partitions,
  };
}

export async function sealedStepObligations(state: ProgramState, site: PartitionSite): Promise<StepObligations> {
  const a = analyzeSealed(state, site);
  const shape = sealedShape(state, site);
  const checks = sealedChecks(state, site);
  const facts = [`policy of ${site.component}: ${site.given}, ${site.partitions} partitions; ${a.combiner} merges \`${a.aggregate?.head.relation ?? '?'}\``];
  if (!shape) return { checks, obligations: [], decided: new Map(), facts };
  const obligations = sealedObligations(analysisContext(state), shape);
  if (a.guards.length) facts.push(`sealed in rounds by ${a.guards.map((g) => `\`${g.relation}\``).join(', ')}: each partition forgets exactly the facts the combiner merged when the guard held, and reports what arrived later as the next round`);
  return { checks, obligations, decided: new Map(), facts };
}

const agg = (fn: SealedFn | 'count', arg: string): Expr => ({ kind: 'aggregate', fn, arg: v(arg), span: v(arg).span });

/** The names the transformation introduces. */
export function sealedNames(program: CheckedProgram, a: SealedAnalysis): Record<string, string> {
  const taken = takenNames(program);
  taken.add(a.combiner);
  const A = a.aggregate!.head.relation;
  const n = (base: string): string => freshName(taken, base);
  const names: Record<string, string> = {
    pair: n(combinePairing(a.combiner)),
    partial: n(`${A}__partial`),
    partialN: n(`${A}__partial_n`),
    report: n(`${A}__report`),
    sent: n(`${A}__sent`),
    reports: n(`${A}__reports`),
    latest: n(`${A}__latest`),
    latestValue: n(`${A}__latest_value`),
    reported: n(`${A}__reported`),
    some: n(`${A}__some`),
    at: n(`${A}__at`),
    upto: n(`${A}__upto`),
  };
  return names;
}

/**
 * The program with the combiner, C not yet partitioned (its rules read
 * `self_partition` for the reports), when the aggregated relation is kept
 * for good (no guard: nothing to seal). With guards, see
 * partition-sealed-rounds.ts.
 */
export function introduceCombiner(state: ProgramState, a: SealedAnalysis): { state: ProgramState; notes: string[]; seals: string[] } {
  const program = state.program;
  const C = a.component;
  const K = a.combiner;
  const A = a.aggregate!;
  const fn = a.fn!;
  const names = sealedNames(program, a);
  const rel = program.relations.get(A.head.relation)!;
  const groupAttrs = a.groupPositions.map((i) => rel.attrs[i]!);
  const valueAttr = rel.attrs[a.aggregateIndex]!;
  const summed = fn === 'count' || fn === 'sum';
  const versioned = fn === 'sum';
  const notes: string[] = [];
  const decls: Item[] = [];
  const sec = sections(state.ast);
  const G = (vars: Set<string>): string[] => groupAttrs.map((at) => freshVar(vars, at.name));
  /** The aggregate's head arguments: the group with the value at its position. */
  const withValue = (g: readonly string[], value: Expr): Expr[] => {
    const out: Expr[] = g.map(v);
    out.splice(a.aggregateIndex, 0, value);
    return out;
  };

  // Declarations.
  const reportAttrs = distinctAttrs([{ name: 'partition', type: 'int' }, ...groupAttrs, ...(versioned ? [{ name: 'n', type: 'int' as TypeName }] : []), { name: valueAttr.name, type: valueAttr.type }]);
  decls.push(
    relationDecl('edb', names.pair!, [{ name: C === 'combiner' ? 'component' : C, type: 'loc' }, { name: K === C ? `${K}2` : K, type: 'loc' }]),
    relationDecl('decl', names.partial!, rel.attrs),
    relationDecl('decl', names.report!, reportAttrs),
    relationDecl('decl', names.sent!, distinctAttrs([...groupAttrs, { name: versioned ? 'n' : valueAttr.name, type: versioned ? 'int' : valueAttr.type }])),
    relationDecl('decl', names.reports!, reportAttrs),
  );
  if (versioned) decls.push(relationDecl('decl', names.partialN!, distinctAttrs([...groupAttrs, { name: 'n', type: 'int' }])));
  if (summed) {
    decls.push(
      relationDecl('decl', names.latest!, distinctAttrs([{ name: 'partition', type: 'int' }, ...groupAttrs, { name: versioned ? 'n' : valueAttr.name, type: 'int' }])),
      relationDecl('decl', names.reported!, distinctAttrs([{ name: 'partition', type: 'int' }, ...groupAttrs])),
      relationDecl('decl', names.some!, groupAttrs.length ? groupAttrs : [{ name: 'any', type: 'bool' }]),
      relationDecl('decl', names.at!, distinctAttrs([...groupAttrs, { name: 'partition', type: 'int' }, { name: valueAttr.name, type: 'int' }])),
      relationDecl('decl', names.upto!, distinctAttrs([...groupAttrs, { name: 'partition', type: 'int' }, { name: valueAttr.name, type: 'int' }])),
    );
    if (versioned) decls.push(relationDecl('decl', names.latestValue!, distinctAttrs([{ name: 'partition', type: 'int' }, ...groupAttrs, { name: valueAttr.name, type: 'int' }])));
  }

  // The partitions: C's rules but the combiner's; the aggregation derives the partial.
  const movedIds = new Set([...a.combinerRules.map((r) => r.id)]);
  const irOf = new Map<Rule, IrRule>();
  for (const r of program.rules) if (r.source) irOf.set(r.source, r);
  const partitionRules: Rule[] = [];
  // Constant facts only the combiner reads now are derived there alone.
  const copiedIds = new Set(a.copied.map((r) => r.id));
  const readHere = new Set(componentScope(program, C).rules.filter((r) => !movedIds.has(r.id) && !copiedIds.has(r.id)).flatMap((r) => atoms(r).map((x) => x.relation)));
  for (const r of sec.components.find((c) => c.name === C)!.rules) {
    const ir = irOf.get(r);
    if (ir && movedIds.has(ir.id)) continue;
    if (ir && copiedIds.has(ir.id) && !readHere.has(ir.head.relation) && program.relations.get(ir.head.relation)?.kind !== 'output') continue;
    if (ir && ir.id === A.id) {
      partitionRules.push({ ...r, head: { ...r.head, relation: names.partial! } });
      continue;
    }
    partitionRules.push(r);
  }
  const aggVarName = (A.source!.head.args[a.aggregateIndex] as { arg: { name: string } }).arg.name;
  if (versioned) {
    // The seal count of a sum: how many distinct values the partial covers.
    const src = A.source!;
    const g = a.groupPositions.map((i) => src.head.args[i]!);
    partitionRules.push(rule(head(names.partialN!, [...g, agg('count', aggVarName)]), ':-', src.body));
  }
  {
    const vars = new Set<string>();
    const gv = G(vars);
    const x = freshVar(vars, valueAttr.name);
    const n = versioned ? freshVar(vars, 'n') : x;
    const me = freshVar(vars, 'me');
    const k = freshVar(vars, 'k');
    const j = freshVar(vars, 'j');
    const body: BodyLit[] = [atom(names.partial!, withValue(gv, v(x)))];
    if (versioned) body.push(atom(names.partialN!, [...gv.map(v), v(n)]));
    body.push(atom(names.sent!, [...gv.map(v), v(n)], true), atom('self', [v(me)]), atom(names.pair!, [v(me), v(k)]), atom('self_partition', [v(j)]));
    partitionRules.push(rule(head(names.report!, [v(j), ...gv.map(v), ...(versioned ? [v(n)] : []), v(x)], k), ':~', body));
    partitionRules.push(rule(head(names.sent!, [...gv.map(v), v(n)]), ':+', [versioned ? atom(names.partialN!, [...gv.map(v), v(n)]) : atom(names.partial!, withValue(gv, v(x)))]));
    partitionRules.push(rule(head(names.sent!, [...gv.map(v), v(n)]), ':+', [atom(names.sent!, [...gv.map(v), v(n)])]));
  }

  // The combiner.
  const combinerRules: Rule[] = [];
  const reportArgs = (vars: Set<string>): { j: string; gv: string[]; n: string; x: string; all: Expr[] } => {
    const j = freshVar(vars, 'j');
    const gv = G(vars);
    const n = versioned ? freshVar(vars, 'n') : '';
    const x = freshVar(vars, valueAttr.name);
    return { j, gv, n, x, all: [v(j), ...gv.map(v), ...(versioned ? [v(n)] : []), v(x)] };
  };
  {
    const vars = new Set<string>();
    const r = reportArgs(vars);
    combinerRules.push(rule(head(names.reports!, r.all), ':-', [atom(names.report!, r.all)]));
    combinerRules.push(rule(head(names.reports!, r.all), ':+', [atom(names.reports!, r.all)]));
  }
  const Ahead = A.head.relation;
  if (!summed) {
    const vars = new Set<string>();
    const r = reportArgs(vars);
    combinerRules.push(rule(head(Ahead, withValue(r.gv, agg(fn, r.x))), ':-', [atom(names.reports!, [wildcard(), ...r.all.slice(1)])]));
  } else {
    // Per partition, the report covering the most facts.
    {
      const vars = new Set<string>();
      const r = reportArgs(vars);
      combinerRules.push(rule(head(names.latest!, [v(r.j), ...r.gv.map(v), agg('max', versioned ? r.n : r.x)]), ':-', [atom(names.reports!, r.all)]));
    }
    let valueRel = names.latest!;
    if (versioned) {
      const vars = new Set<string>();
      const r = reportArgs(vars);
      combinerRules.push(rule(head(names.latestValue!, [v(r.j), ...r.gv.map(v), v(r.x)]), ':-', [atom(names.latest!, [v(r.j), ...r.gv.map(v), v(r.n)]), atom(names.reports!, r.all)]));
      valueRel = names.latestValue!;
    }
    combinerRules.push(...sumOverPartitions({ reported: names.reported!, some: names.some!, at: names.at!, upto: names.upto!, pair: names.pair! }, valueRel, Ahead, valueAttr.name, G, withValue));
  }
  const merge = fn === 'count' ? 'sums the partitions\' counts' : fn === 'sum' ? 'sums the partitions\' sums (each the one covering the most values)' : `takes the ${fn} of the partitions' ${fn}s`;
  notes.push(
    `new component ${K} (${a.instances} instance${a.instances === 1 ? '' : 's'}, \`${names.pair}\` pairs each ${C} node with its ${K}): ${merge} as \`${Ahead}\`, a partition that reported nothing counting as none`,
    `each partition of ${C} computes \`${names.partial}\` over its share of \`${a.state}\` and reports it to ${K} when it changes (\`${names.report}\`, sealed with ${versioned ? 'the number of values it covers' : fn === 'count' ? 'its count' : 'its value'})`,
    `moved to ${K}: ${a.combinerRules.map((r) => `\`${r.text}\``).join(', ')}${a.copied.length ? `; copied: ${a.copied.map((r) => `\`${r.text}\``).join(', ')}` : ''}`,
  );
  const next = withCombiner(state, program, { component: C, combiner: K, instances: a.instances, pair: names.pair!, moved: [...a.copied, ...a.combinerRules], decls, partitionRules, combinerRules, tag: '(combiner)' });
  return { state: next, notes, seals: [] };
}

export function applySealed(state: ProgramState, site: PartitionSite): Applied {
  const a = analyzeSealed(state, site);
  if (!a.aggregate || !a.fn || a.groupPositions.some((i) => a.aggregate!.head.args[i]!.kind !== 'var')) {
    // Nothing to recombine (a refused step forced): the plain partitioning by the same keys.
    const applied = applyPartition(state, site);
    return { ...applied, notes: [`no aggregation of ${site.component} can be recombined: partitioned as plain co-hashing would`, ...applied.notes] };
  }
  let mid: { state: ProgramState; notes: string[]; seals: string[] };
  if (a.guards.length) {
    const pos = statePositions(a);
    if (typeof pos === 'string') throw new Error(`bug: ${pos} (refused by the shape check)`);
    mid = introduceCombinerRounds(state, a, pos);
  } else mid = introduceCombiner(state, a);
  const keys: Record<string, string> = { ...(site.sealed?.keys ?? {}) };
  for (const s of mid.seals) keys[s] = '*';
  const policy = resolvePolicy(mid.state, site.component, keys, 'cohash');
  if (!policy.ok) throw new Error(`bug: the keys of the sealed partitioning do not fit the program with the combiner: ${policy.diagnostics.map((d) => d.message).join('; ')}`);
  const applied = applyPartition(mid.state, { ...site, policy: policy.policy, given: policy.given });
  return { ...applied, notes: [...mid.notes, ...applied.notes] };
}

/** A plan step's sealed partitioning, resolved (bad input: diagnostics or problems). */
export function resolveSealed(state: ProgramState, component: string, keys: Readonly<Record<string, string>>, partitions: number, combinerName?: string): { ok: true; site: PartitionSite } | { ok: false; diagnostics: Diagnostic[]; problems?: undefined } | { ok: false; problems: string[]; diagnostics?: undefined } {
  const problems = partitionSiteProblems(state, component, partitions);
  if (problems.length) return { ok: false, problems };
  const combiner = combinerName ?? freshName(takenNames(state.program), `${component}_combine`);
  if (takenNames(state.program).has(combiner)) return { ok: false, problems: [`\`${combiner}\` is already a name in the program; choose another "combiner"`] };
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(combiner)) return { ok: false, problems: [`\`${combiner}\` is not a valid component name`] };
  const policy = resolvePolicy(state, component, keys, 'cohash');
  if (!policy.ok) return { ok: false, diagnostics: policy.diagnostics };
  return { ok: true, site: { kind: 'partition', component, policy: policy.policy, given: policy.given, partitions, sealed: { combiner, keys: { ...keys } } } };
}

/**
 * Sites: a component (not addressed by clients) with one arriving relation,
 * keyed by each of its attributes in turn, where the key splits an
 * aggregation's groups and every check holds.
 */
export function findSealed(state: ProgramState, partitions: number): PartitionSite[] {
  const out: PartitionSite[] = [];
  for (const C of state.program.components.keys()) {
    if (partitionSiteProblems(state, C, partitions).length) continue;
    const arr = scopeInputs(state.program, componentScope(state.program, C));
    if (arr.length !== 1 || state.program.relations.get(arr[0]!)?.kind === 'input') continue;
    for (const at of state.program.relations.get(arr[0]!)!.attrs) {
      const r = resolveSealed(state, C, { [arr[0]!]: at.name }, partitions);
      if (!r.ok) continue;
      if (sealedPrecondition(state, r.site).holds) {
        out.push(r.site);
        break;
      }
    }
  }
  return out;
}

/** Why the finder proposes nothing for a component. */
export function sealedWhyNot(state: ProgramState, component: string, partitions: number): string[] {
  const problems = partitionSiteProblems(state, component, partitions);
  if (problems.length) return [`${component}: ${problems[0]}`];
  const arr = scopeInputs(state.program, componentScope(state.program, component));
  if (arr.some((x) => state.program.relations.get(x)?.kind === 'input')) return [`${component}: clients address it directly (it reads an .input)`];
  if (arr.length !== 1) return [`${component}: ${arr.length} relations arrive at it; the finder tries components with one (a plan can give keys for several)`];
  const reasons: string[] = [];
  for (const at of state.program.relations.get(arr[0]!)!.attrs) {
    const r = resolveSealed(state, component, { [arr[0]!]: at.name }, partitions);
    if (!r.ok) continue;
    const failed = sealedChecks(state, r.site).find((c) => !c.holds);
    if (failed) reasons.push(`keyed by ${arr[0]}.${at.name}: ${failed.reasons[0] ?? failed.sentence}`);
  }
  return reasons.length ? [`${component}: ${reasons.join('; ')}`] : [`${component}: no key applies`];
}

export const partitionSealed: Rewrite<PartitionSite> = {
  name: 'partition-sealed',
  summary: 'partition a component by a key that splits an aggregation\'s groups: each partition aggregates its share, a combiner merges the partials (count and sum add, max and min take the extreme) and runs the rules that read the aggregate; groups forgotten by a guard are sealed',
  find: (state, options) => findSealed(state, options?.partitions ?? 2),
  precondition: sealedPrecondition,
  obligations: sealedStepObligations,
  apply: applySealed,
};
