/**
 * The 2pc reference model: every invariant holds on the base and the scalable
 * protocol, and each can fail: it is violated on some seed by a deliberately
 * broken copy of corpus/2pc.ded (one rule changed) or by a corpus unsafe variant.
 */
import { describe, expect, it } from 'vitest';
import { twoPhaseCommitModel } from '../../models/2pc.js';
import {
  corpusProtocol,
  corpusSetup,
  expectAllHeld,
  itViolatesEveryInvariant,
  modelRunners,
  status,
  type BrokenVariant,
} from './support.js';

const BASE = corpusProtocol('2pc.ded');
const SEEDS = 40;

const { runText, runFile } = modelRunners(twoPhaseCommitModel, BASE);

describe('2pc model: holds on the real protocols', () => {
  for (const name of ['2pc.ded', '2pc-scalable.ded']) {
    it(`${name}: every invariant held on seeds 1..10`, () => {
      expectAllHeld(twoPhaseCommitModel, (seed) => runFile(name, seed).report, 10, `${name} `);
    });
  }

  it('the scalable protocol writes one participant\'s log from several nodes, and the model still keys it by identity', () => {
    const { view } = runFile('2pc-scalable.ded', 1);
    const writers = new Set(view.nodeOutputsOf('log').filter((o) => o.tuple[0] === 'participant#0').map((o) => o.node));
    expect(writers.size).toBeGreaterThan(1);
    expect([...writers].every((n) => n.startsWith('participant#0/') || n.startsWith('acker#0/'))).toBe(true);
  });

  it('the workload exercises both outcomes', () => {
    const { view } = runFile('2pc.ded', 1);
    const answers = new Set(view.arrivalsOf('outcome').map((a) => a.tuple[2]));
    expect(answers).toEqual(new Set(['commit', 'abort']));
  });
});

const commitRule = 'decision(t, "commit") :- yes_votes(t, n), participants(n), !decided(t, _)';
const abortRule = 'decision(t, "abort") :- votes(t, _, false), !decided(t, _)';

const BROKEN: BrokenVariant[] = [
  {
    invariant: 'commit-only-if-all-yes',
    how: 'the coordinator commits on two yes votes out of three',
    run: (seed) => runText(BASE.variant([commitRule, 'decision(t, "commit") :- yes_votes(t, n), n >= 2, !decided(t, _)']), seed),
  },
  {
    invariant: 'abort-only-if-a-no',
    how: 'the coordinator aborts on the first vote, whatever it says',
    run: (seed) => runText(BASE.variant([abortRule, 'decision(t, "abort") :- votes(t, _, _), !decided(t, _)']), seed),
  },
  {
    invariant: 'decided-at-most-once',
    how: 'two yes votes commit, and a later no still aborts (the abort rule lost its !decided guard)',
    run: (seed) =>
      runText(
        BASE.variant(
          [commitRule, 'decision(t, "commit") :- yes_votes(t, n), n >= 2, !decided(t, _)'],
          [abortRule, 'decision(t, "abort") :- votes(t, _, false)'],
        ),
        seed,
      ),
  },
  {
    invariant: 'decided-at-most-once',
    how: 'the committer is partitioned by participant (corpus/unsafe/2pc-committer-by-participant.ded)',
    run: (seed) => runFile('unsafe/2pc-committer-by-participant.ded', seed).report,
  },
  {
    invariant: 'participant-follows-coordinator',
    how: 'a participant logs commit as soon as it votes yes',
    run: (seed) =>
      runText(
        BASE.variant([
          'log(me, t, "prepared") :- prepare(co, t), self(me), !no_vote(me, t)',
          'log(me, t, "prepared") :- prepare(co, t), self(me), !no_vote(me, t)\nlog(me, t, "commit") :- prepare(co, t), self(me), !no_vote(me, t)',
        ]),
        seed,
      ),
  },
  {
    invariant: 'end-after-every-participant-logged',
    how: 'the coordinator ends a transaction on its first ack',
    run: (seed) => runText(BASE.variant(['finish(t) :- ack_count(t, n), participants(n), !ended(t)', 'finish(t) :- ack_count(t, n), !ended(t)']), seed),
  },
  {
    invariant: 'answer-matches-decision',
    how: 'the coordinator answers commit whatever it decided',
    run: (seed) =>
      runText(
        BASE.variant([
          'outcome@c(c, t, "abort") :~ finish(t), client_of(t, c), !decided(t, "commit")',
          'outcome@c(c, t, "commit") :~ finish(t), client_of(t, c), !decided(t, "commit")',
        ]),
        seed,
      ),
  },
  {
    invariant: 'answer-matches-decision',
    how: 'the ender presumes abort from an asynchronous commit notice (corpus/unsafe/2pc-ender-presumes-abort.ded)',
    run: (seed) => runFile('unsafe/2pc-ender-presumes-abort.ded', seed).report,
  },
  {
    invariant: 'answered-at-most-once',
    how: 'the coordinator finishes again in the tick after finishing (finish lost its !ended guard)',
    run: (seed) => runText(BASE.variant(['finish(t) :- ack_count(t, n), participants(n), !ended(t)', 'finish(t) :- ack_count(t, n), participants(n)']), seed),
  },
  {
    invariant: 'every-transaction-decided',
    how: 'the coordinator has no abort rule',
    run: (seed) => runText(BASE.variant([abortRule, '']), seed),
  },
  {
    invariant: 'every-transaction-answered',
    how: 'the coordinator never answers an aborted transaction',
    run: (seed) => runText(BASE.variant(['outcome@c(c, t, "abort") :~ finish(t), client_of(t, c), !decided(t, "commit")', '']), seed),
  },
];

describe('2pc model: every invariant can fail', () => {
  itViolatesEveryInvariant(twoPhaseCommitModel, BROKEN, (seed) => runText(BASE.text, seed), SEEDS);

  it('the broken variants that never decide or answer still reach quiescence (so the quiescent invariants are judged)', () => {
    for (const b of BROKEN.filter((x) => x.invariant.startsWith('every-'))) {
      expect(status(b.run(1), b.invariant), b.how).toBe('violated');
    }
  });
});
