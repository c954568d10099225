/**
 * Bounded exhaustive exploration: every run of a program on a small
 * configuration, depth first, up to a bound on the states visited.
 *
 * * A tick delivers a *set* of pending messages, so different orders of one
 *   delivered batch are one action, never explored twice.
 * * States are merged by content (`SimMachine.stateKey`, hashed): two
 *   interleavings that reach the same node states, messages in flight and
 *   observations are explored from there once. Independent steps (ticks of
 *   different nodes that do not talk to each other) therefore cost one visit
 *   per reachable state, not one per order.
 * * `prune` cuts a branch (the differential tester cuts every branch whose
 *   observations already leave the one it looks for).
 *
 * A run ends at a leaf: quiescence, or a stop (a bound, an evaluation error).
 * The result says whether the space was covered (`complete`) or which bound
 * cut it short; only a complete exploration proves something absent.
 */
import type { CheckedProgram } from '../ir/types.js';
import type { Deployment } from './deployment.js';
import type { Workload } from './workload.js';
import type { Action, Enabled, TickOption } from './actions.js';
import { nothingEnabled } from './actions.js';
import { ASYNC_NETWORK, type NetworkModel } from './network.js';
import { Random } from './random.js';
import type { Stop } from './stop.js';
import { SimMachine, type MachineSnapshot } from './machine.js';
import { DEFAULT_MAX_FACTS_PER_TICK, DEFAULT_MAX_MESSAGES, DEFAULT_MAX_STEPS } from './simulate.js';

export interface ExploreOptions {
  readonly network?: NetworkModel;
  /** Most distinct states visited. Default 20 000. */
  readonly maxStates?: number;
  /** Most steps in one run; a deeper run is a leaf stopped by the step bound. Default 10 000. */
  readonly maxSteps?: number;
  readonly maxMessages?: number;
  readonly maxFactsPerTick?: number;
  /** Most wall-clock milliseconds. Default: no limit. */
  readonly maxWallMs?: number;
  /**
   * Most delivery subsets tried per tick option. A node with n pending
   * messages has up to 2^n; above this, only taking all, none, each single
   * message and all but each single message are tried, and the exploration
   * is not complete. Default 64.
   */
  readonly maxSubsets?: number;
  /** Visit children in a seeded random order instead of the listed one (taking everything first). */
  readonly shuffleSeed?: number;
  /** Called after each action; true cuts the branch here. */
  readonly prune?: (machine: SimMachine) => boolean;
  /** Called at each leaf; returning true ends the exploration (`found`). */
  readonly onLeaf?: (leaf: Leaf) => boolean;
}

export interface Leaf {
  readonly stop: Stop;
  /** The actions from the start; `replayScheduler(path)` reproduces the run. */
  readonly path: readonly Action[];
  /** The machine in the leaf state (valid only during the callback). */
  readonly machine: SimMachine;
}

export type ExploreEnd =
  /** Every reachable state was visited. */
  | 'exhausted'
  /** `onLeaf` asked to stop. */
  | 'found'
  | 'max-states'
  | 'wall-time';

export interface ExploreResult {
  readonly end: ExploreEnd;
  /** Distinct states visited. */
  readonly states: number;
  /** Leaves reached (runs completed), quiescent or not. */
  readonly leaves: number;
  /** Branches cut by `prune`. */
  readonly pruned: number;
  /**
   * The whole space was covered: exhausted, with no delivery subsets skipped
   * (`maxSubsets`) and no run cut by the step bound.
   */
  readonly complete: boolean;
  readonly elapsedMs: number;
}

export const DEFAULT_MAX_STATES = 20_000;
export const DEFAULT_MAX_SUBSETS = 64;

interface Frame {
  readonly snapshot: MachineSnapshot;
  readonly children: readonly Action[];
  next: number;
}

