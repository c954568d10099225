/**
 * The voting model: every invariant holds on the real protocols (voting and
 * voting-scalable) and is violated by a protocol broken on purpose, so none of
 * them holds vacuously.
 */
import { describe, expect, it } from 'vitest';
import { votingModel } from '../../models/voting.js';
import { corpusProtocol, corpusSetup, runSeeds, statusesOver, type Setup } from './support.js';

const BASE = corpusProtocol('voting.ded');
const SCALABLE = corpusProtocol('voting-scalable.ded');

/** Whether some seed in 1..seeds violates `invariant`. */
function violatedSomewhere(s: Setup, invariant: string, seeds = 50): boolean {
  return statusesOver(runSeeds(votingModel, s, seeds), invariant).includes('violated');
}

const LEADER_REPLY = 'reply@c(c, i, v) :~ tally(c, i, v, n), size(n)';

describe('voting model on the real protocols', () => {
  for (const name of ['voting.ded', 'voting-scalable.ded']) {
    it(`${name}: every invariant holds on seeds 1..50`, () => {
      const runs = runSeeds(votingModel, corpusSetup(name), 50);
      for (const { name: invariant } of votingModel.invariants) {
        const ss = statusesOver(runs, invariant);
        expect(ss.every((x) => x === 'held'), `${name}: ${invariant}: ${ss.join(' ')}`).toBe(true);
      }
    });
  }
});

describe('each voting invariant can fail', () => {
  it('reply-was-requested: a leader that answers the next id', () => {
    const s = BASE.setup(BASE.variant([LEADER_REPLY, 'reply@c(c, i + 1, v) :~ tally(c, i, v, n), size(n)']));
    expect(violatedSomewhere(s, 'reply-was-requested')).toBe(true);
  });

  it('reply-at-most-once: a leader that answers again in the next tick', () => {
    const s = BASE.setup(
      BASE.variant(
        [LEADER_REPLY, [LEADER_REPLY, 'again(c, i, v) :+ tally(c, i, v, n), size(n)', 'reply@c(c, i, v) :~ again(c, i, v)'].join('\n')],
        ['.decl   done(client: loc, id: int)', '.decl   done(client: loc, id: int)\n.decl   again(client: loc, id: int, payload: string)'],
      ),
    );
    expect(violatedSomewhere(s, 'reply-at-most-once')).toBe(true);
  });

  it('reply-after-all-votes: corpus/unsafe/voting-early-reply (answers after one vote)', () => {
    expect(violatedSomewhere(corpusSetup('unsafe/voting-early-reply.ded'), 'reply-after-all-votes')).toBe(true);
  });

  it('reply-after-all-votes: a scalable collector whose quorum leaves out one participant', () => {
    const s = SCALABLE.setup(SCALABLE.variant(['size(count<p>) :- participant(p)', 'size(count<p>) :- participant(p), p != "participant#2"']));
    expect(violatedSomewhere(s, 'reply-after-all-votes')).toBe(true);
  });

  it('every-request-answered: a leader that waits for one vote more than there are participants', () => {
    const s = BASE.setup(
      BASE.variant(
        ['done(c, i) :- tally(c, i, v, n), size(n)', 'done(c, i) :- tally(c, i, v, n), size(m), n == m + 1'],
        [LEADER_REPLY, 'reply@c(c, i, v) :~ tally(c, i, v, n), size(m), n == m + 1'],
      ),
    );
    expect(violatedSomewhere(s, 'every-request-answered')).toBe(true);
  });

  it('every-request-answered: corpus/unsafe/voting-collector-by-voter (no collector partition sees every vote)', () => {
    const ss = statusesOver(runSeeds(votingModel, corpusSetup('unsafe/voting-collector-by-voter.ded'), 20), 'every-request-answered');
    expect(ss.every((x) => x === 'violated')).toBe(true);
  });
});
