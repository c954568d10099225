/**
 * The paxos reference model: every invariant holds on the base and the
 * scalable multi-Paxos, and each can fail: it is violated on some seed by a
 * deliberately broken copy of corpus/paxos.ded (a rule or two changed) or by a
 * corpus unsafe variant, while the base holds it on that seed.
 */
import { describe, expect, it } from 'vitest';
import { NOOP_CLIENT, paxosModel } from '../../models/paxos.js';
import {
  allHeld,
  corpusProtocol,
  corpusSetup,
  expectAllHeld,
  itViolatesEveryInvariant,
  modelRunners,
  statusPairs,
  type BrokenVariant,
} from './support.js';

const BASE = corpusProtocol('paxos.ded');
const SEEDS = 60;

const { runText, runFile } = modelRunners(paxosModel, BASE);

describe('paxos model: holds on the real protocols', () => {
  for (const name of ['paxos.ded', 'paxos-scalable.ded']) {
    it(`${name}: every invariant held on seeds 1..10`, () => {
      expectAllHeld(paxosModel, (seed) => runFile(name, seed).report, 10, `${name} `);
    });
  }

  it('the workload makes the second leader re-propose, in the same slot, a value accepted under the first ballot', () => {
    let found = false;
    for (let seed = 1; seed <= 10 && !found; seed++) {
      const { view } = runFile('paxos.ded', seed);
      // p1b_val(acceptor, ballot, slot, vballot, client, id, cmd) reporting an older ballot ...
      const reported = view
        .sentOf('p1b_val')
        .filter((m) => Number(m.tuple[1]) > Number(m.tuple[3]) && m.tuple[4] !== NOOP_CLIENT)
        .map((m) => JSON.stringify([m.tuple[1], m.tuple[2], ...m.tuple.slice(4)]));
      // ... then p2a(proposer, ballot, slot, client, id, cmd) with the same slot and command at the new ballot.
      const reproposed = new Set(view.sentOf('p2a').map((m) => JSON.stringify(m.tuple.slice(1))));
      found = reported.some((r) => reproposed.has(r));
    }
    expect(found).toBe(true);
  });

  it('the scalable protocol decides slots at several p2b proxy partitions and the model judges it by the same relations', () => {
    const { view } = runFile('paxos-scalable.ded', 1);
    const deciders = new Set(view.sentOf('decision').map((m) => m.from));
    expect([...deciders].sort()).toEqual(['p2b_proxy#0/0', 'p2b_proxy#0/1']);
  });
});

const replyRule = 'reply@c(c, i, v, s) :~ run(s, c, i, v), c != "noop"';
const decisionRule = 'decision@r(s, c, i, v) :~ chosen(b, s, c, i, v), !announced(b, s), replica(r)';
const inOrderRule = 'ready(s) :- decided(s, _, _, _), !executed(s), p = s - 1, executed(p)';

const BROKEN: BrokenVariant[] = [
  {
    invariant: 'decisions-agree',
    how: 'a new leader ignores the values phase 1 reports (corpus/unsafe/paxos-forget-accepted.ded)',
    run: (seed) => runFile('unsafe/paxos-forget-accepted.ded', seed).report,
  },
  {
    invariant: 'decisions-agree',
    how: 'acceptor partitions keep their own ballots (corpus/unsafe/paxos-partition-own-ballot.ded)',
    run: (seed) => runFile('unsafe/paxos-partition-own-ballot.ded', seed).report,
  },
  {
    invariant: 'replicas-agree',
    how: 'a new leader ignores the values phase 1 reports, and the replicas hear different decisions for one slot',
    run: (seed) => runFile('unsafe/paxos-forget-accepted.ded', seed).report,
  },
  {
    invariant: 'applied-in-order',
    how: 'a replica runs any decided slot at once instead of waiting for the one before',
    run: (seed) => runText(BASE.variant([inOrderRule, 'ready(s) :- decided(s, _, _, _), !executed(s), s > 0']), seed),
  },
  {
    invariant: 'applied-was-requested',
    how: 'the leader proposes a command of its own instead of the client\'s',
    run: (seed) =>
      runText(
        BASE.variant([
          'p2a@a(me, b, s, c, i, v) :~ fresh(b, s, c, i, v), acceptor(a), self(me)',
          'p2a@a(me, b, s, c, i, "forged") :~ fresh(b, s, c, i, v), acceptor(a), self(me)',
        ]),
        seed,
      ),
  },
  {
    invariant: 'applied-once',
    how: 'a new leader proposes again, in a new slot, the requests it re-proposes, and replicas do not skip duplicates',
    run: (seed) =>
      runText(
        BASE.variant(
          ['assigned(b, c, i) :+ carry(b, _, c, i, _)', ''],
          ['dup(s) :- ready(s), decided(s, c, i, _), done(c, i)', 'dup(s) :- ready(s), s < 0'],
        ),
        seed,
      ),
  },
  {
    invariant: 'reply-matches-applied',
    how: 'a replica answers with the wrong slot',
    run: (seed) => runText(BASE.variant([replyRule, 'reply@c(c, i, v, s + 1) :~ run(s, c, i, v), c != "noop"']), seed),
  },
  {
    invariant: 'every-request-answered',
    how: 'replicas answer only requests with id 1',
    run: (seed) => runText(BASE.variant([replyRule, 'reply@c(c, i, v, s) :~ run(s, c, i, v), c != "noop", i == 1']), seed),
  },
  {
    invariant: 'replicas-converge',
    how: 'the leader tells only replica#0 its decisions',
    run: (seed) => runText(BASE.variant([decisionRule, `${decisionRule}, r == "replica#0"`]), seed),
  },
];

describe('paxos model: every invariant can fail', () => {
  itViolatesEveryInvariant(paxosModel, BROKEN, (seed) => runText(BASE.text, seed), SEEDS);

  it('no-ops are not taken for unrequested or duplicate commands', () => {
    // Some seed of the base fills a hole with a no-op; the model holds there.
    let seen = false;
    for (let seed = 1; seed <= SEEDS && !seen; seed++) {
      const { report, view } = runFile('paxos.ded', seed);
      if (!view.nodeOutputsOf('applied').some((o) => o.tuple[2] === NOOP_CLIENT)) continue;
      seen = true;
      expect(statusPairs(report), `seed ${seed}`).toEqual(allHeld(paxosModel));
    }
    expect(seen, `no seed in 1..${SEEDS} applies a no-op`).toBe(true);
  });
});
