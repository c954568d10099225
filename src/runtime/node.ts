/**
 * One node of a deployment as a real process: a TCP server, one connection
 * per peer node, and a loop that calls the shared tick evaluator
 * (`compileComponent(...).step`, the one the simulator certified, which keeps
 * the facts carried between ticks interned) and moves its effects:
 *
 *   take what arrived (at most `maxBatch` facts) → run a tick → send what it
 *   produced, one frame per destination → repeat while there is work.
 *
 * The loop is the simulator's node, scheduled by arrival: a node ticks when
 * facts are pending or when its last tick was not at rest (it received,
 * sent, or carried different facts to its next tick), exactly the ticks the
 * simulator would allow; a node at rest waits for a message. Each tick takes
 * the oldest pending facts, so per sender they are taken in the order sent
 * (TCP keeps it), which is one of the simulator's schedules.
 *
 * Backpressure: while any peer connection holds more than its high-water
 * mark of unsent bytes, the node does not tick (so it produces nothing), and
 * while more than `pendingHigh` facts wait to be taken it stops reading its
 * sockets (so its senders' connections fill up and they stop too). Nothing is
 * dropped; what waits in memory is bounded by those two limits.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { CheckedProgram, Tuple } from '../ir/types.js';
import type { CarriedFacts, Fact } from '../eval/types.js';
import { compileComponent, type ComponentEvaluator } from '../eval/evaluator.js';
import type { Topology, NodeInfo } from '../sim/topology.js';
import { factKey } from '../sim/facts.js';
import { ruleRef } from '../sim/machine.js';
import type { Frame, WireFact } from './frames.js';
import { Connection, DEFAULT_HIGH_WATER_MARK, dial } from './transport.js';
import type { Endpoint } from './addresses.js';
import type { RecordedEvent } from './record.js';

export interface NodeLimits {
  /** Most facts one tick takes. */
  readonly maxBatch: number;
  /**
   * Aim for ticks of about this many milliseconds: a tick takes at most as
   * many facts as recent ticks evaluated in that time (at least 16, at most
   * `maxBatch`). Cheap facts are taken in large batches, costly ones in small
   * ones, so answers leave while the rest of the queue is still being worked
   * on instead of after all of it. 0 turns this off (always `maxBatch`).
   */
  readonly tickBudgetMs: number;
  /** Stop reading sockets above this many pending facts; resume below half. */
  readonly pendingHigh: number;
  /** Bytes a connection may hold unsent before the node stops ticking. */
  readonly highWaterMark: number;
  /** Most events recorded for `--check`; past it the recording is marked truncated. */
  readonly maxRecorded: number;
}

/** Fewest facts a tick takes when some are pending, however costly they are. */
const MIN_BATCH = 16;

export const DEFAULT_NODE_LIMITS: NodeLimits = {
  maxBatch: 4096,
  tickBudgetMs: 5,
  pendingHigh: 65_536,
  highWaterMark: DEFAULT_HIGH_WATER_MARK,
  maxRecorded: 2_000_000,
};

export interface NodeOptions {
  readonly program: CheckedProgram;
  readonly topology: Topology;
  readonly node: NodeInfo;
  /** Record events for `--check`. */
  readonly record: boolean;
  readonly limits?: Partial<NodeLimits>;
  /** A line for the node's log (the launcher keeps the last ones). */
  readonly log: (line: string) => void;
  /** A run-time error (evaluation error, bad address): the node stops ticking; the caller exits non-zero. */
  readonly fatal: (message: string) => void;
}

/** Counters of a node, reported to the launcher. */
export interface NodeStats {
  readonly node: string;
  readonly ticks: number;
  readonly factsIn: number;
  readonly factsOut: number;
  readonly framesOut: number;
  readonly bytesOut: number;
  /** Largest number of facts waiting to be taken. */
  readonly maxPending: number;
  /** Largest unsent backlog of one connection, bytes. */
  readonly maxBacklog: number;
  /** Times the node waited for a congested connection to drain before ticking. */
  readonly drainWaits: number;
  /** Times it stopped reading its sockets because too much was pending. */
  readonly readPauses: number;
  /** Facts for a client that was not connected (lost) or for a peer that had gone away. */
  readonly undeliverable: number;
  readonly cpu: NodeJS.CpuUsage;
}

/** Channel counts and rest, for detecting quiescence across processes. */
export interface NodeStatus {
  readonly node: string;
  /** No fact pending, last tick at rest, nothing unsent. */
  readonly idle: boolean;
  readonly sentTo: Readonly<Record<string, number>>;
  readonly recvFrom: Readonly<Record<string, number>>;
}

