/** Every rewrite of the engine, by name. */
import { decoupleFunctional } from './decouple-functional.js';
import { decoupleIndependent } from './decouple-independent.js';
import { decoupleMonotonic } from './decouple-monotonic.js';
import { decoupleAsymmetric } from './decouple-asymmetric.js';
import { decoupleBatched } from './decouple-batched.js';
import { partitionCohash } from './partition-cohash.js';
import { partitionDependencies } from './partition-dependencies.js';
import { replicate } from './replicate.js';
import { partitionPartial } from './partition-partial.js';
import { carry } from './carry.js';
// Partitioning with sealing (a split aggregation group recombined by a combiner).
import { partitionSealed } from './partition-sealed.js';
import type { CarrySite, DecoupleSite, PartitionSite, Rewrite, RewriteName } from './types.js';

export type AnyRewrite = Rewrite<DecoupleSite> | Rewrite<PartitionSite> | Rewrite<CarrySite>;

export const REWRITES: readonly AnyRewrite[] = [decoupleIndependent, decoupleFunctional, decoupleMonotonic, decoupleAsymmetric, decoupleBatched, partitionCohash, partitionDependencies, partitionPartial, replicate, carry, partitionSealed];

export function rewriteByName(name: RewriteName): AnyRewrite {
  const r = REWRITES.find((x) => x.name === name);
  if (!r) throw new Error(`bug: no rewrite ${name}`);
  return r;
}
