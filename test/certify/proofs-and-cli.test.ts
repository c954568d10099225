/**
 * proofs/ re-checks (so CI does on every run), and the three commands
 * through `main` with captured output.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { z3BinaryAvailable, type Certificate } from '../../src/certify/certificate.js';

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

  it('every certificate records the syntactic facts of each component, and the CD-sound obligations as SMT-LIB files', () => {
    for (const name of readdirSync('proofs', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
      const cert = JSON.parse(readFileSync(join('proofs', name, 'certificate.json'), 'utf8')) as Certificate;
      const components = new Set(cert.analysisFacts.map((f) => f.component));
      expect(components.size, name).toBeGreaterThan(0);
      for (const c of components) {
        for (const kind of ['monotonic', 'functional', 'state-machine']) expect(cert.analysisFacts.map((f) => f.id), name).toContain(`fact.${c}.${kind}`);
      }
      for (const f of cert.analysisFacts) {
        expect(f.method).toBe('syntactic');
        expect(['holds', 'fails']).toContain(f.verdict);
        if (f.verdict === 'fails') expect(f.reasons.length, `${name} ${f.id}`).toBeGreaterThan(0);
      }
      for (const o of cert.obligations.filter((x) => x.kind === 'cd-sound')) expect(readFileSync(join('proofs', name, o.file), 'utf8')).toContain('(check-sat)');
    }
    const voting = JSON.parse(readFileSync('proofs/voting/certificate.json', 'utf8')) as Certificate;
    expect(voting.analysisFacts.find((f) => f.id === 'fact.participant.monotonic')?.verdict).toBe('holds');
    expect(voting.analysisFacts.find((f) => f.id === 'fact.leader.monotonic')?.verdict).toBe('fails');
    expect(voting.analysisFacts.some((f) => f.id.startsWith('fact.leader.split.') && f.kind === 'independent' && f.verdict === 'holds')).toBe(true);
    const hashset = JSON.parse(readFileSync('proofs/hashset-kvs/certificate.json', 'utf8')) as Certificate;
    const cds = hashset.obligations.filter((o) => o.kind === 'cd-sound');
    expect(cds.length).toBeGreaterThan(0);
    expect(cds.every((o) => o.expected === 'unsat' && o.verdict === 'proved')).toBe(true);
  });

  it('a certificate whose recorded facts differ from a fresh analysis is stale (exit 1), naming the fact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proofs-'));
    try {
      cpSync('proofs/voting', join(dir, 'voting'), { recursive: true });
      const file = join(dir, 'voting', 'certificate.json');
      const ok = await cli('proofs', 'verify', dir, '--json');
      expect(ok.code).toBe(0);
      const cert = JSON.parse(readFileSync(file, 'utf8')) as Certificate;
      const flipped = { ...cert, analysisFacts: cert.analysisFacts.map((f) => (f.id === 'fact.participant.monotonic' ? { ...f, verdict: 'fails' as const } : f)) };
      writeFileSync(file, JSON.stringify(flipped, null, 2));
      const r = await cli('proofs', 'verify', dir, '--json');
      expect(r.code).toBe(1);
      const report = JSON.parse(r.out) as { stale: string[]; staleReasons: Record<string, string[]> };
      expect(report.stale).toEqual(['corpus/voting.ded']);
      expect(report.staleReasons['corpus/voting.ded']).toEqual(['fact.participant.monotonic: recorded fails, now holds']);
      const text = await cli('proofs', 'verify', dir);
      expect(text.out).toContain('STALE corpus/voting.ded: fact.participant.monotonic: recorded fails, now holds');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  // The whole folder takes the z3 program ~15 s (one process per script); two programs keep the suite quick:
  // proved FD, CD and partition obligations, and refuted ones.
  it.skipIf(!z3BinaryAvailable())('the z3 program gives the recorded answers too (an independent solver)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proofs-'));
    try {
      for (const name of ['hashset-kvs', 'unsafe.voting-collector-by-voter']) cpSync(join('proofs', name), join(dir, name), { recursive: true });
      const r = await cli('proofs', 'verify', dir, '--solver', 'z3-binary', '--json');
      const report = JSON.parse(r.out) as { checked: number; failed: unknown[] };
      expect(report.failed).toEqual([]);
      expect(report.checked).toBeGreaterThan(50);
      expect(r.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true });
    }
  }, 60_000);

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

  it('compound keys are listed and proved, and a cap that leaves policies out says how many', async () => {
    const r = await cli('analyze', 'corpus/voting.ded', '--component', 'leader', '--json');
    const rep = JSON.parse(r.out) as { components: { keys: { policy: string; verdict: string }[]; keysNotListed?: unknown }[] };
    expect(rep.components[0]!.keys).toContainEqual(expect.objectContaining({ policy: 'done=(client, id),tally=(client, id),vote=(client, id),votes=(client, id)', verdict: 'proved' }));
    expect(rep.components[0]!.keysNotListed).toBeUndefined();
    const capped = await cli('analyze', 'corpus/voting.ded', '--component', 'leader', '--max-keys', '1');
    expect(capped.code).toBe(0);
    expect(capped.out).toContain('... 2 more candidate policies not listed or checked; raise --max-keys to see them');
    const json = JSON.parse((await cli('analyze', 'corpus/voting.ded', '--component', 'leader', '--max-keys', '1', '--json')).out) as { components: { keysNotListed?: unknown }[] };
    expect(json.components[0]!.keysNotListed).toEqual({ more: 2, exhaustive: true });
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

  it('a compound key (client, id): proved; (id, voter) refuted', async () => {
    const ok = await cli('check-partition', 'corpus/voting.ded', '--component', 'leader', '--key', 'vote=(client, id)', '--no-witness');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('completed   done=(client, id),tally=(client, id),vote=(client, id),votes=(client, id)');
    const bad = await cli('check-partition', 'corpus/voting.ded', '--component', 'leader', '--key', 'vote=(id, voter)', '--no-witness');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('REFUTED');
    const broken = await cli('check-partition', 'corpus/voting.ded', '--component', 'leader', '--key', 'vote=(id,');
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('error[bad-policy]');
  });

  it('a bad --key: exit 2 with a bad-policy diagnostic', async () => {
    const r = await cli('check-partition', 'corpus/voting.ded', '--component', 'leader', '--key', 'vote=(id');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[bad-policy]');
  });
});
