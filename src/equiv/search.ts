/**
 * Searching the original program for one observation (the target), on the
 * same inputs, in two phases:
 *
 * 1. **Guided walks** (in the manner of Go-Explore). Observations only grow
 *    during a run, so a run that has observed a fact outside the target (or a
 *    client order that is not a prefix of the target's) can never end in it.
 *    Every state in which a run has observed a new subset of the target is
 *    archived; each walk resumes from an archived state (every subset
 *    alike, those less tried first) and continues with a random or
 *    latency schedule until it leaves the target, reaches quiescence, or
 *    runs out of steps. A rare observation is thus reached fact by fact
 *    instead of all at once, which is what a nondeterministic original
 *    (leader changes and slot assignment in Paxos) needs.
 * 2. **Bounded exhaustive exploration** (`explore`) with the same cut, up to
 *    B distinct states. Only this phase can prove an observation absent: when
 *    it covers its whole space (`complete`).
 *
 * The result says what was tried; the tester reports an observation as not
 * reproducible "within bound B" only after both phases.
 */
import type { CheckedProgram } from '../ir/types.js';
import { deliveryProblem, nothingEnabled, type Action, type Enabled } from '../sim/actions.js';
import type { Deployment } from '../sim/deployment.js';
import type { Workload } from '../sim/workload.js';
import type { NetworkModel } from '../sim/network.js';
import type { Topology } from '../sim/topology.js';
import { SimMachine, type MachineSnapshot } from '../sim/machine.js';
import { explore, type ExploreEnd } from '../sim/explore.js';
import { Random } from '../sim/random.js';
import { randomScheduler, type Scheduler } from '../sim/scheduler.js';
import { latencyScheduler } from '../sim/latency.js';
import { DEFAULT_MAX_FACTS_PER_TICK, DEFAULT_MAX_MESSAGES } from '../sim/simulate.js';
import { factKey } from '../sim/facts.js';
import { observationOf, type RunObservation } from './observation.js';

export interface SearchOptions {
  readonly network: NetworkModel;
  /** Guided walks (phase 1). */
  readonly walks: number;
  /** Bound B of the exhaustive phase: distinct states visited. */
  readonly maxStates: number;
  readonly maxSteps: number;
  readonly maxWallMs?: number;
  readonly seed: number;
  /**
   * A hint for the guided walks: per node, the workload inputs in the order
   * the node should take them (the order the rewritten run took them in).
   * Half of the walks follow it: a tick does not take an input before the
   * inputs listed ahead of it for that node.
   */
  readonly inputOrder?: ReadonlyMap<string, readonly number[]>;
}

export interface SearchResult {
  /** The actions of a run of the original that makes the target observation, or null. */
  readonly found: readonly Action[] | null;
  /** Which phase found it. */
  readonly foundBy: 'walk' | 'exhaustive' | null;
  readonly walks: number;
  /** The bound B the exhaustive phase had. */
  readonly maxStates: number;
  /** States the exhaustive phase visited. */
  readonly states: number;
  /** Not found, and the exhaustive phase covered the whole space: the original cannot make the observation on these inputs. */
  readonly complete: boolean;
  /** How the exhaustive phase ended (null when it did not run). */
  readonly end: ExploreEnd | null;
  readonly elapsedMs: number;
}

