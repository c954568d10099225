/**
 * Obligations: the side conditions a rewrite relies on, each with a stable id,
 * a sentence for humans, and the SMT-LIB script whose `unsat` proves it.
 * Facts that need no solver (monotonicity, independence, state machines) are
 * recorded beside them as analysis facts (src/certify/facts.ts).
 */
import { createHash } from 'node:crypto';
import { match } from 'ts-pattern';
import { solveSmtLib } from '../smt/z3.js';
import type { Verdict } from '../smt/verdict.js';

export type ObligationKind =
  | 'fd-preserved'
  | 'cd-sound'
  | 'partition-join'
  | 'partition-group'
  | 'partition-negation'
  | 'partition-head'
  | 'partition-oblivious';

export interface Obligation {
  /** Stable for a given program text and policy; also the proof's file name. */
  readonly id: string;
  readonly kind: ObligationKind;
  readonly sentence: string;
  /** SMT-LIB 2: `unsat` proves the sentence. */
  readonly smt: string;
}

export interface ObligationResult<O extends Obligation = Obligation> {
  readonly obligation: O;
  readonly verdict: Verdict;
  readonly ms: number;
}

export interface CheckOptions {
  /** Per-obligation time limit in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export async function discharge<O extends Obligation>(obligations: readonly O[], options: CheckOptions = {}): Promise<ObligationResult<O>[]> {
  const out: ObligationResult<O>[] = [];
  for (const o of obligations) {
    const r = await solveSmtLib(o.smt, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    out.push({ obligation: o, verdict: r.verdict, ms: r.ms });
  }
  return out;
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

export function verdictWord(v: Verdict): string {
  return match(v)
    .with({ kind: 'proved' }, () => 'proved')
    .with({ kind: 'refuted' }, () => 'REFUTED')
    .with({ kind: 'unknown' }, (u) => `UNKNOWN (${u.reason})`)
    .exhaustive();
}
