/**
 * Discharging a step's obligations with Z3, remembering verdicts by script
 * text: the automatic planner tries candidate keys, and the certify pipeline
 * then asks about the chosen ones again; the same formula is solved once.
 */
import { discharge, type Obligation, type ObligationResult } from '../certify/obligation.js';
import type { StepObligations } from './types.js';

export class ObligationCache {
  private readonly bySmt = new Map<string, ObligationResult>();

  /** Verdicts of every obligation of the step, in order (already decided ones reused). */
  async discharge(o: StepObligations, timeoutMs?: number): Promise<ObligationResult[]> {
    const out: ObligationResult[] = [];
    for (const ob of o.obligations) {
      const known = o.decided.get(ob.id) ?? this.bySmt.get(ob.smt);
      if (known) {
        out.push({ ...known, obligation: ob });
        continue;
      }
      const [r] = await discharge([ob as Obligation], timeoutMs === undefined ? {} : { timeoutMs });
      if (!r) throw new Error('bug: discharge returned nothing');
      if (r.verdict.kind !== 'unknown') this.bySmt.set(ob.smt, r);
      out.push(r);
    }
    return out;
  }
}