interface Pending {
  readonly from: string | null;
  readonly sender: string;
  readonly clock: number;
  readonly facts: readonly WireFact[];
  pos: number;
}

type Route =
  | { readonly kind: 'self' }
  | { readonly kind: 'node'; readonly address: string }
  | { readonly kind: 'client'; readonly address: string }
  | { readonly kind: 'bad'; readonly why: string };

export class NodeRuntime {
  readonly address: string;
  private readonly evaluator: ComponentEvaluator;
  /** The node's constant facts, interned once. */
  private readonly edb: CarriedFacts;
  private readonly limits: NodeLimits;
  private readonly arity = new Map<string, number>();
  private readonly inputRelations = new Set<string>();
  private readonly outputRelations = new Set<string>();
  private server: Server | null = null;
  private readonly peers = new Map<string, Connection>();
  private readonly clients = new Map<string, Connection>();
  private readonly routes = new Map<string, Route>();
  private readonly allConnections = new Set<Connection>();
  private readonly expectedPeers: Set<string>;
  private peersReady: (() => void) | null = null;
  readonly ready: Promise<void>;

  /** What the last tick carried to the next, kept interned by the evaluator (null: nothing yet). */
  private carried: CarriedFacts | null = null;
  private stable = false;
  private outputsNow: ReadonlySet<string> = new Set();
  private readonly pending: Pending[] = [];
  private pendingCount = 0;
  private readingPaused = false;
  private scheduled = false;
  private started = false;
  private stopped = false;
  private failed = false;
  private waitingDrain = false;
  private clock = 0;

  private ticks = 0;
  /** Moving average of milliseconds of evaluation per delivered fact (for `tickBudgetMs`). */
  private msPerFact = 0;
  private factsIn = 0;
  private factsOut = 0;
  private maxPending = 0;
  private drainWaits = 0;
  private readPauses = 0;
  private undeliverable = 0;
  /** Counters of connections already closed. */
  private closedTotals = { framesOut: 0, bytesOut: 0, maxBacklog: 0 };
  private readonly sentTo = new Map<string, number>();
  private readonly recvFrom = new Map<string, number>();
  private readonly events: RecordedEvent[] = [];
  private truncated = false;
  private readonly warned = new Set<string>();

  constructor(private readonly options: NodeOptions) {
    const { program, topology, node } = options;
    this.address = node.address;
    this.evaluator = compileComponent(program, node.component);
    this.edb = this.evaluator.prepare(topology.edbOf(program, node));
    this.limits = { ...DEFAULT_NODE_LIMITS, ...options.limits };
    for (const r of program.relations.values()) {
      this.arity.set(r.name, r.attrs.length);
      if (r.kind === 'input') this.inputRelations.add(r.name);
      if (r.kind === 'output') this.outputRelations.add(r.name);
    }
    this.expectedPeers = new Set(topology.nodes.map((n) => n.address).filter((a) => a !== node.address));
    this.ready = new Promise((resolve) => {
      this.peersReady = resolve;
    });
    this.checkReady();
  }

  /** Listens on `host:port` (port 0: one the OS assigns); resolves to the bound port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.accept(socket));
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        server.on('error', (e) => this.options.log(`server error: ${e.message}`));
        this.server = server;
        const a = server.address();
        resolve(typeof a === 'object' && a !== null ? a.port : port);
      });
    });
  }

  /**
   * Connects to the peer nodes this node dials: those before it in the
   * deployment's order (the later ones dial it), so each pair shares one
   * connection. `ready` resolves once every peer is connected either way.
   */
  async connectPeers(addresses: ReadonlyMap<string, Endpoint>, deadline: number): Promise<void> {
    const order = this.options.topology.nodes.map((n) => n.address);
    const mine = order.indexOf(this.address);
    await Promise.all(
      order.slice(0, mine).map(async (peer) => {
        const ep = addresses.get(peer);
        if (!ep) throw new Error(`no address for node ${peer}`);
        const socket = await dial(ep.host, ep.port, deadline);
        const conn = this.wrap(socket);
        conn.peer = peer;
        conn.peerRole = 'node';
        conn.send({ kind: 'hello', from: this.address, role: 'node' });
        this.addPeer(peer, conn);
      }),
    );
  }

