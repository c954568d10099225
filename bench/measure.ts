/** Timing of one tick with the real evaluator and with the naive reference. */
import { compileComponent } from '../src/eval/evaluator.js';
import type { CheckedProgram, Tuple } from '../src/ir/types.js';
import type { TickInput, TickResult } from '../src/eval/types.js';
import { NaiveTimeout, naiveTick } from '../test/reference/naive.js';
import { compileSource } from '../test/support/compile.js';
import type { Workload } from './workloads.js';

export interface TickRun {
  readonly ms: number;
  /** Facts true in the tick that were not given (derived by rules). */
  readonly derived: number;
}

function distinctGiven(facts: ReadonlyMap<string, readonly Tuple[]>): number {
  let n = 0;
  for (const tuples of facts.values()) n += new Set(tuples.map((t) => JSON.stringify(t))).size;
  return n;
}

function derivedIn(r: TickResult, given: number): number {
  let n = 0;
  for (const tuples of r.facts.values()) n += tuples.length;
  return n - given;
}

export interface Prepared {
  readonly program: CheckedProgram;
  readonly input: TickInput;
  readonly given: number;
}

export function prepare(w: Workload): Prepared {
  return { program: compileSource(w.ded), input: { facts: w.facts, edb: new Map() }, given: distinctGiven(w.facts) };
}

/** Compiles the component (timed) and returns a function running one timed tick. */
export function ours(p: Prepared, component: string): { readonly compileMs: number; readonly run: () => TickRun } {
  const t0 = performance.now();
  const ev = compileComponent(p.program, component);
  const compileMs = performance.now() - t0;
  return {
    compileMs,
    run: () => {
      const t = performance.now();
      const out = ev.tick(p.input);
      const ms = performance.now() - t;
      if (!out.ok) throw new Error(`tick failed: ${out.error.message}`);
      return { ms, derived: derivedIn(out.result, p.given) };
    },
  };
}

/** One naive tick, or `capped` if it did not finish within `deadlineMs`. */
export function naive(p: Prepared, component: string, deadlineMs: number): TickRun | { readonly capped: number } {
  const t = performance.now();
  try {
    const out = naiveTick(p.program, component, p.input, new Map(), { deadlineMs });
    const ms = performance.now() - t;
    if (!out.ok) throw new Error(`naive tick failed: ${out.error.message}`);
    return { ms, derived: derivedIn(out.result, p.given) };
  } catch (e) {
    if (e instanceof NaiveTimeout) return { capped: performance.now() - t };
    throw e;
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
