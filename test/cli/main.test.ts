import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { ROOT, VOTING } from '../sim/helpers.js';
import type { Trace } from '../../src/sim/index.js';


const run = runCli;

const dir = mkdtempSync(join(tmpdir(), 'compartment-cli-'));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const BAD = file('bad.ded', '.decl a(x: int)\n.component c\na(x) :- vots(x)\n');
const COUNTER = file('counter.ded', '.input start(x: int)\n.output n(x: int)\n.component c\nn(x) :- start(x)\nn(x + 1) :+ n(x)\n');
const JUNK = file('junk.ded', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe]));
mkdirSync(join(dir, 'folder.ded'));

describe('compartment check', () => {
  it('exits 0 on a clean file', async () => {
    const r = await run('check', VOTING);
    expect(r).toEqual({ code: 0, out: `${VOTING}: ok\n`, err: '' });
  });

  it('exits 2 with file:line:col: error[code] on a bad file, and checks every file', async () => {
    const r = await run('check', BAD, VOTING);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${BAD}:3:9: error[unknown-relation]:`);
    expect(r.out).toContain(' 3 | a(x) :- vots(x)');
    expect(r.out).toContain(`${VOTING}: ok`);
    expect(r.out).toContain('1 of 2 files have errors');
  });

  it('prints diagnostics as JSON with --json', async () => {
    const r = await run('check', '--json', BAD);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out) as { ok: boolean; files: { file: string; ok: boolean; diagnostics: { code: string; span: { line: number } }[] }[] };
    expect(json.ok).toBe(false);
    expect(json.files[0]).toMatchObject({ file: BAD, ok: false, diagnostics: [{ code: 'unknown-relation', span: { line: 3 } }] });
    const clean = await run('check', '--json', VOTING);
    expect(JSON.parse(clean.out)).toEqual({ ok: true, files: [{ file: VOTING, ok: true, diagnostics: [] }] });
  });

  it.each([
    ['a missing file', join(dir, 'missing.ded'), 'no such file'],
    ['a directory', join(dir, 'folder.ded'), 'directory'],
    ['binary junk', JUNK, 'not a text file'],
  ])('reports %s in one line and exits 2', async (_what, path, message) => {
    const r = await run('check', path);
    expect(r.code).toBe(2);
    expect(r.out.trimEnd().split('\n')).toHaveLength(1);
    expect(r.out).toContain(`${path}: error[io-error]: `);
    expect(r.out).toContain(message);
  });
});

describe('compartment print', () => {
  it('prints canonical text that checks again', async () => {
    const r = await run('print', VOTING);
    expect(r.code).toBe(0);
    expect(r.out).toContain('.component leader\nballot@p(c, i, v) :~ request(c, i, v), participant(p)\n');
    expect(r.out).not.toContain('#');
    const again = await run('check', file('printed.ded', r.out));
    expect(again.code).toBe(0);
  });

  it('prints a file that parses but does not check (checking is `check`\'s job)', async () => {
    const r = await run('print', BAD);
    expect(r).toEqual({ code: 0, out: '.decl a(x: int)\n\n.component c\na(x) :- vots(x)\n', err: '' });
  });

  it('exits 2 on a syntax error', async () => {
    const r = await run('print', file('syntax.ded', '.component c\na(x :- b(x)\n'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/syntax\.ded:2:\d+: error\[syntax-error\]/);
    expect(r.out).toBe('');
  });

  it('exits 2 on a missing file', async () => {
    const r = await run('print', join(dir, 'nope.ded'));
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('compartment simulate', () => {
  it('runs voting with its deployment and workload, every request answered exactly once', async () => {
    const r = await run('simulate', VOTING);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain(`deployment  ${ROOT}corpus/voting.deploy.json: leader#0, participant#0, participant#1, participant#2`);
    expect(r.out).toContain(`workload    ${ROOT}corpus/voting.workload.json: 5 inputs`);
    expect(r.out).toContain('seed        1');
    expect(r.out).toContain('result      quiescent');
    expect(r.out).toContain('observed    5 output facts, each exactly once:');
    for (const line of [
      'reply("client1", 1, "apple")  at client1  x1',
      'reply("client2", 1, "pear")   at client2  x1',
      'reply("client1", 2, "plum")   at client1  x1',
      'reply("client3", 7, "fig")    at client3  x1',
      'reply("client2", 2, "kiwi")   at client2  x1',
    ]) {
      expect(r.out).toContain(line);
    }
  });

  it('gives the same report for the same seed', async () => {
    const a = await run('simulate', VOTING, '--seed', '42');
    const b = await run('simulate', VOTING, '--seed', '42');
    expect(b.out).toBe(a.out);
    expect(a.out).toContain('seed        42');
  });

  it('generates and prints a reproducible workload when there is no workload file', async () => {
    const copy = file('vote.ded', readFileSync(VOTING, 'utf8'));
    const r = await run('simulate', copy, '--seed', '3', '--inputs', '3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('deployment  none given, one instance of each component: leader#0, participant#0');
    expect(r.out).toContain('workload    generated from seed 3: 3 inputs');
    const json = r.out.slice(r.out.indexOf('{ "inputs"'), r.out.indexOf('] }') + 3).replace(/^ +/gm, '');
    const saved = file('vote.saved.json', json);
    const again = await run('simulate', copy, '--seed', '3', '--workload', saved);
    expect(again.code).toBe(0);
    const observed = (s: string): string => s.slice(s.indexOf('observed'));
    expect(observed(again.out)).toBe(observed(r.out));
  });

  it('exits 1, not 0, when a bound is hit, and names the rule', async () => {
    const r = await run('simulate', COUNTER, '--max-steps', '200');
    expect(r.code).toBe(1);
    expect(r.out).toContain('result      bound hit, not quiescent: step limit reached: 200 steps without quiescence');
    expect(r.out).toContain('n(x + 1) :+ n(x)');
    expect(r.out).toContain('the run was cut short');
  });

  it('exits 1 with the facts-per-tick bound and the rule, not a crash, when a tick derives without end', async () => {
    // Line 5 derives below(s) for ever smaller s within one tick.
    const runaway = file('runaway.ded', '.input start(x: int)\n.output below(x: int)\n.component c\nbelow(x) :- start(x)\nbelow(s) :- below(t), s = t - 1\n');
    const r = await run('simulate', runaway, '--max-facts', '1000');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toContain(
      'result      bound hit, not quiescent: facts-per-tick limit 1000 exceeded: 1001 facts in one tick at c#0, stopped while rule 1 (line 5) was deriving: below(s) :- below(t), s = t - 1',
    );
    expect(r.out).toContain('the run was cut short');
    const json = JSON.parse((await run('simulate', runaway, '--json')).out) as { quiescent: boolean; result: unknown };
    expect(json).toMatchObject({ quiescent: false, result: { reason: 'bound', bound: 'facts-per-tick', limit: 10000, reached: 10001, deriving: { rule: 1, line: 5 } } });
  });

  it('prints a JSON report with --json', async () => {
    const r = await run('simulate', VOTING, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { quiescent: boolean; result: { reason: string }; observations: { count: number }[]; workload: { generated: boolean } };
    expect(json.quiescent).toBe(true);
    expect(json.result.reason).toBe('quiescent');
    expect(json.observations).toHaveLength(5);
    expect(json.workload.generated).toBe(false);
    const bound = JSON.parse((await run('simulate', COUNTER, '--max-steps', '50', '--json')).out) as { quiescent: boolean; result: { reason: string; bound: string } };
    expect(bound).toMatchObject({ quiescent: false, result: { reason: 'bound', bound: 'steps' } });
  });

  it('writes a replayable JSON trace with --trace and prints it with --show-trace', async () => {
    const path = join(dir, 'trace.json');
    const r = await run('simulate', VOTING, '--trace', path, '--show-trace');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`trace       ${path}`);
    expect(r.out).toMatch(/\nstep +1 {2}/);
    const trace = JSON.parse(readFileSync(path, 'utf8')) as Trace;
    expect(trace).toMatchObject({ format: 'compartment-trace', seed: 1, stop: { reason: 'quiescent' } });
    expect(trace.choices.length).toBe(trace.steps.length);
  });

  it.each([
    ['a missing program', [join(dir, 'missing.ded')], /missing\.ded: error\[io-error\]: no such file/],
    ['a directory', [join(dir, 'folder.ded')], /folder\.ded: error\[io-error\]: is a directory/],
    ['binary junk', [JUNK], /junk\.ded: error\[io-error\]: is not a text file/],
    ['a missing deployment', [VOTING, '--deploy', join(dir, 'none.json')], /none\.json: error\[io-error\]: no such file \(the deployment file\)/],
    ['a missing workload', [VOTING, '--workload', join(dir, 'none.json')], /none\.json: error\[io-error\]: no such file \(the workload file\)/],
    ['a malformed workload', [VOTING, '--workload', file('trunc.json', '{"inputs": [')], /trunc\.json: error\[bad-input\]: workload is not valid JSON/],
  ])('reports %s in one line and exits 2', async (_what, args, message) => {
    const r = await run('simulate', ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
  });

  it('exits 2 on an invalid program, deployment or workload', async () => {
    expect((await run('simulate', BAD)).code).toBe(2);
    const d = await run('simulate', VOTING, '--deploy', file('d.json', '{"components": {"leader": {"instances": 1}}}'));
    expect(d.code).toBe(2);
    expect(d.err).toContain('error[bad-input]: deployment: component "participant" is missing');
    const w = await run('simulate', VOTING, '--workload', file('w.json', '{"inputs": [{"relation": "reply", "tuple": []}]}'));
    expect(w.code).toBe(2);
    expect(w.err).toContain('"reply" is not an .input relation');
  });
});

describe('usage errors', () => {
  it.each([
    [['simulate', VOTING, '--bogus'], /^error: unknown option '--bogus'/],
    [['check', '--nope', VOTING], /^error: unknown option '--nope'/],
    [['simulate'], /^error: missing required argument 'file'/],
    [['check'], /^error: missing required argument 'file'/],
    [['frobnicate'], /^error: unknown command 'frobnicate'/],
    [['simulate', VOTING, '--seed', 'abc'], /^error: option '-s, --seed <n>' argument 'abc' is invalid/],
    [['simulate', VOTING, '--max-steps', '0'], /max-steps must be an integer >= 1/],
    [['simulate', VOTING, '--max-steps'], /argument missing/],
  ])('%j exits 2 with a short error', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('shows help and exits 2 with no command', async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage: compartment');
  });
});

describe('help and version', () => {
  it.each([['check'], ['print'], ['simulate']])('%s --help explains the command and the exit codes', async (cmd) => {
    const r = await run(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: compartment ${cmd}`);
    expect(r.out).toContain('Exit codes:');
    expect(r.out).toContain('2  usage error or bad input');
  });

  it('simulate --help describes the file formats', async () => {
    const r = await run('simulate', '--help');
    expect(r.out).toContain('Deployment file (JSON)');
    expect(r.out).toContain('Workload file (JSON)');
    expect(r.out).toContain('NAME#i');
    expect(r.out).toContain('--max-steps');
  });

  it('--help and help list the commands', async () => {
    for (const argv of [['--help'], ['help']]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      for (const c of ['check', 'print', 'simulate']) expect(r.out).toContain(c);
    }
    expect((await run('help', 'simulate')).out).toContain('Usage: compartment simulate');
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await run('--version')).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });
});
