/**
 * The differential tester: the dynamic half of a certificate. The original
 * program P is the specification; the rewritten program P' passes when every
 * observation it makes (see observation.ts) is one P can make on the same
 * inputs, and every invariant of both programs' reference models holds on
 * every run of either.
 *
 * Each of `runs` runs of P' (scheduled by the mixed rotation of strategies,
 * the default, see sim/mixed.ts; at random; by PCT; or enumerated
 * exhaustively) is judged:
 *
 * 1. its reference model must hold (else: counterexample `invariant`);
 * 2. it must reach quiescence (an evaluation error or a message to a bad
 *    address always fails it; a bound fails it when P quiesces on the same
 *    inputs) (else: `stuck`);
 * 3. its observation must be in the pool of P's observations on the same
 *    inputs. The pool grows by one sampled run of P per run of P' (random,
 *    latency and PCT schedules in turn), each checked against P's own model
 *    (else: `invariant` of the original: the specification breaks under this
 *    fault model). An observation not in the pool is looked for by more
 *    sampling, then by a search of P (guided walks, then bounded exhaustive
 *    exploration up to B states; an original whose samples all made one
 *    observation is taken to be deterministic, as the architecture allows,
 *    and gets the exhaustive phase only); only when that fails is it reported
 *    (`not-reproducible`, with B and whether the search was complete).
 *
 * A failure is then shrunk (shrink.ts) and reported with its trace.
 */
import type { Action } from '../sim/actions.js';
import type { DeploymentJson } from '../sim/deployment.js';
import { deploymentToJson } from '../sim/deployment.js';
import { explore } from '../sim/explore.js';
import { ASYNC_NETWORK, withFaults, type FaultKind, type NetworkModel } from '../sim/network.js';
import { pctScheduler } from '../sim/pct.js';
import { latencyScheduler } from '../sim/latency.js';
import { mixedScheduler, mixedStrategy } from '../sim/mixed.js';
import { randomScheduler, replayScheduler, type Scheduler } from '../sim/scheduler.js';
import { choiceScheduler, recordChoices } from '../sim/choices.js';
import { simulate, type SimResult } from '../sim/simulate.js';
import { workloadToJson } from '../sim/workload.js';
import { describeStop, type Stop } from '../sim/stop.js';
import type { Trace } from '../sim/trace.js';
import { checkModel, type ReferenceModel, type Violation } from '../invariants/model.js';
import { RunView } from '../invariants/run-view.js';
import { closest, observationOfRun, type ObservationDiff, type RunObservation } from './observation.js';
import { concretize, configKey, dimensions, fullConfig, type Concrete, type Config, type Dimension, type PairedInput, type Side } from './pair.js';
import { searchObservation, traceHint, type SearchResult } from './search.js';
import { drawInputs, inputsArbitrary } from './generate.js';
import { shrinkFailure } from './shrink.js';

export type SchedulerKind = 'mixed' | 'random' | 'pct' | 'exhaustive';

/** The scheduler kinds, the default first. */
export const SCHEDULER_KINDS: readonly SchedulerKind[] = ['mixed', 'random', 'pct', 'exhaustive'];
export const DEFAULT_SCHEDULER: SchedulerKind = 'mixed';

/**
 * The scheduler of run `run` (from 1) of a test with seed `seed` and a
 * sampling scheduler kind (not `exhaustive`, whose runs are enumerated): the
 * run is reproducible from these three alone.
 */
export function runScheduler(kind: Exclude<SchedulerKind, 'exhaustive'>, seed: number, run: number): Scheduler {
  const s = seed * 1_000_003 + run;
  return kind === 'mixed' ? mixedScheduler(s, run) : kind === 'pct' ? pctScheduler(s) : randomScheduler(s);
}

/** The strategy a run of `kind` used, as the test's statistics count it. */
export function runStrategy(kind: SchedulerKind, run: number): string {
  return kind === 'mixed' ? mixedStrategy(run).label : kind;
}

export interface DiffInput {
  readonly original: Side;
  readonly rewritten: Side;
  /** The shared inputs; null: each run draws its own from the `.input` declarations. */
  readonly inputs: readonly PairedInput[] | null;
  /** `.output` relations whose per-client order is observed. */
  readonly ordered: readonly string[];
}

