/**
 * proofs/ re-checks (so CI does on every run), and the three commands
 * through `main` with captured output.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

afterAll(async () => {
  await shutdownZ3();
});

const cli = runCli;

describe('proofs/', () => {
  it('every certificate re-checks with its recorded answer and is not stale', async () => {
    const r = await cli('proofs', 'verify', 'proofs', '--json');
    const report = JSON.parse(r.out) as { checked: number; failed: unknown[]; stale: string[] };
    expect(report.failed).toEqual([]);
    expect(report.stale).toEqual([]);
    expect(report.checked).toBeGreaterThan(200);
    expect(r.code).toBe(0);
  });

  it('a missing folder is a usage error', async () => {
    expect((await cli('proofs', 'verify', 'no/such/dir')).code).toBe(2);
  });
});

describe('analyze', () => {
  it('2pc: the coordinator is partitionable by transaction', async () => {
    const r = await cli('analyze', 'corpus/2pc.ded', '--component', 'coordinator');
    expect(r.code).toBe(0);
    expect(r.out).toContain('component coordinator');
    expect(r.out).toMatch(/partition keys\s+\(each proved by Z3/);
    expect(r.out).toContain('begin=txn');
  });

  it('paxos acceptor: no key', async () => {
    const r = await cli('analyze', 'corpus/paxos.ded', '--component', 'acceptor', '--json');
    const rep = JSON.parse(r.out) as { components: { keys: { verdict: string }[] }[] };
    expect(rep.components[0]!.keys.filter((k) => k.verdict === 'proved')).toEqual([]);
  });

  it('an unknown component is a usage error', async () => {
    const r = await cli('analyze', 'corpus/2pc.ded', '--component', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown-component-name');
  });
});

describe('check-partition', () => {
  it('proved: exit 0', async () => {
    const r = await cli('check-partition', 'corpus/voting.ded', '--component', 'leader', '--key', 'vote=id');
    expect(r.code).toBe(0);
    expect(r.out).toContain('verdict     proved');
  });

  it('refuted: exit 1, with the counterexample and the divergent run', async () => {
    const r = await cli('check-partition', 'corpus/voting.ded', '--component', 'leader', '--key', 'vote=voter');
    expect(r.code).toBe(1);
    expect(r.out).toContain('REFUTED');
    expect(r.out).toContain('counterexample in rule');
    expect(r.out).toContain('divergent run');
  });

  it('a bad --key: exit 2 with a bad-policy diagnostic', async () => {
    const r = await cli('check-partition', 'corpus/voting.ded', '--component', 'leader', '--key', 'vote=(id');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[bad-policy]');
  });
});
