import { describe, expect, it } from 'vitest';
import { DiffContext, differentialTest, fullConfig, observationOfRun, resolveOptions, type DiffVerdict } from '../../src/equiv/index.js';
import { replayTrace, simulate, type Trace } from '../../src/sim/index.js';
import { votingModel } from '../../models/voting.js';
import { loadPair } from '../../src/equiv/index.js';
import { MODELS } from '../../models/index.js';
import { ROOT } from '../sim/helpers.js';
import { COUNTER, ECHO, ECHO_PARTITIONED, ECHO_WRONG, fixedWinner, input, pair, race, raceInputs, side } from './support.js';

const echoInputs = [input('req', ['client1', 1], 'srv#0'), input('req', ['client1', 2], 'srv#0'), input('req', ['client2', 3], 'srv#0')];

function counterexample(v: DiffVerdict) {
  expect(v.verdict).toBe('counterexample');
  if (v.verdict !== 'counterexample') throw new Error('unreachable');
  return v.counterexample;
}

describe('differentialTest', () => {
  it('finds no difference between a program and itself, and says what it covered', () => {
    const v = differentialTest(pair(side(ECHO), side(ECHO), echoInputs), { runs: 20 });
    expect(v).toMatchObject({ verdict: 'no-difference', stats: { runs: 20, distinctRewritten: 1, distinctOriginal: 1 } });
    expect(v.stats.schedules).toBeGreaterThan(1);
  });

  it('catches a wrong output, proves the original cannot make it, and shrinks to the one input that shows it', () => {
    const c = counterexample(differentialTest(pair(side(ECHO), side(ECHO_WRONG), echoInputs), { runs: 20 }));
    expect(c.failure.kind).toBe('not-reproducible');
    if (c.failure.kind === 'not-reproducible') expect(c.failure.search.complete).toBe(true);
    expect(c.inputs.map((i) => i.tuple)).toEqual([['client1', 2]]);
    expect(c.observation?.facts.map((f) => f.key)).toEqual(['ans("client1", 2, "ko") at client1']);
    expect(c.closest[0]?.diff.missing.map((f) => f.key)).toEqual(['ans("client1", 2, "ok") at client1']);
    expect(c.shrinking?.after.inputs).toBeLessThan(c.shrinking?.before.inputs ?? 0);
  });

  it('schedules with the mixed rotation by default, counts runs per strategy, and names the scheduler of the run that found a counterexample', () => {
    const v = differentialTest(pair(side(ECHO), side(ECHO), echoInputs), { runs: 10 });
    expect(v.stats.strategies).toEqual({ random: 3, 'latency (mean delay 1, input gap 1)': 3, 'pct (depth 1)': 2, 'latency (mean delay 4, input gap 0.2)': 2 });
    expect(differentialTest(pair(side(ECHO), side(ECHO), echoInputs), { runs: 4, scheduler: 'random' }).stats.strategies).toEqual({ random: 4 });
    const c = counterexample(differentialTest(pair(side(ECHO), side(ECHO_WRONG), echoInputs), { runs: 5, firstRun: 3 }));
    expect(c.foundAtRun).toBe(3);
    expect(c.foundBy).toBe('mixed run 3: pct, seed 1000006, depth 1');
    // The shrunk run's trace says where it came from.
    expect(c.trace.scheduler).toMatch(/^choice list of \d+ \(then 0s\), shrunk from run 3, mixed run 3: pct, seed 1000006, depth 1$/);
  });

  it('reports a counterexample whose trace replays to the same observation', () => {
    const rewritten = side(ECHO_WRONG);
    const c = counterexample(differentialTest(pair(side(ECHO), rewritten, echoInputs), { runs: 5 }));
    const r = replayTrace(rewritten.program, JSON.parse(JSON.stringify(c.trace)));
    expect(r.ok && r.divergence).toBeNull();
    if (r.ok) expect(r.result.observations).toEqual(c.result.observations);
  });

  it('accepts a rewrite that makes only some of a nondeterministic original\'s observations', () => {
    const v = differentialTest(pair(side(race(3)), side(fixedWinner(3, 1)), raceInputs(3)), { runs: 10 });
    expect(v.verdict).toBe('no-difference');
  });

  it('searches the original for an observation sampling missed before reporting it', () => {
    // Winner 4 alone needs p4's ping, injected last, to reach the judge before all the others.
    const v = differentialTest(pair(side(race(4)), side(fixedWinner(4, 4)), raceInputs(4)), { runs: 3, samples: 0 });
    expect(v.verdict).toBe('no-difference');
    expect(v.stats.searchesFound).toBeGreaterThanOrEqual(1);
  });

  it('takes known runs of the original (knownOriginal) as observations it makes, without a search', () => {
    // A search too small to find winner 4 alone: a false "not reproducible".
    const input = pair(side(race(4)), side(fixedWinner(4, 4)), raceInputs(4));
    const tiny = { runs: 3, samples: 0, walks: 0, maxStates: 3, shrink: false } as const;
    const c = counterexample(differentialTest(input, tiny));
    expect(c.failure.kind).toBe('not-reproducible');
    if (c.failure.kind === 'not-reproducible') expect(c.failure.search.complete).toBe(false);
    // A run of the original that makes that observation, found by plain sampling.
    const ctx = new DiffContext(input, resolveOptions(tiny));
    const conc = ctx.concrete(input.inputs ?? [], fullConfig(4, ctx.dims));
    let witness: Trace | null = null;
    for (let seed = 0; witness === null && seed < 5_000; seed++) {
      const r = simulate(input.original.program, conc.original.deployment, conc.original.workload, { seed });
      if (r.reason === 'quiescent' && observationOfRun(r, conc.original.topology, new Set()).key === c.observation?.key) witness = r.trace;
    }
    expect(witness).not.toBeNull();
    const known = JSON.parse(JSON.stringify(witness)) as Trace;
    const v = differentialTest(input, { ...tiny, knownOriginal: [known] });
    expect(v).toMatchObject({ verdict: 'no-difference', stats: { searches: 0 } });
    // A run on another workload does not fit and is not used.
    const other = { ...known, workload: { inputs: known.workload.inputs.slice(1) } };
    expect(differentialTest(input, { ...tiny, knownOriginal: [other] }).verdict).toBe('counterexample');
  });

  it('resumes at firstRun with the same runs it would have made', () => {
    const input = pair(side(ECHO), side(ECHO_WRONG), null);
    const all = counterexample(differentialTest(input, { runs: 30, generatedInputs: 3, shrink: false }));
    // Starting at the failing run finds the same run; starting after it skips it.
    const resumed = differentialTest(input, { runs: 30, generatedInputs: 3, shrink: false, firstRun: all.foundAtRun });
    expect(counterexample(resumed).foundAtRun).toBe(all.foundAtRun);
    expect(resumed.stats.runs).toBe(1);
    expect(counterexample(resumed).trace.choices).toEqual(all.trace.choices);
    const after = differentialTest(input, { runs: all.foundAtRun, generatedInputs: 3, shrink: false, firstRun: all.foundAtRun + 1 });
    // No run judged is never a pass.
    expect(after).toMatchObject({ verdict: 'inconclusive', stats: { runs: 0 } });
  });

  it('reports an observation the original cannot make on those inputs', () => {
    const c = counterexample(differentialTest(pair(side(race(2)), side(fixedWinner(2, 2).replace('winner(2) :- ping(2)', 'winner(3) :- ping(2)')), raceInputs(2)), { runs: 5 }));
    expect(c.failure.kind).toBe('not-reproducible');
  });

  it('checks per-client order when the workload asks for it, over ordered channels', () => {
    const inputs = [input('req', ['client1', 1], 'srv#0', 'srv#0/0'), input('req', ['client1', 2], 'srv#0', 'srv#0/1')];
    const original = side(ECHO);
    const rewritten = side(ECHO_PARTITIONED, { components: { srv: { instances: 1, partitions: 2 } } });
    expect(differentialTest(pair(original, rewritten, inputs), { runs: 40 }).verdict).toBe('no-difference');
    const c = counterexample(differentialTest(pair(original, rewritten, inputs, ['ans']), { runs: 40 }));
    expect(c.failure.kind).toBe('not-reproducible');
    expect(c.observation?.order).toEqual([{ client: 'client1', keys: ['ans("client1", 2, "ok") at client1', 'ans("client1", 1, "ok") at client1'] }]);
  });

  it('reports a rewrite that never settles where the original does, with the rule that keeps it going', () => {
    const c = counterexample(differentialTest(pair(side(ECHO), side(COUNTER), echoInputs), { runs: 3, maxSteps: 300 }));
    expect(c.failure.kind).toBe('stuck');
    if (c.failure.kind === 'stuck' && c.failure.stop.reason === 'bound') expect(c.failure.stop.busiest[0]?.ruleText).toContain('n(x + 1)');
  });

  it('is deterministic in its seed', () => {
    const run = () => differentialTest(pair(side(race(3)), side(race(3)), raceInputs(3)), { runs: 15, seed: 4 });
    const a = run();
    const b = run();
    expect({ ...b.stats, elapsedMs: 0 }).toEqual({ ...a.stats, elapsedMs: 0 });
  });

  it('draws inputs from the .input declarations when no workload is given', () => {
    const v = differentialTest(pair(side(ECHO), side(ECHO_WRONG), null), { runs: 30, generatedInputs: 3 });
    const c = counterexample(v);
    expect(c.inputs.some((i) => i.tuple[1] === 2)).toBe(true);
  });
});

