import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { ROOT } from '../sim/helpers.js';


const run = runCli;

const dir = mkdtempSync(join(tmpdir(), 'compartment-fuzz-'));
const VOTING = `${ROOT}corpus/voting.ded`;
const SCALABLE = `${ROOT}corpus/voting-scalable.ded`;
const EARLY = `${ROOT}corpus/unsafe/voting-early-reply.ded`;

describe('compartment fuzz', () => {
  it('exits 0 when no difference is found, and says how much it covered', async () => {
    const r = await run('fuzz', VOTING, SCALABLE, '--runs', '20');
    expect(r.code).toBe(0);
    expect(r.out).toContain('result      no difference found');
    expect(r.out).toMatch(/20 runs of the rewritten program \(20 distinct schedules, 1 distinct observation\)/);
    expect(r.out).toContain('invariants  voting: held on every run of both programs');
    // Not a terminal: progress as plain lines on standard error.
    expect(r.err).toMatch(/^fuzz: 2\/20 runs/m);
  });

  it('schedules with the mixed rotation by default and counts runs per strategy; --scheduler random is one strategy', async () => {
    const r = await run('fuzz', VOTING, SCALABLE, '--runs', '8', '--no-progress');
    expect(r.code).toBe(0);
    expect(r.out).toContain('runs        8 (mixed scheduler, seed 1, reliable network)');
    expect(r.out).toContain('runs per strategy: random 2; latency (mean delay 1, input gap 1) 2; pct (depth 1) 2; latency (mean delay 4, input gap 0.2) 2');
    const json = JSON.parse((await run('fuzz', VOTING, SCALABLE, '--runs', '4', '--scheduler', 'random', '--json')).out);
    expect(json.options.scheduler).toBe('random');
    expect(json.stats.strategies).toEqual({ random: 4 });
  });

  it('exits 1 with a shrunk counterexample, written to --out, whose trace replays', async () => {
    const out = join(dir, 'cx');
    const r = await run('fuzz', VOTING, EARLY, '--runs', '20', '--out', out, '--no-progress');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toContain('COUNTEREXAMPLE (run 1): invariant reply-after-all-votes of model voting broken by the rewritten program');
    expect(r.out).toContain("found by the run's scheduler: mixed run 1: random, seed 1000004");
    expect(r.out).toMatch(/shrunk {6}5 -> 1 inputs/);
    expect(r.out).toContain('timeline of the rewritten program');
    for (const f of ['counterexample.trace.json', 'counterexample.txt', 'counterexample.html', 'original.trace.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const html = readFileSync(join(out, 'counterexample.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    const replay = await run('replay', join(out, 'counterexample.trace.json'));
    expect(replay.code).toBe(0);
    expect(replay.out).toMatch(/replay {6}identical/);
    expect(replay.out).toContain('unchanged: SHA-256 matches');
    const original = await run('replay', join(out, 'original.trace.json'));
    expect(original.code).toBe(0);
  });

  it('exits 1 with a counterexample naming the rule when the rewritten program derives without end in a tick', async () => {
    const base = '.input req(c: loc, id: int)\n.output ans(c: loc, id: int, v: int)\n.decl below(c: loc, id: int, t: int)\n.component srv\n' +
      'below(c, i, i) :- req(c, i)\nbelow(c, i, s) :- below(c, i, t), t > 0, s = t - 1\nans@c(c, i, count<t>) :~ below(c, i, t)\n';
    const original = join(dir, 'countdown.ded');
    const runaway = join(dir, 'countdown-runaway.ded');
    writeFileSync(original, base);
    writeFileSync(runaway, base.replace('below(c, i, t), t > 0, s = t - 1', 'below(c, i, t), s = t - 1'));
    const r = await run('fuzz', original, runaway, '--runs', '5', '--no-progress');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toContain('COUNTEREXAMPLE (run 1)');
    expect(r.out).toContain('facts-per-tick limit 10000 exceeded');
    expect(r.out).toContain('(line 6) was deriving: below(c, i, s) :- below(c, i, t), s = t - 1');
    expect(r.out).not.toMatch(/most active rules: *\n/);
  });

  it('prints the verdict as JSON', async () => {
    const r = await run('fuzz', VOTING, EARLY, '--runs', '5', '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { verdict: string; ok: boolean; counterexample: { failure: { kind: string; invariant: string }; inputs: unknown[]; schedule: number[] } };
    expect(json).toMatchObject({ verdict: 'counterexample', ok: false, counterexample: { failure: { kind: 'invariant', invariant: 'reply-after-all-votes' } } });
    expect(json.counterexample.inputs).toHaveLength(1);
  });

  it('takes a shrinking time bound, and refuses one that is not a positive number', async () => {
    const r = await run('fuzz', VOTING, EARLY, '--runs', '5', '--shrink-time', '30', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ counterexample: { shrinking: { timedOut: false } } });
    const bad = await run('fuzz', VOTING, EARLY, '--shrink-time', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/shrink-time/);
  });

  it('takes the budget of guided walks of the original, and says it used it', async () => {
    const r = await run('fuzz', VOTING, SCALABLE, '--runs', '3', '--walks', '500', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ options: { walks: 500 } });
    expect((await run('fuzz', VOTING, SCALABLE, '--walks', 'many')).code).toBe(2);
  });

  it('runs under faults and with the PCT and exhaustive schedulers', async () => {
    expect((await run('fuzz', VOTING, SCALABLE, '--runs', '10', '--faults', 'drop,crash', '--no-progress')).code).toBe(0);
    expect((await run('fuzz', VOTING, SCALABLE, '--runs', '10', '--scheduler', 'pct', '--no-progress')).code).toBe(0);
    const workload = join(dir, 'one.json');
    writeFileSync(workload, JSON.stringify({ inputs: [{ relation: 'request', tuple: ['c1', 1, 'x'], to: 'leader#0' }] }));
    const ex = await run('fuzz', VOTING, SCALABLE, '--runs', '10', '--scheduler', 'exhaustive', '--workload', workload, '--max-states', '1500', '--no-progress');
    expect(ex.code).toBe(0);
    expect(ex.out).toContain('exhaustive scheduler');
    expect(ex.out).toMatch(/exhaustive exploration of the rewritten program: 1500 distinct states, cut short/);
  });

  it.each([
    [['fuzz', VOTING], /missing required argument 'rewritten'/],
    [['fuzz', VOTING, join(dir, 'nope.ded')], /nope\.ded: error\[io-error\]: no such file/],
    [['fuzz', VOTING, SCALABLE, '--faults', 'fire'], /unknown fault "fire"/],
    [['fuzz', VOTING, SCALABLE, '--scheduler', 'lucky'], /argument 'lucky' is invalid/],
    [['fuzz', VOTING, SCALABLE, '--model', 'nope'], /unknown reference model `nope`/],
    [['fuzz', VOTING, `${ROOT}corpus/2pc.ded`], /both programs must get the same input facts|workloads/],
  ])('exits 2 on bad input: %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('explains itself in --help', async () => {
    const r = await run('fuzz', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--faults <list>');
    expect(r.out).toContain('Exit codes:');
    expect(r.out).toContain('general-omission');
  });
});

describe('compartment replay', () => {
  it('exits 2 on a file that is not a trace, and 1 when the replay diverges', async () => {
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"format": "other"}');
    const r = await run('replay', junk);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a compartment trace/);
    const out = join(dir, 'cx2');
    await run('fuzz', VOTING, EARLY, '--runs', '3', '--out', out, '--no-progress');
    const diverged = await run('replay', join(out, 'counterexample.trace.json'), '--program', VOTING);
    expect(diverged.code).toBe(1);
    expect(diverged.out).toContain('CHANGED since the trace was written');
    expect(diverged.out).toMatch(/DIVERGED at step \d+/);
  });
});
