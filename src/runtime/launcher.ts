/**
 * `compartment run`: start every node of a deployment as its own process on
 * 127.0.0.1 (ports the OS assigns), wait until all peers are connected,
 * start closed-loop client processes, measure, and shut everything down.
 *
 * Phases: nodes listen → nodes connect to each other → clients connect to
 * every node → start (warm-up, measured period) → clients drain their
 * outstanding requests → (with `check`) quiescence is confirmed by channel
 * counts → every process is told to stop and must exit by itself (it is
 * killed, and that is reported, if it does not).
 *
 * A process that exits before it is told to is reported with its exit status
 * and last log lines; the others keep running, and the clients count the
 * requests that got no answer. Aborting (`signal`, Ctrl-C in the CLI) ends
 * the measured period at once and shuts down the same way.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import * as hdr from 'hdr-histogram-js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadRunFiles } from '../sim/run-files.js';
import { checkModel, modelMismatch, type ModelReport, type ReferenceModel } from '../invariants/index.js';
import { annotation, readAnnotations } from '../syntax/annotations.js';
import { MODELS } from '../../models/index.js';
import type { Stop } from '../sim/stop.js';
import { describeStop } from '../sim/stop.js';
import { loadAddresses, type Endpoint } from './addresses.js';
import { clientPlan, type ClientPlan } from './requests.js';
import type { NodeLimits, NodeStats, NodeStatus } from './node.js';
import type { ClientResult, ClientSchedule } from './client.js';
import { newHistogram } from './client.js';
import type { FromChild, ToChild } from './ipc.js';
import { spawnWorker } from './spawn.js';
import { decodeRecording, recordedRunView, type Recording } from './record.js';
import { formatHostPort } from './transport.js';

export interface RunOptions {
  readonly file: string;
  readonly deploy?: string;
  readonly workload?: string;
  /** Client processes. */
  readonly clients: number;
  /** Requests each client keeps in flight. */
  readonly outstanding: number;
  /** Measured period, seconds (after warm-up). */
  readonly durationS: number;
  readonly warmupS: number;
  /** A request unanswered this long is given up (counted as a timeout) and its slot reused. */
  readonly timeoutS: number;
  /** After the measured period, how long clients wait for outstanding answers. */
  readonly drainS: number;
  /** Record the run and check it against the program's reference model. */
  readonly check: boolean;
  /** Model name (default: the file's `# @model` line). */
  readonly model?: string;
  readonly limits?: Partial<NodeLimits>;
  /** Benchmark only: run the hand-written echo server instead of the program's single node. */
  readonly baseline?: 'echo';
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: RunEvent) => void;
}

export type RunEvent =
  | { readonly kind: 'phase'; readonly message: string }
  | { readonly kind: 'spawned'; readonly name: string; readonly role: ProcessRole; readonly pid: number }
  | { readonly kind: 'progress'; readonly second: number; readonly phase: 'warm-up' | 'measure' | 'drain'; readonly completed: number; readonly timeouts?: number }
  | { readonly kind: 'exited'; readonly name: string; readonly role: ProcessRole; readonly code: number | null; readonly signal: string | null; readonly expected: boolean; readonly lastLines: readonly string[] };

export type ProcessRole = 'node' | 'client' | 'baseline';

export interface ProcessReport {
  readonly name: string;
  readonly role: ProcessRole;
  readonly pid: number;
  /** CPU time over the measured period / its wall time, in percent of one core (null if not sampled). */
  readonly cpuPercent: number | null;
  readonly exit: { readonly code: number | null; readonly signal: string | null } | null;
  /** Exited before it was told to stop, with a non-zero status or a signal; or had to be killed. */
  readonly crashed: boolean;
  readonly killed: boolean;
  readonly lastLines: readonly string[];
  readonly stats: NodeStats | null;
}

