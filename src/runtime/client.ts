/**
 * A closed-loop client: keeps `outstanding` requests in flight, sends a new
 * one as soon as one is answered (or times out), and measures.
 *
 * It connects to every node (an answer may come from any of them: a
 * collector partition, a replica), says who it is, and sends each request
 * to the nodes its shape names. Requests made in one turn of the event loop
 * go out as one frame per node. Latency is recorded in an HDR histogram
 * (microseconds), completions are counted per 1-second window of the
 * measured period, and warm-up is discarded.
 */
import * as hdr from 'hdr-histogram-js';
import type { Tuple } from '../ir/types.js';
import type { Frame, WireFact } from './frames.js';
import { Connection, dial } from './transport.js';
import type { Endpoint } from './addresses.js';
import { answerKeyOfOutput, answerKeyOfRequest, destinations, freshNumber, makeRequest, type AnswerKey, type ClientPlan } from './requests.js';
import type { RecordedEvent } from './record.js';

export interface ClientConfig {
  readonly address: string;
  /** From 0; makes its fresh numbers unique. */
  readonly index: number;
  readonly nodes: Readonly<Record<string, Endpoint>>;
  readonly plan: ClientPlan;
  /** This client sends the plan's setup inputs once connected, before the run starts. */
  readonly sendSetup: boolean;
  readonly outstanding: number;
  readonly timeoutMs: number;
  readonly record: boolean;
}

export interface ClientSchedule {
  /** Epoch ms (same clock as `Date.now()`) at which to start sending. */
  readonly startAt: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** After the measured period: how long to wait for the answers still outstanding. */
  readonly drainMs: number;
}

export interface ClientResult {
  readonly address: string;
  /** Requests sent. */
  readonly sent: number;
  /** Requests answered (at any time). */
  readonly completed: number;
  /** Requests answered within the measured period. */
  readonly measured: number;
  /** Answers per 1-second window of the measured period (full windows only). */
  readonly windows: readonly number[];
  /** Requests given up after the timeout (their slot was reused). */
  readonly timeouts: number;
  /** Answers that arrived for a request already given up. */
  readonly late: number;
  /** Output facts that answered no request: extra answers (a second replica's reply) or foreign ones. */
  readonly extra: number;
  /** Requests still unanswered when the client stopped. */
  readonly unanswered: number;
  /** Requests (or setup inputs) that could not be sent to some node: its connection was gone. */
  readonly sendFailed: number;
  /** Latency histogram (µs), HDR compressed base64; empty when nothing was measured. */
  readonly histogram: string;
  readonly sentTo: Readonly<Record<string, number>>;
  readonly recvFrom: Readonly<Record<string, number>>;
  readonly cpu: NodeJS.CpuUsage;
}