export interface DiffOptions {
  /** Runs of the rewritten program (exhaustive: most end states enumerated). Default 100. */
  readonly runs?: number;
  /**
   * The first run to judge (runs before it are skipped; each run's inputs and
   * schedule depend only on the seed and its number). Default 1. For resuming
   * a test, e.g. after a "not reproducible" verdict was shown false and its
   * run of the original added to `knownOriginal`.
   */
  readonly firstRun?: number;
  readonly seed?: number;
  /** How each run of the rewritten program is scheduled. Default `mixed`. */
  readonly scheduler?: SchedulerKind;
  /** Faults the network may commit, with their default budgets. Default none. */
  readonly faults?: readonly FaultKind[];
  /** Step bound of each run. Default 10 000. */
  readonly maxSteps?: number;
  /** Bound B of the exhaustive search of the original for one observation (distinct states). Default 20 000. */
  readonly maxStates?: number;
  /** Guided walks of the original per search. Default 20 000. */
  readonly walks?: number;
  /** Extra samples of the original before a search. Default 30. */
  readonly samples?: number;
  /** Wall-time bound of the whole test, in ms. Default none. */
  readonly maxWallMs?: number;
  /** Shrink a counterexample (default true), for at most this long. */
  readonly shrink?: boolean;
  readonly shrinkMs?: number;
  /** Inputs per run when they are generated. Default 4. */
  readonly generatedInputs?: number;
  /**
   * Runs of the original already known (traces, as `simulate --trace` or a
   * counterexample's `original.trace.json` write them): each one whose
   * deployment and workload are those of a configuration the test runs is
   * replayed on the original when that configuration is first judged, and
   * what it observes joins the original's observations there. Sound: a
   * replayed run is a run of the original. It spares a search (which may
   * miss) for an observation a longer search found once. Default none.
   */
  readonly knownOriginal?: readonly Trace[];
  readonly onProgress?: (p: DiffProgress) => void;
}

export interface DiffProgress {
  readonly phase: 'runs' | 'searching' | 'shrinking';
  readonly run: number;
  readonly runs: number;
  readonly distinctRewritten: number;
  readonly distinctOriginal: number;
}

export interface DiffStats {
  /** Runs of the rewritten program judged. */
  readonly runs: number;
  /** Distinct schedules among them. */
  readonly schedules: number;
  /** Runs of the original (samples, and runs found by search). */
  readonly originalRuns: number;
  /** Distinct observations made by the rewritten program, and by the original. */
  readonly distinctRewritten: number;
  readonly distinctOriginal: number;
  /** Observations of the rewritten program that sampling missed and a search of the original found. */
  readonly searches: number;
  readonly searchesFound: number;
  readonly walks: number;
  readonly states: number;
  /** Runs judged per scheduling strategy (with `mixed`: each strategy of the rotation; else the one kind). */
  readonly strategies: Readonly<Record<string, number>>;
  /** With the exhaustive scheduler: states of the rewritten program explored, and whether that covered its whole space. */
  readonly exhaustive?: { readonly states: number; readonly complete: boolean };
  readonly elapsedMs: number;
}

export type Failure =
  /** An observation of the rewritten program the original did not make within the bound. */
  | {
      readonly kind: 'not-reproducible';
      readonly observation: RunObservation;
      readonly search: SearchSummary;
    }
  /** An invariant of a reference model broke, on a run of the rewritten program or of the original. */
  | {
      readonly kind: 'invariant';
      readonly program: 'rewritten' | 'original';
      readonly model: string;
      readonly invariant: string;
      readonly description: string;
      readonly violations: readonly Violation[];
    }
  /** A run of the rewritten program did not reach quiescence (the original does on the same inputs). */
  | { readonly kind: 'stuck'; readonly stop: Stop };

export interface SearchSummary {
  /** Bound B: states of the exhaustive phase. */
  readonly maxStates: number;
  readonly walks: number;
  readonly states: number;
  /** The exhaustive phase covered the whole space: the original cannot make the observation on these inputs. */
  readonly complete: boolean;
  /** Samples of the original on these inputs, and the distinct observations they made. */
  readonly samples: number;
  readonly distinct: number;
}

