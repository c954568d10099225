/**
 * The tester against mutants of the scalable voting protocol (the full
 * mutation score over every scalable corpus program is
 * bench/mutation-score.ts's job; see bench/RESULTS.md, "Mutation score").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkedMutants, OPERATORS } from '../../bench/mutate.js';
import { differentialTest, loadPair } from '../../src/equiv/index.js';
import { MODELS } from '../../models/index.js';
import { ROOT } from '../sim/helpers.js';

const scalable = readFileSync(`${ROOT}corpus/voting-scalable.ded`, 'utf8');
const pair = loadPair(`${ROOT}corpus/voting.ded`, `${ROOT}corpus/voting-scalable.ded`, { models: MODELS });
if (!pair.ok) throw new Error('voting does not load');

describe('mutants of voting-scalable', () => {
  const { mutants } = checkedMutants(scalable);

  it('come from every operator that applies, and all check', () => {
    const ops = new Set(mutants.map((m) => m.operator));
    for (const op of ['drop-literal', 'swap-join-var', 'partition-key', 'drop-persistence'] as const) expect(ops.has(op), op).toBe(true);
    expect(OPERATORS).toContain('next-to-sync');
  });

  it('the tester catches votes sent to every collector partition and a forgotten tally, and passes rewrites that change nothing observable', () => {
    const judge = (pick: (d: string) => boolean) => {
      const m = mutants.find((x) => pick(x.description));
      if (!m) throw new Error('no such mutant');
      return differentialTest({ ...pair, rewritten: { ...pair.rewritten, program: m.program } }, { runs: 40, shrinkMs: 500 }).verdict;
    };
    // Without `j = hash(i) % k`, every collector partition gets every vote, and each one answers.
    expect(judge((d) => d.startsWith('vote@q') && !(d.split('=>')[1] ?? '').includes('hash('))).toBe('counterexample');
    // The collector forgets votes between ticks: a request whose votes arrive in different ticks is never answered.
    expect(judge((d) => d.startsWith('removed votes(c, i, v, p) :+'))).toBe('counterexample');
    // Routing votes by the client instead of the request id still sends every vote of a request to one collector.
    expect(judge((d) => d.startsWith('vote@q') && (d.split('=>')[1] ?? '').includes('hash(c)'))).toBe('no-difference');
    // Without `collector(o)`, votes also go to nodes that ignore them.
    expect(judge((d) => d.startsWith('vote@q') && !(d.split('=>')[1] ?? '').includes('collector(o)'))).toBe('no-difference');
  });
});
