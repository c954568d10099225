/** The solver layer: verdicts, models, literals, and a clean shutdown. One Z3 context for the file. */
import { afterAll, describe, expect, it } from 'vitest';
import { parseValue, shutdownZ3, solveSmtLib, z3Version } from '../../src/smt/z3.js';
import { literal, Script } from '../../src/smt/script.js';
import { describeVerdict, isProved } from '../../src/smt/verdict.js';

afterAll(async () => {
  await shutdownZ3();
});

describe('z3', () => {
  it('reports its version', async () => {
    expect(await z3Version()).toMatch(/^Z3 4\./);
  });

  it('unsat is proved', async () => {
    const r = await solveSmtLib('(declare-fun h (Int) Int)(declare-const x Int)(declare-const y Int)(assert (= x y))(assert (not (= (h x) (h y))))', { timeoutMs: 5000 });
    expect(r.verdict).toEqual({ kind: 'proved' });
    expect(isProved(r.verdict)).toBe(true);
  });

  it('sat is refuted, with the model', async () => {
    const r = await solveSmtLib('(declare-const x Int)(declare-const s String)(declare-const b Bool)(assert (> x 41))(assert (< x 43))(assert (= s "a""b"))(assert b)', { timeoutMs: 5000 });
    expect(r.verdict.kind).toBe('refuted');
    if (r.verdict.kind === 'refuted') expect(r.verdict.model).toEqual({ x: 42, s: 'a"b', b: true });
    expect(isProved(r.verdict)).toBe(false);
  });

  it('a solver error is unknown, never a pass', async () => {
    const r = await solveSmtLib('(assert (= x 1))', { timeoutMs: 5000 });
    expect(r.verdict.kind).toBe('unknown');
    expect(describeVerdict(r.verdict)).toContain('solver error');
    expect(isProved(r.verdict)).toBe(false);
  });

  it('a timeout is unknown', async () => {
    // A hard nonlinear problem with a 1 ms limit.
    const r = await solveSmtLib(
      '(declare-const a Int)(declare-const b Int)(declare-const c Int)(assert (> a 1))(assert (> b 1))(assert (> c 1))(assert (= (+ (* a a a) (* b b b)) (* c c c)))',
      { timeoutMs: 1 },
    );
    expect(r.verdict.kind).toBe('unknown');
  });

  it('literals round-trip through Z3 (quotes, backslashes, non-ASCII, negatives)', async () => {
    for (const v of ['plain', 'q"uote', 'back\\slash', 'ünï', 'tab\there', -17, 0, true, false]) {
      const s = new Script();
      const c = s.declareConst('c', typeof v === 'number' ? 'Int' : typeof v === 'boolean' ? 'Bool' : 'String');
      s.assert(`(= ${c} ${literal(v)})`);
      const r = await solveSmtLib(s.text(), { timeoutMs: 5000 });
      expect(r.verdict.kind === 'refuted' ? r.verdict.model['c'] : undefined, String(v)).toEqual(v);
    }
    expect(parseValue('(- 5)')).toBe(-5);
  });
});
