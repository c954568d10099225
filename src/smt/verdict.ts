/**
 * What the solver says about an obligation. Every obligation is phrased as
 * "is there a violation?": `unsat` proves the property, `sat` refutes it with
 * a model (the violation, in concrete values), and anything else is
 * `unknown`, which never counts as a pass.
 */
import { match } from 'ts-pattern';
import type { Value } from '../ir/types.js';

/** Values of the model's constants, by SMT name. */
export type SmtModel = Readonly<Record<string, Value>>;

export type Verdict =
  | { readonly kind: 'proved' }
  | { readonly kind: 'refuted'; readonly model: SmtModel }
  | { readonly kind: 'unknown'; readonly reason: string };

export type VerdictKind = Verdict['kind'];

/** The `check-sat` answer that proves the property. */
export const EXPECTED_WHEN_PROVED = 'unsat';

export function isProved(v: Verdict): boolean {
  return match(v)
    .with({ kind: 'proved' }, () => true)
    .with({ kind: 'refuted' }, () => false)
    .with({ kind: 'unknown' }, () => false)
    .exhaustive();
}

/** The SMT-LIB answer a verdict corresponds to. */
export function satAnswer(v: Verdict): 'sat' | 'unsat' | 'unknown' {
  return match(v)
    .with({ kind: 'proved' }, () => 'unsat' as const)
    .with({ kind: 'refuted' }, () => 'sat' as const)
    .with({ kind: 'unknown' }, () => 'unknown' as const)
    .exhaustive();
}

export function describeVerdict(v: Verdict): string {
  return match(v)
    .with({ kind: 'proved' }, () => 'proved')
    .with({ kind: 'refuted' }, () => 'refuted')
    .with({ kind: 'unknown' }, (u) => `unknown (${u.reason})`)
    .exhaustive();
}
