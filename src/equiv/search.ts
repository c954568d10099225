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
 *    runs out of steps. (Latency schedules only, with a mean delay drawn per
 *    walk between 1 and 8 time units: on Paxos the uniform
 *    scheduler's walks almost never reached a rare target; see
 *    bench/RESULTS.md, "Scalable protocols vs their bases".) A rare observation is thus reached fact by fact
 *    instead of all at once, which is what a nondeterministic original
 *    (leader changes and slot assignment in Paxos) needs.
 *    (A short exhaustive exploration runs first: it settles small
 *    configurations, such as shrunk cases, at once.)
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
import type { Trace } from '../sim/trace.js';
import { Random } from '../sim/random.js';
import type { Scheduler } from '../sim/scheduler.js';
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
   * The rewritten program's run, as a hint (rewrites keep the original's
   * message relations, so both runs send many of the same facts). A third of
   * the walks follow its timing: inputs enter, and messages carrying the same
   * facts are taken, in the order the rewritten run did (with random jitter);
   * messages it has no counterpart for go at once. Half of the walks stop as
   * soon as the original sends a fact of a *deciding* relation (see
   * `decidingRelations`) that the rewritten run never sent: such a walk has
   * already decided differently from the target. (Both are heuristics that
   * only choose which walks to try; a walk that ends in the target is a run
   * of the original all the same.)
   */
  readonly hint?: TraceHint;
}

/** When things happened in a run of the rewritten program, by fact, for walks of the original that follow it. */
export interface TraceHint {
  /** The step at which each input entered. */
  readonly inject: readonly number[];
  /** The first step at which a message carrying a fact was taken at a node with a given logical address: key `logical|relation|tuple`. */
  readonly deliverAt: ReadonlyMap<string, number>;
  /** The first step at which a message carrying a fact was taken anywhere: key `relation|tuple`. */
  readonly deliverFact: ReadonlyMap<string, number>;
  /** The step at which a fact reached a client: key `client|relation|tuple`. */
  readonly arriveAt: ReadonlyMap<string, number>;
  /** Every fact the run sent as a message (`relation|tuple`), and the relations they belong to. */
  readonly sent: ReadonlySet<string>;
  readonly sentRelations: ReadonlySet<string>;
  /** Every message the run sent, as relation and tuple. */
  readonly sentTuples: readonly { readonly relation: string; readonly tuple: readonly unknown[] }[];
}

/** Strips a partition suffix: `acceptor#0/1` → `acceptor#0`. */
function logicalOf(address: string): string {
  const slash = address.lastIndexOf('/');
  return slash > address.indexOf('#') && address.indexOf('#') > 0 ? address.slice(0, slash) : address;
}

export function traceHint(trace: Trace): TraceHint {
  const inject: number[] = [];
  const deliverAt = new Map<string, number>();
  const deliverFact = new Map<string, number>();
  const arriveAt = new Map<string, number>();
  const sent = new Set<string>();
  const sentRelations = new Set<string>();
  const sentTuples: { relation: string; tuple: readonly unknown[] }[] = [];
  for (const s of trace.steps) {
    if (s.kind === 'tick') {
      for (const m of s.sent) {
        sentTuples.push({ relation: m.relation, tuple: m.tuple });
        sent.add(factKey(m.relation, m.tuple));
        sentRelations.add(m.relation);
      }
    }
    if (s.kind === 'inject') inject[s.input] = s.step;
    else if (s.kind === 'tick') {
      for (const d of s.delivered) {
        const k = factKey(d.relation, d.tuple);
        const at = logicalOf(s.node) + '|' + k;
        if (!deliverAt.has(at)) deliverAt.set(at, s.step);
        if (!deliverFact.has(k)) deliverFact.set(k, s.step);
      }
    } else if (s.kind === 'arrive') {
      const k = s.to + '|' + factKey(s.relation, s.tuple);
      if (!arriveAt.has(k)) arriveAt.set(k, s.step);
    }
  }
  return { inject, deliverAt, deliverFact, arriveAt, sent, sentRelations, sentTuples };
}