export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface CheckReport {
  readonly model: string;
  /** Whether the end of the run was seen to be quiescent (all channels drained, every node at rest). */
  readonly quiescent: boolean;
  readonly stop: string;
  readonly report: ModelReport | null;
  /** Why the check could not be made (a recording was truncated, a process crashed...). */
  readonly refused: string | null;
  readonly events: number;
}

export interface RunReport {
  readonly file: string;
  readonly deploymentSource: string | null;
  readonly nodes: readonly string[];
  /** `local`: nodes started here; `attached`: nodes at the deployment's addresses, started by `compartment node`. */
  readonly mode: 'local' | 'attached';
  /** Each shape with its share of the requests (from the workload's weights; 1 each without). */
  readonly plan: { readonly source: ClientPlan['source']; readonly shapes: readonly { relation: string; to: readonly (readonly string[])[]; weight: number }[]; readonly setup: number };
  readonly config: { readonly clients: number; readonly outstanding: number; readonly durationS: number; readonly warmupS: number; readonly timeoutS: number };
  readonly outcome: 'completed' | 'interrupted';
  readonly startupMs: number;
  readonly throughput: {
    /** Answers per second over the measured period. */
    readonly mean: number;
    /** 90th percentile of the per-second answer counts (the literature's measure). */
    readonly p90Window: number;
    readonly windows: readonly number[];
  };
  /** Milliseconds, over the answers in the measured period. */
  readonly latencyMs: LatencySummary | null;
  readonly requests: {
    readonly sent: number;
    readonly completed: number;
    readonly measured: number;
    readonly timeouts: number;
    readonly late: number;
    readonly extra: number;
    readonly unanswered: number;
    readonly sendFailed: number;
  };
  readonly processes: readonly ProcessReport[];
  readonly check: CheckReport | null;
  readonly machine: { readonly cpus: number; readonly loadavg: readonly number[] };
}

export type RunResult =
  | { readonly ok: true; readonly report: RunReport }
  /** Bad input: nothing was started. */
  | { readonly ok: false; readonly kind: 'input'; readonly file: string; readonly text?: string; readonly diagnostics: readonly Diagnostic[] }
  /** The processes could not be started or connected; everything started was stopped. */
  | { readonly ok: false; readonly kind: 'startup'; readonly message: string; readonly processes: readonly ProcessReport[] };

const LAST_LINES = 20;

class Proc {
  readonly lastLines: string[] = [];
  exit: { code: number | null; signal: string | null } | null = null;
  stopping = false;
  killed = false;
  cpuStart: { cpu: NodeJS.CpuUsage; at: number } | null = null;
  cpuEnd: { cpu: NodeJS.CpuUsage; at: number } | null = null;
  stats: NodeStats | null = null;
  result: ClientResult | null = null;
  readonly exited: Promise<void>;
  private readonly waiters: { match: (m: FromChild) => boolean; resolve: (m: FromChild) => void }[] = [];

  constructor(
    readonly name: string,
    readonly role: ProcessRole,
    readonly child: ChildProcess,
    onMessage: (p: Proc, m: FromChild) => void,
    onExit: (p: Proc) => void,
  ) {
    const keep = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.lastLines.push(line);
        if (this.lastLines.length > LAST_LINES) this.lastLines.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (m: FromChild) => {
      const i = this.waiters.findIndex((w) => w.match(m));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        w?.resolve(m);
      }
      onMessage(this, m);
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        onExit(this);
        resolve();
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  send(m: ToChild): void {
    if (this.alive && this.child.connected) this.child.send(m);
  }

  /** The next message matching `match`, or null if the process exits or `ms` pass first. */
  wait<T extends FromChild>(match: (m: FromChild) => m is T, ms: number): Promise<T | null> {
    if (!this.alive) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), ms);
      const done = (m: T | null): void => {
        clearTimeout(timer);
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(m);
      };
      const waiter = { match, resolve: (m: FromChild) => done(m as T) };
      this.waiters.push(waiter);
      void this.exited.then(() => done(null));
    });
  }

  get crashed(): boolean {
    if (this.killed) return true;
    if (this.exit === null) return false;
    return !this.stopping || this.exit.code !== 0 || this.exit.signal !== null;
  }

  report(): ProcessReport {
    const cpuPercent =
      this.cpuStart && this.cpuEnd && this.cpuEnd.at > this.cpuStart.at
        ? (100 * (this.cpuEnd.cpu.user + this.cpuEnd.cpu.system - this.cpuStart.cpu.user - this.cpuStart.cpu.system)) / ((this.cpuEnd.at - this.cpuStart.at) * 1000)
        : null;
    return {
      name: this.name,
      role: this.role,
      pid: this.pid,
      cpuPercent,
      exit: this.exit,
      crashed: this.crashed,
      killed: this.killed,
      lastLines: [...this.lastLines],
      stats: this.stats,
    };
  }
}

