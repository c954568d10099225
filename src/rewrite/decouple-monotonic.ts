/**
 * Monotonic decoupling (CALM): the moved rules are monotonic, so with the
 * facts the old component forwards persisted on arrival, the order they
 * arrive in cannot change what they derive; the old component must not read
 * what they derive.
 *
 * The precondition is the syntactic check (no negation of a changing
 * relation, aggregates only as thresholds). Each of its findings is also an
 * obligation for Z3 (src/certify/monotonic-check.ts): a rule that negates, or
 * passes on a running aggregate, is asked for facts I ⊆ I' with a head
 * derived from I and not from I'. When the precondition holds there is none
 * to ask; when it fails, Z3's answer is the refusal's evidence (`sat`: the
 * facts, in the program's values, that a late arrival flips).
 */
import { applyDecouple, analyzeDecouple, decouplePrecondition, lateRelations } from './decouple.js';
import { findDecouplings } from './find-decouplings.js';
import { monotonic } from '../analysis/properties.js';
import { contextOf } from '../analysis/scope.js';
import { monotonicObligations, type MonotonicObligation } from '../certify/monotonic-check.js';
import type { DecoupleSite, ProgramState, Rewrite } from './types.js';

/** The moved rules' monotonicity as Z3 obligations (empty when the syntactic check finds nothing to ask). */
export function monotonicityObligations(state: ProgramState, site: DecoupleSite): MonotonicObligation[] {
  const a = analyzeDecouple(state, site);
  const late = lateRelations(a);
  const program = state.program;
  const reasons = monotonic(program, { component: a.component, rules: [...a.moved, ...a.helpers] }).reasons;
  const nonThreshold = new Set(
    a.moved
      .filter((r) => r.head.aggregateIndex !== undefined)
      .map((r) => r.head.relation)
      .filter((rel) => reasons.some((x) => (x.includes('aggregate') && x.includes(`\`${rel}\``)) || (x.includes('aggregates with') && a.moved.some((r) => r.head.relation === rel && x.includes(r.text))))),
  );
  const ctx = contextOf(program, state.deployment.edb);
  return monotonicObligations({ program, env: { singletons: ctx.singletons, constants: ctx.constants }, component: a.component, into: a.into, rules: a.moved, late, nonThresholdAggregates: nonThreshold });
}

export const decoupleMonotonic: Rewrite<DecoupleSite> = {
  name: 'decouple-monotonic',
  summary: 'move monotonic rules to a new component; the old one forwards what they read, persisted on arrival',
  find: (state) => findDecouplings(state, 'monotonic'),
  precondition: (state, site) => decouplePrecondition(state, site, 'monotonic'),
  obligations: async (state, site) => ({ checks: decouplePrecondition(state, site, 'monotonic').checks, obligations: monotonicityObligations(state, site), decided: new Map(), facts: [] }),
  apply: (state, site) => applyDecouple(state, site, 'monotonic'),
};
