/**
 * The analyses, without a solver: FDs (sources, recursion through `:+`,
 * loss across two defining rules), partition key search (co-hashing, through
 * FDs, none where none exists), and the rewrite preconditions.
 */
import { describe, expect, it } from 'vitest';
import { compileSource } from '../support/compile.js';
import { loadProgram } from '../../src/load.js';
import { loadDeployment } from '../../src/sim/index.js';
import { componentScope, contextOf, scopeInputs, scopeOutputs } from '../../src/analysis/scope.js';
import { fdsByRelation, inferFds, printFd } from '../../src/analysis/fds.js';
import { findKeys, printPolicy } from '../../src/analysis/keys.js';
import { functional, independence, monotonic, stateMachine } from '../../src/analysis/properties.js';
import { decouplings } from '../../src/analysis/decouple.js';
import { coPartitionDeps, printCd } from '../../src/analysis/cds.js';
import type { CheckedProgram } from '../../src/ir/types.js';

function corpus(name: string): { program: CheckedProgram; ctx: ReturnType<typeof contextOf> } {
  const r = loadProgram(`corpus/${name}.ded`);
  if (!r.ok) throw new Error(`corpus/${name}.ded does not load`);
  const d = loadDeployment(`corpus/${name}.deploy.json`, r.checked);
  return { program: r.checked, ctx: contextOf(r.checked, d.deployment?.edb) };
}

const fdTexts = (p: CheckedProgram, singletons: string[] = []): string[] => inferFds({ program: p, singletons: new Set(singletons), constants: new Map() }).map((f) => printFd(f, p));

describe('functional dependencies', () => {
  it('come from .fn assignments and are inherited through rule bodies', () => {
    const p = compileSource(`.input in(k: int, v: string)
.fn f(x: int) -> int
.decl a(k: int, h: int)
.decl b(h: int, k: int, z: int)
.component c
a(k, h) :- in(k, v), h = f(k)
b(h, k, 1) :- a(k, h)`);
    const fds = fdTexts(p);
    expect(fds).toContain('a: k -> h  (h = f(k))');
    expect(fds).toContain('b: k -> h  (h = f(k))');
    expect(fds).toContain('b: () -> z  (z = 1)');
    expect(fds.some((f) => f.startsWith('in:'))).toBe(false);
  });

  it('come from attributes that always share a variable', () => {
    const p = compileSource(`.input in(x: int)
.decl twice(a: int, b: int)
.component c
twice(x, x) :- in(x)`);
    expect(fdTexts(p).sort()).toEqual(['twice: a -> b  (b = a)', 'twice: b -> a  (a = b)']);
  });

  it('survive recursion through :+ (persistence keeps them)', () => {
    const p = compileSource(`.input in(k: int)
.decl s(k: int, h: int)
.component c
s(k, h) :- in(k), h = hash(k)
s(k, h) :+ s(k, h)
s(k, h) :+ s(j, g), k = j + 1, h = hash(k)`);
    expect(fdTexts(p)).toEqual(['s: k -> h  (h = hash(k))']);
  });

  it('are lost when two defining rules disagree (intersection)', () => {
    const p = compileSource(`.input in(k: int)
.decl s(k: int, h: int)
.component c
s(k, h) :- in(k), h = hash(k)
s(k, h) :- in(k), h = k + 1`);
    expect(fdTexts(p)).toEqual([]);
  });

  it('are lost through recursion that does not keep them', () => {
    const p = compileSource(`.input in(k: int)
.input other(k: int, h: int)
.decl s(k: int, h: int)
.component c
s(k, h) :- in(k), h = hash(k)
s(k, h) :+ s(k, g), other(k, h)`);
    expect(fdTexts(p)).toEqual([]);
  });

  it('use single-fact .edb relations as constants (the hashset bucket)', () => {
    const { program, ctx } = corpus('hashset-kvs');
    expect(inferFds(ctx).map((f) => printFd(f, program))).toEqual([
      'hashset: value -> bucket  (bucket = hash(value) % buckets)',
      'verified: value -> bucket  (bucket = hash(value) % buckets)',
    ]);
    // Without the deployment, `buckets` may hold many facts: no FD.
    expect(fdTexts(program)).toEqual([]);
  });
});

