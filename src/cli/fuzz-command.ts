/**
 * `compartment fuzz ORIGINAL REWRITTEN`: the differential tester from the
 * command line. Loads both programs (deployments, the shared workload, the
 * reference models), runs the tester with a progress bar on a terminal, prints
 * the verdict, and writes a counterexample to `--out`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDiagnostics } from '../diagnostics/render.js';
import { differentialTest, loadPair, DEFAULT_WALKS, type DiffProgress, type DiffVerdict, type SchedulerKind } from '../equiv/index.js';
import { renderMscHtml, renderVerdict, ruleTexts, verdictJson, headline, type VerdictContext, type WrittenFiles } from '../report/index.js';
import { Topology, type FaultKind } from '../sim/index.js';
import { MODELS } from '../../models/index.js';
import { EXIT, processIo, type CliIo } from './io.js';

export interface FuzzFlags {
  readonly deployOriginal?: string;
  readonly deployRewritten?: string;
  readonly workload?: string;
  readonly runs: number;
  readonly seed: number;
  readonly scheduler: string;
  readonly faults?: string;
  readonly maxSteps: number;
  readonly maxStates: number;
  readonly walks?: number;
  /** Seconds. */
  readonly timeout?: number;
  readonly inputs: number;
  readonly model?: string;
  readonly shrink: boolean;
  /** Seconds. */
  readonly shrinkTime?: number;
  readonly json?: boolean;
  readonly out?: string;
  readonly progress?: boolean;
}

const FAULT_NAMES: Readonly<Record<string, FaultKind>> = { drop: 'drop', dup: 'duplicate', duplicate: 'duplicate', crash: 'crash' };

export function parseFaults(text: string | undefined): { faults: FaultKind[] } | { problem: string } {
  if (text === undefined || text.trim() === '' || text.trim() === 'none') return { faults: [] };
  const faults: FaultKind[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    const kind = FAULT_NAMES[name];
    if (kind === undefined) return { problem: `unknown fault "${name}" in --faults; faults are drop, dup, crash (comma-separated)` };
    if (!faults.includes(kind)) faults.push(kind);
  }
  return { faults };
}