  /** Starts the tick loop (after every peer is connected): the node's first tick runs at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule();
  }

  stats(): NodeStats {
    let { framesOut, bytesOut, maxBacklog } = this.closedTotals;
    for (const c of this.allConnections) {
      framesOut += c.framesOut;
      bytesOut += c.bytesOut;
      maxBacklog = Math.max(maxBacklog, c.maxBacklog);
    }
    return {
      node: this.address,
      ticks: this.ticks,
      factsIn: this.factsIn,
      factsOut: this.factsOut,
      framesOut,
      bytesOut,
      maxPending: this.maxPending,
      maxBacklog,
      drainWaits: this.drainWaits,
      readPauses: this.readPauses,
      undeliverable: this.undeliverable,
      cpu: process.cpuUsage(),
    };
  }

  status(): NodeStatus {
    let unsent = 0;
    for (const c of this.allConnections) unsent += c.backlog;
    return {
      node: this.address,
      idle: this.pendingCount === 0 && this.stable && !this.scheduled && unsent === 0,
      sentTo: Object.fromEntries(this.sentTo),
      recvFrom: Object.fromEntries(this.recvFrom),
    };
  }

  recording(): { events: RecordedEvent[]; truncated: boolean } {
    return { events: this.events, truncated: this.truncated };
  }

  /** Stops ticking, closes every connection (after writing what is queued) and the server. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const c of this.allConnections) c.end();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      // Connections that do not close after their queued output are cut.
      setTimeout(() => {
        for (const c of this.allConnections) c.destroy();
      }, 1000).unref();
    });
  }

  // --- connections ---

  private accept(socket: Socket): void {
    this.wrap(socket);
  }

  private wrap(socket: Socket): Connection {
    const conn = new Connection(
      socket,
      {
        frame: (f, c) => this.onFrame(f, c),
        close: (c, error) => this.onClose(c, error),
        drain: () => {
          if (this.waitingDrain) this.schedule();
        },
      },
      this.limits.highWaterMark,
    );
    this.allConnections.add(conn);
    if (this.readingPaused) conn.pause();
    return conn;
  }

  private addPeer(peer: string, conn: Connection): void {
    const old = this.peers.get(peer);
    if (old && old !== conn) old.destroy();
    this.peers.set(peer, conn);
    this.checkReady();
  }

  private checkReady(): void {
    if (this.peersReady && [...this.expectedPeers].every((p) => this.peers.has(p))) {
      this.peersReady();
      this.peersReady = null;
    }
  }

  private onFrame(frame: Frame, conn: Connection): void {
    if (frame.kind === 'hello') {
      if (conn.peer !== null) return;
      conn.peer = frame.from;
      conn.peerRole = frame.role;
      if (frame.role === 'node') {
        if (!this.expectedPeers.has(frame.from)) {
          this.options.log(`refused a connection from "${frame.from}", which is not a node of the deployment`);
          conn.destroy();
          return;
        }
        this.addPeer(frame.from, conn);
      } else {
        const old = this.clients.get(frame.from);
        if (old && old !== conn) old.destroy();
        this.clients.set(frame.from, conn);
      }
      return;
    }
    if (conn.peer === null) {
      this.options.log('a connection sent facts before saying who it is; closed');
      conn.destroy();
      return;
    }
    if (this.stopped || this.failed) return;
    const input = conn.peerRole === 'client';
    const facts: WireFact[] = [];
    for (const f of frame.facts) {
      const n = this.arity.get(f.relation);
      if (n === undefined || n !== f.tuple.length || (input && !this.inputRelations.has(f.relation))) {
        this.warnOnce(`bad-fact:${conn.peer}:${f.relation}`, `ignored ${f.relation}/${f.tuple.length} from ${conn.peer}: ${n === undefined ? 'unknown relation' : n !== f.tuple.length ? `the relation has ${n} attributes` : 'only .input facts come from clients'}`);
        continue;
      }
      facts.push(f);
    }
    if (facts.length === 0) return;
    this.recvFrom.set(conn.peer, (this.recvFrom.get(conn.peer) ?? 0) + facts.length);
    this.enqueue({ from: input ? null : conn.peer, sender: conn.peer, clock: frame.clock, facts, pos: 0 });
  }

  private enqueue(p: Pending): void {
    this.pending.push(p);
    this.pendingCount += p.facts.length;
    this.factsIn += p.facts.length;
    if (this.pendingCount > this.maxPending) this.maxPending = this.pendingCount;
    if (!this.readingPaused && this.pendingCount > this.limits.pendingHigh) {
      this.readingPaused = true;
      this.readPauses++;
      for (const c of this.allConnections) c.pause();
    }
    this.schedule();
  }

  private onClose(conn: Connection, error: string | null): void {
    if (this.allConnections.delete(conn)) {
      this.closedTotals.framesOut += conn.framesOut;
      this.closedTotals.bytesOut += conn.bytesOut;
      this.closedTotals.maxBacklog = Math.max(this.closedTotals.maxBacklog, conn.maxBacklog);
    }
    if (conn.peer === null) return;
    if (conn.peerRole === 'node' && this.peers.get(conn.peer) === conn) {
      this.peers.delete(conn.peer);
      if (!this.stopped) this.options.log(`connection to node ${conn.peer} lost${error ? ` (${error})` : ''}`);
    } else if (conn.peerRole === 'client' && this.clients.get(conn.peer) === conn) {
      this.clients.delete(conn.peer);
    }
    if (this.waitingDrain) this.schedule();
  }

  private warnOnce(key: string, line: string): void {
    if (this.warned.has(key) || this.warned.size > 100) return;
    this.warned.add(key);
    this.options.log(line);
  }

  // --- the loop ---

  private schedule(): void {
    if (this.scheduled || !this.started || this.stopped || this.failed) return;
    this.scheduled = true;
    setImmediate(() => this.step());
  }

  private congested(): boolean {
    for (const c of this.peers.values()) if (c.congested) return true;
    for (const c of this.clients.values()) if (c.congested) return true;
    return false;
  }

  private step(): void {
    this.scheduled = false;
    if (this.stopped || this.failed) return;
    if (this.pendingCount === 0 && this.stable) return;
    if (this.congested()) {
      if (!this.waitingDrain) this.drainWaits++;
      this.waitingDrain = true;
      return;
    }
    this.waitingDrain = false;
    this.tick();
    this.schedule();
  }

  /** Facts the next tick takes: `maxBatch`, or fewer when recent facts were costly (see `tickBudgetMs`). */
  private batchSize(): number {
    const { maxBatch, tickBudgetMs } = this.limits;
    if (tickBudgetMs <= 0 || this.msPerFact <= 0) return maxBatch;
    return Math.max(MIN_BATCH, Math.min(maxBatch, Math.floor(tickBudgetMs / this.msPerFact)));
  }

