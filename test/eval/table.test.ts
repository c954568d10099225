/**
 * The tick table across ticks: cleared and refilled, large or small, it holds
 * exactly what was inserted since the last clear (a table keeps its large
 * buffers from tick to tick, and gives them up when a tick uses few of them).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Table } from '../../src/eval/table.js';

const row = (a: number, b: number): Int32Array => Int32Array.of(a, b);
const identity = Int32Array.of(0, 1);

function fill(t: Table, rows: readonly (readonly [number, number])[]): void {
  for (const [a, b] of rows) t.insert(row(a, b), 0, -1);
}

/** Set content and index groups agree with a plain set of what was inserted. */
function expectHolds(t: Table, rows: readonly (readonly [number, number])[], absent: readonly (readonly [number, number])[]): void {
  const want = new Set(rows.map(([a, b]) => `${a},${b}`));
  expect(t.count).toBe(want.size);
  for (const [a, b] of rows) expect(t.find(row(a, b), identity)).toBeGreaterThanOrEqual(0);
  for (const [a, b] of absent) if (!want.has(`${a},${b}`)) expect(t.find(row(a, b), identity)).toBe(-1);
  const ix = t.index([0]);
  ix.sync();
  expect(ix.groupCount).toBe(new Set(rows.map(([a]) => a)).size);
}

describe('tick table', () => {
  it('refilled after a clear, at sizes on both sides of the kept-buffer threshold, holds exactly the new rows', () => {
    const sizeArb = fc.constantFrom(0, 3, 100, 2047, 2049, 5000, 20_000);
    fc.assert(
      fc.property(fc.array(fc.tuple(sizeArb, fc.integer({ min: 0, max: 1000 })), { minLength: 2, maxLength: 5 }), (ticks) => {
        const t = new Table(2);
        let previous: [number, number][] = [];
        for (const [n, shift] of ticks) {
          t.clear();
          const rows: [number, number][] = Array.from({ length: n }, (_, i) => [(i * 7 + shift) % 3001, i + shift]);
          fill(t, rows);
          expectHolds(t, rows, previous.slice(0, 200));
          previous = rows;
        }
      }),
      { numRuns: 12, seed: 3 },
    );
  });
});
