/**
 * The simulator: runs every node of a deployment on one seeded, bounded,
 * simulated network until quiescence or a bound, recording a replayable trace.
 *
 * Each step is one action chosen by the scheduler among the enabled ones:
 * inject the next workload input into its node's pending messages, tick a node
 * (delivering a chosen subset of its pending messages), or let a message in
 * flight to a client arrive there. Nodes of one component share one compiled
 * evaluator; the evaluator is pure, so the simulator only moves its effects.
 */
import type { CheckedProgram, IrRule, Tuple } from '../ir/types.js';
import type { FactMap, FnImpl } from '../eval/types.js';
import { compileComponent } from '../eval/evaluator.js';
import type { Deployment } from './deployment.js';
import { deploymentToJson } from './deployment.js';
import type { Workload } from './workload.js';
import { workloadToJson } from './workload.js';
import { Topology, type NodeInfo } from './topology.js';
import { actionProblem, nothingEnabled, type Action, type Enabled, type TickOption } from './actions.js';
import { ASYNC_NETWORK, deliveryRule, type NetworkModel } from './network.js';
import { randomScheduler, type Scheduler } from './scheduler.js';
import type { RuleActivity, RuleRef, Stop } from './stop.js';
import type { Trace, TraceDelivered, TraceOutput, TraceSent, TraceStep } from './trace.js';
import { factCount, factKey, factSetKey, FactSetBuilder } from './facts.js';

/** Options of a run. Every field has a default. */
export interface SimOptions {
  /** Seed of the default random scheduler. Default 1. */
  readonly seed?: number;
  /** Who chooses each step. Default: `randomScheduler(seed)`. */
  readonly scheduler?: Scheduler;
  /** What the network may do. Default: `ASYNC_NETWORK`. */
  readonly network?: NetworkModel;
  /** Most steps (actions) before the run is cut short. Default 10 000. */
  readonly maxSteps?: number;
  /** Most messages sent by rules in the whole run. Default 10 000. */
  readonly maxMessages?: number;
  /** Most facts (true this tick plus carried to the next) in one tick of one node. Default 10 000. */
  readonly maxFactsPerTick?: number;
  /** Implementations of `.fn` functions; unbound ones hash their arguments. */
  readonly fns?: ReadonlyMap<string, FnImpl>;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_MAX_STEPS = 10_000;
export const DEFAULT_MAX_MESSAGES = 10_000;
export const DEFAULT_MAX_FACTS_PER_TICK = 10_000;

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
}

/** The outcome of a run: why it stopped (the discriminant `reason`), and what happened. */
export type SimResult = Stop & {
  readonly stats: SimStats;
  /** In order of first observation. */
  readonly observations: readonly Observation[];
  readonly trace: Trace;
};

/** Whether a run reached quiescence (the only successful outcome). */
export function isQuiescent(r: SimResult): boolean {
  return r.reason === 'quiescent';
}

interface Message {
  readonly id: number;
  readonly from: string | null;
  readonly to: string;
  readonly relation: string;
  readonly tuple: Tuple;
}

interface NodeState {
  readonly info: NodeInfo;
  readonly evaluator: { tick: ReturnType<typeof compileComponent>['tick'] };
  readonly edb: FactMap;
  carried: Map<string, Tuple[]>;
  pending: Message[];
  ticks: number;
  /** Its last tick took no message, sent nothing, and carried exactly what it started with. */
  stable: boolean;
  /** Keys of the `.output` facts true in its last tick. */
  outputsNow: Set<string>;
}

/** Rules counted in the last this-many ticks for `RuleActivity`. */
const ACTIVITY_WINDOW = 200;

/**
 * Run `program` on `deployment` with `workload` (both already validated
 * against the program) until quiescence or a bound. Never throws for a
 * problem of the program or its inputs: those end the run with a reason.
 */
