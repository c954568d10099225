/**
 * Shared by the reference-model tests (test/models/*.test.ts): load a corpus
 * protocol or a copy of one broken on purpose, run it through the simulator on
 * seeds 1..n, and judge each run with a model.
 *
 * Every model test asks the same two questions: does every invariant hold on
 * the real protocols, and can each invariant fail (is it violated on some seed
 * by a broken variant)? The helpers here answer them; the tests keep the
 * protocols, the breakages and the expectations.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import {
  checkModel,
  RunView,
  type InvariantResult,
  type InvariantStatus,
  type ModelReport,
  type ReferenceModel,
} from '../../src/invariants/index.js';
import type { CheckedProgram } from '../../src/ir/types.js';
import { compileText } from '../../src/load.js';
import {
  loadRunFiles,
  siblingFile,
  simulate,
  Topology,
  validateDeployment,
  validateWorkload,
  type Deployment,
  type SimResult,
  type Workload,
} from '../../src/sim/index.js';

/** The corpus folder, with a trailing slash. */
export const CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url));

/** What `simulate` needs: a checked program with a deployment and a workload validated against it. */
export interface Setup {
  readonly program: CheckedProgram;
  readonly deployment: Deployment;
  readonly workload: Workload;
}

/**
 * A corpus file with the deployment and workload beside it, as `run` loads
 * them. `seed` matters only for a file without a workload beside it (one is
 * then generated, with 4 inputs). Throws with the rendered diagnostics if
 * anything fails to load.
 */
export function corpusSetup(file: string, seed = 1): Setup {
  const r = loadRunFiles(`${CORPUS}${file}`, { seed, inputs: 4 });
  if (!r.ok) throw new Error(renderDiagnostics(r.diagnostics, { file, text: r.text }));
  return r;
}

/**
 * Program text compiled and checked, with deployment and workload JSON
 * validated against it. Throws with the diagnostics if any of the three is
 * refused, so a broken variant that does not even compile fails its test loudly.
 */
export function setupFromText(text: string, deploy: unknown, workload: unknown): Setup {
  const file = 'variant.ded';
  const compiled = compileText(text, file);
  if (!compiled.ok) throw new Error(renderDiagnostics(compiled.diagnostics, { file, text }));
  const d = validateDeployment(deploy, compiled.checked);
  if (!d.deployment) throw new Error(d.diagnostics.map((x) => x.message).join('\n'));
  const w = validateWorkload(workload, compiled.checked, new Topology(d.deployment));
  if (!w.workload) throw new Error(w.diagnostics.map((x) => x.message).join('\n'));
  return { program: compiled.checked, deployment: d.deployment, workload: w.workload };
}

/** One replacement: `from` (which must occur exactly once) becomes `to`. */
export type Edit = readonly [from: string, to: string];

/**
 * `text` with each edit applied in turn, each to the text the ones before it
 * left. Each `from` must occur exactly once there: otherwise the test fails,
 * so it notices when the corpus changes under it instead of quietly running
 * the unbroken protocol. `what` names the text in that failure.
 */
export function applyEdits(text: string, what: string, ...edits: readonly Edit[]): string {
  let out = text;
  for (const [from, to] of edits) {
    expect(out.split(from).length - 1, `${what} contains once: ${from}`).toBe(1);
    out = out.replace(from, to);
  }
  return out;
}

/** A corpus protocol read once: the base a model's tests run and break. */
export interface CorpusProtocol {
  /** The file under corpus/, e.g. `2pc.ded`. */
  readonly file: string;
  readonly text: string;
  /** The parsed JSON of the `.deploy.json` beside it. */
  readonly deploy: unknown;
  /** The parsed JSON of the `.workload.json` beside it. */
  readonly workload: unknown;
  /** The protocol's text with `edits` applied (see `applyEdits`). */
  variant(...edits: readonly Edit[]): string;
  /** `text` (the protocol's own by default) ready to run with this protocol's deployment and workload, or the ones given. */
  setup(text?: string, deploy?: unknown, workload?: unknown): Setup;
}

/** Reads corpus/`file` and the deployment and workload JSON beside it. */
export function corpusProtocol(file: string): CorpusProtocol {
  const path = `${CORPUS}${file}`;
  const text = readFileSync(path, 'utf8');
  const deploy: unknown = JSON.parse(readFileSync(siblingFile(path, '.deploy.json'), 'utf8'));
  const workload: unknown = JSON.parse(readFileSync(siblingFile(path, '.workload.json'), 'utf8'));
  return {
    file,
    text,
    deploy,
    workload,
    variant: (...edits) => applyEdits(text, `corpus/${file}`, ...edits),
    setup: (t = text, d = deploy, w = workload) => setupFromText(t, d, w),
  };
}

/** One simulated run and the model's verdict on it. */
export interface ModelRun {
  readonly seed: number;
  readonly result: SimResult;
  readonly view: RunView;
  readonly report: ModelReport;
}