describe('differentialTest on the corpus voting protocol', () => {
  const load = (a: string, b: string) => {
    const p = loadPair(`${ROOT}corpus/${a}`, `${ROOT}corpus/${b}`, { models: MODELS });
    if (!p.ok) throw new Error(p.diagnostics.map((d) => d.message).join('\n'));
    return p;
  };

  it('checks the model on every run of both programs, and shrinks an invariant failure', () => {
    const v = differentialTest(load('voting.ded', 'unsafe/voting-early-reply.ded'), { runs: 10 });
    const c = counterexample(v);
    expect(c.failure).toMatchObject({ kind: 'invariant', program: 'rewritten', model: votingModel.name, invariant: 'reply-after-all-votes' });
    expect(c.inputs).toHaveLength(1);
    expect(c.originalTrace).not.toBeNull();
  });

  it('keeps the scalable voting equivalent under message loss and crashes (general omission)', () => {
    const v = differentialTest(load('voting.ded', 'voting-scalable.ded'), { runs: 30, faults: ['drop', 'crash'] });
    expect(v.verdict).toBe('no-difference');
  });
});

describe('differentialTest: what nodes hold at quiescence', () => {
  const LOGGED = `
.input  req(c: loc, id: int)
.output log(id: int)
.component srv
log(i) :- req(c, i)
.persist log
`;
  it('tells a log that keeps its entries from one that shows each once and forgets it', () => {
    const inputs = [input('req', ['client1', 1], 'srv#0')];
    expect(differentialTest(pair(side(LOGGED), side(LOGGED), inputs), { runs: 5 }).verdict).toBe('no-difference');
    const c = counterexample(differentialTest(pair(side(LOGGED), side(LOGGED.replace('.persist log', '')), inputs), { runs: 5 }));
    expect(c.failure.kind).toBe('not-reproducible');
    expect(c.observation?.held).toEqual([]);
    expect(c.closest[0]?.diff.missing.map((f) => f.key)).toEqual(['log(1) held at the end']);
  });
});