describe('candidate partition keys (syntactic search)', () => {
  const keys = (name: string, component: string): string[] => {
    const { program, ctx } = corpus(name);
    return findKeys(ctx, componentScope(program, component), fdsByRelation(inferFds(ctx))).map(printPolicy);
  };

  it('voting: the leader by request (id or client), never by payload or voter', () => {
    const k = keys('voting', 'leader');
    expect(k).toContain('done=id,tally=id,vote=id,votes=id');
    expect(k).toContain('done=client,tally=client,vote=client,votes=client');
    expect(k.some((x) => x.includes('vote=voter') || x.includes('vote=payload'))).toBe(false);
  });

  it('2pc: the coordinator by transaction', () => {
    expect(keys('2pc', 'coordinator')).toEqual(['ack=txn,ack_count=txn,acks=txn,begin=txn,client_of=txn,decided=txn,decision=txn,ended=txn,finish=txn,log=txn,vote=txn,votes=txn,yes_votes=txn']);
  });

  it('hashset: the storage by hash of the value, through the FD value -> bucket', () => {
    expect(keys('hashset-kvs', 'storage')[0]).toBe('collisions=hash(value) % buckets,hashset=bucket,store=hash(value) % buckets,verified=bucket');
  });

  it('paxos-scalable: the proxies by slot (and by ballot)', () => {
    expect(keys('paxos-scalable', 'p2b_proxy')).toContain('announced=slot,chosen=slot,p2b=slot,p2b_ok=slot,votes=slot');
  });

  it('finds none where none exists: an aggregate over everything (the paxos acceptor and proposer)', () => {
    expect(keys('paxos', 'acceptor')).toEqual([]);
    expect(keys('paxos', 'proposer')).toEqual([]);
  });

  it('a broadcast sender by the digest its payload hashes to', () => {
    expect(keys('broadcast-pipeline', 'sender')).toEqual(['entry=digest,log=digest,submit=hash(hash(hash(payload)))']);
  });
});

describe('rewrite preconditions', () => {
  const { program } = corpus('voting');
  const leader = componentScope(program, 'leader');
  const participant = componentScope(program, 'participant');

  it('inputs and outputs of a component', () => {
    expect(scopeInputs(program, leader)).toEqual(['request', 'vote']);
    expect(scopeOutputs(program, leader)).toEqual(['ballot', 'reply']);
  });

  it('the voting leader is not monotonic (guarded persistence), the participant is and is functional', () => {
    const m = monotonic(program, leader);
    expect(m.holds).toBe(false);
    expect(m.reasons.join()).toContain('negates `done`');
    expect(monotonic(program, participant).holds).toBe(true);
    expect(functional(program, participant).holds).toBe(true);
    expect(functional(program, leader).reasons.join()).toContain('aggregates');
  });

  it('a threshold over a growing count is monotonic; passing the count on is not', () => {
    const ok = compileSource(`.input vote(id: int, p: loc)
.output done(id: int)
.decl n(id: int, k: int)
.component c
n(i, count<p>) :- vote(i, p)
done(i) :- n(i, k), k >= 3`);
    expect(monotonic(ok, componentScope(ok, 'c')).holds).toBe(true);
    const bad = compileSource(`.input vote(id: int, p: loc)
.output tally(id: int, k: int)
.decl n(id: int, k: int)
.component c
n(i, count<p>) :- vote(i, p)
tally(i, k) :- n(i, k)`);
    expect(monotonic(bad, componentScope(bad, 'c')).reasons.join()).toContain('passes on the running aggregate');
  });

  it('state machine: state that changes without an input is not one', () => {
    const p = compileSource(`.input in(x: int)
.decl s(x: int)
.decl tick(x: int)
.component c
s(x) :+ in(x)
s(x) :+ s(x)
tick(y) :+ tick(x), y = x + 1`);
    const sm = stateMachine(p, componentScope(p, 'c'));
    expect(sm.holds).toBe(false);
    expect(sm.reasons.join()).toContain('existence dependency');
    expect(stateMachine(program, participant).holds).toBe(true);
  });

  it('independence of rule sets', () => {
    const ballotRule = leader.rules.filter((r) => r.head.relation === 'ballot');
    const rest = leader.rules.filter((r) => r.head.relation !== 'ballot');
    expect(independence(program, ballotRule, rest).mutual).toBe(true);
    const votes = leader.rules.filter((r) => r.head.relation === 'votes');
    const tally = leader.rules.filter((r) => r.head.relation === 'tally');
    const ind = independence(program, votes, tally);
    expect(ind.mutual).toBe(false);
    expect(ind.bIgnoresA).toBe(false);
    expect(ind.aIgnoresB).toBe(true);
  });

  it('decoupling: the voting leader splits into ballot sending and vote collection (mutually independent), as voting-scalable does', () => {
    const ds = decouplings(program, leader);
    const collector = ds.find((d) => d.derives.includes('votes'));
    expect(collector?.derives).toEqual(['done', 'size', 'tally', 'votes']);
    expect(collector?.rewrites).toContain('mutually-independent');
  });

  it('co-partition dependencies: shared variables, and functions through assignments', () => {
    const { program: p, ctx } = corpus('hashset-kvs');
    const cds = coPartitionDeps(ctx, componentScope(p, 'storage'), fdsByRelation(inferFds(ctx))).map((c) => printCd(c, ctx));
    expect(cds).toContain('hashset.bucket = verified.bucket');
    const q = compileSource(`.input a(x: int, y: int)
.input b(h: int, z: int)
.output o(x: int, z: int)
.component c
o(x, z) :- a(x, y), h = hash(x), b(h, z)`);
    const qctx = contextOf(q);
    expect(coPartitionDeps(qctx, componentScope(q, 'c'), new Map()).map((c) => printCd(c, qctx))).toEqual(['b.h = hash(a.x)']);
  });
});
