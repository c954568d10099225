/**
 * `compartment run FILE`: run a program as real processes over TCP with
 * closed-loop clients, print throughput, latency and per-process CPU, and
 * (with --check) hold the run to the program's reference model.
 */
import { renderDiagnostics } from '../diagnostics/render.js';
import { exitText, runProgram, type RunEvent, type RunReport, type ProcessReport } from '../runtime/launcher.js';
import { EXIT, type CliIo } from './io.js';

export interface RunFlags {
  readonly deploy?: string;
  readonly workload?: string;
  readonly clients: number;
  readonly outstanding: number;
  readonly duration: number;
  readonly warmup: number;
  readonly timeout: number;
  readonly drain: number;
  readonly json?: boolean;
  readonly check?: boolean;
  readonly model?: string;
  /** Progress lines on standard error (default on). */
  readonly progress?: boolean;
}

/** Exit status of a run that was interrupted (Ctrl-C): 128 + SIGINT, as shells report it. */
export const EXIT_INTERRUPTED = 130;

export async function runRun(file: string, flags: RunFlags, io: CliIo, signal?: AbortSignal): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) return;
    io.err('\ninterrupted: stopping every process...\n');
    controller.abort();
  };
  signal?.addEventListener('abort', () => controller.abort());
  const ownSignal = signal === undefined;
  if (ownSignal) process.on('SIGINT', onSigint);
  try {
    const progress = flags.progress !== false;
    const result = await runProgram({
      file,
      ...(flags.deploy === undefined ? {} : { deploy: flags.deploy }),
      ...(flags.workload === undefined ? {} : { workload: flags.workload }),
      clients: flags.clients,
      outstanding: flags.outstanding,
      durationS: flags.duration,
      warmupS: flags.warmup,
      timeoutS: flags.timeout,
      drainS: flags.drain,
      check: flags.check === true,
      ...(flags.model === undefined ? {} : { model: flags.model }),
      signal: controller.signal,
      onEvent: (e) => {
        if (progress) io.err(progressLine(e));
      },
    });
    if (!result.ok) {
      if (result.kind === 'input') {
        io.err(renderDiagnostics(result.diagnostics, { file, ...(result.text === undefined ? {} : { text: result.text }) }) + '\n');
        return EXIT.usage;
      }
      io.err(`run failed to start: ${result.message}\n`);
      for (const p of result.processes.filter((p) => p.crashed)) io.err(crashText(p));
      return controller.signal.aborted ? EXIT_INTERRUPTED : EXIT.verdictFailed;
    }
    const r = result.report;
    io.out(flags.json ? JSON.stringify(r, null, 2) + '\n' : renderRunReport(r));
    if (r.outcome === 'interrupted') return EXIT_INTERRUPTED;
    return runSucceeded(r) ? EXIT.ok : EXIT.verdictFailed;
  } finally {
    if (ownSignal) process.off('SIGINT', onSigint);
  }
}

/** A completed run with no crash, every request answered, and (with --check) a quiescent run keeping every invariant. */
export function runSucceeded(r: RunReport): boolean {
  const q = r.requests;
  if (r.processes.some((p) => p.crashed)) return false;
  if (q.timeouts > 0 || q.unanswered > 0 || q.sendFailed > 0) return false;
  if (r.check && (r.check.report === null || !r.check.report.ok || !r.check.quiescent)) return false;
  return true;
}

function progressLine(e: RunEvent): string {
  switch (e.kind) {
    case 'phase':
      return `[run] ${e.message}\n`;
    case 'spawned':
      return '';
    case 'progress':
      return `[run] ${String(e.second).padStart(3)}s  ${e.phase.padEnd(7)}  ${e.completed} answers/s\n`;
    case 'exited':
      if (e.expected) return '';
      return `[run] ${e.role} ${e.name} exited with ${exitText({ code: e.code, signal: e.signal })}${e.lastLines.length ? `; last lines:\n${e.lastLines.map((l) => `        ${l}`).join('\n')}` : ''}\n`;
  }
}

function crashText(p: ProcessReport): string {
  const how = p.killed ? 'did not stop when told to and was killed' : p.exit ? `exited with ${exitText(p.exit)}` : 'crashed';
  return `  ${p.role} ${p.name} (pid ${p.pid}) ${how}${p.lastLines.length ? '; last lines:\n' + p.lastLines.map((l) => `      ${l}`).join('\n') : ''}\n`;
}