export function explore(program: CheckedProgram, deployment: Deployment, workload: Workload, options: ExploreOptions = {}): ExploreResult {
  const started = performance.now();
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxWallMs = options.maxWallMs ?? Infinity;
  const maxSubsets = options.maxSubsets ?? DEFAULT_MAX_SUBSETS;
  const rng = options.shuffleSeed === undefined ? null : new Random(options.shuffleSeed);
  const machine = new SimMachine(program, deployment, workload, {
    network: options.network ?? ASYNC_NETWORK,
    maxMessages: options.maxMessages ?? DEFAULT_MAX_MESSAGES,
    maxFactsPerTick: options.maxFactsPerTick ?? DEFAULT_MAX_FACTS_PER_TICK,
    record: false,
  });

  const visited = new Set<string>();
  const path: Action[] = [];
  const stack: Frame[] = [];
  let leaves = 0;
  let pruned = 0;
  let truncated = false;
  let end: ExploreEnd = 'exhausted';

  const leaf = (stop: Stop): boolean => {
    leaves++;
    if (stop.reason === 'bound') truncated = true;
    return options.onLeaf?.({ stop, path, machine }) === true;
  };

  /** Visit the current state: a leaf, or push a frame of its children. Returns true to end the search. */
  const visit = (): boolean => {
    const key = hashKey(machine.stateKey());
    if (visited.has(key)) return false;
    visited.add(key);
    const enabled = machine.enabled();
    if (nothingEnabled(enabled)) return leaf({ reason: 'quiescent' });
    if (machine.step >= maxSteps) return leaf({ reason: 'bound', bound: 'steps', limit: maxSteps, reached: machine.step, busiest: machine.busiest() });
    const { actions, cut } = children(enabled, maxSubsets);
    if (cut) truncated = true;
    if (rng) {
      // Keep "take everything" first; shuffle the rest.
      const [first, ...rest] = actions;
      stack.push({ snapshot: machine.snapshot(), children: first ? [first, ...rng.shuffle(rest)] : [], next: 0 });
    } else stack.push({ snapshot: machine.snapshot(), children: actions, next: 0 });
    return false;
  };

  let done = visit();
  let sinceClock = 0;
  while (!done && stack.length > 0) {
    if (visited.size >= maxStates) {
      end = 'max-states';
      break;
    }
    if (maxWallMs !== Infinity && ++sinceClock >= 64) {
      sinceClock = 0;
      if (performance.now() - started > maxWallMs) {
        end = 'wall-time';
        break;
      }
    }
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next >= frame.children.length) {
      stack.pop();
      path.pop();
      continue;
    }
    const action = frame.children[frame.next++] as Action;
    if (frame.next > 1) machine.restore(frame.snapshot);
    // The path holds one action per frame below the top; replace this frame's.
    path.length = stack.length - 1;
    path.push(action);
    const stopped = machine.apply(action);
    if (stopped) {
      done = leaf(stopped);
      if (!done) path.pop();
      continue;
    }
    if (options.prune?.(machine)) {
      pruned++;
      path.pop();
      continue;
    }
    const before = stack.length;
    done = visit();
    if (!done && stack.length === before) path.pop();
  }
  if (done) end = 'found';
  return {
    end,
    states: visited.size,
    leaves,
    pruned,
    complete: end === 'exhausted' && !truncated,
    elapsedMs: performance.now() - started,
  };
}

/** Every enabled action: ticks with each allowed delivery set (sets, not orders), then arrivals, inputs, faults. */
function children(e: Enabled, maxSubsets: number): { actions: Action[]; cut: boolean } {
  const actions: Action[] = [];
  let cut = false;
  for (const t of e.ticks) {
    const r = deliverySets(t, maxSubsets);
    if (r.cut) cut = true;
    for (const deliver of r.sets) actions.push({ kind: 'tick', node: t.node, deliver });
  }
  for (const m of e.arrivals) actions.push({ kind: 'arrive', message: m });
  if (e.inject) actions.push({ kind: 'inject', input: e.inject.input });
  const f = e.faults;
  if (f) {
    for (const m of f.drop) actions.push({ kind: 'drop', message: m });
    for (const m of f.duplicate) actions.push({ kind: 'duplicate', message: m });
    for (const n of f.crash) actions.push({ kind: 'crash', node: n });
  }
  return { actions, cut };
}

/** The delivery sets a tick option allows, largest first. */
export function deliverySets(t: TickOption, maxSubsets: number): { sets: number[][]; cut: boolean } {
  const n = t.pending.length;
  if (t.fifo) {
    const sets: number[][] = [];
    for (let k = t.max; k >= t.min; k--) sets.push(t.pending.slice(0, k));
    return { sets, cut: false };
  }
  const fits = (ids: number[]): boolean => ids.length >= t.min && ids.length <= t.max && channelOrderOk(t, ids);
  if (n <= 20 && 2 ** n <= maxSubsets) {
    const sets: number[][] = [];
    for (let mask = 2 ** n - 1; mask >= 0; mask--) {
      const ids = t.pending.filter((_, i) => Math.floor(mask / 2 ** i) % 2 === 1);
      if (fits(ids)) sets.push(ids);
    }
    sets.sort((a, b) => b.length - a.length);
    return { sets, cut: false };
  }
  const candidates: number[][] = [[...t.pending], []];
  for (const id of t.pending) candidates.push(t.pending.filter((x) => x !== id));
  for (const id of t.pending) candidates.push([id]);
  const seen = new Set<string>();
  const sets: number[][] = [];
  for (const ids of candidates) {
    const k = ids.join(',');
    if (seen.has(k) || !fits(ids)) continue;
    seen.add(k);
    sets.push(ids);
  }
  return { sets, cut: true };
}

function channelOrderOk(t: TickOption, ids: readonly number[]): boolean {
  if (!t.senders) return true;
  const taken = new Set(ids);
  const skipped = new Set<string | null>();
  for (let i = 0; i < t.pending.length; i++) {
    const s = t.senders[i] ?? null;
    if (taken.has(t.pending[i] as number)) {
      if (skipped.has(s)) return false;
    } else skipped.add(s);
  }
  return true;
}

/** A 64-bit hash of a state key, as a short string (two 32-bit FNV-1a variants). */
function hashKey(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  return (h1 >>> 0).toString(36) + ':' + (h2 >>> 0).toString(36);
}