export interface Counterexample {
  readonly failure: Failure;
  /** The run (from 1) that found it, before shrinking. */
  readonly foundAtRun: number;
  /** The scheduler of that run, by name ("mixed run 3: pct, seed 1000006, depth 1"): with the test's seed and the run's number, it reproduces the run. */
  readonly foundBy: string;
  /** The inputs of the (shrunk) case, with where each goes in each program. */
  readonly inputs: readonly PairedInput[];
  readonly deployments: { readonly original: DeploymentJson; readonly rewritten: DeploymentJson };
  /** The rewritten program's schedule as a choice list (`choiceScheduler` replays it). */
  readonly schedule: readonly number[];
  /** The rewritten program's run: replayable, JSON. */
  readonly trace: Trace;
  readonly result: SimResult;
  /** The rewritten program's observation (null when it did not reach quiescence). */
  readonly observation: RunObservation | null;
  /** The original's observations on the same inputs closest to it. */
  readonly closest: readonly { readonly observation: RunObservation; readonly diff: ObservationDiff }[];
  /** A run of the original on the same inputs (the closest observation's), for comparison. */
  readonly originalTrace: Trace | null;
  /**
   * With faults, a broken invariant of the rewritten program is also looked
   * for in the original on the same case (runs with frequent faults): when
   * found, the model does not hold under these faults for the original either,
   * and this is that run.
   */
  readonly originalBreaksToo: Trace | null;
  readonly shrinking: ShrinkSummary | null;
}

export interface ShrinkSummary {
  /** Smaller failing cases accepted. */
  readonly steps: number;
  readonly elapsedMs: number;
  readonly before: CaseSize;
  readonly after: CaseSize;
  /** True when the shrinking time bound cut it short. */
  readonly timedOut: boolean;
}

export interface CaseSize {
  readonly inputs: number;
  readonly nodes: number;
  readonly steps: number;
  readonly faults: number;
}

export type DiffVerdict =
  | { readonly verdict: 'no-difference'; readonly stats: DiffStats }
  | { readonly verdict: 'counterexample'; readonly counterexample: Counterexample; readonly stats: DiffStats }
  /** A bound (wall time) cut the test short, or the original itself never reached quiescence. */
  | { readonly verdict: 'inconclusive'; readonly reason: string; readonly stats: DiffStats };

export const DEFAULT_RUNS = 100;
export const DEFAULT_MAX_STATES = 20_000;
export const DEFAULT_WALKS = 20_000;
export const DEFAULT_SAMPLES = 30;
export const DEFAULT_SHRINK_MS = 10_000;
/** Runs of the original with frequent faults that look for it breaking an invariant the rewritten program broke. */
export const ORIGINAL_BREAK_TRIES = 60;
/** Samples of the original, all with one observation, after which it is treated as deterministic (no guided walks). */
const DETERMINISTIC_SAMPLES = 20;

/** The original's observations on one configuration of inputs and deployments. */
interface Pool {
  readonly observations: Map<string, { readonly observation: RunObservation; readonly trace: Trace }>;
  samples: number;
  quiesced: number;
  /** Searches already run that did not find their target, by target key, with the budget scale they had. */
  readonly searched: Map<string, { readonly result: SearchResult; readonly scale: number }>;
  /** The known runs of the original (`knownOriginal`) were replayed into it. */
  seeded: boolean;
}

/** A context shared by the runs and the shrinker. */
export class DiffContext {
  readonly dims: readonly Dimension[];
  readonly networkRewritten: NetworkModel;
  readonly networkOriginal: NetworkModel;
  readonly ordered: ReadonlySet<string>;
  readonly modelRewritten: ReferenceModel | null;
  readonly modelOriginal: ReferenceModel | null;
  private readonly pools = new Map<string, Pool>();
  originalRuns = 0;
  /** While a counterexample is shrunk: the run it was found at and its scheduler (named in the shrunk runs' traces). */
  shrinkingFrom: string | null = null;
  searches = 0;
  searchesFound = 0;
  walks = 0;
  states = 0;