/** Epoch milliseconds with sub-millisecond resolution. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
}

interface Outstanding {
  readonly sentAt: number;
  readonly keys: readonly string[];
}

export class ClientRuntime {
  private readonly conns = new Map<string, Connection>();
  private readonly outstanding = new Map<number, Outstanding>();
  private readonly waiting = new Map<string, number>();
  private readonly givenUp = new Set<string>();
  private readonly answersByOutput = new Map<string, { relation: string; key: AnswerKey }[]>();
  private readonly queued = new Map<string, WireFact[]>();
  private readonly queuedEvents: { to: string; relation: string; tuple: Tuple }[] = [];
  private flushScheduled = false;
  private clock = 0;
  private seq = 0;
  private issuing = false;
  private schedule: ClientSchedule | null = null;
  private measureStart = Infinity;
  private measureEnd = Infinity;
  private readonly histogram = newHistogram();
  private windows: number[] = [];
  private finished: ((r: ClientResult) => void) | null = null;
  private timers: NodeJS.Timeout[] = [];

  private sent = 0;
  private completed = 0;
  private measured = 0;
  private timeouts = 0;
  private late = 0;
  private extra = 0;
  private sendFailed = 0;
  private secondCount = 0;
  private second = 0;
  private lastProgress: () => void = () => {};
  private readonly sentTo = new Map<string, number>();
  private readonly recvFrom = new Map<string, number>();
  private readonly events: RecordedEvent[] = [];

  constructor(
    private readonly config: ClientConfig,
    private readonly log: (line: string) => void = () => {},
  ) {
    for (const [relation, keys] of Object.entries(config.plan.answers)) {
      for (const key of keys) {
        const list = this.answersByOutput.get(key.output) ?? [];
        list.push({ relation, key });
        this.answersByOutput.set(key.output, list);
      }
    }
  }

  /** Connects to every node, retrying until `deadline` (epoch ms). */
  async connect(deadline: number): Promise<void> {
    await Promise.all(
      Object.entries(this.config.nodes).map(async ([node, ep]) => {
        const socket = await dial(ep.host, ep.port, deadline);
        const conn = new Connection(socket, {
          frame: (f, c) => this.onFrame(f, c),
          close: (c, error) => {
            if (this.conns.get(node) === c) this.conns.delete(node);
            if (this.finished !== null) this.log(`connection to ${node} lost${error ? ` (${error})` : ''}`);
          },
        });
        conn.peer = node;
        conn.peerRole = 'node';
        conn.send({ kind: 'hello', from: this.config.address, role: 'client' });
        this.conns.set(node, conn);
      }),
    );
    // Setup inputs go out as soon as every connection is up, before the run
    // starts: the nodes queue them until they start, so they come before the
    // requests of every client, not only before this client's own.
    if (this.config.sendSetup) {
      for (const s of this.config.plan.setup) this.queue(s.to, s.relation, s.tuple);
      this.flush();
    }
  }

  /**
   * Runs the closed loop on `schedule`; `progress` gets the answers of each
   * second since the start (warm-up included). Resolves when the measured
   * period and the drain are over, or after `stop()`.
   */
  run(schedule: ClientSchedule, progress: (second: number, completed: number) => void): Promise<ClientResult> {
    this.schedule = schedule;
    this.measureStart = schedule.startAt + schedule.warmupMs;
    this.measureEnd = this.measureStart + schedule.measureMs;
    this.windows = new Array(Math.floor(schedule.measureMs / 1000)).fill(0);
    return new Promise((resolve) => {
      this.finished = resolve;
      const later = (ms: number, f: () => void): void => {
        this.timers.push(setTimeout(f, Math.max(0, ms)));
      };
      later(schedule.startAt - Date.now(), () => {
        this.issuing = true;
        for (let i = 0; i < this.config.outstanding; i++) this.issue();
        const tickProgress = (): void => {
          this.second++;
          progress(this.second, this.secondCount);
          this.secondCount = 0;
          if (this.finished !== null) later(schedule.startAt + (this.second + 1) * 1000 - Date.now(), tickProgress);
        };
        this.lastProgress = () => {
          // The second in progress when the client stops (the end of the measured period).
          if (this.secondCount > 0 || nowMs() - (schedule.startAt + this.second * 1000) > 500) progress(this.second + 1, this.secondCount);
        };
        later(1000, tickProgress);
        this.timers.push(setInterval(() => this.expire(), Math.min(250, Math.max(10, this.config.timeoutMs / 4))));
      });
      later(this.measureEnd - Date.now(), () => {
        this.issuing = false;
        if (this.outstanding.size === 0) this.finish();
      });
      later(this.measureEnd + schedule.drainMs - Date.now(), () => this.finish());
    });
  }

  /** Stops at once: no new requests, the result as it stands. */
  stop(): void {
    this.issuing = false;
    this.finish();
  }

  close(): void {
    for (const c of this.conns.values()) c.end();
  }

  private issue(): void {
    const { plan } = this.config;
    const seq = this.seq++;
    const shape = plan.shapes[plan.cycle[seq % plan.cycle.length] ?? 0];
    if (!shape) return;
    const fresh = freshNumber(this.config.index, seq);
    const tuple = makeRequest(shape, this.config.address, fresh);
    const keys = (plan.answers[shape.relation] ?? []).map((k) => answerKeyOfRequest(shape.relation, k, tuple));
    for (const k of keys) this.waiting.set(k, seq);
    this.outstanding.set(seq, { sentAt: nowMs(), keys });
    this.sent++;
    for (const to of destinations(shape, seq)) this.queue(to, shape.relation, tuple);
  }

  private queue(to: string, relation: string, tuple: Tuple): void {
    const list = this.queued.get(to);
    if (list) list.push({ relation, tuple });
    else this.queued.set(to, [{ relation, tuple }]);
    if (this.config.record) this.queuedEvents.push({ to, relation, tuple });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queued.size === 0) return;
    this.clock++;
    const ok = new Set<string>();
    for (const [to, facts] of this.queued) {
      const conn = this.conns.get(to);
      if (!conn || !conn.send({ kind: 'batch', clock: this.clock, facts })) {
        this.sendFailed += facts.length;
        continue;
      }
      ok.add(to);
      this.sentTo.set(to, (this.sentTo.get(to) ?? 0) + facts.length);
    }
    for (const e of this.queuedEvents) {
      if (ok.has(e.to)) this.events.push({ k: 'inject', clock: this.clock, to: e.to, relation: e.relation, tuple: e.tuple });
    }
    this.queuedEvents.length = 0;
    this.queued.clear();
  }

  /** Facts sent to and received from each node so far (for detecting quiescence). */
  status(): { sentTo: Record<string, number>; recvFrom: Record<string, number> } {
    return { sentTo: Object.fromEntries(this.sentTo), recvFrom: Object.fromEntries(this.recvFrom) };
  }

  /** Everything recorded, arrivals after the result included. */
  recording(): RecordedEvent[] {
    return this.events;
  }

  private onFrame(frame: Frame, conn: Connection): void {
    if (frame.kind !== 'batch') return;
    // Counted and recorded even after the result (a second replica's late reply), until the process stops.
    this.clock = Math.max(this.clock, frame.clock) + 1;
    const from = conn.peer ?? '?';
    this.recvFrom.set(from, (this.recvFrom.get(from) ?? 0) + frame.facts.length);
    const now = nowMs();
    for (const f of frame.facts) {
      if (this.config.record) this.events.push({ k: 'arrive', clock: this.clock, from, to: this.config.address, relation: f.relation, tuple: f.tuple });
      if (this.finished !== null) this.answer(f.relation, f.tuple, now);
    }
    if (this.finished !== null && !this.issuing && this.outstanding.size === 0 && this.schedule !== null && now >= this.measureEnd) this.finish();
  }

  private answer(relation: string, tuple: Tuple, now: number): void {
    const specs = this.answersByOutput.get(relation);
    if (specs) {
      for (const { relation: r, key } of specs) {
        const k = answerKeyOfOutput(r, key, tuple);
        const seq = this.waiting.get(k);
        if (seq === undefined) {
          if (this.givenUp.delete(k)) {
            this.late++;
            return;
          }
          continue;
        }
        const o = this.outstanding.get(seq) as Outstanding;
        this.outstanding.delete(seq);
        for (const kk of o.keys) this.waiting.delete(kk);
        this.completed++;
        this.secondCount++;
        if (now >= this.measureStart && now < this.measureEnd) {
          this.measured++;
          this.histogram.recordValue(Math.max(1, Math.round((now - o.sentAt) * 1000)));
          const w = Math.floor((now - this.measureStart) / 1000);
          if (w < this.windows.length) this.windows[w] = (this.windows[w] ?? 0) + 1;
        }
        if (this.issuing) this.issue();
        return;
      }
    }
    this.extra++;
  }

  private expire(): void {
    const now = nowMs();
    for (const [seq, o] of this.outstanding) {
      if (now - o.sentAt <= this.config.timeoutMs) break; // insertion order is send order
      this.outstanding.delete(seq);
      for (const k of o.keys) {
        this.waiting.delete(k);
        if (this.givenUp.size < 100_000) this.givenUp.add(k);
      }
      this.timeouts++;
      if (this.issuing) this.issue();
    }
  }

  private finish(): void {
    const done = this.finished;
    if (done === null) return;
    this.finished = null;
    for (const t of this.timers) clearTimeout(t);
    this.lastProgress();
    this.flush();
    done({
      address: this.config.address,
      sent: this.sent,
      completed: this.completed,
      measured: this.measured,
      windows: this.windows,
      timeouts: this.timeouts,
      late: this.late,
      extra: this.extra,
      unanswered: this.outstanding.size,
      sendFailed: this.sendFailed,
      histogram: this.measured > 0 ? hdr.encodeIntoCompressedBase64(this.histogram) : '',
      sentTo: Object.fromEntries(this.sentTo),
      recvFrom: Object.fromEntries(this.recvFrom),
      cpu: process.cpuUsage(),
    });
  }
}