/** Decides, for a machine's observations so far, whether they can still end in the target. */
function targetFilter(target: RunObservation, ordered: ReadonlySet<string>, topology: Topology): (m: SimMachine) => { off: boolean; size: number } {
  // Keys in the machine's own terms (relation and tuple key), so no fact is formatted per step.
  const atNodes = new Set<string>();
  const atClients = new Set<string>();
  const display = new Map<string, string>();
  for (const f of target.facts) {
    const k = factKey(f.relation, f.tuple);
    if (f.at === null) atNodes.add(k);
    else atClients.add(f.at + '\u0002' + k);
    display.set((f.at ?? '') + '\u0002' + k, f.key);
  }
  const order = new Map(target.order.map((o) => [o.client, o.keys]));
  const isClient = new Map<string, boolean>();
  return (m) => {
    let seen: Map<string, number> | null = null;
    let size = 0;
    for (const o of m.observedEntries()) {
      let client = isClient.get(o.at);
      if (client === undefined) {
        client = topology.classify(o.at).kind === 'outside';
        isClient.set(o.at, client);
      }
      const k = factKey(o.relation, o.tuple);
      if (client ? !atClients.has(o.at + '\u0002' + k) : !atNodes.has(k)) return { off: true, size };
      if (client && ordered.has(o.relation)) {
        seen ??= new Map();
        const want = order.get(o.at) ?? [];
        const i = seen.get(o.at) ?? 0;
        if (want[i] !== display.get(o.at + '\u0002' + k)) return { off: true, size };
        seen.set(o.at, i + 1);
      }
      size++;
    }
    return { off: false, size };
  };
}

/** Archived states that observed one subset of the target (a few, kept by reservoir sampling). */
interface Cell {
  readonly states: { readonly snapshot: MachineSnapshot; readonly path: readonly Action[] }[];
  readonly size: number;
  /** Runs that reached this subset (how many states competed for the reservoir). */
  reached: number;
  tries: number;
}

/** States kept per cell. */
const RESERVOIR = 8;

export function searchObservation(
  program: CheckedProgram,
  deployment: Deployment,
  workload: Workload,
  topology: Topology,
  target: RunObservation,
  ordered: ReadonlySet<string>,
  options: SearchOptions,
): SearchResult {
  const started = performance.now();
  const deadline = options.maxWallMs === undefined ? Infinity : started + options.maxWallMs;
  const filter = targetFilter(target, ordered, topology);
  const matches = (m: SimMachine): boolean => observationOf(m.observations(), topology, ordered).key === target.key;

  // Phase 1: guided walks.
  const machine = new SimMachine(program, deployment, workload, {
    network: options.network,
    maxMessages: DEFAULT_MAX_MESSAGES,
    maxFactsPerTick: DEFAULT_MAX_FACTS_PER_TICK,
    record: false,
  });
  const rng = new Random(options.seed);
  const archive = new Map<string, Cell>();
  const cellKey = (m: SimMachine): string => {
    const keys: string[] = [];
    for (const o of m.observedEntries()) keys.push(o.at + '\u0002' + o.relation + JSON.stringify(o.tuple));
    return `${m.injected}/${m.inputsDelivered}|` + keys.sort().join('\u0001');
  };
  archive.set(cellKey(machine), { states: [{ snapshot: machine.snapshot(), path: [] }], size: 0, reached: 1, tries: 0 });
  let found: Action[] | null = null;
  let walks = 0;
  for (; walks < options.walks && found === null && performance.now() < deadline; walks++) {
    const cell = pickCell(rng, archive);
    cell.tries++;
    const start = cell.states[rng.int(cell.states.length)] as Cell['states'][number];
    machine.restore(start.snapshot);
    const path = [...start.path];
    const seed = rng.int(0x7fffffff);
    const hinted = options.inputOrder !== undefined && walks % 4 < 2;
    const scheduler: Scheduler = walks % 2 === 0 ? latencyScheduler(seed, { meanDelay: 1, inputGap: 0.2 + rng.float() * 3 }) : randomScheduler(seed);
    let size = cell.size;
    for (;;) {
      const enabled = machine.enabled();
      if (nothingEnabled(enabled)) {
        if (matches(machine)) found = path;
        break;
      }
      if (machine.step >= options.maxSteps) break;
      let action = scheduler.next(enabled, machine.step + 1);
      if (action === null) break;
      if (hinted && action.kind === 'tick') action = followOrder(machine, action, options.inputOrder as ReadonlyMap<string, readonly number[]>, enabled);
      path.push(action);
      const m0 = machine.inputsDelivered;
      if (machine.apply(action) !== null) break;
      const f = filter(machine);
      if (f.off) break;
      if (f.size > size || action.kind === 'inject' || m0 !== machine.inputsDelivered) {
        size = f.size;
        const key = cellKey(machine);
        const known = archive.get(key);
        if (!known) archive.set(key, { states: [{ snapshot: machine.snapshot(), path: [...path] }], size, reached: 1, tries: 0 });
        else {
          known.reached++;
          if (known.states.length < RESERVOIR) known.states.push({ snapshot: machine.snapshot(), path: [...path] });
          else if (rng.int(known.reached) < RESERVOIR) known.states[rng.int(RESERVOIR)] = { snapshot: machine.snapshot(), path: [...path] };
        }
      }
    }
  }
  if (found !== null) return { found, foundBy: 'walk', walks, maxStates: options.maxStates, states: 0, complete: false, end: null, elapsedMs: performance.now() - started };

  // Phase 2: bounded exhaustive exploration.
  if (options.maxStates <= 0 || performance.now() >= deadline) {
    return { found: null, foundBy: null, walks, maxStates: options.maxStates, states: 0, complete: false, end: null, elapsedMs: performance.now() - started };
  }
  let path: Action[] | null = null;
  const result = explore(program, deployment, workload, {
    network: options.network,
    maxStates: options.maxStates,
    maxSteps: options.maxSteps,
    ...(deadline === Infinity ? {} : { maxWallMs: deadline - performance.now() }),
    prune: (m) => filter(m).off,
    onLeaf: (leaf) => {
      if (leaf.stop.reason !== 'quiescent' || !matches(leaf.machine)) return false;
      path = [...leaf.path];
      return true;
    },
  });
  return {
    found: path,
    foundBy: path === null ? null : 'exhaustive',
    walks,
    maxStates: options.maxStates,
    states: result.states,
    complete: path === null && result.complete,
    end: result.end,
    elapsedMs: performance.now() - started,
  };
}

