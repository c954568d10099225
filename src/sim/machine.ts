/**
 * The state of a simulated run and the actions that change it. `simulate`
 * drives one machine from start to stop with a scheduler; the exhaustive
 * explorer drives one machine through many runs, saving and restoring its
 * state (`snapshot`/`restore`) and merging states that are equal
 * (`stateKey`).
 *
 * Nodes of one component share one compiled evaluator; the evaluator is pure,
 * so the machine only moves its effects: delivered messages and carried facts
 * in, `.output` facts and sent messages out. It ticks nodes through the
 * evaluator's `step`, so a node's carried and constant facts stay in the
 * evaluator's interned form between ticks (decoded only for `stateKey` and
 * for naming busy rules).
 */
import type { CheckedProgram, IrRule, Tuple } from '../ir/types.js';
import type { CarriedFacts, FactMap, FnImpl } from '../eval/types.js';
import { compileComponent, type ComponentEvaluator } from '../eval/evaluator.js';
import type { Deployment } from './deployment.js';
import type { Workload } from './workload.js';
import { Topology, type NodeInfo } from './topology.js';
import type { Action, Enabled, FaultOptions, TickOption } from './actions.js';
import { deliveryRule, type NetworkModel } from './network.js';
import type { RuleActivity, RuleRef, Stop } from './stop.js';
import type { TraceDelivered, TraceOutput, TraceSent, TraceStep } from './trace.js';
import { factKey, sameTupleSet, sameValues } from './facts.js';

/**
 * An `.output` fact and where it was observed: at a client address when it
 * arrived there, or at the node where it held. `count` is how many times: for
 * a client, the arrivals; for a node, the ticks in which it became true (a
 * fact true in consecutive ticks of a node counts once).
 */
export interface Observation {
  readonly relation: string;
  readonly tuple: Tuple;
  readonly at: string;
  readonly count: number;
  /** The step of the first observation. */
  readonly firstStep: number;
}

export interface SimStats {
  readonly steps: number;
  readonly ticks: number;
  /** Messages sent by rules (inputs not included). */
  readonly messages: number;
  readonly inputsInjected: number;
  readonly inputsTotal: number;
  /** Messages that arrived at addresses outside the deployment. */
  readonly arrivals: number;
  /** Faults the network committed (only present when it may commit any). */
  readonly faults?: { readonly drop: number; readonly duplicate: number; readonly crash: number };
}

export interface MachineOptions {
  readonly network: NetworkModel;
  readonly maxMessages: number;
  readonly maxFactsPerTick: number;
  readonly fns?: ReadonlyMap<string, FnImpl>;
  /** Record trace steps (default true); an explorer that only wants observations turns it off. */
  readonly record?: boolean;
}

/** A message pending at a node or in flight to a client, as the machine holds it. */
export type PendingMessage = Message;

interface Message {
  readonly id: number;
  /** For a workload input: its index in the workload. */
  readonly input?: number;
  readonly from: string | null;
  readonly to: string;
  readonly relation: string;
  readonly tuple: Tuple;
}

interface NodeState {
  readonly info: NodeInfo;
  readonly evaluator: ComponentEvaluator;
  /** The node's constant facts, interned once per evaluator and deployment. */
  readonly edb: CarriedFacts;
  /** Facts carried into the next tick, kept interned by the evaluator (null: none yet). */
  carried: CarriedFacts | null;
  pending: Message[];
  ticks: number;
  /** Its last tick took no message, sent nothing, and carried exactly what it started with. */
  stable: boolean;
  /** The `.output` facts true in its last tick (never mutated: replaced each tick). */
  outputsNow: OutputSet;
  crashed: boolean;
  /**
   * Its last tick option (null: it may not tick) and what it was made from:
   * the pending array (replaced or only appended to), its length, and
   * `stable`. Reused while they are unchanged.
   */
  option: { readonly pending: Message[]; readonly length: number; readonly stable: boolean; readonly tick: TickOption | null } | null;
}

interface MutableObservation {
  readonly relation: string;
  readonly tuple: Tuple;
  readonly at: string;
  count: number;
  readonly firstStep: number;
}

