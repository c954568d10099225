/**
 * The dynamic half of a certificate: the differential tester (src/equiv) on
 * the original (the specification) and the rewritten program, both loaded
 * from files exactly as `compartment fuzz` loads them, so every run can be
 * reproduced with `compartment fuzz ORIGINAL REWRITTEN`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { differentialTest, loadPair, DEFAULT_SCHEDULER, DEFAULT_WALKS, type DiffVerdict } from '../equiv/index.js';
import { renderMscHtml, renderVerdict, ruleTexts, verdictJson, headline, type VerdictContext, type WrittenFiles } from '../report/index.js';
import { Topology } from '../sim/topology.js';
import { MODELS } from '../../models/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CheckedProgram } from '../ir/types.js';
import type { WorkloadJson } from '../sim/workload.js';
import { counterexampleWorkload, inputDestinations, mergeWithWorkload, withWorkloadAddresses, workloadJson, type CounterexampleWorkload, type ModelFact } from './counterexample-workload.js';

export interface DiffRequest {
  readonly original: string;
  readonly deployOriginal?: string;
  readonly rewritten: string;
  /** How to name the rewritten program in the report (default: its file). */
  readonly label?: string;
  readonly runs: number;
  readonly seed: number;
  /** Shrinking time bound (ms). */
  readonly shrinkMs?: number;
  /** Guided walks per search of the original (default: the tester's). */
  readonly walks?: number;
  /** Wall-time bound of the whole test (ms). */
  readonly maxWallMs?: number;
  /** Where to write a counterexample (trace, text, chart). */
  readonly outDir?: string;
  /** A workload file for both programs (default: each program's own `FILE.workload.json`). */
  readonly workload?: string;
}

export interface DiffSummary {
  readonly original: string;
  readonly rewritten: string;
  readonly verdict: DiffVerdict['verdict'];
  readonly runs: number;
  readonly seed: number;
  readonly schedules: number;
  readonly distinctRewritten: number;
  readonly distinctOriginal: number;
  readonly originalRuns: number;
  readonly elapsedMs: number;
  /** One line: what was found. */
  readonly headline: string;
  /** The counterexample is the original breaking its own reference model (the inputs are outside what the specification covers). */
  readonly originalBroke: boolean;
  /** The tester's full report (text). */
  readonly text: string;
  readonly json: unknown;
  readonly files: WrittenFiles | null;
}

export type DiffOutcome = { readonly ok: true; readonly summary: DiffSummary } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function runDifferential(req: DiffRequest): DiffOutcome {
  const pair = loadPair(req.original, req.rewritten, {
    ...(req.deployOriginal === undefined ? {} : { deployOriginal: req.deployOriginal }),
    ...(req.workload === undefined ? {} : { workload: req.workload }),
    models: MODELS,
  });
  if (!pair.ok) return { ok: false, diagnostics: pair.diagnostics };
  const verdict = differentialTest(pair, {
    runs: req.runs,
    seed: req.seed,
    shrinkMs: req.shrinkMs ?? 5_000,
    ...(req.walks === undefined ? {} : { walks: req.walks }),
    ...(req.maxWallMs === undefined ? {} : { maxWallMs: req.maxWallMs }),
  });
  const ctx: VerdictContext = {
    original: { file: req.original, deployment: pair.original.deploymentSource, nodes: new Topology(pair.original.deployment).nodes.length, model: pair.original.model?.name ?? null },
    rewritten: { file: req.label ?? req.rewritten, deployment: req.label === undefined ? pair.rewritten.deploymentSource : 'its deployment', nodes: new Topology(pair.rewritten.deployment).nodes.length, model: pair.rewritten.model?.name ?? null },
    workloads: pair.workloadSources,
    inputs: pair.inputs?.length ?? null,
    ordered: pair.ordered,
    runs: req.runs,
    seed: req.seed,
    scheduler: DEFAULT_SCHEDULER,
    faults: [],
    maxStates: 20_000,
    walks: req.walks ?? DEFAULT_WALKS,
    rulesRewritten: ruleTexts(pair.rewritten.program),
  };
  let files: WrittenFiles | null = null;
  if (verdict.verdict === 'counterexample' && req.outDir !== undefined) {
    mkdirSync(req.outDir, { recursive: true });
    const c = verdict.counterexample;
    files = {
      trace: join(req.outDir, 'counterexample.trace.json'),
      text: join(req.outDir, 'counterexample.txt'),
      html: join(req.outDir, 'counterexample.html'),
      originalTrace: c.originalTrace ? join(req.outDir, 'original.trace.json') : null,
    };
    writeFileSync(files.trace, JSON.stringify(c.trace, null, 1) + '\n');
    if (c.originalTrace && files.originalTrace) writeFileSync(files.originalTrace, JSON.stringify(c.originalTrace, null, 1) + '\n');
    writeFileSync(files.text, renderVerdict(verdict, ctx, files));
    writeFileSync(files.html, renderMscHtml(c.trace, { title: `${req.rewritten} vs ${req.original}: counterexample`, summary: [headline(c.failure)], ...(ctx.rulesRewritten ? { rules: ctx.rulesRewritten } : {}) }));
  }
  const s = verdict.stats;
  const line =
    verdict.verdict === 'no-difference'
      ? `no difference in ${s.runs} runs (${s.schedules} schedules, ${s.distinctRewritten} distinct observation(s) of the rewritten program, ${s.distinctOriginal} of the original); every invariant held`
      : verdict.verdict === 'inconclusive'
        ? `inconclusive: ${verdict.reason}`
        : `COUNTEREXAMPLE at run ${verdict.counterexample.foundAtRun}: ${headline(verdict.counterexample.failure)}`;
  return {
    ok: true,
    summary: {
      original: req.original,
      rewritten: req.label ?? req.rewritten,
      verdict: verdict.verdict,
      runs: s.runs,
      seed: req.seed,
      schedules: s.schedules,
      distinctRewritten: s.distinctRewritten,
      distinctOriginal: s.distinctOriginal,
      originalRuns: s.originalRuns,
      elapsedMs: s.elapsedMs,
      headline: line,
      originalBroke: verdict.verdict === 'counterexample' && verdict.counterexample.failure.kind === 'invariant' && verdict.counterexample.failure.program === 'original',
      text: renderVerdict(verdict, ctx, files, { timeline: false }),
      json: verdictJson(verdict, ctx, files),
      files,
    },
  };
}