const fmt = (n: number, digits = 2): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(digits));

export function renderRunReport(r: RunReport): string {
  const lines: string[] = [];
  const row = (label: string, text: string): void => void lines.push(`${label.padEnd(11)} ${text}`);
  row('program', r.file);
  row('deployment', `${r.deploymentSource ?? '(default: one instance of each component)'}: ${r.nodes.length} node process(es)${r.mode === 'local' ? ' on 127.0.0.1' : ' at the deployment\'s addresses (attached)'}`);
  row('clients', `${r.config.clients} process(es) x ${r.config.outstanding} outstanding; ${r.plan.shapes.map((s) => `${s.relation} -> ${s.to.map((g) => g.join('|')).join(' + ')}${r.plan.shapes.some((x) => x.weight !== 1) ? ` (weight ${s.weight})` : ''}`).join(', ')} (shapes from the ${r.plan.source}${r.plan.setup ? `, ${r.plan.setup} setup input(s)` : ''})`);
  row('run', `${r.config.warmupS} s warm-up, ${r.config.durationS} s measured; startup ${(r.startupMs / 1000).toFixed(1)} s`);
  const q = r.requests;
  const crashed = r.processes.filter((p) => p.crashed);
  const verdict =
    r.outcome === 'interrupted'
      ? 'interrupted (Ctrl-C): stopped early'
      : crashed.length > 0
        ? `${crashed.length} process(es) crashed`
        : q.timeouts + q.unanswered + q.sendFailed > 0
          ? 'completed, but some requests got no answer'
          : 'completed: every request answered';
  row('result', verdict);
  row('throughput', `${fmt(r.throughput.mean)} answers/s mean, ${r.throughput.p90Window} p90 of 1-s windows (${r.throughput.windows.join(' ') || 'no full window'})`);
  row('latency', r.latencyMs ? `p50 ${fmt(r.latencyMs.p50)} ms, p90 ${fmt(r.latencyMs.p90)} ms, p99 ${fmt(r.latencyMs.p99)} ms, max ${fmt(r.latencyMs.max)} ms (${r.latencyMs.count} answers measured)` : 'no answer in the measured period');
  row('requests', `${q.sent} sent, ${q.completed} answered, ${q.timeouts} timed out, ${q.unanswered} unanswered at the end, ${q.sendFailed} not sendable, ${q.extra} extra answers${q.late ? `, ${q.late} late` : ''}`);
  lines.push('processes   name                 pid      cpu   ticks      facts in   facts out  exit');
  for (const p of r.processes) {
    const s = p.stats;
    lines.push(
      `            ${p.name.padEnd(20)} ${String(p.pid).padEnd(8)} ${(p.cpuPercent === null ? '-' : `${p.cpuPercent.toFixed(0)}%`).padStart(4)}  ${String(s?.ticks ?? '-').padEnd(10)} ${String(s?.factsIn ?? '-').padEnd(10)} ${String(s?.factsOut ?? '-').padEnd(10)} ${p.exit ? (p.killed ? 'killed' : p.crashed ? `CRASHED ${exitText(p.exit)}` : exitText(p.exit).replace('status ', '')) : 'running'}`,
    );
  }
  for (const p of crashed) lines.push(crashText(p).trimEnd());
  if (r.check) {
    const c = r.check;
    if (c.refused !== null || c.report === null) row('check', `model ${c.model}: not checked: ${c.refused ?? 'no report'}`);
    else {
      const held = c.report.results.filter((x) => x.status === 'held').length;
      const violated = c.report.results.filter((x) => x.status === 'violated').length;
      row('check', `model ${c.model}: ${held} held, ${violated} violated; ${c.quiescent ? 'the run ended quiescent' : 'the run was NOT seen to be quiescent'} (${c.events} events recorded)`);
      for (const x of c.report.results) {
        const mark = x.status === 'held' ? 'ok  ' : x.status === 'violated' ? 'FAIL' : 'n/a ';
        lines.push(`  ${mark} ${x.name}: ${x.description}${x.reason ? ` (${x.reason})` : ''}`);
        for (const v of x.violations.slice(0, 5)) lines.push(`         ${v.message}`);
      }
    }
  }
  row('machine', `${r.machine.cpus} cpus, load average ${r.machine.loadavg.map((x) => x.toFixed(2)).join(' ')} (at the end of the run)`);
  return lines.join('\n') + '\n';
}
