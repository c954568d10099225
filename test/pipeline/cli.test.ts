/**
 * `compartment certify` and `compartment rewrite` from the command line: exit
 * codes (0 certified, 1 refuted, 2 bad input, 3 unknown), what they print,
 * the files they write, JSON and JUnit output.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';


const run = runCli;

const dir = mkdtempSync(join(tmpdir(), 'compartment-certify-cli-'));

describe('compartment certify', () => {
  it('exits 0 on voting --auto, prints JSON, and writes a JUnit report', async () => {
    const junit = join(dir, 'voting.junit.xml');
    const r = await run('certify', 'corpus/voting.ded', '--auto', '--runs', '10', '--json', '--junit', junit);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { ok: boolean; verdict: string; steps: { rewrite: string }[]; differential: { verdict: string; runs: number }[] };
    expect(json).toMatchObject({ ok: true, verdict: 'certified' });
    expect(json.steps).toHaveLength(5);
    expect(json.differential).toEqual([expect.objectContaining({ verdict: 'no-difference', runs: 10 })]);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="compartment certify" tests="\d+" failures="0" errors="0"/);
    expect(xml).toContain('classname="certify.differential"');
    expect(xml.match(/<testcase /g)?.length).toBe(17 + 6 + 1);
  });

  it('exits 1 on a plan that partitions on the wrong key, printing Z3\'s counterexample and the simulator run', async () => {
    const r = await run('certify', 'corpus/voting.ded', '--plan', 'corpus/plans/voting-collector-by-voter.json', '--runs', '10');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ {6}counterexample \(Z3, part\.collector\.\w+\.r3\.group\) in rule `tally\(c, i, v, count<p>\) :- votes\(c, i, v, p\)`:$/m);
    expect(r.out).toMatch(/^ {6}divergent run \(collector whole vs 2 partitions, src\/eval\):$/m);
    expect(r.out).toMatch(/^ {8}from Z3 {2}request\("client_z3", 0, ""\) -> leader#0 {3}\(for vote\(/m);
    expect(r.out).toMatch(/^ {8}COUNTEREXAMPLE at run \d+: invariant every-request-answered of model voting broken by the rewritten program$/m);
    expect(r.out).toMatch(/^ {8}\| inputs {6}\S+counterexample\.workload\.json: 1 input, the same facts for both$/m);
    expect(r.out).toMatch(/^verdict {5}REFUTED: step 3 \(partition-cohash collector\) is refuted by Z3/m);
  });

  it('exits 1 on a plan that decouples a non-monotonic part, printing Z3\'s counterexample and the run on it; exits 3 when Z3 cannot decide', async () => {
    const r = await run('certify', 'corpus/2pc.ded', '--plan', 'corpus/plans/2pc-ender-presumes-abort.json', '--runs', '60');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ {6}counterexample \(Z3, decouple\.coordinator\.ender\.r18\.mono1\) in rule `outcome@c\(c, t, "abort"\) :~ finish\(t\), client_of\(t, c\), !decided\(t, "commit"\)`:$/m);
    expect(r.out).toMatch(/^ {8}late {3}decided\(/m);
    expect(r.out).toMatch(/^ {8}from Z3 {2}begin\("client_z3", -?\d+\) -> coordinator#0/m);
    expect(r.out).toMatch(/^ {8}COUNTEREXAMPLE at run \d+: invariant answer-matches-decision of model 2pc broken by the rewritten program$/m);
    const u = await run('certify', 'corpus/2pc.ded', '--plan', 'corpus/plans/2pc-ender-presumes-abort.json', '--rlimit', '1');
    expect(u.code).toBe(3);
    expect(u.out).toMatch(/^verdict {5}UNKNOWN: step 1: Z3 could not decide decouple\.coordinator\.ender\.r18\.mono1 \(resource limit 1 exceeded \(--rlimit\)\)/m);
  });

  it('exits 3 when Z3 runs out of resources (--rlimit, the same on every machine): unknown is never a pass', async () => {
    const r = await run('certify', 'corpus/voting.ded', '--plan', 'corpus/plans/voting-scalable.json', '--rlimit', '1', '--runs', '5');
    expect(r.code).toBe(3);
    // Steps 1 to 4 have no solver obligation; step 5's first is out of resources.
    expect(r.out).toMatch(/^verdict {5}UNKNOWN: step 5: Z3 could not decide \S+ \(resource limit 1 exceeded \(--rlimit\)\); unknown is never a pass$/m);
    expect(r.out).toMatch(/^static .* \(z3-solver Z3 [\d.]+, 10000 ms and rlimit 1 each at most\)$/m);
  });

  it('a resource limit large enough changes nothing: voting-scalable is certified', async () => {
    const r = await run('certify', 'corpus/voting.ded', '--plan', 'corpus/plans/voting-scalable.json', '--rlimit', '50000000', '--runs', '5');
    expect(r.code).toBe(0);
  });

  it('--timeout still bounds each obligation (exit 3 when a 1 ms limit is hit; not asserted: a fast machine may finish)', async () => {
    const r = await run('certify', 'corpus/voting.ded', '--plan', 'corpus/plans/voting-scalable.json', '--timeout', '1', '--runs', '5');
    expect([0, 3]).toContain(r.code);
    if (r.code === 3) expect(r.out).toMatch(/^verdict {5}UNKNOWN: step \d: Z3 could not decide .*timeout after 1 ms.*; unknown is never a pass$/m);
  });

  it.each([
    [['certify', 'corpus/voting.ded'], /say what to apply: --plan PLAN.json \(docs\/plans.md\) or --auto/],
    [['certify', 'corpus/voting.ded', '--auto', '--plan', 'corpus/plans/voting-scalable.json'], /give either --plan PLAN.json or --auto, not both/],
    [['certify', 'corpus/voting.ded', '--plan', 'nosuch.json'], /nosuch.json: error\[io-error\]: no such file \(the plan file\)/],
    [['certify', 'corpus/2pc.ded', '--plan', 'corpus/plans/voting-scalable.json'], /error\[unknown-component-name\]: plan step 1 \(decouple leader\): no component `leader`/],
    [['certify', 'nosuch.ded', '--auto'], /nosuch.ded: error\[io-error\]: no such file/],
    [['certify', 'corpus/voting.ded', '--auto', '--partitions', '1'], /partitions must be an integer >= 2/],
  ])('exits 2 on bad input: %j', async (argv, message) => {
    const r = await run(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('compartment rewrite', () => {
  it('writes the program, its deployment and workload, and says it is not certified', async () => {
    const out = join(dir, 'v.ded');
    const r = await run('rewrite', 'corpus/voting.ded', '--plan', 'corpus/plans/voting-scalable.json', '-o', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NOT certified: no Z3 obligation was discharged and no differential test was run; run `compartment certify corpus\/voting.ded --plan corpus\/plans\/voting-scalable.json`$/m);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Rewritten from corpus\/voting.ded by compartment rewrite \(plan: corpus\/plans\/voting-scalable.json\)\. NOT certified: run compartment certify\.$/m);
    expect(JSON.parse(readFileSync(join(dir, 'v.deploy.json'), 'utf8')).components.collector).toEqual({ instances: 1, partitions: 2 });
    expect(existsSync(join(dir, 'v.workload.json'))).toBe(true);
    // The written program runs as it is.
    const sim = await run('simulate', out);
    expect(sim.code).toBe(0);
  });

  it('refuses a step whose precondition fails (exit 1, nothing written) unless forced (exit 1, marked)', async () => {
    const out = join(dir, 'ender.ded');
    const r = await run('rewrite', 'corpus/2pc.ded', '--plan', 'corpus/plans/2pc-ender-presumes-abort.json', '-o', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^rewrite: step 1 \(decouple-monotonic coordinator\) is refused: its precondition fails:$/m);
    expect(existsSync(out)).toBe(false);
    const f = await run('rewrite', 'corpus/2pc.ded', '--plan', 'corpus/plans/2pc-ender-presumes-abort.json', '-o', out, '--force');
    expect(f.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Step 1 was FORCED past a failing precondition\.$/m);
  });

  it('exits 2 on a plan that does not parse', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"steps": [{"rewrite": "decouple"}]}');
    const r = await run('rewrite', 'corpus/voting.ded', '--plan', bad, '-o', join(dir, 'x.ded'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error\[bad-input\]: plan: steps\[0\]\.component must be a component name/);
  });
});