/** A walk that follows a hint: the state it keeps between steps. */
class Follower {
  private clock = 0;
  private readonly due = new Map<number, number>();
  constructor(
    private readonly hint: TraceHint,
    private readonly rng: Random,
    private readonly jitter: number,
  ) {}

  private time(id: number, known: number | undefined): number {
    let t = this.due.get(id);
    if (t === undefined) {
      t = (known ?? this.clock + this.rng.float() * 2) + this.rng.float() * this.jitter;
      this.due.set(id, t);
    }
    return t;
  }

  next(machine: SimMachine, enabled: Enabled): Action {
    let best: Action | null = null;
    let bestAt = Infinity;
    if (enabled.inject) {
      const i = enabled.inject.input;
      const t = (this.hint.inject[i] ?? this.clock) + this.rng.float() * this.jitter;
      best = { kind: 'inject', input: i };
      bestAt = Math.max(t, this.clock);
    }
    for (const opt of enabled.ticks) {
      const pending = machine.pendingAt(opt.node);
      const logical = logicalOf(opt.node);
      const times = pending.map((m) => {
        const k = factKey(m.relation, m.tuple);
        return this.time(m.id, this.hint.deliverAt.get(logical + '|' + k) ?? this.hint.deliverFact.get(k));
      });
      const at = times.length === 0 ? this.clock : Math.min(...times);
      if (at < bestAt) {
        bestAt = at;
        let take = pending.filter((_, i) => (times[i] as number) <= at + 0.5).map((m) => m.id);
        if (opt.fifo) take = opt.pending.slice(0, Math.max(take.length, opt.min));
        if (take.length < opt.min) take = opt.pending.slice(0, opt.min);
        if (take.length > opt.max) take = take.slice(0, opt.max);
        const action: Action = { kind: 'tick', node: opt.node, deliver: take };
        best = deliveryProblem(opt, take) === null ? action : { kind: 'tick', node: opt.node, deliver: opt.pending.slice(0, opt.max) };
      }
    }
    for (const m of machine.inFlight()) {
      if (!enabled.arrivals.includes(m.id)) continue;
      const at = this.time(m.id, this.hint.arriveAt.get(m.to + '|' + factKey(m.relation, m.tuple)));
      if (at < bestAt) {
        bestAt = at;
        best = { kind: 'arrive', message: m.id };
      }
    }
    if (best === null) throw new Error('follower: nothing enabled');
    this.clock = Math.max(this.clock, bestAt);
    return best;
  }
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

/** States of the first, short exhaustive exploration: enough to settle a shrunk case. */
const SMALL_STATES = 1_000;

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
  const matches = (m: SimMachine): boolean => observationOf(m.observations(), topology, ordered, m.heldOutputs()).key === target.key;

  const exhaustive = (maxStates: number): { path: Action[] | null; states: number; complete: boolean; end: ExploreEnd } => {
    let path: Action[] | null = null;
    const result = explore(program, deployment, workload, {
      network: options.network,
      maxStates,
      maxSteps: options.maxSteps,
      ...(deadline === Infinity ? {} : { maxWallMs: Math.max(0, deadline - performance.now()) }),
      prune: (m) => filter(m).off,
      onLeaf: (leaf) => {
        if (leaf.stop.reason !== 'quiescent' || !matches(leaf.machine)) return false;
        path = [...leaf.path];
        return true;
      },
    });
    return { path, states: result.states, complete: result.complete, end: result.end };
  };

