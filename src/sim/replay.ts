/**
 * Replaying a trace: read a trace file (versions 1 and 2), rebuild the run's
 * deployment, workload and network from it, run the program again with the
 * recorded choices, and compare step by step.
 */
import { createHash } from 'node:crypto';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { CheckedProgram } from '../ir/types.js';
import type { Action } from './actions.js';
import { validateDeployment } from './deployment.js';
import { readJsonFile } from './json-file.js';
import type { NetworkModel } from './network.js';
import { replayScheduler } from './scheduler.js';
import { simulate, DEFAULT_MAX_FACTS_PER_TICK, DEFAULT_MAX_MESSAGES, DEFAULT_MAX_STEPS, type SimResult } from './simulate.js';
import { Topology } from './topology.js';
import type { Trace } from './trace.js';
import { isObject } from './values.js';
import { validateWorkload } from './workload.js';

export type TraceFileResult = { readonly ok: true; readonly trace: Trace } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/** Reads a trace file and checks its shape (not its content: replaying does that). */
export function readTrace(path: string): TraceFileResult {
  const read = readJsonFile(path, 'trace');
  if (!read.ok) return { ok: false, diagnostics: read.diagnostics };
  const problem = traceShapeProblem(read.value);
  if (problem !== null) return { ok: false, diagnostics: [{ ...error('bad-input', `trace: ${problem}`), file: path }] };
  return { ok: true, trace: read.value as Trace };
}

function traceShapeProblem(v: unknown): string | null {
  if (!isObject(v)) return 'the file must hold a JSON object written by `simulate --trace` or `fuzz --out`';
  if (v['format'] !== 'compartment-trace') return `not a compartment trace (its "format" is ${JSON.stringify(v['format'])}, expected "compartment-trace")`;
  if (v['version'] !== 1 && v['version'] !== 2) return `trace version ${JSON.stringify(v['version'])} is not supported (this compartment reads versions 1 and 2)`;
  if (!isObject(v['deployment'])) return '"deployment" must be an object';
  if (!isObject(v['workload'])) return '"workload" must be an object';
  if (!Array.isArray(v['steps'])) return '"steps" must be a list';
  const net = v['network'];
  if (!isObject(net) || typeof net['reorder'] !== 'boolean' || typeof net['batch'] !== 'boolean' || typeof net['delay'] !== 'boolean') {
    return '"network" must be an object with booleans "reorder", "batch" and "delay"';
  }
  const choices = v['choices'];
  if (!Array.isArray(choices)) return '"choices" must be a list of actions';
  for (let i = 0; i < choices.length; i++) {
    const a: unknown = choices[i];
    if (!isObject(a) || !actionShapeOk(a)) return `choices[${i}] is not an action: ${JSON.stringify(a)}`;
  }
  const p = v['program'];
  if (p !== undefined && (!isObject(p) || typeof p['file'] !== 'string' || typeof p['sha256'] !== 'string')) return '"program" must be {"file", "sha256"}';
  return null;
}

function actionShapeOk(a: Record<string, unknown>): boolean {
  const int = (x: unknown): boolean => Number.isSafeInteger(x);
  switch (a['kind']) {
    case 'inject':
      return int(a['input']);
    case 'tick':
      return typeof a['node'] === 'string' && Array.isArray(a['deliver']) && (a['deliver'] as unknown[]).every(int);
    case 'arrive':
    case 'drop':
    case 'duplicate':
      return int(a['message']);
    case 'crash':
      return typeof a['node'] === 'string';
    default:
      return false;
  }
}

/** SHA-256 of a program text, hex (what traces record). */
export function programHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type ReplayResult =
  | { readonly ok: false; readonly diagnostics: Diagnostic[] }
  | {
      readonly ok: true;
      readonly result: SimResult;
      /** The first step that differs from the recorded one, or null when the replay is identical. */
      readonly divergence: { readonly step: number; readonly recorded: unknown; readonly replayed: unknown } | null;
    };

/** Replays `trace` on `program` and compares every step and the stop. */
export function replayTrace(program: CheckedProgram, trace: Trace, file?: string): ReplayResult {
  const d = validateDeployment(trace.deployment, program, file);
  if (!d.deployment) return { ok: false, diagnostics: d.diagnostics.map((x) => ({ ...x, message: `the trace's ${x.message}` })) };
  const w = validateWorkload(trace.workload, program, new Topology(d.deployment), file);
  if (!w.workload) return { ok: false, diagnostics: w.diagnostics.map((x) => ({ ...x, message: `the trace's ${x.message}` })) };
  const limits = trace.limits;
  const result = simulate(program, d.deployment, w.workload, {
    scheduler: replayScheduler(trace.choices as Action[]),
    network: trace.network as NetworkModel,
    maxSteps: Math.max(limits?.steps ?? DEFAULT_MAX_STEPS, trace.choices.length),
    maxMessages: limits?.messages ?? DEFAULT_MAX_MESSAGES,
    maxFactsPerTick: limits?.factsPerTick ?? DEFAULT_MAX_FACTS_PER_TICK,
  });
  const recorded = trace.steps;
  const replayed = result.trace.steps;
  for (let i = 0; i < Math.max(recorded.length, replayed.length); i++) {
    const a = recorded[i];
    const b = replayed[i];
    if (JSON.stringify(a) !== JSON.stringify(b)) return { ok: true, result, divergence: { step: i + 1, recorded: a ?? null, replayed: b ?? null } };
  }
  const stopOf = (t: Trace): string => JSON.stringify(t.stop);
  // A run that ended at a bound stops there again; a recorded schedule that ran out ends the replay.
  if (stopOf(trace) !== stopOf(result.trace) && !(trace.stop.reason === 'schedule-ended' || result.reason === 'schedule-ended')) {
    return { ok: true, result, divergence: { step: replayed.length + 1, recorded: trace.stop, replayed: result.trace.stop } };
  }
  return { ok: true, result, divergence: null };
}
