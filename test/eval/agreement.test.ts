/**
 * The law of the evaluator: on every well-formed program and input, the
 * semi-naive evaluator and the naive reference agree on success, facts, next
 * facts, messages and outputs (as sets), over two consecutive ticks of one
 * compiled evaluator (so state left from a tick cannot leak into the next).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileComponent } from '../../src/eval/evaluator.js';
import type { Tuple } from '../../src/ir/types.js';
import { naiveTick } from '../reference/naive.js';
import { compileSource } from '../support/compile.js';
import { randomCase } from './random-program.js';
import { agree, input } from './support.js';

describe('semi-naive evaluator = naive reference', () => {
  it('agrees on random stratified programs', () => {
    let errors = 0;
    let derived = 0;
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const c = randomCase(g);
        const program = compileSource(c.text);
        const fast = compileComponent(program, 'n');
        let carried: Record<string, Tuple[]> = {};
        for (const facts of c.facts) {
          const merged: Record<string, Tuple[]> = { ...facts };
          for (const [name, ts] of Object.entries(carried)) merged[name] = [...(merged[name] ?? []), ...ts];
          const inp = input(merged, c.edb);
          const a = fast.tick(inp);
          const b = naiveTick(program, 'n', inp);
          try {
            agree(a, b);
          } catch (e) {
            throw new Error(`${(e as Error).message}\nprogram:\n${c.text}\ninput: ${JSON.stringify(merged)} edb: ${JSON.stringify(c.edb)}`);
          }
          if (!a.ok) {
            errors++;
            break;
          }
          derived += a.result.facts.size;
          carried = Object.fromEntries(a.result.next);
        }
      }),
      // Shrinking a failure can take long: stop it after a while and report what it has.
      { numRuns: 300, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true },
    );
    // The generator must exercise both outcomes.
    expect(errors).toBeGreaterThan(0);
    expect(derived).toBeGreaterThan(0);
  });
});