/** Everything that changes during a run, copied so it can be restored. */
export interface MachineSnapshot {
  readonly nodes: readonly {
    readonly carried: CarriedFacts | null;
    readonly pending: readonly Message[];
    readonly ticks: number;
    readonly stable: boolean;
    readonly outputsNow: OutputSet;
    readonly crashed: boolean;
  }[];
  readonly outbound: readonly Message[];
  readonly observations: readonly MutableObservation[];
  readonly counters: readonly number[];
  readonly steps: number;
  readonly activity: readonly Activity[];
}

/** Rules counted in the last this-many ticks for `RuleActivity`. */
const ACTIVITY_WINDOW = 200;

/** Compiled evaluators, shared by every run of one checked program (the evaluator's tick is pure). */
const compiledCache = new WeakMap<CheckedProgram, Map<string, ComponentEvaluator>>();

function evaluatorFor(program: CheckedProgram, component: string, fns: ReadonlyMap<string, FnImpl> | undefined): ComponentEvaluator {
  if (fns !== undefined && fns.size > 0) return compileComponent(program, component, fns);
  let byComponent = compiledCache.get(program);
  if (!byComponent) {
    byComponent = new Map();
    compiledCache.set(program, byComponent);
  }
  let ev = byComponent.get(component);
  if (!ev) {
    ev = compileComponent(program, component);
    byComponent.set(component, ev);
  }
  return ev;
}

/** Interned constant facts by evaluator, deployment and node address (immutable, so shared by runs). */
const edbCache = new WeakMap<ComponentEvaluator, WeakMap<Deployment, Map<string, CarriedFacts>>>();

export class SimMachine {
  readonly topology: Topology;
  /** Trace steps so far (empty when not recording). */
  readonly traceSteps: TraceStep[] = [];
  /** The step number of the last action applied. */
  step = 0;
  ticks = 0;
  messages = 0;
  injected = 0;
  /** Workload inputs taken by ticks so far. */
  inputsDelivered = 0;
  /** Messages (inputs included) taken by ticks so far. */
  delivered = 0;
  arrivals = 0;
  drops = 0;
  duplicates = 0;
  crashes = 0;

  /** The messages the last tick sent (empty after other actions). */
  lastSent: readonly { readonly relation: string; readonly tuple: Tuple }[] = [];

  private readonly nodes = new Map<string, NodeState>();
  private readonly nodeList: NodeState[] = [];
  private outbound: Message[] = [];
  private observed = new Map<string, MutableObservation>();
  private activity: Activity[] = [];
  private nextId = 1;
  private readonly record: boolean;
  private readonly nextRules: Map<string, Map<string, number[]>>;

  constructor(
    readonly program: CheckedProgram,
    readonly deployment: Deployment,
    readonly workload: Workload,
    readonly options: MachineOptions,
  ) {
    this.record = options.record ?? true;
    this.topology = new Topology(deployment);
    for (const info of this.topology.nodes) {
      const evaluator = evaluatorFor(program, info.component, options.fns);
      const n: NodeState = {
        info,
        evaluator,
        edb: this.constantFacts(evaluator, info),
        carried: null,
        pending: [],
        ticks: 0,
        stable: false,
        outputsNow: EMPTY_OUTPUTS,
        crashed: false,
        option: null,
      };
      this.nodes.set(info.address, n);
      this.nodeList.push(n);
    }
    for (const input of workload.inputs) {
      if (!this.nodes.has(input.to)) throw new Error(`simulate: workload input to "${input.to}", which is not a node; validate the workload first`);
    }
    this.nextRules = nextRulesByHead(program);
  }

  /** A node's constant facts, interned once per evaluator and deployment (runs of one setup share them). */
  private constantFacts(evaluator: ComponentEvaluator, info: NodeInfo): CarriedFacts {
    let byDeployment = edbCache.get(evaluator);
    if (!byDeployment) {
      byDeployment = new WeakMap();
      edbCache.set(evaluator, byDeployment);
    }
    let byNode = byDeployment.get(this.deployment);
    if (!byNode) {
      byNode = new Map();
      byDeployment.set(this.deployment, byNode);
    }
    let edb = byNode.get(info.address);
    if (!edb) {
      edb = evaluator.prepare(this.topology.edbOf(this.program, info));
      byNode.set(info.address, edb);
    }
    return edb;
  }

  get network(): NetworkModel {
    return this.options.network;
  }

