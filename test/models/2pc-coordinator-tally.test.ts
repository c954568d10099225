/**
 * The 2pc-coordinator-tally reference model: every invariant holds on the
 * tally and on the tally partitioned by transaction, and each can fail on a
 * deliberately broken copy of corpus/2pc-coordinator-tally.ded or on the
 * corpus unsafe variant that partitions it by participant.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { checkModel, RunView, type InvariantStatus, type ModelReport } from '../../src/invariants/index.js';
import { compileText } from '../../src/load.js';
import { loadRunFiles, simulate, Topology, validateDeployment, validateWorkload } from '../../src/sim/index.js';
import { twoPhaseCommitTallyModel } from '../../models/2pc-coordinator-tally.js';

const CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url));
const BASE = readFileSync(`${CORPUS}2pc-coordinator-tally.ded`, 'utf8');
const DEPLOY: unknown = JSON.parse(readFileSync(`${CORPUS}2pc-coordinator-tally.deploy.json`, 'utf8'));
const WORKLOAD: unknown = JSON.parse(readFileSync(`${CORPUS}2pc-coordinator-tally.workload.json`, 'utf8'));
const SEEDS = 40;

function runText(text: string, seed: number, deploy: unknown = DEPLOY, workload: unknown = WORKLOAD): ModelReport {
  return runTextView(text, seed, deploy, workload).report;
}

function runTextView(text: string, seed: number, deploy: unknown, workload: unknown): { report: ModelReport; view: RunView } {
  const compiled = compileText(text, 'variant.ded');
  if (!compiled.ok) throw new Error(renderDiagnostics(compiled.diagnostics, { file: 'variant.ded', text }));
  const d = validateDeployment(deploy, compiled.checked);
  if (!d.deployment) throw new Error(d.diagnostics.map((x) => x.message).join('\n'));
  const w = validateWorkload(workload, compiled.checked, new Topology(d.deployment));
  if (!w.workload) throw new Error(w.diagnostics.map((x) => x.message).join('\n'));
  const result = simulate(compiled.checked, d.deployment, w.workload, { seed });
  const view = RunView.of(result, d.deployment);
  return { report: checkModel(twoPhaseCommitTallyModel, view), view };
}

function runFile(name: string, seed: number): ModelReport {
  const files = loadRunFiles(`${CORPUS}${name}`, { seed, inputs: 4 });
  if (!files.ok) throw new Error(`${name} does not load`);
  const result = simulate(files.program, files.deployment, files.workload, { seed });
  return checkModel(twoPhaseCommitTallyModel, RunView.of(result, files.deployment));
}

function status(report: ModelReport, invariant: string): InvariantStatus {
  const r = report.results.find((x) => x.name === invariant);
  if (!r) throw new Error(`no invariant ${invariant}`);
  return r.status;
}

function mutate(from: string, to: string): string {
  expect(BASE.split(from).length - 1, `corpus/2pc-coordinator-tally.ded contains once: ${from}`).toBe(1);
  return BASE.replace(from, to);
}

const allHeld = (): [string, string][] => twoPhaseCommitTallyModel.invariants.map((i) => [i.name, 'held']);

/**
 * The tally partitioned by transaction, as the rewrite engine should produce
 * it: a router sends each vote to partition hash(txn) % k; the tally's rules
 * are the base's, reading the routed relation.
 */
function partitionedByTxn(): { text: string; deploy: unknown; workload: unknown } {
  const tallyRules = BASE.slice(BASE.indexOf('.component tally')).replaceAll('vote(t,', 'routed(t,');
  const decls = BASE.slice(BASE.indexOf('.input'), BASE.indexOf('.component tally'));
  const text = `${decls}.decl routed(txn: int, participant: loc, yes: bool)

.component router
routed@q(t, p, y) :~ vote(t, p, y), tally(a), partition_count(a, k), j = hash(t) % k, partition_of(a, j, q)

${tallyRules}`;
  const deploy = { ...(DEPLOY as object), components: { router: { instances: 1 }, tally: { instances: 1, partitions: 2 } } };
  const workload = JSON.parse(JSON.stringify(WORKLOAD).replaceAll('"tally#0"', '"router#0"')) as unknown;
  return { text, deploy, workload };
}

describe('2pc-coordinator-tally model: holds on the real protocol', () => {
  it('the tally: every invariant held on seeds 1..20', () => {
    for (let seed = 1; seed <= 20; seed++) {
      expect(runFile('2pc-coordinator-tally.ded', seed).results.map((r) => [r.name, r.status]), `seed ${seed}`).toEqual(allHeld());
    }
  });

  it('the tally partitioned by transaction: every invariant held on seeds 1..20', () => {
    const p = partitionedByTxn();
    for (let seed = 1; seed <= 20; seed++) {
      const { report, view } = runTextView(p.text, seed, p.deploy, p.workload);
      expect(report.results.map((r) => [r.name, r.status]), `seed ${seed}`).toEqual(allHeld());
      // Both partitions decide something, so the partitioning is real.
      expect(new Set(view.nodeOutputs.map((o) => o.node)), `seed ${seed}`).toEqual(new Set(['tally#0/0', 'tally#0/1']));
    }
  });
});

interface Broken {
  readonly invariant: string;
  readonly how: string;
  readonly run: (seed: number) => ModelReport;
}

const commitRule = 'commit(t) :- yes_count(t, n), size(n), !decided(t)';
const abortRule = 'abort(t) :- vote(t, _, false), !decided(t)';

const BROKEN: Broken[] = [
  {
    invariant: 'commit-only-if-all-yes',
    how: 'the tally commits on two yes votes',
    run: (seed) => runText(mutate(commitRule, 'commit(t) :- yes_count(t, n), n >= 2, !decided(t)'), seed),
  },
  {
    invariant: 'abort-only-if-a-no',
    how: 'the tally aborts on any vote',
    run: (seed) => runText(mutate(abortRule, 'abort(t) :- vote(t, _, _), !decided(t)'), seed),
  },
  {
    invariant: 'decided-once',
    how: 'the commit rule lost its !decided guard (it commits again in the next tick)',
    run: (seed) => runText(mutate(commitRule, 'commit(t) :- yes_count(t, n), size(n)'), seed),
  },
  {
    invariant: 'every-settled-transaction-decided',
    how: 'the tally has no abort rule',
    run: (seed) => runText(mutate(abortRule, ''), seed),
  },
  {
    invariant: 'every-settled-transaction-decided',
    how: 'the tally is partitioned by participant (corpus/unsafe/2pc-coordinator-tally-by-participant.ded)',
    run: (seed) => runFile('unsafe/2pc-coordinator-tally-by-participant.ded', seed),
  },
];

describe('2pc-coordinator-tally model: every invariant can fail', () => {
  it('every invariant has a broken variant below', () => {
    expect(new Set(BROKEN.map((b) => b.invariant))).toEqual(new Set(twoPhaseCommitTallyModel.invariants.map((i) => i.name)));
  });
  for (const b of BROKEN) {
    it(`${b.invariant}: violated when ${b.how}, held by the base on that seed`, () => {
      let seed: number | null = null;
      for (let s = 1; s <= SEEDS && seed === null; s++) if (status(b.run(s), b.invariant) === 'violated') seed = s;
      expect(seed, `no seed in 1..${SEEDS} violates ${b.invariant}`).not.toBeNull();
      expect(status(runText(BASE, seed!), b.invariant)).toBe('held');
    });
  }
});
