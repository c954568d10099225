/**
 * Mutually independent decoupling: the moved rules and the rules left behind
 * read nothing the other derives and share no input. The moved rules get
 * their inputs directly (senders redirected; client inputs through the old
 * component as a proxy); no condition on what they compute.
 */
import { applyDecouple, decouplePrecondition } from './decouple.js';
import { findDecouplings } from './find-decouplings.js';
import type { DecoupleSite, Rewrite } from './types.js';

export const decoupleIndependent: Rewrite<DecoupleSite> = {
  name: 'decouple-independent',
  summary: 'move rules that share nothing with the rest of their component to a new component; their senders send to it directly',
  find: (state) => findDecouplings(state, 'independent'),
  precondition: (state, site) => decouplePrecondition(state, site, 'independent'),
  obligations: async (state, site) => ({ checks: decouplePrecondition(state, site, 'independent').checks, obligations: [], decided: new Map(), facts: [] }),
  apply: (state, site) => applyDecouple(state, site, 'independent'),
};