  /** What may happen next. */
  enabled(): Enabled {
    const next = this.workload.inputs[this.injected];
    const network = this.options.network;
    const tickOptions: TickOption[] = [];
    for (const n of this.nodeList) {
      if (n.crashed) continue;
      const tick = this.tickOption(n);
      if (tick !== null) tickOptions.push(tick);
    }
    const enabled: Enabled = {
      inject: next ? { input: this.injected, to: next.to } : null,
      ticks: tickOptions,
      arrivals: network.fifoChannels ? oldestPerChannel(this.outbound) : this.outbound.map((m) => m.id),
    };
    const f = network.faults;
    if (f === undefined || (f.drop <= 0 && f.duplicate <= 0 && f.crash <= 0)) return enabled;
    const faults: FaultOptions = {
      drop: this.drops < f.drop ? this.faultableMessages(true) : [],
      duplicate: this.duplicates < f.duplicate ? this.faultableMessages(false) : [],
      crash: this.crashes < f.crash ? this.nodeList.filter((n) => !n.crashed).map((n) => n.info.address) : [],
    };
    return { ...enabled, faults };
  }

  /** How `n` may tick now, or null; computed again only when its pending messages or `stable` changed. */
  private tickOption(n: NodeState): TickOption | null {
    const o = n.option;
    if (o !== null && o.pending === n.pending && o.length === n.pending.length && o.stable === n.stable) return o.tick;
    const network = this.options.network;
    const rule = deliveryRule(network, n.pending.length, n.stable);
    let tick: TickOption | null = null;
    if (rule) {
      const pending = n.pending.map((m) => m.id);
      const node = n.info.address;
      tick = network.fifoChannels
        ? { node, pending, min: rule.min, max: rule.max, fifo: rule.fifo, senders: n.pending.map((m) => m.from) }
        : { node, pending, min: rule.min, max: rule.max, fifo: rule.fifo };
    }
    n.option = { pending: n.pending, length: n.pending.length, stable: n.stable, tick };
    return tick;
  }

  /** Messages sent by rules pending at live nodes, and (for drops) those in flight to clients. */
  private faultableMessages(withOutbound: boolean): number[] {
    const out: number[] = [];
    for (const n of this.nodeList) {
      if (n.crashed) continue;
      for (const m of n.pending) if (m.from !== null) out.push(m.id);
    }
    if (withOutbound) for (const m of this.outbound) out.push(m.id);
    return out;
  }

  /** Applies an action already checked against `enabled()`; a non-null result ends the run. */
  apply(action: Action): Stop | null {
    this.step++;
    this.lastSent = EMPTY_SENT;
    switch (action.kind) {
      case 'inject': {
        const input = this.workload.inputs[action.input];
        if (!input) throw new Error('simulate: inject of a missing input passed the enabled check');
        const id = this.nextId++;
        this.nodes.get(input.to)?.pending.push({ id, input: action.input, from: null, to: input.to, relation: input.relation, tuple: input.tuple });
        this.injected++;
        if (this.record) this.traceSteps.push({ step: this.step, kind: 'inject', input: action.input, id, to: input.to, relation: input.relation, tuple: input.tuple });
        return null;
      }
      case 'arrive': {
        const i = this.outbound.findIndex((m) => m.id === action.message);
        const m = this.outbound[i];
        if (!m || m.from === null) throw new Error('simulate: arrival of a missing message passed the enabled check');
        this.outbound = this.outbound.filter((_, j) => j !== i);
        this.arrivals++;
        this.observe(m.relation, m.tuple, m.to);
        if (this.record) this.traceSteps.push({ step: this.step, kind: 'arrive', id: m.id, from: m.from, to: m.to, relation: m.relation, tuple: m.tuple });
        return null;
      }
      case 'tick': {
        const n = this.nodes.get(action.node);
        if (!n) throw new Error('simulate: tick of a missing node passed the enabled check');
        return this.tick(n, action.deliver);
      }
      case 'drop': {
        const m = this.takeMessage(action.message);
        this.drops++;
        if (this.record) this.traceSteps.push({ step: this.step, kind: 'drop', id: m.id, from: m.from ?? '', to: m.to, relation: m.relation, tuple: m.tuple });
        return null;
      }
      case 'duplicate': {
        const m = this.findPending(action.message);
        const n = this.nodes.get(m.to);
        if (!n) throw new Error('simulate: duplicate of a message to a missing node');
        const copy: Message = { ...m, id: this.nextId++ };
        n.pending = [...n.pending, copy];
        this.duplicates++;
        if (this.record) {
          this.traceSteps.push({ step: this.step, kind: 'duplicate', id: m.id, copy: copy.id, from: m.from ?? '', to: m.to, relation: m.relation, tuple: m.tuple });
        }
        return null;
      }
      case 'crash': {
        const n = this.nodes.get(action.node);
        if (!n || n.crashed) throw new Error('simulate: crash of a missing or crashed node passed the enabled check');
        const lost = n.pending.map((m) => m.id);
        n.crashed = true;
        n.pending = [];
        n.stable = true;
        this.crashes++;
        if (this.record) this.traceSteps.push({ step: this.step, kind: 'crash', node: n.info.address, lost });
        return null;
      }
    }
  }