export interface CounterexampleRunRequest extends Omit<DiffRequest, 'workload'> {
  /** Z3's facts, in the terms of `program`. */
  readonly facts: readonly ModelFact[];
  /** The program the refused step applies to (the facts' terms). */
  readonly program: CheckedProgram;
  /** The original program (whose input addresses the workload uses). */
  readonly originalProgram: CheckedProgram;
  /** The original's own workload file, if any: merged in when Z3's inputs alone show nothing. */
  readonly ownWorkload: string | null;
  /** Where the workload files are written. */
  readonly dir: string;
}

/** What the differential run of a refused step was driven by. */
export interface CounterexampleRun {
  readonly workload: CounterexampleWorkload;
  /** The workload file of the run shown. */
  readonly file: string;
  /**
   * `counterexample`: Z3's inputs alone; `merged`: Z3's inputs (addresses
   * renamed to the workload's, see `renamed`) followed by the program's own
   * inputs that share no value with them.
   */
  readonly basis: 'counterexample' | 'merged';
  /** With `merged`: addresses renamed, how many of the program's own inputs were added, from which file, and what Z3's inputs alone gave. */
  readonly renamed?: readonly string[];
  readonly added?: number;
  readonly ownWorkload?: string;
  readonly alone?: string;
}

export type CounterexampleRunOutcome =
  | { readonly ok: true; readonly run: CounterexampleRun; readonly summary: DiffSummary }
  /** No input stands for the facts, or the tester could not load the programs: why. */
  | { readonly ok: false; readonly workload?: CounterexampleWorkload; readonly note: string };

/**
 * The differential tester on Z3's counterexample: the facts become `.input`
 * facts (counterexample-workload.ts), written to `DIR/counterexample.workload.json`,
 * and both programs run on them. When they show no difference alone, the
 * program's own workload's inputs that do not collide with them are added
 * (`DIR/counterexample-merged.workload.json`) and the test is run again.
 */
export function runOnCounterexample(req: CounterexampleRunRequest): CounterexampleRunOutcome {
  const own = req.ownWorkload !== null && existsSync(req.ownWorkload) ? (JSON.parse(readFileSync(req.ownWorkload, 'utf8')) as WorkloadJson) : null;
  const workload = counterexampleWorkload(req.program, req.facts, inputDestinations(req.originalProgram, own));
  if (workload.inputs.length === 0) return { ok: false, workload, note: `no .input fact stands for Z3's counterexample (${workload.untraced.join('; ') || 'no facts'})` };
  mkdirSync(req.dir, { recursive: true });
  const base: DiffRequest = {
    original: req.original,
    rewritten: req.rewritten,
    runs: req.runs,
    seed: req.seed,
    ...(req.deployOriginal === undefined ? {} : { deployOriginal: req.deployOriginal }),
    ...(req.label === undefined ? {} : { label: req.label }),
    ...(req.shrinkMs === undefined ? {} : { shrinkMs: req.shrinkMs }),
    ...(req.walks === undefined ? {} : { walks: req.walks }),
    ...(req.maxWallMs === undefined ? {} : { maxWallMs: req.maxWallMs }),
    ...(req.outDir === undefined ? {} : { outDir: req.outDir }),
  };
  const file = join(req.dir, 'counterexample.workload.json');
  writeFileSync(file, JSON.stringify(workloadJson(workload), null, 2) + '\n');
  const alone = runDifferential({ ...base, workload: file });
  if (!alone.ok) return { ok: false, workload, note: `the differential tester could not run on Z3's inputs: ${alone.diagnostics.map((x) => x.message).join('; ')}` };
  const shows = (d: DiffSummary): boolean => d.verdict === 'counterexample' && !d.originalBroke;
  if (shows(alone.summary) || own === null || req.ownWorkload === null) {
    return { ok: true, run: { workload, file, basis: 'counterexample' }, summary: alone.summary };
  }
  // Z3's inputs alone show nothing (or only that the original's model does not cover them): give them the workload's addresses and company.
  const renamed = withWorkloadAddresses(req.originalProgram, workload, own);
  const merged = mergeWithWorkload(req.originalProgram, renamed.workload, own);
  if (merged.added === 0 && renamed.renamed.length === 0) return { ok: true, run: { workload, file, basis: 'counterexample' }, summary: alone.summary };
  const mergedFile = join(req.dir, 'counterexample-merged.workload.json');
  writeFileSync(mergedFile, JSON.stringify(merged.json, null, 2) + '\n');
  const both = runDifferential({ ...base, workload: mergedFile });
  if (!both.ok) return { ok: true, run: { workload, file, basis: 'counterexample' }, summary: alone.summary };
  return {
    ok: true,
    run: { workload: renamed.workload, file: mergedFile, basis: 'merged', renamed: renamed.renamed, added: merged.added, ownWorkload: req.ownWorkload, alone: alone.summary.headline },
    summary: both.summary,
  };
}