export async function runFuzz(originalFile: string, rewrittenFile: string, flags: FuzzFlags, io: CliIo): Promise<number> {
  const parsed = parseFaults(flags.faults);
  if ('problem' in parsed) {
    io.err(`error: ${parsed.problem}\n`);
    return EXIT.usage;
  }
  const faults = parsed.faults;
  const pair = loadPair(originalFile, rewrittenFile, {
    ...(flags.deployOriginal === undefined ? {} : { deployOriginal: flags.deployOriginal }),
    ...(flags.deployRewritten === undefined ? {} : { deployRewritten: flags.deployRewritten }),
    ...(flags.workload === undefined ? {} : { workload: flags.workload }),
    ...(flags.model === undefined ? {} : { model: flags.model }),
    models: MODELS,
  });
  if (!pair.ok) {
    for (const d of pair.diagnostics) {
      const text = d.file === undefined ? undefined : pair.texts.get(d.file);
      io.err(renderDiagnostics([d], { ...(d.file === undefined ? {} : { file: d.file }), ...(text === undefined ? {} : { text }) }) + '\n');
    }
    return EXIT.usage;
  }
  for (const d of pair.warnings) {
    const text = d.file === undefined ? undefined : pair.texts.get(d.file);
    io.err(renderDiagnostics([d], { ...(d.file === undefined ? {} : { file: d.file }), ...(text === undefined ? {} : { text }) }) + '\n');
  }

  const scheduler = flags.scheduler as SchedulerKind;
  const progress = progressReporter(io, flags.progress !== false && !flags.json, flags.runs);
  const verdict = differentialTest(pair, {
    runs: flags.runs,
    seed: flags.seed,
    scheduler,
    faults,
    maxSteps: flags.maxSteps,
    maxStates: flags.maxStates,
    ...(flags.walks === undefined ? {} : { walks: flags.walks }),
    shrink: flags.shrink,
    ...(flags.shrinkTime === undefined ? {} : { shrinkMs: flags.shrinkTime * 1000 }),
    generatedInputs: flags.inputs,
    ...(flags.timeout === undefined ? {} : { maxWallMs: flags.timeout * 1000 }),
    onProgress: progress.update,
  });
  progress.done();

  const ctx: VerdictContext = {
    original: {
      file: originalFile,
      deployment: pair.original.deploymentSource,
      nodes: new Topology(pair.original.deployment).nodes.length,
      model: pair.original.model?.name ?? null,
    },
    rewritten: {
      file: rewrittenFile,
      deployment: pair.rewritten.deploymentSource,
      nodes: new Topology(pair.rewritten.deployment).nodes.length,
      model: pair.rewritten.model?.name ?? null,
    },
    workloads: pair.workloadSources,
    inputs: pair.inputs?.length ?? null,
    ordered: pair.ordered,
    runs: flags.runs,
    seed: flags.seed,
    scheduler,
    faults: faults.map((f) => (f === 'duplicate' ? 'dup' : f)),
    maxStates: flags.maxStates,
    walks: flags.walks ?? DEFAULT_WALKS,
    rulesRewritten: ruleTexts(pair.rewritten.program),
  };

  let files: WrittenFiles | null = null;
  if (verdict.verdict === 'counterexample' && flags.out !== undefined) {
    try {
      files = writeCounterexample(flags.out, verdict, ctx);
    } catch (e) {
      io.err(`${flags.out}: error[io-error]: cannot write the counterexample: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return EXIT.usage;
    }
  }
  io.out(flags.json ? JSON.stringify(verdictJson(verdict, ctx, files), null, 2) + '\n' : renderVerdict(verdict, ctx, files));
  return verdict.verdict === 'no-difference' ? EXIT.ok : EXIT.verdictFailed;
}

function writeCounterexample(dir: string, verdict: Extract<DiffVerdict, { verdict: 'counterexample' }>, ctx: VerdictContext): WrittenFiles {
  mkdirSync(dir, { recursive: true });
  const c = verdict.counterexample;
  const files: WrittenFiles = {
    trace: join(dir, 'counterexample.trace.json'),
    text: join(dir, 'counterexample.txt'),
    html: join(dir, 'counterexample.html'),
    originalTrace: c.originalBreaksToo ?? c.originalTrace ? join(dir, 'original.trace.json') : null,
  };
  writeFileSync(files.trace, JSON.stringify(c.trace, null, 1) + '\n');
  const original = c.originalBreaksToo ?? c.originalTrace;
  if (original && files.originalTrace) writeFileSync(files.originalTrace, JSON.stringify(original, null, 1) + '\n');
  writeFileSync(files.text, renderVerdict(verdict, ctx, files));
  writeFileSync(
    files.html,
    renderMscHtml(c.trace, {
      title: `${ctx.rewritten.file} vs ${ctx.original.file}: counterexample`,
      summary: [headline(c.failure), `${c.inputs.length} input(s); ${c.result.stats.steps} steps; replay: compartment replay ${files.trace}`],
      ...(ctx.rulesRewritten ? { rules: ctx.rulesRewritten } : {}),
    }),
  );
  return files;
}

/** A progress bar on a terminal (standard error), plain lines every tenth of the runs otherwise. */
function progressReporter(io: CliIo, enabled: boolean, runs: number): { update: (p: DiffProgress) => void; done: () => void } {
  if (!enabled) return { update: () => undefined, done: () => undefined };
  const tty = io === processIo && process.stderr.isTTY === true;
  let lastLine = -1;
  let drawn = false;
  const started = performance.now();
  return {
    update: (p) => {
      if (tty) {
        const total = p.runs || runs;
        const width = 30;
        const filled = total > 0 ? Math.round((p.run / total) * width) : 0;
        const what = p.phase === 'runs' ? `run ${p.run}/${total}` : p.phase === 'searching' ? 'searching the original' : 'shrinking the counterexample';
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        io.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${what}, ${p.distinctRewritten} distinct observation(s), ${secs} s   `);
        drawn = true;
      } else if (p.phase === 'runs') {
        const step = Math.max(1, Math.ceil((p.runs || runs) / 10));
        if (p.run % step === 0 && p.run !== lastLine) {
          lastLine = p.run;
          io.err(`fuzz: ${p.run}/${p.runs || runs} runs, ${p.distinctRewritten} distinct observation(s) of the rewritten program\n`);
        }
      } else if (p.phase === 'shrinking') io.err('fuzz: found a counterexample; shrinking it\n');
    },
    done: () => {
      if (drawn) io.err('\r' + ' '.repeat(100) + '\r');
    },
  };
}