export function simulate(program: CheckedProgram, deployment: Deployment, workload: Workload, options: SimOptions = {}): SimResult {
  const seed = options.seed ?? DEFAULT_SEED;
  const scheduler = options.scheduler ?? randomScheduler(seed);
  const network = options.network ?? ASYNC_NETWORK;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxMessages = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
  const maxFacts = options.maxFactsPerTick ?? DEFAULT_MAX_FACTS_PER_TICK;
  const topology = new Topology(deployment);

  const compiled = new Map<string, NodeState['evaluator']>();
  for (const component of deployment.components.keys()) compiled.set(component, compileComponent(program, component, options.fns));
  const nodes = new Map<string, NodeState>();
  for (const info of topology.nodes) {
    nodes.set(info.address, {
      info,
      evaluator: compiled.get(info.component) as NodeState['evaluator'],
      edb: topology.edbOf(program, info),
      carried: new Map(),
      pending: [],
      ticks: 0,
      stable: false,
      outputsNow: new Set(),
    });
  }
  for (const input of workload.inputs) {
    if (!nodes.has(input.to)) throw new Error(`simulate: workload input to "${input.to}", which is not a node; validate the workload first`);
  }

  const nextRules = nextRulesByHead(program);
  const outbound: Message[] = [];
  const observations = new Map<string, { relation: string; tuple: Tuple; at: string; count: number; firstStep: number }>();
  const choices: Action[] = [];
  const steps: TraceStep[] = [];
  const activity: number[][] = [];
  let nextId = 1;
  let step = 0;
  let ticks = 0;
  let messages = 0;
  let injected = 0;
  let arrivals = 0;

  const observe = (relation: string, tuple: Tuple, at: string): void => {
    const key = at + '\u0002' + factKey(relation, tuple);
    const o = observations.get(key);
    if (o) o.count++;
    else observations.set(key, { relation, tuple, at, count: 1, firstStep: step });
  };

  const enabledNow = (): Enabled => {
    const next = workload.inputs[injected];
    const tickOptions: TickOption[] = [];
    for (const n of nodes.values()) {
      const rule = deliveryRule(network, n.pending.length, n.stable);
      if (rule) tickOptions.push({ node: n.info.address, pending: n.pending.map((m) => m.id), ...rule });
    }
    return {
      inject: next ? { input: injected, to: next.to } : null,
      ticks: tickOptions,
      arrivals: outbound.map((m) => m.id),
    };
  };

  const busiest = (): RuleActivity[] => {
    const counts = new Map<number, number>();
    for (const ids of activity) for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 5)
      .map(([id, count]) => ({ ...ruleRef(program, id), count }));
  };

  const tick = (n: NodeState, deliver: readonly number[]): Stop | null => {
    const wanted = new Set(deliver);
    const delivered = n.pending.filter((m) => wanted.has(m.id));
    n.pending = n.pending.filter((m) => !wanted.has(m.id));
    const start = new FactSetBuilder();
    start.addAll(n.carried);
    for (const m of delivered) start.add(m.relation, m.tuple);
    const facts = start.build();
    n.ticks++;
    ticks++;
    const traceDelivered: TraceDelivered[] = delivered.map((m) => ({ id: m.id, from: m.from, relation: m.relation, tuple: m.tuple }));
    const outcome = n.evaluator.tick({ facts, edb: n.edb });
    if (!outcome.ok) {
      steps.push({ step, kind: 'tick', node: n.info.address, tick: n.ticks, delivered: traceDelivered, outputs: [], sent: [] });
      return { reason: 'eval-error', node: n.info.address, message: outcome.error.message, ...ruleRef(program, outcome.error.rule) };
    }
    const result = outcome.result;

    // Outputs: observed at the node when they become true there.
    const outputsNow = new Set<string>();
    const traceOutputs: TraceOutput[] = [];
    for (const o of result.outputs) {
      const k = factKey(o.relation, o.tuple);
      if (outputsNow.has(k)) continue;
      outputsNow.add(k);
      traceOutputs.push({ relation: o.relation, tuple: o.tuple, rule: o.rule });
      if (!n.outputsNow.has(k)) observe(o.relation, o.tuple, n.info.address);
    }
    n.outputsNow = outputsNow;

    // Sent messages: to a node's pending queue, or in flight to the outside.
    let refused: Stop | null = null;
    const traceSent: TraceSent[] = [];
    for (const s of result.sent) {
      const id = nextId++;
      const to = String(s.dest);
      const ref = ruleRef(program, s.rule);
      traceSent.push({ id, to, relation: s.relation, tuple: s.tuple, rule: s.rule, line: ref.line });
      const msg: Message = { id, from: n.info.address, to, relation: s.relation, tuple: s.tuple };
      const c = topology.classify(to);
      if (c.kind === 'node') nodes.get(to)?.pending.push(msg);
      else if (c.kind === 'outside' && program.relations.get(s.relation)?.kind === 'output') outbound.push(msg);
      else if (refused === null) {
        const problem = c.kind === 'outside' ? 'not-an-output' : c.kind;
        refused = { reason: 'bad-address', node: n.info.address, address: to, relation: s.relation, tuple: s.tuple, problem, ...ref };
      }
    }
    messages += result.sent.length;
    steps.push({ step, kind: 'tick', node: n.info.address, tick: n.ticks, delivered: traceDelivered, outputs: traceOutputs, sent: traceSent });

    // Activity, for naming the rules behind a run that never settles.
    const fired = result.sent.map((s) => s.rule);
    for (const [relation, ts] of result.next) {
      if (ts.length === 0) continue;
      if (factSetKey(new Map([[relation, ts]])) === factSetKey(new Map([[relation, facts.get(relation) ?? []]]))) continue;
      fired.push(...(nextRules.get(n.info.component)?.get(relation) ?? []));
    }
    activity.push(fired);
    if (activity.length > ACTIVITY_WINDOW) activity.shift();

    const stable = delivered.length === 0 && result.sent.length === 0 && factSetKey(n.carried) === factSetKey(result.next);
    n.stable = stable;
    n.carried = result.next;

    if (refused) return refused;
    const size = factCount(result.facts) + factCount(result.next);
    if (size > maxFacts) {
      return { reason: 'bound', bound: 'facts-per-tick', limit: maxFacts, reached: size, node: n.info.address, busiest: busiest() };
    }
    if (messages > maxMessages) return { reason: 'bound', bound: 'messages', limit: maxMessages, reached: messages, busiest: busiest() };
    return null;
  };

  const apply = (action: Action): Stop | null => {
    switch (action.kind) {
      case 'inject': {
        const input = workload.inputs[action.input];
        if (!input) throw new Error('simulate: inject of a missing input passed the enabled check');
        const id = nextId++;
        nodes.get(input.to)?.pending.push({ id, from: null, to: input.to, relation: input.relation, tuple: input.tuple });
        injected++;
        steps.push({ step, kind: 'inject', input: action.input, id, to: input.to, relation: input.relation, tuple: input.tuple });
        return null;
      }
      case 'arrive': {
        const i = outbound.findIndex((m) => m.id === action.message);
        const [m] = outbound.splice(i, 1);
        if (!m || m.from === null) throw new Error('simulate: arrival of a missing message passed the enabled check');
        arrivals++;
        observe(m.relation, m.tuple, m.to);
        steps.push({ step, kind: 'arrive', id: m.id, from: m.from, to: m.to, relation: m.relation, tuple: m.tuple });
        return null;
      }
      case 'tick': {
        const n = nodes.get(action.node);
        if (!n) throw new Error('simulate: tick of a missing node passed the enabled check');
        return tick(n, action.deliver);
      }
    }
  };

  let stop: Stop;
  for (;;) {
    const enabled = enabledNow();
    if (nothingEnabled(enabled)) {
      stop = { reason: 'quiescent' };
      break;
    }
    if (step >= maxSteps) {
      stop = { reason: 'bound', bound: 'steps', limit: maxSteps, reached: step, busiest: busiest() };
      break;
    }
    const action = scheduler.next(enabled, step + 1);
    if (action === null) {
      stop = { reason: 'schedule-ended', step };
      break;
    }
    const problem = actionProblem(enabled, action);
    if (problem !== null) {
      stop = { reason: 'invalid-action', step: step + 1, action, problem };
      break;
    }
    step++;
    choices.push(action);
    const stopped = apply(action);
    if (stopped) {
      stop = stopped;
      break;
    }
  }

  const trace: Trace = {
    format: 'compartment-trace',
    version: 1,
    seed: options.scheduler ? null : seed,
    scheduler: scheduler.name,
    network,
    deployment: deploymentToJson(deployment),
    nodes: topology.nodes.map((n) => n.address),
    workload: workloadToJson(workload),
    choices,
    steps,
    stop,
  };
  return {
    ...stop,
    stats: { steps: step, ticks, messages, inputsInjected: injected, inputsTotal: workload.inputs.length, arrivals },
    observations: [...observations.values()],
    trace,
  };
}

function ruleRef(program: CheckedProgram, id: number): RuleRef {
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
