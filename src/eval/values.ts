/**
 * Operations on run-time values shared by every evaluator: integer arithmetic
 * with the language's overflow and division rules, comparisons and aggregate
 * folding. Errors are reported without throwing: arithmetic returns NaN and
 * {@link arithErrorMessage} says why.
 */
import type { AggregateFn, ArithOp, CmpOp } from '../syntax/ast.js';
import type { Value } from '../ir/types.js';

/** Largest magnitude an `int` may reach is 2^53 - 1 (a safe JavaScript integer). */
export const MAX_INT = Number.MAX_SAFE_INTEGER;

/**
 * `a op b` on ints: `/` truncates toward zero, `%` has the sign of `a`
 * (JavaScript's), and the result must be a safe integer (|x| < 2^53).
 * Returns NaN on division or modulo by zero and on overflow; the caller turns
 * that into an error with {@link arithErrorMessage}. Never returns -0.
 */
export function arith(op: ArithOp, a: number, b: number): number {
  let r: number;
  switch (op) {
    case '+':
      r = a + b;
      break;
    case '-':
      r = a - b;
      break;
    case '*':
      r = a * b;
      break;
    case '/': {
      if (b === 0) return NaN;
      // Exact: a - (a % b) is a multiple of b and no larger than a.
      r = (a - (a % b)) / b;
      break;
    }
    case '%':
      if (b === 0) return NaN;
      r = a % b;
      break;
  }
  if (!Number.isSafeInteger(r)) return NaN;
  return r === 0 ? 0 : r;
}

/** Why `arith(op, a, b)` returned NaN. */
export function arithErrorMessage(op: ArithOp, a: number, b: number): string {
  if ((op === '/' || op === '%') && b === 0) {
    return `${op === '/' ? 'division' : 'modulo'} by zero: ${a} ${op} ${b}`;
  }
  return `integer overflow: ${a} ${op} ${b} is not a safe integer (|x| < 2^53)`;
}

/**
 * Orders two values of the same type: ints numerically, strings by UTF-16 code
 * units, `false < true`. Returns negative, zero or positive.
 */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : 1;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  // Different types never meet in a checked program; order them by type name
  // so the result is still a total order.
  return typeof a < typeof b ? -1 : 1;
}

/** The comparison literal `a op b`. */
export function compareOp(op: CmpOp, a: Value, b: Value): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return compareValues(a, b) < 0;
    case '<=':
      return compareValues(a, b) <= 0;
    case '>':
      return compareValues(a, b) > 0;
    case '>=':
      return compareValues(a, b) >= 0;
  }
}

/** The result of folding an aggregate: a value, or an error message (sum overflow). */
export type AggregateResult = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly message: string };

/**
 * Folds an aggregate over the DISTINCT values of one group (the caller
 * deduplicates; `values` must be non-empty): `count` is how many, `sum` adds
 * them (overflow is an error), `min`/`max` by {@link compareValues}.
 */
export function foldAggregate(fn: AggregateFn, values: readonly Value[]): AggregateResult {
  switch (fn) {
    case 'count':
      return { ok: true, value: values.length };
    case 'sum': {
      // The error depends only on the exact total, not on the order of the
      // values: fall back to exact BigInt addition when a partial sum leaves
      // the safe range.
      let s = 0;
      for (let i = 0; i < values.length; i++) {
        const r = s + (values[i] as number);
        if (!Number.isSafeInteger(r)) return sumExactly(values);
        s = r;
      }
      return { ok: true, value: s === 0 ? 0 : s };
    }
    case 'min':
    case 'max': {
      let best = values[0] as Value;
      for (let i = 1; i < values.length; i++) {
        const v = values[i] as Value;
        const c = compareValues(v, best);
        if (fn === 'min' ? c < 0 : c > 0) best = v;
      }
      return { ok: true, value: best };
    }
  }
}

function sumExactly(values: readonly Value[]): AggregateResult {
  let s = 0n;
  for (const v of values) s += BigInt(v as number);
  const n = Number(s);
  if (BigInt(n) === s && Number.isSafeInteger(n)) return { ok: true, value: n };
  return { ok: false, message: `integer overflow: sum of ${values.length} values is ${s}, not a safe integer (|x| < 2^53)` };
}
