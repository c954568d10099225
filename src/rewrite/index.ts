/** The rewrite engine: rewrites as data, plans, and the automatic planner. */
export type { Rewrite, RewriteName, Site, DecoupleSite, PartitionSite, CarrySite, ProgramState, Precondition, Check, StepObligations, Applied } from './types.js';
export { REWRITE_NAMES } from './types.js';
export { decoupleIndependent } from './decouple-independent.js';
export { decoupleFunctional } from './decouple-functional.js';
export { decoupleMonotonic } from './decouple-monotonic.js';
export { decoupleAsymmetric } from './decouple-asymmetric.js';
export { decoupleBatched } from './decouple-batched.js';
export { partitionCohash } from './partition-cohash.js';
export { partitionDependencies } from './partition-dependencies.js';
export { partitionPartial } from './partition-partial.js';
export { carry } from './carry.js';
export { partitionSealed } from './partition-sealed.js';
export { REWRITES, rewriteByName } from './catalog.js';
export { stateFromText, finish } from './engine.js';