  constructor(
    readonly input: DiffInput,
    readonly options: Required<Omit<DiffOptions, 'maxWallMs' | 'onProgress' | 'knownOriginal'>> & Pick<DiffOptions, 'maxWallMs' | 'onProgress' | 'knownOriginal'>,
  ) {
    this.dims = dimensions(input.original, input.rewritten);
    // Asking for per-client order assumes channels that keep it (as TCP does): over unordered
    // channels any arrival order is possible and order would tell nothing.
    const base: NetworkModel = input.ordered.length > 0 ? { ...ASYNC_NETWORK, fifoChannels: true } : ASYNC_NETWORK;
    this.networkRewritten = withFaults(base, options.faults);
    // General omission: a crash or loss in the rewritten program is a partial failure of the
    // original node it replaced, so the original may lose any messages, and crash as often.
    const omission = options.faults.includes('drop') || options.faults.includes('crash');
    const f = this.networkRewritten.faults;
    this.networkOriginal = f === undefined ? base : { ...base, faults: { ...f, drop: omission ? 1000 : f.drop } };
    this.ordered = new Set(input.ordered);
    // Under omission faults nothing is promised about the end state: only `always` invariants.
    const safetyOnly = (m: ReferenceModel | null): ReferenceModel | null =>
      m === null || !omission ? m : { ...m, invariants: m.invariants.filter((i) => i.when === 'always') };
    this.modelRewritten = safetyOnly(input.rewritten.model);
    this.modelOriginal = safetyOnly(input.original.model);
  }

  concrete(inputs: readonly PairedInput[], config: Config): Concrete {
    return concretize(this.input.original, this.input.rewritten, inputs, this.dims, config);
  }

  private pool(inputs: readonly PairedInput[], config: Config): Pool {
    const key = (this.input.inputs === null ? JSON.stringify(inputs.map((x) => [x.relation, x.tuple])) + '|' : '') + configKey(config);
    let p = this.pools.get(key);
    if (!p) {
      p = { observations: new Map(), samples: 0, quiesced: 0, searched: new Map(), seeded: false };
      this.pools.set(key, p);
    }
    return p;
  }

  /** Distinct observations of the original over every configuration. */
  distinctOriginal(): number {
    let n = 0;
    for (const p of this.pools.values()) n += p.observations.size;
    return n;
  }

  private runRewritten(c: Concrete, scheduler: Scheduler): SimResult {
    return simulate(this.input.rewritten.program, c.rewritten.deployment, c.rewritten.workload, {
      scheduler,
      network: this.networkRewritten,
      maxSteps: this.options.maxSteps,
      programSource: { file: this.input.rewritten.file, sha256: this.input.rewritten.sha256 },
    });
  }

  private runOriginal(c: Concrete, scheduler: Scheduler): SimResult {
    this.originalRuns++;
    return simulate(this.input.original.program, c.original.deployment, c.original.workload, {
      scheduler,
      network: this.networkOriginal,
      maxSteps: this.options.maxSteps,
      programSource: { file: this.input.original.file, sha256: this.input.original.sha256 },
    });
  }

  /** One more sample of the original on `c`; a failure if it breaks its model. */
  private sample(pool: Pool, c: Concrete): Failure | null {
    const i = pool.samples++;
    const seed = this.options.seed * 1_000_003 + i;
    const scheduler = i % 3 === 0 ? randomScheduler(seed) : i % 3 === 1 ? latencyScheduler(seed, { meanDelay: 1, inputGap: 0.2 + (i % 5) * 0.6 }) : pctScheduler(seed);
    const r = this.runOriginal(c, scheduler);
    return this.admitOriginal(pool, c, r);
  }

  /**
   * Replays the known runs of the original that fit `c` (same deployment and
   * workload) into its pool, once; a failure if one breaks the original's model.
   */
  private seed(pool: Pool, c: Concrete): Failure | null {
    if (pool.seeded) return null;
    pool.seeded = true;
    const known = this.options.knownOriginal ?? [];
    if (known.length === 0) return null;
    const deployment = JSON.stringify(deploymentToJson(c.original.deployment));
    const workload = JSON.stringify(workloadToJson(c.original.workload));
    for (const t of known) {
      if (JSON.stringify(t.deployment) !== deployment || JSON.stringify(t.workload) !== workload) continue;
      const r = this.runOriginal(c, replayScheduler(t.choices as Action[]));
      const f = this.admitOriginal(pool, c, r);
      if (f) return f;
    }
    return null;
  }

