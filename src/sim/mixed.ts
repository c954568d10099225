/**
 * The mixed schedule: the differential tester's default. Run `r` of a test is
 * scheduled by strategy `(r - 1) mod 4` of MIXED_STRATEGIES, seeded with the
 * run's own seed, so every run is still reproducible from the test's seed and
 * the run's number, and run 1 is the uniform random run it always was.
 *
 * Why these four (measured with bench/scheduler-rates.ts; see
 * bench/RESULTS.md, "Schedule mix"): each finds orders the others almost
 * never make. On the two Paxos mutants the uniform random scheduler missed,
 * over 1 000 runs each:
 *
 * * a partial vote total answered early (a rare order of votes) shows in
 *   5.9% of latency runs (mean delay 1, input gap 1), 2.3% of latency runs
 *   with long delays and bursty inputs, 2.1% of uniform random runs, and in
 *   no PCT run;
 * * a persistence rule that never comes to rest (a vote held for a ballot
 *   that is never answered) shows in 8.0% of PCT runs of depth 1 (a fixed
 *   random priority order of the actors, one actor starving the others),
 *   3.4% of latency runs with long delays and bursty inputs, 0.2% of latency
 *   runs with mean delay 1, and in no uniform random run.
 *
 * Uniform random stays first: it is the strategy every earlier judgement of
 * the tester (corpus checks, mutation score) was made with.
 */
import { latencyScheduler } from './latency.js';
import { pctScheduler } from './pct.js';
import { randomScheduler, type Scheduler } from './scheduler.js';

export interface MixedStrategy {
  /** How reports name the strategy ("latency (mean delay 1, input gap 1)"). */
  readonly label: string;
  readonly make: (seed: number) => Scheduler;
}

export const MIXED_STRATEGIES: readonly MixedStrategy[] = [
  { label: 'random', make: (seed) => randomScheduler(seed) },
  { label: 'latency (mean delay 1, input gap 1)', make: (seed) => latencyScheduler(seed, { meanDelay: 1, inputGap: 1 }) },
  { label: 'pct (depth 1)', make: (seed) => pctScheduler(seed, { depth: 1 }) },
  { label: 'latency (mean delay 4, input gap 0.2)', make: (seed) => latencyScheduler(seed, { meanDelay: 4, inputGap: 0.2 }) },
];

/** The strategy of run `run` (numbered from 1). */
export function mixedStrategy(run: number): MixedStrategy {
  const n = MIXED_STRATEGIES.length;
  return MIXED_STRATEGIES[(((run - 1) % n) + n) % n] as MixedStrategy;
}

/** The scheduler of run `run` of a mixed test, seeded with that run's seed; its name says which strategy it is. */
export function mixedScheduler(seed: number, run: number): Scheduler {
  const inner = mixedStrategy(run).make(seed);
  return { name: `mixed run ${run}: ${inner.name}`, next: (e, step) => inner.next(e, step) };
}
