/**
 * Monotonic decoupling (CALM): the moved rules are monotonic, so with the
 * facts the old component forwards persisted on arrival, the order they
 * arrive in cannot change what they derive; the old component must not read
 * what they derive.
 */
import { applyDecouple, decouplePrecondition } from './decouple.js';
import { findDecouplings } from './find-decouplings.js';
import type { DecoupleSite, Rewrite } from './types.js';

export const decoupleMonotonic: Rewrite<DecoupleSite> = {
  name: 'decouple-monotonic',
  summary: 'move monotonic rules to a new component; the old one forwards what they read, persisted on arrival',
  find: (state) => findDecouplings(state, 'monotonic'),
  precondition: (state, site) => decouplePrecondition(state, site, 'monotonic'),
  obligations: async (state, site) => ({ checks: decouplePrecondition(state, site, 'monotonic').checks, obligations: [], decided: new Map(), facts: [] }),
  apply: (state, site) => applyDecouple(state, site, 'monotonic'),
};
