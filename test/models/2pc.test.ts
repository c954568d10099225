/**
 * The 2pc reference model: every invariant holds on the base and the scalable
 * protocol, and each can fail: it is violated on some seed by a deliberately
 * broken copy of corpus/2pc.ded (one rule changed) or by a corpus unsafe variant.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { checkModel, RunView, type InvariantStatus, type ModelReport } from '../../src/invariants/index.js';
import { compileText } from '../../src/load.js';
import { loadRunFiles, simulate, Topology, validateDeployment, validateWorkload } from '../../src/sim/index.js';
import { twoPhaseCommitModel } from '../../models/2pc.js';

const CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url));
const BASE = readFileSync(`${CORPUS}2pc.ded`, 'utf8');
const DEPLOY: unknown = JSON.parse(readFileSync(`${CORPUS}2pc.deploy.json`, 'utf8'));
const WORKLOAD: unknown = JSON.parse(readFileSync(`${CORPUS}2pc.workload.json`, 'utf8'));
const SEEDS = 40;

/** Runs program text on the base's deployment and workload. */
function runText(text: string, seed: number): ModelReport {
  const compiled = compileText(text, 'variant.ded');
  if (!compiled.ok) throw new Error(renderDiagnostics(compiled.diagnostics, { file: 'variant.ded', text }));
  const d = validateDeployment(DEPLOY, compiled.checked);
  if (!d.deployment) throw new Error(d.diagnostics.map((x) => x.message).join('\n'));
  const w = validateWorkload(WORKLOAD, compiled.checked, new Topology(d.deployment));
  if (!w.workload) throw new Error(w.diagnostics.map((x) => x.message).join('\n'));
  const result = simulate(compiled.checked, d.deployment, w.workload, { seed });
  return checkModel(twoPhaseCommitModel, RunView.of(result, d.deployment));
}

/** Runs a corpus file with the deployment and workload beside it. */
function runFile(name: string, seed: number): { report: ModelReport; view: RunView } {
  const files = loadRunFiles(`${CORPUS}${name}`, { seed, inputs: 4 });
  if (!files.ok) throw new Error(`${name} does not load`);
  const result = simulate(files.program, files.deployment, files.workload, { seed });
  const view = RunView.of(result, files.deployment);
  return { report: checkModel(twoPhaseCommitModel, view), view };
}

function status(report: ModelReport, invariant: string): InvariantStatus {
  const r = report.results.find((x) => x.name === invariant);
  if (!r) throw new Error(`no invariant ${invariant}`);
  return r.status;
}

/** The base with `from` replaced by `to` (which must occur exactly once). */
function mutate(from: string, to: string): string {
  expect(BASE.split(from).length - 1, `corpus/2pc.ded contains once: ${from}`).toBe(1);
  return BASE.replace(from, to);
}

/** The first seed on which `run` violates `invariant`, or null. */
function firstViolation(run: (seed: number) => ModelReport, invariant: string): number | null {
  for (let seed = 1; seed <= SEEDS; seed++) if (status(run(seed), invariant) === 'violated') return seed;
  return null;
}

describe('2pc model: holds on the real protocols', () => {
  for (const name of ['2pc.ded', '2pc-scalable.ded']) {
    it(`${name}: every invariant held on seeds 1..10`, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const { report } = runFile(name, seed);
        expect(report.results.map((r) => [r.name, r.status]), `${name} seed ${seed}`).toEqual(
          twoPhaseCommitModel.invariants.map((i) => [i.name, 'held']),
        );
      }
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

interface Broken {
  readonly invariant: string;
  readonly how: string;
  readonly run: (seed: number) => ModelReport;
}

const commitRule = 'decision(t, "commit") :- yes_votes(t, n), participants(n), !decided(t, _)';
const abortRule = 'decision(t, "abort") :- votes(t, _, false), !decided(t, _)';

const BROKEN: Broken[] = [
  {
    invariant: 'commit-only-if-all-yes',
    how: 'the coordinator commits on two yes votes out of three',
    run: (seed) => runText(mutate(commitRule, 'decision(t, "commit") :- yes_votes(t, n), n >= 2, !decided(t, _)'), seed),
  },
  {
    invariant: 'abort-only-if-a-no',
    how: 'the coordinator aborts on the first vote, whatever it says',
    run: (seed) => runText(mutate(abortRule, 'decision(t, "abort") :- votes(t, _, _), !decided(t, _)'), seed),
  },
  {
    invariant: 'decided-at-most-once',
    how: 'two yes votes commit, and a later no still aborts (the abort rule lost its !decided guard)',
    run: (seed) =>
      runText(
        mutate(commitRule, 'decision(t, "commit") :- yes_votes(t, n), n >= 2, !decided(t, _)').replace(
          abortRule,
          'decision(t, "abort") :- votes(t, _, false)',
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
        mutate(
          'log(me, t, "prepared") :- prepare(co, t), self(me), !no_vote(me, t)',
          'log(me, t, "prepared") :- prepare(co, t), self(me), !no_vote(me, t)\nlog(me, t, "commit") :- prepare(co, t), self(me), !no_vote(me, t)',
        ),
        seed,
      ),
  },
  {
    invariant: 'end-after-every-participant-logged',
    how: 'the coordinator ends a transaction on its first ack',
    run: (seed) => runText(mutate('finish(t) :- ack_count(t, n), participants(n), !ended(t)', 'finish(t) :- ack_count(t, n), !ended(t)'), seed),
  },
  {
    invariant: 'answer-matches-decision',
    how: 'the coordinator answers commit whatever it decided',
    run: (seed) =>
      runText(
        mutate(
          'outcome@c(c, t, "abort") :~ finish(t), client_of(t, c), !decided(t, "commit")',
          'outcome@c(c, t, "commit") :~ finish(t), client_of(t, c), !decided(t, "commit")',
        ),
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
    run: (seed) => runText(mutate('finish(t) :- ack_count(t, n), participants(n), !ended(t)', 'finish(t) :- ack_count(t, n), participants(n)'), seed),
  },
  {
    invariant: 'every-transaction-decided',
    how: 'the coordinator has no abort rule',
    run: (seed) => runText(mutate(abortRule, ''), seed),
  },
  {
    invariant: 'every-transaction-answered',
    how: 'the coordinator never answers an aborted transaction',
    run: (seed) => runText(mutate('outcome@c(c, t, "abort") :~ finish(t), client_of(t, c), !decided(t, "commit")', ''), seed),
  },
];

describe('2pc model: every invariant can fail', () => {
  it('every invariant has a broken variant below', () => {
    expect(new Set(BROKEN.map((b) => b.invariant))).toEqual(new Set(twoPhaseCommitModel.invariants.map((i) => i.name)));
  });
  for (const b of BROKEN) {
    it(`${b.invariant}: violated when ${b.how}, held by the base on that seed`, () => {
      const seed = firstViolation(b.run, b.invariant);
      expect(seed, `no seed in 1..${SEEDS} violates ${b.invariant}`).not.toBeNull();
      expect(status(runText(BASE, seed!), b.invariant)).toBe('held');
    });
  }

  it('the broken variants that never decide or answer still reach quiescence (so the quiescent invariants are judged)', () => {
    for (const b of BROKEN.filter((x) => x.invariant.startsWith('every-'))) {
      const r = b.run(1).results.find((x) => x.name === b.invariant)!;
      expect(r.status, b.how).toBe('violated');
    }
  });
});
