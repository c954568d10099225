/**
 * `compartment replay TRACE.json`: re-run a recorded trace and check that it
 * reproduces the same run, step for step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderDiagnostics } from '../diagnostics/render.js';
import { loadProgram } from '../load.js';
import { describeStop, formatFact, programHash, readTrace, replayTrace } from '../sim/index.js';
import { renderTimeline, ruleTexts } from '../report/index.js';
import { EXIT, type CliIo } from './io.js';

export interface ReplayFlags {
  readonly program?: string;
  readonly json?: boolean;
  readonly showTrace?: boolean;
}

export function runReplay(traceFile: string, flags: ReplayFlags, io: CliIo): number {
  const read = readTrace(traceFile);
  if (!read.ok) {
    io.err(renderDiagnostics(read.diagnostics, { file: traceFile }) + '\n');
    return EXIT.usage;
  }
  const trace = read.trace;
  let file = flags.program;
  if (file === undefined) {
    const named = trace.program?.file;
    if (named === undefined) {
      io.err(`${traceFile}: error[bad-input]: the trace does not name its program (it was written by an older compartment); give it with --program FILE\n`);
      return EXIT.usage;
    }
    file = existsSync(named) ? named : join(dirname(traceFile), named);
  }
  const loaded = loadProgram(file);
  if (!loaded.ok) {
    io.err(renderDiagnostics(loaded.diagnostics, { file, ...(loaded.text === undefined ? {} : { text: loaded.text }) }) + '\n');
    return EXIT.usage;
  }
  const hash = programHash(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  const changed = trace.program !== undefined && trace.program.sha256 !== hash;
  const replay = replayTrace(loaded.checked, trace, traceFile);
  if (!replay.ok) {
    io.err(renderDiagnostics(replay.diagnostics, { file: traceFile }) + '\n');
    return EXIT.usage;
  }
  const { result, divergence } = replay;
  if (flags.json) {
    io.out(
      JSON.stringify(
        {
          ok: divergence === null,
          trace: traceFile,
          program: file,
          programChanged: changed,
          steps: result.stats.steps,
          stop: result.trace.stop,
          observations: result.observations,
          divergence,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    const lines: string[] = [];
    const row = (label: string, text: string): void => void lines.push(label.padEnd(12) + text);
    row('trace', `${traceFile} (version ${trace.version}; ${trace.scheduler}; ${trace.choices.length} recorded choices)`);
    row('program', `${file}${trace.program === undefined ? '' : changed ? ' (CHANGED since the trace was written: its SHA-256 differs)' : ' (unchanged: SHA-256 matches)'}`);
    if (divergence === null) row('replay', `identical: ${result.stats.steps} steps, every step as recorded; ${describeStop(result)}`);
    else {
      row('replay', `DIVERGED at step ${divergence.step}`);
      lines.push(`            recorded: ${JSON.stringify(divergence.recorded)}`);
      lines.push(`            replayed: ${JSON.stringify(divergence.replayed)}`);
    }
    row('observed', `${result.observations.length} output fact(s):`);
    for (const o of result.observations.slice(0, 50)) lines.push(`  ${formatFact(o.relation, o.tuple)}  at ${o.at}  x${o.count}`);
    if (result.observations.length > 50) lines.push(`  ... and ${result.observations.length - 50} more (--json lists them all)`);
    let text = lines.join('\n') + '\n';
    if (flags.showTrace) text += '\n' + renderTimeline(result.trace, ruleTexts(loaded.checked));
    io.out(text);
  }
  return divergence === null ? EXIT.ok : EXIT.verdictFailed;
}