/** Simulates `setup` on `seed` and checks every invariant of `model` on the run. */
export function runModel(model: ReferenceModel, setup: Setup, seed: number): ModelRun {
  const result = simulate(setup.program, setup.deployment, setup.workload, { seed });
  const view = RunView.of(result, setup.deployment);
  return { seed, result, view, report: checkModel(model, view) };
}

/** How a model's tests run one seed: program text on a base protocol's files, or a corpus file. */
export interface ModelRunners {
  /** `text` run with the base's deployment and workload; the model's report. */
  readonly runText: (text: string, seed: number) => ModelReport;
  /** A corpus file run with the deployment and workload beside it. */
  readonly runFile: (file: string, seed: number) => ModelRun;
}

/** `ModelRunners` that judge with `model`, running text on `base`'s deployment and workload. */
export function modelRunners(model: ReferenceModel, base: CorpusProtocol): ModelRunners {
  return {
    runText: (text, seed) => runModel(model, base.setup(text), seed).report,
    runFile: (file, seed) => runModel(model, corpusSetup(file, seed), seed),
  };
}

/** `runModel` on each seed 1..seeds. */
export function runSeeds(model: ReferenceModel, setup: Setup, seeds: number): ModelRun[] {
  return Array.from({ length: seeds }, (_, k) => runModel(model, setup, k + 1));
}

/** The result of the invariant named `invariant`; throws if the report has none. */
export function invariantResult(report: ModelReport, invariant: string): InvariantResult {
  const r = report.results.find((x) => x.name === invariant);
  if (!r) throw new Error(`no invariant ${invariant}`);
  return r;
}

/** The status of the invariant named `invariant`; throws if the report has none. */
export function status(report: ModelReport, invariant: string): InvariantStatus {
  return invariantResult(report, invariant).status;
}

/** The status of `invariant` on each run, in order. */
export function statusesOver(runs: readonly ModelRun[], invariant: string): InvariantStatus[] {
  return runs.map((r) => status(r.report, invariant));
}

/** Every invariant of the report as [name, status], to compare with `allHeld`. */
export function statusPairs(report: ModelReport): [string, InvariantStatus][] {
  return report.results.map((r) => [r.name, r.status]);
}

/** Every invariant of `model` as [name, 'held'], in the model's order. */
export function allHeld(model: ReferenceModel): [string, InvariantStatus][] {
  return model.invariants.map((i) => [i.name, 'held']);
}

/** The names of the invariants of `model`. */
export function invariantNames(model: ReferenceModel): Set<string> {
  return new Set(model.invariants.map((i) => i.name));
}

/** The first seed in 1..seeds on which `run` violates `invariant`, or null. */
export function firstViolation(run: (seed: number) => ModelReport, invariant: string, seeds: number): number | null {
  for (let seed = 1; seed <= seeds; seed++) if (status(run(seed), invariant) === 'violated') return seed;
  return null;
}

/** A protocol broken on purpose so that `invariant` can be seen to fail. */
export interface BrokenVariant {
  readonly invariant: string;
  /** What is broken, for the test's title. */
  readonly how: string;
  readonly run: (seed: number) => ModelReport;
}

/**
 * Expects `b` to violate its invariant on some seed in 1..seeds, and the
 * unbroken protocol (`base`) to hold it on that seed: the violation comes from
 * the breakage, not from the seed.
 */
export function expectViolatedWhereBaseHolds(b: BrokenVariant, base: (seed: number) => ModelReport, seeds: number): void {
  const seed = firstViolation(b.run, b.invariant, seeds);
  expect(seed, `no seed in 1..${seeds} violates ${b.invariant}`).not.toBeNull();
  expect(status(base(seed!), b.invariant)).toBe('held');
}

/**
 * Declares, inside the caller's `describe`, the tests that every invariant of
 * `model` can fail: one that `broken` covers every invariant, and one per
 * broken variant (`expectViolatedWhereBaseHolds` over seeds 1..seeds).
 */
export function itViolatesEveryInvariant(model: ReferenceModel, broken: readonly BrokenVariant[], base: (seed: number) => ModelReport, seeds: number): void {
  it('every invariant has a broken variant below', () => {
    expect(new Set(broken.map((b) => b.invariant))).toEqual(invariantNames(model));
  });
  for (const b of broken) {
    it(`${b.invariant}: violated when ${b.how}, held by the base on that seed`, () => {
      expectViolatedWhereBaseHolds(b, base, seeds);
    });
  }
}

/** Expects every invariant of `model` to hold on each seed 1..seeds of `run`; `label` prefixes the failure message. */
export function expectAllHeld(model: ReferenceModel, run: (seed: number) => ModelReport, seeds: number, label = ''): void {
  for (let seed = 1; seed <= seeds; seed++) {
    expect(statusPairs(run(seed)), `${label}seed ${seed}`).toEqual(allHeld(model));
  }
}