  /** Takes at most `batchSize()` pending facts, oldest first. */
  private take(): { delivered: Pending[]; count: number; clock: number } {
    const delivered: Pending[] = [];
    const size = this.batchSize();
    let room = size;
    let clock = 0;
    while (room > 0 && this.pending.length > 0) {
      const p = this.pending[0] as Pending;
      const n = Math.min(room, p.facts.length - p.pos);
      delivered.push(n === p.facts.length && p.pos === 0 ? p : { ...p, facts: p.facts.slice(p.pos, p.pos + n), pos: 0 });
      p.pos += n;
      room -= n;
      if (p.clock > clock) clock = p.clock;
      if (p.pos >= p.facts.length) this.pending.shift();
    }
    const count = size - room;
    this.pendingCount -= count;
    return { delivered, count, clock };
  }

  private tick(): void {
    const { delivered, count, clock } = this.take();
    if (this.readingPaused && this.pendingCount <= this.limits.pendingHigh / 2) {
      this.readingPaused = false;
      for (const c of this.allConnections) c.resume();
    }
    this.clock = Math.max(this.clock, clock) + 1;
    this.ticks++;

    // Carried facts first, then delivered ones in order; the evaluator drops duplicates.
    let facts: readonly Fact[];
    if (delivered.length === 1) facts = (delivered[0] as Pending).facts;
    else {
      const all: Fact[] = [];
      for (const p of delivered) for (const f of p.facts) all.push(f);
      facts = all;
    }
    const began = performance.now();
    const outcome = this.evaluator.step({ carried: this.carried, delivered: facts, edb: this.edb });
    if (count > 0) {
      // Moving average of evaluation time per delivered fact (carried facts are
      // part of the cost: a node with much state has slower ticks).
      const perFact = (performance.now() - began) / count;
      this.msPerFact = this.msPerFact === 0 ? perFact : 0.8 * this.msPerFact + 0.2 * perFact;
    }
    if (!outcome.ok) {
      // A tick that runs away (a rule deriving without end) ends here too, with the evaluator's
      // limit in the message, rather than crashing the process.
      const r = ruleRef(this.options.program, outcome.error.rule);
      this.fail(outcome.error.rule < 0 ? `evaluation error: ${outcome.error.message}` : `evaluation error in rule ${r.rule} (line ${r.line}: ${r.ruleText}): ${outcome.error.message}`);
      return;
    }
    const result = outcome.result;

    // Route and batch the sent facts, one frame per destination.
    const out = new Map<string, WireFact[]>();
    const local: WireFact[] = [];
    for (const s of result.sent) {
      const dest = String(s.dest);
      const route = this.route(dest, s.relation);
      switch (route.kind) {
        case 'bad': {
          const r = ruleRef(this.options.program, s.rule);
          this.fail(`bad address: rule ${r.rule} (line ${r.line}: ${r.ruleText}) sent ${s.relation}(${s.tuple.map((v) => JSON.stringify(v)).join(', ')}) to "${dest}": ${route.why}`);
          return;
        }
        case 'self':
          local.push({ relation: s.relation, tuple: s.tuple });
          break;
        default: {
          const list = out.get(dest);
          if (list) list.push({ relation: s.relation, tuple: s.tuple });
          else out.set(dest, [{ relation: s.relation, tuple: s.tuple }]);
        }
      }
    }
    for (const [dest, list] of out) {
      const conn = this.peers.get(dest) ?? this.clients.get(dest);
      if (!conn || !conn.send({ kind: 'batch', clock: this.clock, facts: list })) {
        this.undeliverable += list.length;
        this.warnOnce(`undeliverable:${dest}`, `${list.length} fact(s) for ${dest} lost: ${this.routes.get(dest)?.kind === 'client' ? 'no such client is connected' : 'its connection is gone'}`);
        continue;
      }
      this.sentTo.set(dest, (this.sentTo.get(dest) ?? 0) + list.length);
    }
    this.factsOut += result.sent.length;

    if (this.options.record) this.recordTick(delivered, result.outputs, result.sent);
    else if (result.outputs.length === 0) this.outputsNow = EMPTY;

    this.stable = count === 0 && result.sent.length === 0 && (this.carried === null ? result.next.size === 0 : this.carried.sameAs(result.next));
    this.carried = result.next;
    if (local.length > 0) {
      this.sentTo.set(this.address, (this.sentTo.get(this.address) ?? 0) + local.length);
      this.recvFrom.set(this.address, (this.recvFrom.get(this.address) ?? 0) + local.length);
      this.enqueue({ from: this.address, sender: this.address, clock: this.clock, facts: local, pos: 0 });
    }
  }