  private admitOriginal(pool: Pool, c: Concrete, r: SimResult): Failure | null {
    const broken = brokenInvariant(this.modelOriginal, r, c.original.deployment, 'original');
    if (broken) return broken;
    if (r.reason !== 'quiescent') return null;
    pool.quiesced++;
    const observation = observationOfRun(r, c.original.topology, this.ordered);
    if (!pool.observations.has(observation.key)) pool.observations.set(observation.key, { observation, trace: r.trace });
    return null;
  }

  /**
   * Judges one run of the rewritten program: null when it passes. `searchScale`
   * scales the search budgets (the shrinker uses smaller ones).
   */
  judge(inputs: readonly PairedInput[], config: Config, scheduler: Scheduler, searchScale = 1, sampleOriginal = false, only?: Failure['kind']): Judged {
    const c = this.concrete(inputs, config);
    const recorder = recordChoices(scheduler);
    const result = this.runRewritten(c, recorder);
    const base = { concrete: c, result, choices: recorder.choices };
    const broken = brokenInvariant(this.modelRewritten, result, c.rewritten.deployment, 'rewritten');
    if (broken) return { ...base, failure: broken, observation: result.reason === 'quiescent' ? observationOfRun(result, c.rewritten.topology, this.ordered) : null };
    const pool = this.pool(inputs, config);
    const seeded = this.seed(pool, c);
    if (seeded) return { ...base, failure: seeded, observation: null };
    if (result.reason !== 'quiescent') {
      if (result.reason === 'eval-error' || result.reason === 'bad-address') return { ...base, failure: { kind: 'stuck', stop: result }, observation: null };
      if (result.reason !== 'bound') throw new Error(`differential tester: a run of the rewritten program ended as ${result.reason}`);
      // A bound: a failure only if the original reaches quiescence on these inputs.
      for (let k = 0; pool.quiesced === 0 && k < 3; k++) {
        const f = this.sample(pool, c);
        if (f) return { ...base, failure: f, observation: null };
      }
      return pool.quiesced > 0 ? { ...base, failure: { kind: 'stuck', stop: result }, observation: null } : { ...base, failure: null, observation: null, inconclusive: true };
    }
    const observation = observationOfRun(result, c.rewritten.topology, this.ordered);
    // Shrinking a broken invariant or a stuck run: the observation does not matter.
    if (only !== undefined && only !== 'not-reproducible') return { ...base, failure: null, observation };
    if (pool.samples === 0 || sampleOriginal) {
      const f = this.sample(pool, c);
      if (f) return { ...base, failure: f, observation };
    }
    if (pool.observations.has(observation.key)) return { ...base, failure: null, observation };
    const known = pool.searched.get(observation.key);
    if (known && known.scale >= searchScale) return { ...base, failure: this.notReproducible(observation, known.result, pool), observation };
    const extra = Math.ceil(this.options.samples * searchScale);
    for (let k = 0; k < extra && !pool.observations.has(observation.key); k++) {
      const f = this.sample(pool, c);
      if (f) return { ...base, failure: f, observation };
    }
    if (pool.observations.has(observation.key)) return { ...base, failure: null, observation };
    this.options.onProgress?.({ phase: 'searching', run: 0, runs: 0, distinctRewritten: 0, distinctOriginal: this.distinctOriginal() });
    const search = searchObservation(this.input.original.program, c.original.deployment, c.original.workload, c.original.topology, observation, this.ordered, {
      network: this.networkOriginal,
      // An original that made one observation on every sampled schedule looks deterministic:
      // guided walks have nothing to steer between, and only the exhaustive phase runs.
      walks: pool.observations.size <= 1 && pool.samples >= DETERMINISTIC_SAMPLES ? 0 : Math.ceil(this.options.walks * searchScale),
      maxStates: Math.ceil(this.options.maxStates * searchScale),
      maxSteps: this.options.maxSteps,
      seed: this.options.seed + this.searches,
      hint: traceHint(result.trace),
    });
    this.searches++;
    this.walks += search.walks;
    this.states += search.states;
    if (search.found === null) {
      pool.searched.set(observation.key, { result: search, scale: searchScale });
      return { ...base, failure: this.notReproducible(observation, search, pool), observation };
    }
    this.searchesFound++;
    const witness = this.runOriginal(c, replayScheduler(search.found));
    const f = this.admitOriginal(pool, c, witness);
    if (f) return { ...base, failure: f, observation };
    return { ...base, failure: null, observation };
  }