describe('differentialTest: bounds are never a pass', () => {
  it('is inconclusive when the exhaustive scheduler reaches no end state within its bound', () => {
    const v = differentialTest(pair(side(ECHO), side(ECHO), echoInputs), { scheduler: 'exhaustive', maxStates: 2 });
    expect(v.verdict).toBe('inconclusive');
  });
  it('is inconclusive when the wall-time bound cuts the runs short', () => {
    const v = differentialTest(pair(side(ECHO), side(ECHO), echoInputs), { runs: 50, maxWallMs: 0 });
    expect(v.verdict).toBe('inconclusive');
    if (v.verdict === 'inconclusive') expect(v.reason).toMatch(/wall-time bound/);
  });

  // Counts down from each request's id to 0 within one tick; the runaway mutant
  // drops the `t > 0` guard (as paxos-scalable mutant #54 did) and never stops.
  const COUNTDOWN = `.input  req(c: loc, id: int)
.output ans(c: loc, id: int, v: int)
.decl   below(c: loc, id: int, t: int)
.component srv
below(c, i, i) :- req(c, i)
below(c, i, s) :- below(c, i, t), t > 0, s = t - 1
ans@c(c, i, count<t>) :~ below(c, i, t)
`;
  const RUNAWAY = COUNTDOWN.replace('below(c, i, t), t > 0, s = t - 1', 'below(c, i, t), s = t - 1');

  it('reports a rewrite that derives without end within a tick as a counterexample, with the rule and its line', () => {
    const c = counterexample(differentialTest(pair(side(COUNTDOWN), side(RUNAWAY), echoInputs), { runs: 5 }));
    expect(c.failure.kind).toBe('stuck');
    if (c.failure.kind !== 'stuck') return;
    expect(c.failure.stop).toMatchObject({ reason: 'bound', bound: 'facts-per-tick', deriving: { line: 6, ruleText: 'below(c, i, s) :- below(c, i, t), s = t - 1' } });
    expect(c.shrinking?.after.inputs).toBe(1);
  });

  it('never passes when the original hits the bound too: every run, or only some', () => {
    const both = differentialTest(pair(side(RUNAWAY), side(RUNAWAY), echoInputs), { runs: 5 });
    expect(both.verdict).toBe('inconclusive');
    if (both.verdict === 'inconclusive') expect(both.reason).toMatch(/no run reached quiescence.*facts-per-tick limit 10000 exceeded/);
    // Only even ids run away (in both programs): runs with odd ids only pass, the others cannot be judged.
    const some = `${COUNTDOWN}below(c, i, s) :- below(c, i, t), i % 2 == 0, s = t - 1\n`;
    const drawn = differentialTest(pair(side(some), side(some), null), { runs: 30, generatedInputs: 2 });
    expect(drawn.verdict).toBe('inconclusive');
    if (drawn.verdict === 'inconclusive') expect(drawn.reason).toMatch(/^\d+ of 30 runs could not be judged: .*the other runs showed no difference/);
  });
});
