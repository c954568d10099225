/**
 * Why a decoupling is refused, with Z3's values: the moved rules' findings
 * under the syntactic monotonicity check become obligations
 * (src/certify/monotonic-check.ts), and the first one Z3 refutes (one whose
 * negated relation crosses the new channel first) is the counterexample: the
 * facts before, the fact that arrives late, and the head derived without it.
 * Those facts then drive the simulator run of the step applied anyway.
 */
import { formatFact } from '../sim/values.js';
import { monotonicityObligations } from '../rewrite/decouple-monotonic.js';
import { analyzeDecouple } from '../rewrite/decouple.js';
import { monotonicCounterexample, type MonotonicObligation } from '../certify/monotonic-check.js';
import type { ObligationCache, Solved } from '../rewrite/solve.js';
import type { Check, DecoupleSite, ProgramState } from '../rewrite/types.js';
import type { ModelFact } from './counterexample-workload.js';

export interface DecoupleRefusalEvidence {
  readonly solved: readonly Solved<MonotonicObligation>[];
  /** The refuted obligation shown, in the program's terms. */
  readonly counterexample?: { readonly obligation: string; readonly ruleText: string; readonly lines: readonly string[] };
  /** Its facts (without the head), for the simulator run. */
  readonly facts: readonly ModelFact[];
  /**
   * Set when the refusal rests on the solver alone (every failing check is a
   * kind check, i.e. about the moved rules' monotonicity) and Z3 could not
   * decide: the step is unknown, not refuted.
   */
  readonly unknown?: Solved<MonotonicObligation>;
}

/** Checks about the rule kind (independent, functional, monotonic), as opposed to the shape of the split. */
const isKindCheck = (c: Check): boolean => /\.(independent|functional|monotonic)$/.test(c.id);

export async function decoupleRefusalEvidence(state: ProgramState, site: DecoupleSite, failed: readonly Check[], cache: ObligationCache, timeoutMs: number, rlimit?: number): Promise<DecoupleRefusalEvidence> {
  const obligations = monotonicityObligations(state, site);
  const solved = await cache.discharge(obligations, timeoutMs, new Map(), rlimit);
  const refuted = solved.find((r) => r.verdict.kind === 'refuted');
  if (refuted && refuted.verdict.kind === 'refuted') {
    const o = refuted.obligation;
    const facts = monotonicCounterexample(o, refuted.verdict.model);
    const forwarded = analyzeDecouple(state, site).feeds.some((f) => f.how !== 'proxy' && f.relation === o.relation);
    const lines = facts.map((f) => {
      const fact = formatFact(f.relation, f.tuple);
      if (f.role === 'before') return `before ${fact}`;
      if (f.role === 'head') return `head   ${fact}   derived from the facts before; not once the late fact is there`;
      return o.crosses
        ? `late   ${fact}   ${forwarded ? `${site.component} forwards it to ${site.into}` : `${site.into} derives it from what ${site.component} forwards`}: in the original it holds in the same tick, on ${site.into} it may arrive after the rule fired`
        : `late   ${fact}   a fact that arrives later takes the head back (the rule is not monotonic)`;
    });
    return {
      solved,
      counterexample: { obligation: o.id, ruleText: state.program.rules[o.rule]!.text, lines },
      facts: facts.filter((f) => f.role !== 'head').map((f) => ({ relation: f.relation, tuple: f.tuple })),
    };
  }
  const unknown = solved.find((r) => r.verdict.kind === 'unknown');
  if (unknown && failed.length > 0 && failed.every(isKindCheck)) return { solved, facts: [], unknown };
  return { solved, facts: [] };
}
