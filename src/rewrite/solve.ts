/**
 * Discharging a step's obligations with Z3, remembering verdicts by script
 * text: the automatic planner tries candidate keys, and the certify pipeline
 * then asks about the chosen ones again; the same formula is solved once.
 */
import { DEFAULT_TIMEOUT_MS } from '../certify/obligation.js';
import { solveSmtLib } from '../smt/z3.js';
import type { Verdict } from '../smt/verdict.js';

/** Any obligation: a stable id, a sentence, and the SMT-LIB script whose `unsat` proves it. */
export interface AnyObligation {
  readonly id: string;
  readonly kind: string;
  readonly sentence: string;
  readonly smt: string;
}

export interface Solved<O extends AnyObligation = AnyObligation> {
  readonly obligation: O;
  readonly verdict: Verdict;
  readonly ms: number;
}

export class ObligationCache {
  private readonly bySmt = new Map<string, { verdict: Verdict; ms: number }>();

  /** Verdicts of the obligations, in order (already decided ones reused). `rlimit`: Z3's resource limit per obligation (src/smt/z3.ts). */
  async discharge<O extends AnyObligation>(obligations: readonly O[], timeoutMs = DEFAULT_TIMEOUT_MS, decided: ReadonlyMap<string, Solved> = new Map(), rlimit?: number): Promise<Solved<O>[]> {
    const out: Solved<O>[] = [];
    for (const ob of obligations) {
      const known = decided.get(ob.id) ?? this.bySmt.get(ob.smt);
      if (known) {
        out.push({ obligation: ob, verdict: known.verdict, ms: known.ms });
        continue;
      }
      const r = await solveSmtLib(ob.smt, { timeoutMs, ...(rlimit === undefined ? {} : { rlimit }) });
      if (r.verdict.kind !== 'unknown') this.bySmt.set(ob.smt, r);
      out.push({ obligation: ob, verdict: r.verdict, ms: r.ms });
    }
    return out;
  }
}
