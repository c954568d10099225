/**
 * Partitioning with dependencies: keys may be terms (`hash(value) % buckets`)
 * that the sender computes, and locality may rest on functional dependencies
 * (`bucket = hash(value) % buckets`) and co-partition dependencies, which Z3
 * proves inductively before the partition-local obligations assume them.
 */
import { applyPartition, partitionPrecondition, partitionStepObligations } from './partition.js';
import { findPartitionings } from './find-partitionings.js';
import type { PartitionSite, Rewrite } from './types.js';

export const partitionDependencies: Rewrite<PartitionSite> = {
  name: 'partition-dependencies',
  summary: 'run a component as K partitions, messages routed by a key the sender computes (a term, through FDs and co-partition dependencies)',
  find: (state, options) => findPartitionings(state, 'dependencies', options?.partitions ?? 2),
  precondition: (state, site) => partitionPrecondition(state, site, 'dependencies'),
  obligations: async (state, site) => {
    const o = await partitionStepObligations(state, site, 'dependencies');
    return { ...o, checks: partitionPrecondition(state, site, 'dependencies').checks };
  },
  apply: (state, site) => applyPartition(state, site),
};
