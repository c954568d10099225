/**
 * The hashset-kvs model: every invariant holds on the real protocol and is
 * violated by a protocol broken on purpose, so none of them holds vacuously.
 */
import { describe, expect, it } from 'vitest';
import { hashsetKvsModel } from '../../models/hashset-kvs.js';
import { corpusProtocol, corpusSetup, invariantResult, runSeeds, status, type ModelRun, type Setup } from './support.js';

const BASE = corpusProtocol('hashset-kvs.ded');

/** The model's verdicts on seeds 1..seeds. */
const runs = (s: Setup, seeds: number): ModelRun[] => runSeeds(hashsetKvsModel, s, seeds);

/** The violation messages of `invariant` over seeds 1..seeds. */
function violations(s: Setup, invariant: string, seeds = 50): string[] {
  return runs(s, seeds).flatMap((r) => invariantResult(r.report, invariant).violations.map((v) => v.message));
}

/** hashset-kvs.ded with `from` (which must occur exactly once) replaced by `to`, ready to run. */
const variant = (from: string, to: string): Setup => BASE.setup(BASE.variant([from, to]));

describe('hashset-kvs model on the real protocol', () => {
  const all = runs(corpusSetup('hashset-kvs.ded'), 50);

  it('every invariant holds on seeds 1..50', () => {
    for (const { seed, result, report } of all) {
      expect(result.reason, `seed ${seed}`).toBe('quiescent');
      for (const r of report.results) expect(r.status, `seed ${seed}: ${r.name}: ${r.violations.map((v) => v.message).join('; ')}`).toBe('held');
    }
  });

  it('the workload exercises the interesting answers: counts above one, and inconsistencies', () => {
    const observed = all.flatMap((r) => r.result.observations);
    expect(observed.some((o) => o.relation === 'certified' && Number(o.tuple[3]) >= 2)).toBe(true);
    expect(observed.some((o) => o.relation === 'certified' && o.tuple[2] === 'lime' && o.tuple[3] === 1)).toBe(true);
    expect(observed.some((o) => o.relation === 'inconsistent')).toBe(true);
  });
});

describe('each hashset-kvs invariant can fail', () => {
  it('answer-was-written: a leader that certifies the next id', () => {
    const s = variant('certified@c(c, i, v, n) :~', 'certified@c(c, i + 1, v, n) :~');
    expect(violations(s, 'answer-was-written').length).toBeGreaterThan(0);
  });

  it('one-answer-per-write: a leader that also reports agreeing answers as inconsistent', () => {
    const s = variant('counts(c, i, v, k), k > 1', 'counts(c, i, v, k), k >= 1');
    expect(violations(s, 'one-answer-per-write').length).toBeGreaterThan(0);
  });

  it('certified-count-bounds, too high: storage counts every value it holds, whatever its bucket', () => {
    const s = variant('collisions(c, i, v, count<w>) :- verified(c, i, v, h), hashset(h, w)', 'collisions(c, i, v, count<w>) :- verified(c, i, v, h), hashset(g, w)');
    expect(violations(s, 'certified-count-bounds').some((m) => m.includes('counts more than'))).toBe(true);
  });

  it('certified-count-bounds, too low: storage forgets its hashset after each tick', () => {
    const s = variant('.persist hashset', '');
    expect(violations(s, 'certified-count-bounds', 200).some((m) => m.includes('counts fewer than'))).toBe(true);
  });

  it('inconsistent-only-when-overlapping: storage nodes that add their own offset to the count', () => {
    const s = variant(
      'ack@l(c, i, v, n, me, sig) :~ collisions(c, i, v, n), self(me), leader(l), sig = sign_count(me, v, n)',
      'ack@l(c, i, v, m, me, sig) :~ collisions(c, i, v, n), self(me), leader(l), m = n + hash(me) % 2, sig = sign_count(me, v, m)',
    );
    expect(violations(s, 'inconsistent-only-when-overlapping').length).toBeGreaterThan(0);
  });

  it('certified-counts-fit-one-order: corpus/unsafe/hashset-by-value, also on seeds where the bounds hold', () => {
    const all = runs(corpusSetup('unsafe/hashset-by-value.ded'), 50);
    expect(all.some((r) => status(r.report, 'certified-counts-fit-one-order') === 'violated' && status(r.report, 'certified-count-bounds') === 'held')).toBe(true);
  });

  it('every-write-answered: storage that checks the signature against its own key, so it never accepts a write', () => {
    const s = variant('leader(l), sig = sign(l, v)', 'self(l), sig = sign(l, v)');
    expect(violations(s, 'every-write-answered').length).toBeGreaterThan(0);
  });
});