  private findPending(id: number): Message {
    for (const n of this.nodeList) for (const m of n.pending) if (m.id === id) return m;
    throw new Error(`simulate: message ${id} is not pending anywhere`);
  }

  /** Removes a message pending at a node or in flight to a client. */
  private takeMessage(id: number): Message {
    const i = this.outbound.findIndex((m) => m.id === id);
    if (i >= 0) {
      const m = this.outbound[i] as Message;
      this.outbound = this.outbound.filter((_, j) => j !== i);
      return m;
    }
    for (const n of this.nodeList) {
      const j = n.pending.findIndex((m) => m.id === id);
      if (j >= 0) {
        const m = n.pending[j] as Message;
        n.pending = n.pending.filter((_, k) => k !== j);
        return m;
      }
    }
    throw new Error(`simulate: message ${id} is neither pending nor in flight`);
  }

  private observe(relation: string, tuple: Tuple, at: string): void {
    const k = at + '\u0002' + factKey(relation, tuple);
    const o = this.observed.get(k);
    if (o) o.count++;
    else this.observed.set(k, { relation, tuple, at, count: 1, firstStep: this.step });
  }

  private tick(n: NodeState, deliver: readonly number[]): Stop | null {
    let delivered: Message[];
    if (deliver.length === n.pending.length) {
      delivered = n.pending;
      n.pending = [];
    } else {
      const wanted = new Set(deliver);
      delivered = n.pending.filter((m) => wanted.has(m.id));
      n.pending = n.pending.filter((m) => !wanted.has(m.id));
    }
    n.ticks++;
    this.ticks++;
    for (const m of delivered) if (m.from === null) this.inputsDelivered++;
    this.delivered += delivered.length;
    const record = this.record;
    const traceDelivered: TraceDelivered[] = record ? delivered.map((m) => ({ id: m.id, from: m.from, relation: m.relation, tuple: m.tuple })) : [];
    // Carried facts first, then delivered ones, in order; the evaluator drops duplicates.
    // The facts-per-tick bound is the evaluator's budget too: a rule that derives without end
    // within the tick is stopped there, and named, instead of running out of memory.
    const outcome = n.evaluator.step({ carried: n.carried, delivered, edb: n.edb, maxFacts: this.options.maxFactsPerTick });
    if (!outcome.ok) {
      if (record) this.traceSteps.push({ step: this.step, kind: 'tick', node: n.info.address, tick: n.ticks, delivered: traceDelivered, outputs: [], sent: [] });
      const e = outcome.error;
      if (e.limit?.kind === 'facts') {
        return {
          reason: 'bound',
          bound: 'facts-per-tick',
          limit: e.limit.limit,
          reached: e.limit.reached,
          node: n.info.address,
          ...(e.rule >= 0 ? { deriving: ruleRef(this.program, e.rule) } : {}),
          busiest: this.busiest(),
        };
      }
      return { reason: 'eval-error', node: n.info.address, message: e.message, ...ruleRef(this.program, e.rule) };
    }
    const result = outcome.result;

    // Outputs: observed at the node when they become true there.
    const traceOutputs: TraceOutput[] = [];
    const outputs = result.outputs;
    if (outputs.length > 0) {
      // The evaluator lists each output once; one not true in the last tick is observed now.
      const before = n.outputsNow;
      // While outputs[0 .. i) are the last tick's list in order, position i answers
      // without keys: past the end of that list, every output is new.
      let aligned = true;
      const beforeSize = before.size;
      for (let i = 0; i < outputs.length; i++) {
        const o = outputs[i] as (typeof outputs)[number];
        if (record) {
          traceOutputs.push(
            o.rule === null ? { relation: o.relation, tuple: o.tuple, rule: null } : { relation: o.relation, tuple: o.tuple, rule: o.rule, line: this.program.rules[o.rule]?.span.line ?? 0 },
          );
        }
        let held: boolean;
        if (aligned && i >= beforeSize) held = false;
        else if (aligned && before.holdsAt(i, o.relation, o.tuple)) held = true;
        else {
          aligned = false;
          held = before.has(o.relation, o.tuple);
        }
        if (!held) this.observe(o.relation, o.tuple, n.info.address);
      }
      n.outputsNow = new OutputSet(outputs);
    } else n.outputsNow = EMPTY_OUTPUTS;

    // Sent messages: to a node's pending queue, or in flight to the outside.
    let refused: Stop | null = null;
    const traceSent: TraceSent[] = [];
    for (const s of result.sent) {
      const id = this.nextId++;
      const to = String(s.dest);
      const msg: Message = { id, from: n.info.address, to, relation: s.relation, tuple: s.tuple };
      const c = this.topology.classify(to);
      let lost = false;
      if (c.kind === 'node') {
        const dest = this.nodes.get(to) as NodeState;
        if (dest.crashed) lost = true;
        else dest.pending.push(msg);
      } else if (c.kind === 'outside' && this.program.relations.get(s.relation)?.kind === 'output') this.outbound.push(msg);
      else if (refused === null) {
        const problem = c.kind === 'outside' ? 'not-an-output' : c.kind;
        refused = { reason: 'bad-address', node: n.info.address, address: to, relation: s.relation, tuple: s.tuple, problem, ...ruleRef(this.program, s.rule) };
      }
      if (record) {
        const line = this.program.rules[s.rule]?.span.line ?? 0;
        traceSent.push(lost ? { id, to, relation: s.relation, tuple: s.tuple, rule: s.rule, line, lost: true } : { id, to, relation: s.relation, tuple: s.tuple, rule: s.rule, line });
      }
    }
    this.messages += result.sent.length;
    this.lastSent = result.sent;
    if (record) this.traceSteps.push({ step: this.step, kind: 'tick', node: n.info.address, tick: n.ticks, delivered: traceDelivered, outputs: traceOutputs, sent: traceSent });

    // Activity, for naming the rules behind a run that never settles (worked out only when asked).
    this.activity.push({ component: n.info.component, sent: result.sent.map((x) => x.rule), carried: n.carried, delivered, next: result.next });
    if (this.activity.length > ACTIVITY_WINDOW) this.activity.shift();

    n.stable = delivered.length === 0 && result.sent.length === 0 && (n.carried === null ? result.next.size === 0 : n.carried.sameAs(result.next));
    n.carried = result.next;

    if (refused) return refused;
    const size = result.factCount + result.next.size;
    if (size > this.options.maxFactsPerTick) {
      return { reason: 'bound', bound: 'facts-per-tick', limit: this.options.maxFactsPerTick, reached: size, node: n.info.address, busiest: this.busiest() };
    }
    if (this.messages > this.options.maxMessages) {
      return { reason: 'bound', bound: 'messages', limit: this.options.maxMessages, reached: this.messages, busiest: this.busiest() };
    }
    return null;
  }