  private notReproducible(observation: RunObservation, search: SearchResult, pool: Pool): Failure {
    return {
      kind: 'not-reproducible',
      observation,
      search: {
        maxStates: search.maxStates,
        walks: search.walks,
        states: search.states,
        complete: search.complete,
        samples: pool.samples,
        distinct: pool.observations.size,
      },
    };
  }

  private readonly breaking = new Map<string, Trace | null>();

  /** A run of the original on this configuration, under frequent faults, that breaks `invariant`; null if none of `tries` does (cached). */
  originalBreaking(inputs: readonly PairedInput[], config: Config, invariant: string, tries: number): Trace | null {
    if (this.modelOriginal === null || this.networkOriginal.faults === undefined) return null;
    const key = `${invariant}|${tries}|${configKey(config)}|${this.input.inputs === null ? JSON.stringify(inputs.map((x) => x.tuple)) : ''}`;
    const known = this.breaking.get(key);
    if (known !== undefined) return known;
    const found = this.findBreaking(inputs, config, invariant, tries);
    this.breaking.set(key, found);
    return found;
  }

  private findBreaking(inputs: readonly PairedInput[], config: Config, invariant: string, tries: number): Trace | null {
    if (this.modelOriginal === null) return null;
    const c = this.concrete(inputs, config);
    for (let i = 0; i < tries; i++) {
      const r = this.runOriginal(c, randomScheduler(this.options.seed * 31 + i, { faultRate: 0.3 }));
      const f = brokenInvariant(this.modelOriginal, r, c.original.deployment, 'original');
      if (f?.kind === 'invariant' && f.invariant === invariant) return r.trace;
    }
    return null;
  }

  /** At least one sample of the original on this configuration (for the closest observations). */
  ensureSampled(inputs: readonly PairedInput[], config: Config): void {
    const pool = this.pool(inputs, config);
    for (let k = 0; pool.observations.size === 0 && k < 3; k++) this.sample(pool, this.concrete(inputs, config));
  }

  /** The original's observations closest to `observation` on this configuration, and the trace of the closest. */
  closestOf(inputs: readonly PairedInput[], config: Config, observation: RunObservation | null): { list: Counterexample['closest']; trace: Trace | null } {
    const pool = this.pool(inputs, config);
    const entries = [...pool.observations.values()];
    if (entries.length === 0) return { list: [], trace: null };
    if (observation === null) return { list: [], trace: entries[0]?.trace ?? null };
    const list = closest(observation, entries.map((e) => e.observation), 3);
    const first = list[0];
    return { list, trace: first ? (pool.observations.get(first.observation.key)?.trace ?? null) : null };
  }
}

export interface Judged {
  readonly concrete: Concrete;
  readonly result: SimResult;
  readonly choices: readonly number[];
  readonly failure: Failure | null;
  readonly observation: RunObservation | null;
  /** The run hit a bound and the original never reached quiescence either: nothing can be judged. */
  readonly inconclusive?: boolean;
}

/** Two failures are the same kind of failure (what shrinking must preserve). */
export function sameFailure(a: Failure, b: Failure): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'invariant' && b.kind === 'invariant') return a.program === b.program && a.invariant === b.invariant;
  if (a.kind === 'stuck' && b.kind === 'stuck') return a.stop.reason === b.stop.reason;
  return true;
}

function brokenInvariant(model: ReferenceModel | null, r: SimResult, deployment: Concrete['original']['deployment'], program: 'rewritten' | 'original'): Failure | null {
  if (model === null) return null;
  const report = checkModel(model, RunView.of(r, deployment));
  const bad = report.results.find((x) => x.status === 'violated');
  if (!bad) return null;
  return { kind: 'invariant', program, model: model.name, invariant: bad.name, description: bad.description, violations: bad.violations };
}

