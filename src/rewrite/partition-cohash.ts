/**
 * Partitioning with co-hashing: every relation that arrives at the component
 * is keyed by one of its attributes, and the keys make every join,
 * aggregation group, negation and derived head local (Z3 decides, with no
 * functional dependency assumed). Senders route by `hash(key) % k`.
 */
import { applyPartition, partitionPrecondition, partitionStepObligations } from './partition.js';
import { findPartitionings } from './find-partitionings.js';
import type { PartitionSite, Rewrite } from './types.js';

export const partitionCohash: Rewrite<PartitionSite> = {
  name: 'partition-cohash',
  summary: 'run a component as K partitions, every message routed by the hash of one of its attributes (co-hashing)',
  find: (state, options) => findPartitionings(state, 'cohash', options?.partitions ?? 2),
  precondition: (state, site) => partitionPrecondition(state, site, 'cohash'),
  obligations: async (state, site) => {
    const o = await partitionStepObligations(state, site, 'cohash');
    return { ...o, checks: partitionPrecondition(state, site, 'cohash').checks };
  },
  apply: (state, site) => applyPartition(state, site),
};
