/**
 * The dynamic half of a certificate: the differential tester (src/equiv) on
 * the original (the specification) and the rewritten program, both loaded
 * from files exactly as `compartment fuzz` loads them, so every run can be
 * reproduced with `compartment fuzz ORIGINAL REWRITTEN`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { differentialTest, loadPair, DEFAULT_WALKS, type DiffVerdict } from '../equiv/index.js';
import { renderMscHtml, renderVerdict, ruleTexts, verdictJson, headline, type VerdictContext, type WrittenFiles } from '../report/index.js';
import { Topology } from '../sim/topology.js';
import { MODELS } from '../../models/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

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
  /** Wall-time bound of the whole test (ms). */
  readonly maxWallMs?: number;
  /** Where to write a counterexample (trace, text, chart). */
  readonly outDir?: string;
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
  /** The tester's full report (text). */
  readonly text: string;
  readonly json: unknown;
  readonly files: WrittenFiles | null;
}

export type DiffOutcome = { readonly ok: true; readonly summary: DiffSummary } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function runDifferential(req: DiffRequest): DiffOutcome {
  const pair = loadPair(req.original, req.rewritten, { ...(req.deployOriginal === undefined ? {} : { deployOriginal: req.deployOriginal }), models: MODELS });
  if (!pair.ok) return { ok: false, diagnostics: pair.diagnostics };
  const verdict = differentialTest(pair, {
    runs: req.runs,
    seed: req.seed,
    shrinkMs: req.shrinkMs ?? 5_000,
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
    scheduler: 'random',
    faults: [],
    maxStates: 20_000,
    walks: DEFAULT_WALKS,
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
      text: renderVerdict(verdict, ctx, files, { timeline: false }),
      json: verdictJson(verdict, ctx, files),
      files,
    },
  };
}
