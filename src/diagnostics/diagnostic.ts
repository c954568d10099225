import type { Span } from '../syntax/span.js';

/**
 * Stable diagnostic codes. A code never changes meaning once published; tests,
 * CI scripts and editors may match on it.
 */
export const DIAGNOSTIC_CODES = [
  // lexical
  'unterminated-string',
  'unexpected-character',
  'bad-number',
  // syntax
  'syntax-error',
  'rule-outside-component',
  // declarations
  'duplicate-declaration',
  'unknown-type',
  'reserved-name',
  // resolution
  'unknown-relation',
  'unknown-component',
  'unknown-function',
  'arity-mismatch',
  'type-mismatch',
  'unbound-variable',
  'expression-in-body-atom',
  'assign-to-non-variable',
  // aggregation
  'aggregate-outside-head',
  'multiple-aggregates',
  'bad-aggregate',
  // rule forms
  'missing-destination',
  'unexpected-destination',
  'destination-not-loc',
  'bad-head',
  // stratification
  'stratification-cycle',
  // files and inputs
  'io-error',
  'bad-input',
  // analysis and certificates
  'bad-policy',
  'unknown-component-name',
  'bad-proofs',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];
export type Severity = 'error' | 'warning' | 'note';

/** A problem in user input, as a value. Only bugs are thrown. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Where it is; absent for problems with no location (a missing file). */
  readonly span?: Span;
  /** The file it is in, when known. */
  readonly file?: string;
  /** Extra lines shown after the caret (hints, the cycle, candidates). */
  readonly notes?: readonly string[];
}

export function error(code: DiagnosticCode, message: string, span?: Span, notes?: readonly string[]): Diagnostic {
  return { code, severity: 'error', message, ...(span ? { span } : {}), ...(notes && notes.length ? { notes } : {}) };
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