/** Fills in defaults. */
export function resolveOptions(o: DiffOptions): DiffContext['options'] {
  return {
    runs: o.runs ?? DEFAULT_RUNS,
    firstRun: o.firstRun ?? 1,
    seed: o.seed ?? 1,
    scheduler: o.scheduler ?? DEFAULT_SCHEDULER,
    faults: o.faults ?? [],
    maxSteps: o.maxSteps ?? 10_000,
    maxStates: o.maxStates ?? DEFAULT_MAX_STATES,
    walks: o.walks ?? DEFAULT_WALKS,
    samples: o.samples ?? DEFAULT_SAMPLES,
    shrink: o.shrink ?? true,
    shrinkMs: o.shrinkMs ?? DEFAULT_SHRINK_MS,
    generatedInputs: o.generatedInputs ?? 4,
    ...(o.knownOriginal === undefined ? {} : { knownOriginal: o.knownOriginal }),
    ...(o.maxWallMs === undefined ? {} : { maxWallMs: o.maxWallMs }),
    ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
  };
}

/** Runs the differential test. */
export function differentialTest(input: DiffInput, options: DiffOptions = {}): DiffVerdict {
  const started = performance.now();
  const opts = resolveOptions(options);
  const ctx = new DiffContext(input, opts);
  const deadline = opts.maxWallMs === undefined ? Infinity : started + opts.maxWallMs;
  const schedules = new Set<string>();
  const distinct = new Set<string>();
  let runs = 0;
  const strategies: Record<string, number> = {};
  let inconclusiveRuns = 0;
  /** The first run that could not be judged, and how the rewritten program's run of it stopped. */
  let firstInconclusive: { readonly run: number; readonly stop: Stop } | null = null;
  let exhaustiveInfo: { states: number; complete: boolean } | null = null;
  const stats = (): DiffStats => ({
    runs,
    schedules: schedules.size,
    originalRuns: ctx.originalRuns,
    distinctRewritten: distinct.size,
    distinctOriginal: ctx.distinctOriginal(),
    searches: ctx.searches,
    searchesFound: ctx.searchesFound,
    walks: ctx.walks,
    states: ctx.states,
    strategies: { ...strategies },
    ...(exhaustiveInfo ? { exhaustive: exhaustiveInfo } : {}),
    elapsedMs: performance.now() - started,
  });

  // The inputs of each run: fixed, or drawn.
  const full = input.inputs;
  const arb =
    full === null
      ? inputsArbitrary(
          { program: input.original.program, topology: ctx.concrete([], fullConfig(0, ctx.dims)).original.topology },
          { program: input.rewritten.program, topology: ctx.concrete([], fullConfig(0, ctx.dims)).rewritten.topology },
          opts.generatedInputs,
        )
      : null;
  if (full === null && arb === null) return { verdict: 'inconclusive', reason: 'no workload was given and no .input relation is read by a node of both programs, so there is nothing to send', stats: stats() };
  const inputsOf = (run: number): readonly PairedInput[] => full ?? drawInputs(arb as NonNullable<typeof arb>, opts.seed * 7_919 + run);

  // The schedules: one per run, or the end states of an exhaustive exploration.
  let exhaustivePaths: Action[][] | null = null;
  if (opts.scheduler === 'exhaustive') {
    const inputs = inputsOf(0);
    const c = ctx.concrete(inputs, fullConfig(inputs.length, ctx.dims));
    exhaustivePaths = [];
    const paths = exhaustivePaths;
    const explored = explore(input.rewritten.program, c.rewritten.deployment, c.rewritten.workload, {
      network: ctx.networkRewritten,
      maxStates: opts.maxStates,
      maxSteps: opts.maxSteps,
      ...(deadline === Infinity ? {} : { maxWallMs: deadline - performance.now() }),
      onLeaf: (leaf) => {
        paths.push([...leaf.path]);
        return paths.length >= opts.runs;
      },
    });
    exhaustiveInfo = { states: explored.states, complete: explored.complete };
  }
  const total = exhaustivePaths?.length ?? opts.runs;
  if (total === 0) {
    return { verdict: 'inconclusive', reason: `the exhaustive exploration of the rewritten program reached no end state within its bound (${opts.maxStates} states)`, stats: stats() };
  }

  for (let run = Math.max(1, opts.firstRun); run <= total; run++) {
    if (performance.now() > deadline) {
      return { verdict: 'inconclusive', reason: `the wall-time bound (${opts.maxWallMs} ms) was reached after ${runs} of ${total} runs, with no difference so far`, stats: stats() };
    }
    const inputs = exhaustivePaths ? inputsOf(0) : inputsOf(run);
    const config = fullConfig(inputs.length, ctx.dims);
    const scheduler: Scheduler = exhaustivePaths ? replayScheduler(exhaustivePaths[run - 1] as Action[]) : runScheduler(opts.scheduler === 'exhaustive' ? 'random' : opts.scheduler, opts.seed, run);
    const judged = ctx.judge(inputs, config, scheduler, 1, true);
    runs++;
    const strategy = runStrategy(opts.scheduler, run);
    strategies[strategy] = (strategies[strategy] ?? 0) + 1;
    schedules.add(judged.choices.join(','));
    if (judged.observation) distinct.add(judged.observation.key);
    if (judged.inconclusive) {
      inconclusiveRuns++;
      firstInconclusive ??= { run, stop: judged.result };
    }
    if (judged.failure) {
      const failure = judged.failure;
      opts.onProgress?.({ phase: 'shrinking', run, runs: total, distinctRewritten: distinct.size, distinctOriginal: ctx.distinctOriginal() });
      ctx.shrinkingFrom = `run ${run}, ${scheduler.name}`;
      const shrunk = opts.shrink ? shrinkFailure(ctx, inputs, config, judged, failure, opts.shrinkMs) : null;
      const final = shrunk?.judged ?? judged;
      const finalInputs = shrunk?.inputs ?? inputs;
      const finalConfig = shrunk?.config ?? config;
      ctx.ensureSampled(finalInputs, finalConfig);
      const near = ctx.closestOf(finalInputs, finalConfig, final.observation);
      const counterexample: Counterexample = {
        failure: final.failure ?? failure,
        foundAtRun: run,
        foundBy: scheduler.name,
        inputs: final.concrete.inputs,
        deployments: { original: deploymentToJson(final.concrete.original.deployment), rewritten: deploymentToJson(final.concrete.rewritten.deployment) },
        schedule: trimZeros(final.choices),
        trace: final.result.trace,
        result: final.result,
        observation: final.observation,
        closest: near.list,
        originalTrace: near.trace,
        originalBreaksToo:
          final.failure?.kind === 'invariant' && final.failure.program === 'rewritten' && opts.faults.length > 0
            ? ctx.originalBreaking(finalInputs, finalConfig, final.failure.invariant, ORIGINAL_BREAK_TRIES)
            : null,
        shrinking: shrunk?.summary ?? null,
      };
      return { verdict: 'counterexample', counterexample, stats: stats() };
    }
    opts.onProgress?.({ phase: 'runs', run, runs: total, distinctRewritten: distinct.size, distinctOriginal: ctx.distinctOriginal() });
  }
  if (runs === 0) return { verdict: 'inconclusive', reason: `no run was judged (runs ${opts.firstRun} to ${total})`, stats: stats() };
  // A run where both programs stop at a bound tells nothing: a test with one is never a pass.
  if (inconclusiveRuns > 0 && firstInconclusive !== null) {
    const first = `run ${firstInconclusive.run}: ${describeStop(firstInconclusive.stop)}`;
    const reason =
      inconclusiveRuns === runs
        ? `no run reached quiescence, of the rewritten program nor of the original on the same inputs (${first})`
        : `${inconclusiveRuns} of ${runs} runs could not be judged: the rewritten program stopped at a bound and no sample of the original reached quiescence on the same inputs (${first}); the other runs showed no difference`;
    return { verdict: 'inconclusive', reason, stats: stats() };
  }
  return { verdict: 'no-difference', stats: stats() };
}

/** A run of the rewritten program from a choice list (how a shrunk case is replayed). */
export function choiceRun(ctx: DiffContext, inputs: readonly PairedInput[], config: Config, choices: readonly number[], searchScale: number, only?: Failure['kind']): Judged {
  const list = trimZeros(choices);
  const from = ctx.shrinkingFrom === null ? '' : `, shrunk from ${ctx.shrinkingFrom}`;
  return ctx.judge(inputs, config, choiceScheduler(list, `choice list of ${list.length} (then 0s)${from}`), searchScale, false, only);
}

/** A choice list without its trailing zeros (past its end every choice is 0 anyway). */
export function trimZeros(choices: readonly number[]): number[] {
  let n = choices.length;
  while (n > 0 && choices[n - 1] === 0) n--;
  return choices.slice(0, n);
}