  /** The rules most active in the last ticks, busiest first. */
  busiest(): RuleActivity[] {
    const counts = new Map<number, number>();
    for (const a of this.activity) for (const id of this.fired(a)) counts.set(id, (counts.get(id) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 5)
      .map(([id, count]) => ({ ...ruleRef(this.program, id), count }));
  }

  /** The rules a tick fired: those that sent, and the `:+` rules whose facts for the next tick changed. */
  private fired(a: Activity): number[] {
    const out = [...a.sent];
    const start = startFacts(a);
    for (const [relation, ts] of a.next.facts()) {
      if (ts.length === 0) continue;
      if (sameTupleSet(ts, start.get(relation) ?? [])) continue;
      out.push(...(this.nextRules.get(a.component)?.get(relation) ?? []));
    }
    return out;
  }

  /** What was observed so far, in order of first observation. */
  observations(): Observation[] {
    return [...this.observed.values()].map((o) => ({ relation: o.relation, tuple: o.tuple, at: o.at, count: o.count, firstStep: o.firstStep }));
  }

  /** The messages pending at `node`, oldest first (do not keep or change them). */
  pendingAt(node: string): readonly PendingMessage[] {
    return this.nodes.get(node)?.pending ?? [];
  }

  /** The messages in flight to clients (do not keep or change them). */
  inFlight(): readonly PendingMessage[] {
    return this.outbound;
  }

  /** The workload index of an input pending at `node` as message `id`, or undefined for another message. */
  pendingInput(node: string, id: number): number | undefined {
    return this.nodes.get(node)?.pending.find((m) => m.id === id)?.input;
  }

  /** The `.output` facts true in the last tick of each live node (at quiescence: what the nodes hold). */
  heldOutputs(): { relation: string; tuple: Tuple }[] {
    const out: { relation: string; tuple: Tuple }[] = [];
    for (const n of this.nodeList) if (!n.crashed) out.push(...n.outputsNow.facts());
    return out;
  }

  /** What was observed so far, in order of first observation, without copying (do not keep or change them). */
  observedEntries(): IterableIterator<Observation> {
    return this.observed.values();
  }

  /** How many distinct (fact, place) observations so far. */
  observedCount(): number {
    return this.observed.size;
  }

  stats(): SimStats {
    const base = {
      steps: this.step,
      ticks: this.ticks,
      messages: this.messages,
      inputsInjected: this.injected,
      inputsTotal: this.workload.inputs.length,
      arrivals: this.arrivals,
    };
    const f = this.options.network.faults;
    return f === undefined ? base : { ...base, faults: { drop: this.drops, duplicate: this.duplicates, crash: this.crashes } };
  }

  snapshot(): MachineSnapshot {
    return {
      nodes: this.nodeList.map((n) => ({ carried: n.carried, pending: n.pending.slice(), ticks: n.ticks, stable: n.stable, outputsNow: n.outputsNow, crashed: n.crashed })),
      outbound: this.outbound.slice(),
      observations: [...this.observed.values()].map((o) => ({ ...o })),
      counters: [this.step, this.ticks, this.messages, this.injected, this.arrivals, this.drops, this.duplicates, this.crashes, this.nextId, this.inputsDelivered, this.delivered],
      steps: this.traceSteps.length,
      activity: this.activity.slice(),
    };
  }

  /** Back to a snapshot taken from this machine (trace steps recorded since are dropped). */
  restore(s: MachineSnapshot): void {
    s.nodes.forEach((saved, i) => {
      const n = this.nodeList[i] as NodeState;
      n.carried = saved.carried;
      n.pending = saved.pending.slice();
      n.ticks = saved.ticks;
      n.stable = saved.stable;
      n.outputsNow = saved.outputsNow;
      n.crashed = saved.crashed;
    });
    this.outbound = s.outbound.slice();
    this.observed = new Map(s.observations.map((o) => [o.at + '\u0002' + factKey(o.relation, o.tuple), { ...o }]));
    [this.step, this.ticks, this.messages, this.injected, this.arrivals, this.drops, this.duplicates, this.crashes, this.nextId, this.inputsDelivered, this.delivered] =
      s.counters as number[] as [number, number, number, number, number, number, number, number, number, number, number];
    this.traceSteps.length = s.steps;
    this.activity = s.activity.slice();
  }

  /**
   * A key equal for states that behave the same from here on and have
   * observed the same facts (counts aside): each node's carried facts,
   * pending messages (as facts, ignoring ids and order unless the network
   * is FIFO), whether it is at rest or crashed; messages in flight to clients;
   * inputs injected; faults used; and the set of observations.
   */
  stateKey(): string {
    const fifo = !this.options.network.reorder || this.options.network.fifoChannels === true;
    const parts: string[] = [String(this.injected), `${this.drops},${this.duplicates},${this.crashes}`];
    for (const n of this.nodeList) {
      if (n.crashed) {
        parts.push('X');
        continue;
      }
      const pend = n.pending.map((m) => (fifo ? `${m.from ?? ''}>` : '') + factKey(m.relation, m.tuple));
      if (!fifo) pend.sort();
      parts.push(`${n.stable ? 'S' : 's'}${n.carried === null ? '' : factMapKey(n.carried.facts())}\u0003${pend.join('\u0001')}\u0003${n.outputsNow.key()}`);
    }
    parts.push(this.outbound.map((m) => m.to + '\u0002' + factKey(m.relation, m.tuple)).sort().join('\u0001'));
    parts.push([...this.observed.keys()].sort().join('\u0001'));
    return parts.join('\u0004');
  }
}

/** One tick's activity, kept for the last ticks of a run. */
interface Activity {
  readonly component: string;
  readonly sent: readonly number[];
  /** What the tick started with: the carried facts, then the delivered ones. */
  readonly carried: CarriedFacts | null;
  readonly delivered: readonly Message[];
  readonly next: CarriedFacts;
}

/** The facts a tick started with, by relation. */
function startFacts(a: Activity): FactMap {
  const facts = new Map<string, Tuple[]>();
  if (a.carried !== null) for (const [relation, ts] of a.carried.facts()) facts.set(relation, [...ts]);
  for (const m of a.delivered) {
    const list = facts.get(m.relation);
    if (list === undefined) facts.set(m.relation, [m.tuple]);
    else list.push(m.tuple);
  }
  return facts;
}

/** The `.output` facts true at a node in one tick, with cheap membership for the next tick's. */
class OutputSet {
  private keys: Set<string> | null = null;
  private sorted: string | null = null;
  constructor(private readonly list: readonly { readonly relation: string; readonly tuple: Tuple }[]) {}