  // Phase 0: a small configuration is settled by a short exhaustive exploration.
  const small = exhaustive(Math.min(options.maxStates, SMALL_STATES));
  if (small.path !== null) return { found: small.path, foundBy: 'exhaustive', walks: 0, maxStates: options.maxStates, states: small.states, complete: false, end: small.end, elapsedMs: performance.now() - started };
  if (small.complete) return { found: null, foundBy: null, walks: 0, maxStates: options.maxStates, states: small.states, complete: true, end: small.end, elapsedMs: performance.now() - started };

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
  const deciding = decidingRelations(options.hint, target);
  for (; walks < options.walks && found === null && performance.now() < deadline; walks++) {
    const cell = pickCell(rng, archive);
    cell.tries++;
    const start = cell.states[rng.int(cell.states.length)] as Cell['states'][number];
    machine.restore(start.snapshot);
    const path = [...start.path];
    const seed = rng.int(0x7fffffff);
    const strict = options.hint !== undefined && walks % 2 === 1 && deciding.size > 0 ? options.hint : null;
    const follower = options.hint !== undefined && walks % 3 === 0 ? new Follower(options.hint, new Random(seed), [0, 1, 3, 10][rng.int(4)] as number) : null;
    // Mean delay log-uniform in [1, 8]: on a rare Paxos target (two no-op slots) that a test at the
    // mixed default met, walks found it after a median of about 1 000 walks this way, against
    // about 4 500 with a mean delay of 1 (12 search seeds each; bench/RESULTS.md, "Scalable protocols vs their bases, default options (100 runs, mixed schedule)").
    const scheduler: Scheduler = latencyScheduler(seed, { meanDelay: 8 ** rng.float(), inputGap: 0.2 + rng.float() * 3 });
    let size = cell.size;
    for (;;) {
      const enabled = machine.enabled();
      if (nothingEnabled(enabled)) {
        if (matches(machine)) found = path;
        break;
      }
      if (machine.step >= options.maxSteps) break;
      const action = follower ? follower.next(machine, enabled) : scheduler.next(enabled, machine.step + 1);
      if (action === null) break;
      path.push(action);
      const m0 = machine.inputsDelivered;
      if (machine.apply(action) !== null) break;
      const f = filter(machine);
      if (f.off) break;
      if (strict && machine.lastSent.some((m) => deciding.has(m.relation) && !strict.sent.has(factKey(m.relation, m.tuple)))) break;
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
  if (found !== null) return { found, foundBy: 'walk', walks, maxStates: options.maxStates, states: small.states, complete: false, end: small.end, elapsedMs: performance.now() - started };

  // Phase 2: bounded exhaustive exploration (the rest of the budget).
  if (options.maxStates - small.states <= 0 || performance.now() >= deadline) {
    return { found: null, foundBy: null, walks, maxStates: options.maxStates, states: small.states, complete: false, end: small.end, elapsedMs: performance.now() - started };
  }
  const big = exhaustive(options.maxStates);
  return {
    found: big.path,
    foundBy: big.path === null ? null : 'exhaustive',
    walks,
    maxStates: options.maxStates,
    states: small.states + big.states,
    complete: big.path === null && big.complete,
    end: big.end,
    elapsedMs: performance.now() - started,
  };
}

/**
 * The message relations of the rewritten run whose every fact carries only
 * values of one fact of the target (two values at least), such as Paxos's
 * `decision(slot, client, id, cmd)` against `applied(replica, slot, client,
 * id, cmd)`: a message that looks like what an output is made from. An
 * original that sends such a fact the rewritten run did not has most likely
 * decided differently. Relations with other values (ballots, acceptor
 * addresses) are left out: they differ between runs that end the same way,
 * and pruning on them stopped the walks that would have found the target.
 */
export function decidingRelations(hint: TraceHint | undefined, target: RunObservation): Set<string> {
  const out = new Set<string>();
  if (hint === undefined) return out;
  const targets = target.facts.map((f) => new Set(f.tuple.map((v) => JSON.stringify(v))));
  const other = new Set<string>();
  for (const m of hint.sentTuples) {
    if (other.has(m.relation)) continue;
    const values = m.tuple.map((v) => JSON.stringify(v));
    if (values.length >= 2 && targets.some((t) => values.every((v) => t.has(v)))) out.add(m.relation);
    else {
      other.add(m.relation);
      out.delete(m.relation);
    }
  }
  return out;
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
