/**
 * Helpers for the evaluator tests: run a tick with both the real evaluator and
 * the naive reference, and compare results as sorted sets.
 */
import { expect } from 'vitest';
import type { CheckedProgram, Tuple } from '../../src/ir/types.js';
import { compileComponent } from '../../src/eval/evaluator.js';
import type { FnImpl, TickInput, TickOutcome, TickResult } from '../../src/eval/types.js';
import { naiveTick } from '../reference/naive.js';

/** Facts as a plain object: relation name to tuples. */
export type Facts = Readonly<Record<string, readonly Tuple[]>>;

export function input(facts: Facts = {}, edb: Facts = {}): TickInput {
  return { facts: new Map(Object.entries(facts)), edb: new Map(Object.entries(edb)) };
}

/** A result as sorted lines, so two results compare as sets. */
export interface CanonicalResult {
  readonly facts: string[];
  readonly next: string[];
  readonly sent: string[];
  readonly outputs: string[];
}

function lines(m: ReadonlyMap<string, readonly Tuple[]>): string[] {
  return [...m].flatMap(([name, tuples]) => tuples.map((t) => `${name}${JSON.stringify(t)}`)).sort();
}

export function canonical(r: TickResult): CanonicalResult {
  return {
    facts: lines(r.facts),
    next: lines(r.next),
    sent: r.sent.map((s) => `${s.relation}@${JSON.stringify(s.dest)}${JSON.stringify(s.tuple)} by ${s.rule}`).sort(),
    outputs: r.outputs.map((o) => `${o.relation}${JSON.stringify(o.tuple)} by ${o.rule}`).sort(),
  };
}

/** Whether a result has duplicate facts, messages or outputs (set semantics forbids them). */
export function duplicates(r: TickResult): string[] {
  const c = canonical(r);
  const all = [...c.facts.map((l) => `fact ${l}`), ...c.next.map((l) => `next ${l}`), ...c.sent.map((l) => `sent ${l}`), ...c.outputs.map((l) => `out ${l}`)];
  return all.filter((l, i) => i > 0 && all[i - 1] === l);
}

/**
 * Runs one tick with both evaluators, asserts they agree (same success, same
 * sets), and returns the real evaluator's outcome.
 */
export function tickBoth(program: CheckedProgram, component: string, inp: TickInput, fns?: ReadonlyMap<string, FnImpl>): TickOutcome {
  const fast = compileComponent(program, component, fns).tick(inp);
  const naive = naiveTick(program, component, inp, fns);
  agree(fast, naive);
  return fast;
}

/** Asserts two outcomes agree: both errors, or equal results as sets. */
export function agree(fast: TickOutcome, naive: TickOutcome): void {
  expect(fast.ok, `fast ${describe(fast)} / naive ${describe(naive)}`).toBe(naive.ok);
  if (fast.ok && naive.ok) {
    expect(duplicates(fast.result)).toEqual([]);
    expect(canonical(fast.result)).toEqual(canonical(naive.result));
  }
}

function describe(o: TickOutcome): string {
  return o.ok ? 'ok' : `error in rule ${o.error.rule}: ${o.error.message}`;
}

/** The result of a successful outcome (fails the test otherwise). */
export function ok(o: TickOutcome): TickResult {
  if (!o.ok) throw new Error(`tick failed in rule ${o.error.rule}: ${o.error.message}`);
  return o.result;
}

/** The tuples of `relation` in a fact map, sorted. */
export function tuples(m: ReadonlyMap<string, readonly Tuple[]>, relation: string): Tuple[] {
  return [...(m.get(relation) ?? [])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}
