/**
 * The 2pc-coordinator-tally reference model: every invariant holds on the
 * tally and on the tally partitioned by transaction, and each can fail on a
 * deliberately broken copy of corpus/2pc-coordinator-tally.ded or on the
 * corpus unsafe variant that partitions it by participant.
 */
import { describe, expect, it } from 'vitest';
import { twoPhaseCommitTallyModel } from '../../models/2pc-coordinator-tally.js';
import {
  allHeld,
  corpusProtocol,
  corpusSetup,
  expectAllHeld,
  itViolatesEveryInvariant,
  modelRunners,
  runModel,
  statusPairs,
  type BrokenVariant,
  type Setup,
} from './support.js';

const BASE = corpusProtocol('2pc-coordinator-tally.ded');
const SEEDS = 40;

const { runText, runFile } = modelRunners(twoPhaseCommitTallyModel, BASE);

/**
 * The tally partitioned by transaction, ready to run, as the rewrite engine
 * should produce it: a router sends each vote to partition hash(txn) % k;
 * the tally's rules are the base's, reading the routed relation.
 */
function partitionedByTxn(): Setup {
  const tallyRules = BASE.text.slice(BASE.text.indexOf('.component tally')).replaceAll('vote(t,', 'routed(t,');
  const decls = BASE.text.slice(BASE.text.indexOf('.input'), BASE.text.indexOf('.component tally'));
  const text = `${decls}.decl routed(txn: int, participant: loc, yes: bool)

.component router
routed@q(t, p, y) :~ vote(t, p, y), tally(a), partition_count(a, k), j = hash(t) % k, partition_of(a, j, q)

${tallyRules}`;
  const deploy = { ...(BASE.deploy as object), components: { router: { instances: 1 }, tally: { instances: 1, partitions: 2 } } };
  const workload = JSON.parse(JSON.stringify(BASE.workload).replaceAll('"tally#0"', '"router#0"')) as unknown;
  return BASE.setup(text, deploy, workload);
}

describe('2pc-coordinator-tally model: holds on the real protocol', () => {
  it('the tally: every invariant held on seeds 1..20', () => {
    expectAllHeld(twoPhaseCommitTallyModel, (seed) => runFile('2pc-coordinator-tally.ded', seed).report, 20);
  });

  it('the tally partitioned by transaction: every invariant held on seeds 1..20', () => {
    const partitioned = partitionedByTxn();
    for (let seed = 1; seed <= 20; seed++) {
      const { report, view } = runModel(twoPhaseCommitTallyModel, partitioned, seed);
      expect(statusPairs(report), `seed ${seed}`).toEqual(allHeld(twoPhaseCommitTallyModel));
      // Both partitions decide something, so the partitioning is real.
      expect(new Set(view.nodeOutputs.map((o) => o.node)), `seed ${seed}`).toEqual(new Set(['tally#0/0', 'tally#0/1']));
    }
  });
});

const commitRule = 'commit(t) :- yes_count(t, n), size(n), !decided(t)';
const abortRule = 'abort(t) :- vote(t, _, false), !decided(t)';

const BROKEN: BrokenVariant[] = [
  {
    invariant: 'commit-only-if-all-yes',
    how: 'the tally commits on two yes votes',
    run: (seed) => runText(BASE.variant([commitRule, 'commit(t) :- yes_count(t, n), n >= 2, !decided(t)']), seed),
  },
  {
    invariant: 'abort-only-if-a-no',
    how: 'the tally aborts on any vote',
    run: (seed) => runText(BASE.variant([abortRule, 'abort(t) :- vote(t, _, _), !decided(t)']), seed),
  },
  {
    invariant: 'decided-once',
    how: 'the commit rule lost its !decided guard (it commits again in the next tick)',
    run: (seed) => runText(BASE.variant([commitRule, 'commit(t) :- yes_count(t, n), size(n)']), seed),
  },
  {
    invariant: 'every-settled-transaction-decided',
    how: 'the tally has no abort rule',
    run: (seed) => runText(BASE.variant([abortRule, '']), seed),
  },
  {
    invariant: 'every-settled-transaction-decided',
    how: 'the tally is partitioned by participant (corpus/unsafe/2pc-coordinator-tally-by-participant.ded)',
    run: (seed) => runFile('unsafe/2pc-coordinator-tally-by-participant.ded', seed).report,
  },
];

describe('2pc-coordinator-tally model: every invariant can fail', () => {
  itViolatesEveryInvariant(twoPhaseCommitTallyModel, BROKEN, (seed) => runText(BASE.text, seed), SEEDS);
});