  get size(): number {
    return this.list.length;
  }

  /** Whether the fact is the `i`-th of the list. */
  holdsAt(i: number, relation: string, tuple: Tuple): boolean {
    const p = this.list[i];
    return p !== undefined && p.relation === relation && sameValues(p.tuple, tuple);
  }

  /** Whether the set holds the fact. */
  has(relation: string, tuple: Tuple): boolean {
    if (this.list.length === 0) return false;
    this.keys ??= new Set(this.list.map((o) => factKey(o.relation, o.tuple)));
    return this.keys.has(factKey(relation, tuple));
  }

  facts(): readonly { readonly relation: string; readonly tuple: Tuple }[] {
    return this.list;
  }

  key(): string {
    this.sorted ??= this.list.map((o) => factKey(o.relation, o.tuple)).sort().join('\u0001');
    return this.sorted;
  }
}

const EMPTY_OUTPUTS = new OutputSet([]);

/** With ordered channels, only the oldest message in flight on each (sender, client) channel may arrive. */
function oldestPerChannel(outbound: readonly Message[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  for (const m of outbound) {
    const k = `${m.from ?? ''}\u0002${m.to}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(m.id);
  }
  return out;
}
const EMPTY_SENT: readonly { readonly relation: string; readonly tuple: Tuple }[] = [];

export function ruleRef(program: CheckedProgram, id: number): RuleRef {
  const rule: IrRule | undefined = program.rules[id];
  return { rule: id, ruleText: rule?.text ?? `(rule ${id})`, line: rule?.span.line ?? 0 };
}

/** For each component, the `:+` rules deriving each relation. */
function nextRulesByHead(program: CheckedProgram): Map<string, Map<string, number[]>> {
  const out = new Map<string, Map<string, number[]>>();
  for (const r of program.rules) {
    if (r.kind !== 'next') continue;
    const byHead = out.get(r.component) ?? new Map<string, number[]>();
    byHead.set(r.head.relation, [...(byHead.get(r.head.relation) ?? []), r.id]);
    out.set(r.component, byHead);
  }
  return out;
}

const factMapKeys = new WeakMap<FactMap, string>();
/** A key equal for fact maps holding the same facts, in any order (cached: carried maps are never changed). */
function factMapKey(m: FactMap): string {
  let k = factMapKeys.get(m);
  if (k === undefined) {
    k = computeFactMapKey(m);
    factMapKeys.set(m, k);
  }
  return k;
}

function computeFactMapKey(m: FactMap): string {
  const keys: string[] = [];
  for (const [relation, ts] of m) for (const t of ts) keys.push(factKey(relation, t));
  keys.sort();
  return keys.filter((k, i) => i === 0 || k !== keys[i - 1]).join('\u0001');
}