  private recordTick(
    delivered: readonly Pending[],
    outputs: readonly { relation: string; tuple: Tuple; rule: number | null }[],
    sent: readonly { dest: unknown; relation: string; tuple: Tuple; rule: number }[],
  ): void {
    const now = new Set<string>();
    const newOutputs: [string, Tuple, number | null][] = [];
    for (const o of outputs) {
      const k = factKey(o.relation, o.tuple);
      if (now.has(k)) continue;
      now.add(k);
      if (!this.outputsNow.has(k)) newOutputs.push([o.relation, o.tuple, o.rule]);
    }
    this.outputsNow = now;
    if (this.truncated) return;
    const d: [string | null, string, Tuple][] = [];
    for (const p of delivered) for (const f of p.facts) d.push([p.from, f.relation, f.tuple]);
    if (d.length === 0 && newOutputs.length === 0 && sent.length === 0) return;
    if (this.events.length >= this.limits.maxRecorded) {
      this.truncated = true;
      return;
    }
    this.events.push({
      k: 'tick',
      clock: this.clock,
      node: this.address,
      tick: this.ticks,
      delivered: d,
      outputs: newOutputs,
      sent: sent.map((s) => [String(s.dest), s.relation, s.tuple, s.rule] as const),
    });
  }

  private route(dest: string, relation: string): Route {
    let r = this.routes.get(dest);
    if (r === undefined) {
      const c = this.options.topology.classify(dest);
      switch (c.kind) {
        case 'node':
          r = dest === this.address ? { kind: 'self' } : { kind: 'node', address: dest };
          break;
        case 'partitioned':
          r = { kind: 'bad', why: 'a partitioned component; route through partition_of' };
          break;
        case 'no-such-node':
          r = { kind: 'bad', why: 'no such node in the deployment' };
          break;
        case 'outside':
          r = { kind: 'client', address: dest };
          break;
      }
      this.routes.set(dest, r);
    }
    if (r.kind === 'client' && !this.outputRelations.has(relation)) {
      return { kind: 'bad', why: 'an address outside the deployment, which only receives .output facts' };
    }
    return r;
  }

  private fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.options.log(message);
    this.options.fatal(message);
  }
}

const EMPTY: ReadonlySet<string> = new Set();
