/**
 * The broadcast-pipeline model: every invariant holds on the real protocol
 * and is violated by a protocol broken on purpose, so none of them holds
 * vacuously.
 */
import { describe, expect, it } from 'vitest';
import { hash } from '../../src/eval/hash.js';
import { broadcastPipelineModel, transform } from '../../models/broadcast-pipeline.js';
import { corpusProtocol, corpusSetup, runSeeds, statusesOver, type ModelRun, type Setup } from './support.js';

const BASE = corpusProtocol('broadcast-pipeline.ded');

/** The model's verdicts on seeds 1..seeds. */
const runs = (s: Setup, seeds = 50): ModelRun[] => runSeeds(broadcastPipelineModel, s, seeds);

const RECEIVE = 'received(me, d) :- deliver(d), self(me), !got(d)';

describe('broadcast-pipeline model on the real protocol', () => {
  it('the model computes the same transform as the protocol', () => {
    expect(BASE.text).toContain('d = hash(hash(hash(p)))');
    expect(transform('apple')).toBe(hash(hash(hash('apple'))));
  });

  it('every invariant holds on seeds 1..50', () => {
    const all = runs(corpusSetup('broadcast-pipeline.ded'));
    for (const inv of broadcastPipelineModel.invariants) {
      expect(statusesOver(all, inv.name).every((x) => x === 'held'), inv.name).toBe(true);
    }
  });
});

describe('each broadcast-pipeline invariant can fail', () => {
  it('received-is-transform: receivers that hash once more', () => {
    const s = BASE.setup(BASE.variant([RECEIVE, 'received(me, e) :- deliver(d), self(me), !got(d), e = hash(d)']));
    expect(statusesOver(runs(s), 'received-is-transform')).toContain('violated');
  });

  it('received-after-submit: receivers preloaded with a value that is only submitted later', () => {
    const text = BASE.variant(
      ['.decl   got(digest: int)', '.decl   got(digest: int)\n.edb    preload(payload: string)'],
      [RECEIVE, `${RECEIVE}\nreceived(me, d) :- preload(p), d = hash(hash(hash(p))), self(me), !got(d)\ngot(d) :+ preload(p), d = hash(hash(hash(p)))`],
    );
    const deploy = { ...(BASE.deploy as object), edb: { preload: [['late']] } };
    const workload = { inputs: [...(BASE.workload as { inputs: unknown[] }).inputs, { relation: 'submit', tuple: ['late'] }] };
    const all = runs(BASE.setup(text, deploy, workload));
    expect(statusesOver(all, 'received-after-submit')).toContain('violated');
    // The value itself is a transform of an input: only the order is wrong.
    expect(statusesOver(all, 'received-is-transform').every((x) => x === 'held')).toBe(true);
  });

  it('received-by-its-receiver: every receiver claims to be receiver#0', () => {
    const s = BASE.setup(BASE.variant([RECEIVE, 'received("receiver#0", d) :- deliver(d), !got(d)']));
    expect(statusesOver(runs(s), 'received-by-its-receiver')).toContain('violated');
  });

  it('received-at-most-once: a sender that rebroadcasts repeated payloads and receivers that do not remember', () => {
    const text = BASE.variant(
      ['deliver@r(d) :~ entry(d), !log(d), receiver(r)', 'deliver@r(d) :~ entry(d), receiver(r)'],
      [RECEIVE, 'received(me, d) :- deliver(d), self(me)'],
    );
    expect(statusesOver(runs(BASE.setup(text)), 'received-at-most-once')).toContain('violated');
  });

  it('every-receiver-has-every-input: a sender that skips receiver#0', () => {
    const s = BASE.setup(BASE.variant(['deliver@r(d) :~ entry(d), !log(d), receiver(r)', 'deliver@r(d) :~ entry(d), !log(d), receiver(r), r != "receiver#0"']));
    expect(statusesOver(runs(s), 'every-receiver-has-every-input').every((x) => x === 'violated')).toBe(true);
  });

  it('every-receiver-has-every-input: corpus/unsafe/broadcast-split-receivers', () => {
    expect(statusesOver(runs(corpusSetup('unsafe/broadcast-split-receivers.ded'), 20), 'every-receiver-has-every-input').every((x) => x === 'violated')).toBe(true);
  });
});
