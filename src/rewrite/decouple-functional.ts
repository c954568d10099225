/**
 * Functional decoupling: the moved rules have no negation or aggregation over
 * changing facts and join at most one changing relation per body, so each fact
 * the old component forwards is handled on its own whenever it arrives; the
 * old component must not read what they derive.
 */
import { applyDecouple, decouplePrecondition } from './decouple.js';
import { findDecouplings } from './find-decouplings.js';
import type { DecoupleSite, Rewrite } from './types.js';

export const decoupleFunctional: Rewrite<DecoupleSite> = {
  name: 'decouple-functional',
  summary: 'move functional rules (no negation or aggregation, one changing relation per body) to a new component; the old one forwards what they read',
  find: (state) => findDecouplings(state, 'functional'),
  precondition: (state, site) => decouplePrecondition(state, site, 'functional'),
  obligations: async (state, site) => ({ checks: decouplePrecondition(state, site, 'functional').checks, obligations: [], decided: new Map(), facts: [] }),
  apply: (state, site) => applyDecouple(state, site, 'functional'),
};
