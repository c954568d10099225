/**
 * Shrinking a failure with fast-check. A case is a triple: the inputs kept
 * (indices into the run's inputs), the count kept of each shrinkable
 * deployment dimension (partitions of a rewritten component, instances of a
 * component both programs share), and the rewritten program's schedule as a
 * choice list (see sim/choices.ts). The failing run is given to fast-check as
 * an explicit example; fast-check shrinks it (fewer inputs, fewer nodes, a
 * shorter list of smaller choices: a plainer schedule with fewer faults) and
 * keeps every smaller case that still fails *the same way* (same kind, same
 * invariant, same stop reason). Under faults, a smaller case on which the
 * original breaks the same invariant (in runs with frequent faults) is not
 * kept: it would show no difference the rewrite made.
 *
 * Searches of the original during shrinking use a tenth of the budgets (their
 * results are cached per configuration and observation); the final case is
 * judged again with the full budgets, and if it no longer fails there, the
 * smallest case that did is reported instead. After `shrinkMs` every further
 * candidate is accepted as passing, which ends shrinking with the smallest
 * failure so far.
 */
import fc from 'fast-check';
import type { Config, PairedInput } from './pair.js';
import { choiceRun, sameFailure, ORIGINAL_BREAK_TRIES, type CaseSize, type DiffContext, type Failure, type Judged, type ShrinkSummary } from './tester.js';

/** Budgets of the original's searches while shrinking, relative to the full ones. */
const SHRINK_SEARCH_SCALE = 0.1;

type Case = [number[], number[], number[]];

export interface Shrunk {
  readonly inputs: readonly PairedInput[];
  readonly config: Config;
  readonly judged: Judged;
  readonly summary: ShrinkSummary;
}

export function shrinkFailure(ctx: DiffContext, inputs: readonly PairedInput[], config: Config, original: Judged, failure: Failure, shrinkMs: number): Shrunk | null {
  const started = performance.now();
  const choices = original.choices;
  const n = config.inputs.length;
  const arb: fc.Arbitrary<Case> = fc.tuple(
    fc.array(fc.integer({ min: 0, max: Math.max(0, n - 1) }), { maxLength: n }),
    fc.tuple(...ctx.dims.map((d) => fc.integer({ min: 1, max: d.full }))) as unknown as fc.Arbitrary<number[]>,
    fc.array(fc.nat(), { maxLength: choices.length }),
  );
  const example: Case = [[...config.inputs], [...config.counts], [...choices]];
  let timedOut = false;
  const underFaults = ctx.options.faults.length > 0;
  let accepted = 0;
  const toConfig = (c: Case): Config => ({ inputs: [...new Set(c[0])].sort((a, b) => a - b), counts: c[1] });
  const fails = (c: Case): boolean => {
    if (performance.now() - started > shrinkMs) {
      timedOut = true;
      return false;
    }
    const cfg = toConfig(c);
    const judged = choiceRun(ctx, inputs, cfg, c[2], SHRINK_SEARCH_SCALE, failure.kind);
    if (judged.failure === null || !sameFailure(judged.failure, failure)) return false;
    // Under faults, a smaller case where the original breaks the same invariant too shows no difference.
    if (underFaults && failure.kind === 'invariant' && failure.program === 'rewritten' && ctx.originalBreaking(inputs, cfg, failure.invariant, ORIGINAL_BREAK_TRIES) !== null) return false;
    accepted++;
    return true;
  };
  const details = fc.check(
    fc.property(arb, (c) => !fails(c)),
    { examples: [[example]], numRuns: 1, seed: ctx.options.seed, endOnFailure: false },
  );
  const shrunk = details.counterexample?.[0];
  if (shrunk === undefined) return null;

  // Judge the smallest case again with the full budgets.
  const finalConfig = toConfig(shrunk);
  let judged = choiceRun(ctx, inputs, finalConfig, shrunk[2], 1);
  let cfg = finalConfig;
  if (judged.failure === null || !sameFailure(judged.failure, failure)) {
    judged = choiceRun(ctx, inputs, config, choices, 1);
    cfg = config;
    if (judged.failure === null) return null;
  }
  return {
    inputs,
    config: cfg,
    judged,
    summary: { steps: Math.max(0, accepted - 1), elapsedMs: performance.now() - started, before: sizeOf(original), after: sizeOf(judged), timedOut },
  };
}

function sizeOf(j: Judged): CaseSize {
  const f = j.result.stats.faults;
  return {
    inputs: j.concrete.inputs.length,
    nodes: j.concrete.rewritten.topology.nodes.length,
    steps: j.result.stats.steps,
    faults: f ? f.drop + f.duplicate + f.crash : 0,
  };
}