const is =
  <K extends FromChild['type']>(type: K) =>
  (m: FromChild): m is Extract<FromChild, { type: K }> =>
    m.type === type;

/** Runs a program on real processes and measures it; see the module comment. */
export async function runProgram(options: RunOptions): Promise<RunResult> {
  const emit = options.onEvent ?? (() => {});
  const file = resolvePath(options.file);
  const loaded = loadRunFiles(options.file, {
    ...(options.deploy === undefined ? {} : { deploy: options.deploy }),
    ...(options.workload === undefined ? {} : { workload: options.workload }),
    seed: 1,
    inputs: 4,
  });
  if (!loaded.ok) return { ok: false, kind: 'input', file: options.file, ...(loaded.text === undefined ? {} : { text: loaded.text }), diagnostics: loaded.diagnostics };
  const { program, deployment, topology, workload, workloadSource, deploymentSource } = loaded;
  const inputError = (message: string): RunResult => ({ ok: false, kind: 'input', file: options.file, diagnostics: [{ code: 'bad-input', severity: 'error', message, file: options.file }] });

  const addresses = loadAddresses(deploymentSource, topology);
  if (!addresses.ok) return { ok: false, kind: 'input', file: options.file, diagnostics: addresses.diagnostics };
  const attached = addresses.addresses !== null;
  if (attached && options.check) return inputError('--check needs the nodes started here (it reads their recordings): use a deployment without "addresses"');

  let model: ReferenceModel | null = null;
  if (options.check) {
    const name = options.model ?? annotation(readAnnotations(loaded.text), 'model');
    if (name === undefined || name === 'none') return inputError('--check needs a reference model: the file has no `# @model NAME` line (give --model NAME)');
    const found = MODELS.get(name);
    if (!found) return inputError(`unknown reference model \`${name}\`; models are: ${[...MODELS.keys()].join(', ')}`);
    const problems = modelMismatch(found, program.relations);
    if (problems.length > 0) return inputError(problems.join('; '));
    model = found;
  }

  const planned = clientPlan(program, topology, workloadSource === null ? null : workload);
  if (!planned.ok) return inputError(planned.problems.join('; '));
  const plan = planned.plan;
  if (options.baseline === 'echo' && topology.nodes.length !== 1) return inputError('the echo baseline replaces a single node; the deployment has several');

  const procs: Proc[] = [];
  const nodeProcs: Proc[] = [];
  const clientProcs: Proc[] = [];
  const recordDir = options.check ? mkdtempSync(join(tmpdir(), 'compartment-run-')) : null;
  let interrupted = options.signal?.aborted ?? false;
  let measuring = false;
  let interruptedAt = Infinity;
  const onAbort = (): void => {
    interrupted = true;
    interruptedAt = Date.now();
    for (const c of clientProcs) {
      c.stopping = true;
      c.send({ type: 'stop', recordFile: null });
    }
  };
  options.signal?.addEventListener('abort', onAbort);

  let sampleId = 0;
  const progress = new Map<number, { completed: number; reports: number }>();
  const onMessage = (p: Proc, m: FromChild): void => {
    if (m.type === 'progress') {
      const e = progress.get(m.second) ?? { completed: 0, reports: 0 };
      progress.set(m.second, { completed: e.completed + m.completed, reports: e.reports + 1 });
    }
    if (m.type === 'result') p.result = m.result;
  };
  const onExit = (p: Proc): void => {
    const e = p.exit as { code: number | null; signal: string | null };
    emit({ kind: 'exited', name: p.name, role: p.role, code: e.code, signal: e.signal, expected: p.stopping && e.code === 0, lastLines: [...p.lastLines] });
  };
  const start = (name: string, role: ProcessRole): Proc => {
    const p = new Proc(name, role, spawnWorker(), onMessage, onExit);
    procs.push(p);
    emit({ kind: 'spawned', name, role, pid: p.pid });
    return p;
  };

  /** Tells every live process to stop and waits; kills what does not exit in time. */
  const shutdown = async (recordFiles: Map<Proc, string>): Promise<void> => {
    for (const p of procs) {
      p.stopping = true;
      p.send({ type: 'stop', recordFile: recordFiles.get(p) ?? null });
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(procs.map((p) => p.exited)), new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    clearTimeout(timer);
    for (const p of procs) {
      if (p.alive) {
        p.killed = true;
        p.child.kill('SIGKILL');
      }
    }
    await Promise.all(procs.map((p) => p.exited));
  };
  const startupFailure = async (message: string): Promise<RunResult> => {
    await shutdown(new Map());
    wakeAll();
    options.signal?.removeEventListener('abort', onAbort);
    if (recordDir) rmSync(recordDir, { recursive: true, force: true });
    return { ok: false, kind: 'startup', message, processes: procs.map((p) => p.report()) };
  };

  // Sleeps that end early when the run is over, so no timer keeps the process alive.
  const naps = new Map<NodeJS.Timeout, () => void>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        naps.delete(t);
        resolve();
      }, Math.max(0, ms));
      naps.set(t, resolve);
    });
  const wakeAll = (): void => {
    for (const [t, resolve] of naps) {
      clearTimeout(t);
      resolve();
    }
    naps.clear();
  };

  const t0 = Date.now();
  const STARTUP_MS = 60_000;
  let endpoints: Record<string, Endpoint>;
  if (attached) {
    endpoints = Object.fromEntries(addresses.addresses as ReadonlyMap<string, Endpoint>);
    emit({ kind: 'phase', message: `nodes: using the running nodes at the deployment's addresses (${topology.nodes.map((n) => `${n.address}=${formatHostPort(endpoints[n.address]?.host ?? '?', endpoints[n.address]?.port ?? 0)}`).join(', ')})` });
  } else {
    emit({ kind: 'phase', message: `starting ${topology.nodes.length} node process(es) on 127.0.0.1` });
    endpoints = {};
    for (const n of topology.nodes) {
      const p = start(n.address, options.baseline ? 'baseline' : 'node');
      nodeProcs.push(p);
      if (options.baseline === 'echo') p.send({ type: 'init-echo', host: '127.0.0.1' });
      else p.send({ type: 'init-node', file, deploy: deploymentSource === null ? null : resolvePath(deploymentSource), node: n.address, host: '127.0.0.1', port: 0, record: options.check, limits: options.limits ?? {} });
    }
    const listening = await Promise.all(nodeProcs.map((p) => p.wait(is('listening'), STARTUP_MS)));
    for (const [i, l] of listening.entries()) {
      const p = nodeProcs[i] as Proc;
      if (!l) return startupFailure(`${p.name} did not start listening${p.exit ? ` (exited with ${exitText(p.exit)})` : ''}${p.lastLines.length ? `: ${p.lastLines.join(' | ')}` : ''}`);
      endpoints[p.name] = { host: '127.0.0.1', port: l.port };
    }
    if (!options.baseline) {
      emit({ kind: 'phase', message: 'connecting the nodes to each other' });
      for (const p of nodeProcs) p.send({ type: 'peers', addresses: endpoints, deadline: Date.now() + STARTUP_MS });
      const ready = await Promise.all(nodeProcs.map((p) => p.wait(is('ready'), STARTUP_MS)));
      const notReady = nodeProcs.filter((_, i) => !ready[i]);
      if (notReady.length > 0) return startupFailure(`not every node connected to its peers: ${notReady.map((p) => `${p.name}${p.exit ? ` exited with ${exitText(p.exit)}: ${p.lastLines.join(' | ')}` : ''}`).join('; ')}`);
    }
  }

  emit({ kind: 'phase', message: `starting ${options.clients} client(s), ${options.outstanding} outstanding request(s) each` });
  for (let i = 0; i < options.clients; i++) {
    const p = start(`client${i + 1}`, 'client');
    clientProcs.push(p);
    p.send({
      type: 'init-client',
      config: {
        address: `client${i + 1}`,
        index: i,
        nodes: endpoints,
        plan,
        sendSetup: i === 0,
        outstanding: options.outstanding,
        timeoutMs: options.timeoutS * 1000,
        record: options.check,
      },
    });
    p.send({ type: 'connect', deadline: Date.now() + STARTUP_MS });
  }
  const clientsReady = await Promise.all(clientProcs.map((p) => p.wait(is('ready'), STARTUP_MS)));
  const notReady = clientProcs.filter((_, i) => !clientsReady[i]);
  if (notReady.length > 0) return startupFailure(`not every client connected to the nodes: ${notReady.map((p) => `${p.name}${p.exit ? ` exited with ${exitText(p.exit)}: ${p.lastLines.join(' | ')}` : ''}`).join('; ')}`);
  if (interrupted) return startupFailure('interrupted during startup');
  const startupMs = Date.now() - t0;

  // Run.
  for (const p of nodeProcs) p.send({ type: 'start' });
  const schedule: ClientSchedule = { startAt: Date.now() + 100, warmupMs: options.warmupS * 1000, measureMs: options.durationS * 1000, drainMs: options.drainS * 1000 };
  emit({ kind: 'phase', message: `running: ${options.warmupS}s warm-up, ${options.durationS}s measured` });
  const results = clientProcs.map((p) => p.wait(is('result'), schedule.warmupMs + schedule.measureMs + schedule.drainMs + 30_000));
  for (const p of clientProcs) p.send({ type: 'start', schedule });

  const sample = async (which: 'cpuStart' | 'cpuEnd'): Promise<void> => {
    await Promise.all(
      procs.map(async (p) => {
        const id = ++sampleId;
        p.send({ type: 'sample', id });
        const at = Date.now();
        const s = await p.wait((m): m is Extract<FromChild, { type: 'sample' }> => m.type === 'sample' && m.id === id, 5000);
        if (s) {
          p[which] = { cpu: s.cpu, at };
          if (s.stats) p.stats = s.stats;
        }
      }),
    );
  };
  // Progress lines, CPU samples at the edges of the measured period.
  let second = 0;
  const progressTimer = setInterval(() => {
    const done = progress.get(second + 1);
    const live = clientProcs.filter((p) => p.alive && p.result === null).length;
    if ((done?.reports ?? 0) < live && Date.now() < schedule.startAt + (second + 1) * 1000 + 500) return;
    if (done === undefined && live === 0) return;
    second++;
    const phase = second <= options.warmupS ? 'warm-up' : second <= options.warmupS + options.durationS ? 'measure' : 'drain';
    emit({ kind: 'progress', second, phase, completed: done?.completed ?? 0 });
  }, 100);
  const sampling = (async () => {
    await sleep(schedule.startAt + schedule.warmupMs - Date.now());
    if (interrupted) return;
    measuring = true;
    await sample('cpuStart');
    await sleep(schedule.startAt + schedule.warmupMs + schedule.measureMs - Date.now());
    measuring = false;
    await sample('cpuEnd');
  })();
  const clientResults = await Promise.all(results);
  clearInterval(progressTimer);
  for (const [sec, done] of [...progress.entries()].sort((a, b) => a[0] - b[0])) {
    if (sec <= second) continue;
    second = sec;
    const phase = second <= options.warmupS ? 'warm-up' : second <= options.warmupS + options.durationS ? 'measure' : 'drain';
    emit({ kind: 'progress', second, phase, completed: done.completed });
  }
  if (interrupted) {
    measuring = false;
    if (procs.some((p) => p.cpuStart && !p.cpuEnd)) await sample('cpuEnd');
  } else await sampling;
  void measuring;

  // Quiescence (for --check): every channel's count agrees at both ends and every node is at rest, twice in a row.
  let quiescent = false;
  if (options.check && !interrupted) {
    emit({ kind: 'phase', message: 'checking that the run is quiescent' });
    let last = '';
    for (let i = 0; i < 50 && !quiescent; i++) {
      const statuses = await Promise.all(
        [...nodeProcs, ...clientProcs].map(async (p) => {
          const id = ++sampleId;
          p.send({ type: 'status', id });
          const s = await p.wait((m): m is Extract<FromChild, { type: 'status' }> => m.type === 'status' && m.id === id, 5000);
          return s ? { name: p.name, status: s.status } : null;
        }),
      );
      if (statuses.some((s) => s === null)) break;
      const key = channelsAgree(statuses as { name: string; status: NodeStatus }[]);
      if (key !== null && key === last) quiescent = true;
      last = key ?? '';
      if (!quiescent) await sleep(100);
    }
  }

  // Stop everything.
  emit({ kind: 'phase', message: 'stopping' });
  const recordFiles = new Map<Proc, string>();
  if (recordDir) for (const [i, p] of [...nodeProcs, ...clientProcs].entries()) recordFiles.set(p, join(recordDir, `${i}.bin`));
  const stoppedStats = nodeProcs.map((p) => p.wait(is('stopped'), 15_000));
  await shutdown(recordFiles);
  for (const [i, s] of (await Promise.all(stoppedStats)).entries()) {
    const p = nodeProcs[i] as Proc;
    if (s?.stats) p.stats = s.stats;
  }
  options.signal?.removeEventListener('abort', onAbort);
  wakeAll();

  // Check.
  let check: CheckReport | null = null;
  if (model && recordDir) {
    const recordings: Recording[] = [];
    const missing: string[] = [];
    for (const [p, path] of recordFiles) {
      if (existsSync(path)) recordings.push(decodeRecording(readFileSync(path)));
      else missing.push(p.name);
    }
    rmSync(recordDir, { recursive: true, force: true });
    const events = recordings.reduce((n, r) => n + r.events.length, 0);
    const truncated = recordings.filter((r) => r.truncated).map((r) => r.process);
    const stop: Stop = quiescent ? { reason: 'quiescent' } : { reason: 'bound', bound: 'wall-time', limit: (options.warmupS + options.durationS + options.drainS) * 1000, reached: Date.now() - t0, busiest: [] };
    const refused = missing.length > 0 ? `no recording from ${missing.join(', ')} (crashed or killed)` : truncated.length > 0 ? `the recordings of ${truncated.join(', ')} were truncated (run a shorter --duration)` : null;
    if (refused !== null) check = { model: model.name, quiescent, stop: describeStop(stop), report: null, refused, events };
    else {
      const view = recordedRunView(program, deployment, topology.nodes.map((n) => n.address), recordings, stop);
      check = { model: model.name, quiescent, stop: quiescent ? 'quiescent: every channel drained at both ends, every node at rest' : 'not seen to be quiescent at the end of the run', report: checkModel(model, view), refused: null, events };
    }
  }

  const ok = clientResults.filter((r): r is Extract<FromChild, { type: 'result' }> => r !== null).map((r) => r.result);
  const sum = (f: (r: ClientResult) => number): number => ok.reduce((n, r) => n + f(r), 0);
  // An interrupted run is measured up to the interruption.
  const measuredS = interrupted ? Math.max(0, Math.min(options.durationS, (interruptedAt - schedule.startAt - schedule.warmupMs) / 1000)) : options.durationS;
  const windowCount = Math.floor(measuredS);
  const windows = Array.from({ length: windowCount }, (_, w) => ok.reduce((n, r) => n + (r.windows[w] ?? 0), 0));
  const measured = sum((r) => r.measured);
  const hist = newHistogram();
  for (const r of ok) if (r.histogram) hist.add(hdr.decodeFromCompressedBase64(r.histogram));
  const latencyMs: LatencySummary | null =
    hist.totalCount > 0
      ? {
          count: hist.totalCount,
          mean: hist.mean / 1000,
          p50: hist.getValueAtPercentile(50) / 1000,
          p90: hist.getValueAtPercentile(90) / 1000,
          p99: hist.getValueAtPercentile(99) / 1000,
          max: hist.maxValue / 1000,
        }
      : null;
  const lostClients = clientProcs.filter((p, i) => clientResults[i] === null).length;

  const report: RunReport = {
    file: options.file,
    deploymentSource,
    nodes: topology.nodes.map((n) => n.address),
    mode: attached ? 'attached' : 'local',
    plan: { source: plan.source, shapes: plan.shapes.map((s, i) => ({ relation: s.relation, to: s.to, weight: plan.cycle.filter((x) => x === i).length })), setup: plan.setup.length },
    config: { clients: options.clients, outstanding: options.outstanding, durationS: options.durationS, warmupS: options.warmupS, timeoutS: options.timeoutS },
    outcome: interrupted ? 'interrupted' : 'completed',
    startupMs,
    throughput: { mean: measuredS > 0 ? measured / measuredS : 0, p90Window: percentile(windows, 90), windows },
    latencyMs,
    requests: {
      sent: sum((r) => r.sent),
      completed: sum((r) => r.completed),
      measured,
      timeouts: sum((r) => r.timeouts),
      late: sum((r) => r.late),
      extra: sum((r) => r.extra),
      unanswered: sum((r) => r.unanswered) + lostClients * options.outstanding,
      sendFailed: sum((r) => r.sendFailed),
    },
    processes: procs.map((p) => p.report()),
    check,
    machine: { cpus: cpus().length, loadavg: loadavg() },
  };
  return { ok: true, report };
}

/** The agreed channel counts as a key, or null when some channel is not drained or some node is busy. */
function channelsAgree(statuses: readonly { name: string; status: NodeStatus }[]): string | null {
  const sent = new Map<string, number>();
  const recv = new Map<string, number>();
  for (const { name, status } of statuses) {
    if (!status.idle) return null;
    for (const [to, n] of Object.entries(status.sentTo)) sent.set(`${name}>${to}`, n);
    for (const [from, n] of Object.entries(status.recvFrom)) recv.set(`${from}>${name}`, n);
  }
  for (const [k, n] of sent) if ((recv.get(k) ?? 0) !== n) return null;
  for (const [k, n] of recv) if ((sent.get(k) ?? 0) !== n) return null;
  return [...sent.entries()].sort().map(([k, n]) => `${k}=${n}`).join(',');
}

/** The p-th percentile (nearest rank) of a list; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function exitText(e: { code: number | null; signal: string | null }): string {
  return e.signal !== null ? `signal ${e.signal}` : `status ${e.code ?? '?'}`;
}
