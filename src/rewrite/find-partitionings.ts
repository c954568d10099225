/**
 * Proposing partitionings: for every component that can run as partitions
 * (not client-facing, not partitioned or partition-aware already), the
 * candidate keys of the key search (src/analysis/keys.ts), completed with a
 * key for every arriving relation that any key suits (one read alone by
 * rules that only forward it). Candidates are syntactic; Z3 decides.
 */
import type { Term } from '../analysis/term.js';
import { findKeys, keyedRelations } from '../analysis/keys.js';
import { fdsByRelation, inferFds } from '../analysis/fds.js';
import { componentScope } from '../analysis/scope.js';
import { printDistribution, type DistributionPolicy } from '../certify/policy.js';
import { completePolicy } from '../certify/routing.js';
import { analysisContext, arriving, partitionPrecondition, partitionSiteProblems, type PartitionKind } from './partition.js';
import { clientFacing } from './find-decouplings.js';
import type { PartitionSite, ProgramState } from './types.js';

/** Picks an attribute of a relation as its key when any would do: the preferred names first, then ints, then the first. */
export type AttrPreference = (relation: string, attrs: readonly { name: string; type: string }[]) => number;

export const defaultPreference: AttrPreference = (_relation, attrs) => {
  const i = attrs.findIndex((a) => a.type === 'int');
  return i >= 0 ? i : 0;
};

export function partitionCandidates(state: ProgramState, component: string, kind: PartitionKind, partitions: number, prefer: AttrPreference = defaultPreference, limit = 6): PartitionSite[] {
  if (partitionSiteProblems(state, component, partitions).length > 0 || clientFacing(state, component)) return [];
  const ctx = analysisContext(state);
  const scope = componentScope(state.program, component);
  const fds = kind === 'dependencies' ? fdsByRelation(inferFds(ctx)) : new Map();
  const found = findKeys(ctx, scope, fds, { limit });
  const seeds = found.length > 0 ? found : keyedRelations(ctx, scope).needed.length === 0 ? [new Map<string, Term>()] : [];
  const arr = arriving(state.program, component);
  const out: PartitionSite[] = [];
  const seen = new Set<string>();
  for (const keys of seeds) {
    const full = new Map(keys);
    for (const x of arr) {
      if (full.has(x)) continue;
      const attrs = state.program.relations.get(x)!.attrs;
      if (attrs.length === 0) continue;
      const i = prefer(x, attrs);
      const a = attrs[i]!;
      full.set(x, { kind: 'attr', index: i, name: a.name, type: a.type });
    }
    const given: DistributionPolicy = { keys: full, everywhere: new Set() };
    const policy = completePolicy(ctx, component, given, fds);
    const text = printDistribution(policy);
    if (seen.has(text)) continue;
    seen.add(text);
    const site: PartitionSite = { kind: 'partition', component, policy, given: printDistribution(given), partitions };
    if (partitionPrecondition(state, site, kind).holds) out.push(site);
  }
  return out;
}

export function findPartitionings(state: ProgramState, kind: PartitionKind, partitions: number): PartitionSite[] {
  return [...state.program.components.keys()].flatMap((c) => partitionCandidates(state, c, kind, partitions));
}