/**
 * Drops from a tick's deliveries the inputs whose turn has not come: an input
 * listed for the node after one that is still pending (delivered neither
 * before nor now). Keeps the tick valid: if it would take too few messages,
 * the original action stands.
 */
function followOrder(machine: SimMachine, action: Extract<Action, { kind: 'tick' }>, order: ReadonlyMap<string, readonly number[]>, enabled: Enabled): Action {
  const want = order.get(action.node);
  if (!want || want.length < 2) return action;
  const opt = enabled.ticks.find((t) => t.node === action.node);
  if (!opt) return action;
  const pendingInputs = new Map<number, number>();
  for (const id of opt.pending) {
    const input = machine.pendingInput(action.node, id);
    if (input !== undefined) pendingInputs.set(input, id);
  }
  if (pendingInputs.size === 0) return action;
  const taking = new Set(action.deliver);
  const keep: number[] = [];
  let blocked = false;
  for (const input of want) {
    const id = pendingInputs.get(input);
    if (id === undefined) {
      if (input >= machine.injected) blocked = true;
      continue;
    }
    if (!blocked && taking.has(id)) keep.push(id);
    else blocked = true;
  }
  const inputIds = new Set(pendingInputs.values());
  const deliver = [...action.deliver.filter((id) => !inputIds.has(id) || keep.includes(id))];
  // Inputs the hint does not list are left as the scheduler chose.
  for (const [input, id] of pendingInputs) if (!want.includes(input) && taking.has(id) && !deliver.includes(id)) deliver.push(id);
  return deliveryProblem(opt, deliver) === null ? { kind: 'tick', node: action.node, deliver } : action;
}

/** An archived state to resume from: uniform over subsets of the target observed, fewer tries first. */
function pickCell(rng: Random, archive: ReadonlyMap<string, Cell>): Cell {
  const cells = [...archive.values()];
  // Every archived subset alike, fewer tries first: preferring the subsets closest to the target
  // spends the walks on states where a wrong choice was already made but not yet observed.
  const weights = cells.map((c) => 1 / Math.sqrt(1 + c.tries / c.states.length));

  let r = rng.float() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < cells.length; i++) {
    r -= weights[i] as number;
    if (r <= 0) return cells[i] as Cell;
  }
  return cells[cells.length - 1] as Cell;
}
