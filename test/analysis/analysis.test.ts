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
import { findKeys, printPolicy, searchKeys } from '../../src/analysis/keys.js';
import { functional, independence, monotonic, stateMachine } from '../../src/analysis/properties.js';
import { decouplings } from '../../src/analysis/decouple.js';
import { coPartitionDeps, printCd } from '../../src/analysis/cds.js';
import type { CheckedProgram, Tuple } from '../../src/ir/types.js';
import { stateMachineAnalysis } from '../../src/analysis/state-machine.js';
import { compileComponent } from '../../src/eval/evaluator.js';
import { Topology } from '../../src/sim/topology.js';

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

  it('compound keys: the voting leader by (client, id), after the single attributes; never a pair with a constant or one attribute twice', () => {
    const { program, ctx } = corpus('voting');
    const s = searchKeys(ctx, componentScope(program, 'leader'), new Map(), { limit: 10, compound: true, countMore: true });
    const texts = s.policies.map(printPolicy);
    expect(texts.slice(0, 2)).toEqual(['done=client,tally=client,vote=client,votes=client', 'done=id,tally=id,vote=id,votes=id']);
    expect(texts).toContain('done=(client, id),tally=(client, id),vote=(client, id),votes=(client, id)');
    // (id, client) spreads like (client, id): listed once.
    expect(texts).not.toContain('done=(id, client),tally=(id, client),vote=(id, client),votes=(id, client)');
    expect(texts.some((t) => t.includes('voter'))).toBe(false);
    const twoPc = corpus('2pc');
    const p = searchKeys(twoPc.ctx, componentScope(twoPc.program, 'participant'), new Map(), { limit: 10, compound: true, countMore: true }).policies.map(printPolicy);
    expect(p.some((t) => t.includes('"'))).toBe(false);
  });

  it('the cap is reported, not silent: how many more policies the search found', () => {
    const { program, ctx } = corpus('voting');
    const all = searchKeys(ctx, componentScope(program, 'leader'), new Map(), { limit: 50, compound: true, countMore: true });
    expect(all.more).toBe(0);
    expect(all.exhaustive).toBe(true);
    const capped = searchKeys(ctx, componentScope(program, 'leader'), new Map(), { limit: 1, compound: true, countMore: true });
    expect(capped.policies).toHaveLength(1);
    expect(capped.more).toBe(all.policies.length - 1);
    // Without counting, stopping at the cap says the list may be incomplete.
    expect(searchKeys(ctx, componentScope(program, 'leader'), new Map(), { limit: 1 }).exhaustive).toBe(false);
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

  it('gives each reason once, even when a rule negates one relation twice', () => {
    const twice = compileSource(`.input a(k: int)
.input b(k: int)
.output lone(k: int, j: int)
.decl seen(k: int)
.persist seen
.component c
seen(k) :- a(k)
lone(k, j) :- b(k), b(j), !seen(k), !seen(j)`);
    const m = monotonic(twice, componentScope(twice, 'c'));
    expect(m.holds).toBe(false);
    expect(m.reasons.filter((r) => r.includes('negates `seen`'))).toHaveLength(1);
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

describe('state machines (existence and no-change dependencies on inputs)', () => {
  const sm = (src: string, c = 'c') => {
    const p = compileSource(src);
    return stateMachineAnalysis(p, componentScope(p, c));
  };

  it('a counter that advances on its own is not one (no-change dependency)', () => {
    const a = sm(`.input in(x: int)
.decl s(x: int)
.decl tick(x: int)
.component c
s(x) :+ in(x)
s(x) :+ s(x)
tick(y) :+ tick(x), y = x + 1`);
    expect(a.holds).toBe(false);
    expect(a.reasons).toEqual([
      '`tick` is not persisted: what rule `tick(y) :+ tick(x), y = x + 1` adds holds for one tick and is gone the next, which may bring no input (no-change dependency)',
      'rule `tick(y) :+ tick(x), y = x + 1` adds to `tick` from `tick`, which can hold in a tick with no input (no-change dependency)',
    ]);
  });

  it('sending from persisted state is not one (existence dependency)', () => {
    const a = sm(`.input join(p: loc)
.decl member(p: loc)
.decl ping(p: loc)
.persist member
.component c
member(p) :- join(p)
ping@p(p) :~ member(p)`);
    expect(a.holds).toBe(false);
    expect(a.reasons).toEqual(['rule `ping@p(p) :~ member(p)` sends from `member`, which can hold in a tick with no input (existence dependency)']);
  });

  it('traced through :- (same tick), :+ (the next tick) and persistence: a relation derived from state is not input-driven, one derived from an input is', () => {
    const a = sm(`.input in(x: int)
.decl seen(x: int)
.decl fresh(x: int)
.decl old(x: int)
.output out(x: int)
.persist seen
.component c
fresh(x) :- in(x)
seen(x) :+ fresh(x)
old(x) :- seen(x)
out(x) :- fresh(x), old(x)`);
    expect(a.holds).toBe(true);
    expect(a.existence).toEqual(['fresh', 'in', 'out']);
  });

  it('a one-shot decision latched by the state it sets is input-driven (derived in the tick the last vote arrives)', () => {
    const a = sm(`.input vote(t: int, p: loc)
.output decided(t: int)
.decl votes(t: int, p: loc)
.decl n(t: int, k: int)
.decl decision(t: int)
.persist votes
.persist decided
.component c
votes(t, p) :- vote(t, p)
n(t, count<p>) :- votes(t, p)
decision(t) :- n(t, k), k >= 3, !decided(t)
decided(t) :+ decision(t)`);
    expect(a.holds).toBe(true);
    expect(a.latched.get('decision')).toBe('by `decided`');
    expect(a.reasons.join()).toContain('`decision` is latched by `decided`');
  });

  it('voting: the participant and the leader are (the leader drops the votes of a request in the tick it is done)', () => {
    const { program } = corpus('voting');
    expect(stateMachine(program, componentScope(program, 'participant')).holds).toBe(true);
    const leader = stateMachineAnalysis(program, componentScope(program, 'leader'));
    expect(leader.holds).toBe(true);
    expect(leader.latched.has('done')).toBe(true);
  });

  it('2pc: the coordinator is not: votes are dropped on `decided`, which is set the tick after the decision, a tick that may bring no input', () => {
    const { program } = corpus('2pc');
    const a = stateMachineAnalysis(program, componentScope(program, 'coordinator'));
    expect(a.holds).toBe(false);
    expect(a.reasons).toHaveLength(2);
    expect(a.reasons[0]).toContain('drops `acks` on `ended`');
    expect(a.reasons[1]).toContain('drops `votes` on `decided`');
    expect(a.latched.get('decision')).toBe('by `decided`');
    expect(a.latched.get('finish')).toBe('by `ended`');
    expect(stateMachine(program, componentScope(program, 'participant')).holds).toBe(true);
  });

  // The verdicts against the evaluator: inputs in tick 0, then quiet ticks.
  const quietRun = (name: string, component: string, inputs: Record<string, Tuple[]>, ticks = 4): { sent: number[]; changed: boolean[] } => {
    const r = loadProgram(`corpus/${name}.ded`);
    if (!r.ok) throw new Error('load');
    const d = loadDeployment(`corpus/${name}.deploy.json`, r.checked).deployment!;
    const topo = new Topology(d);
    const node = topo.nodesOf(component)[0]!;
    const ev = compileComponent(r.checked, component);
    const edb = topo.edbOf(r.checked, node);
    let facts: ReadonlyMap<string, readonly Tuple[]> = new Map(Object.entries(inputs));
    const sent: number[] = [];
    const changed: boolean[] = [];
    const canon = (m: ReadonlyMap<string, readonly Tuple[]>): string => JSON.stringify([...m].map(([k, v]) => [k, v.map((t) => JSON.stringify(t)).sort()]).sort());
    for (let t = 0; t < ticks; t++) {
      const out = ev.tick({ facts, edb });
      if (!out.ok) throw new Error(JSON.stringify(out.error));
      sent.push(out.result.sent.length + out.result.outputs.length);
      changed.push(canon(out.result.next) !== canon(facts));
      facts = out.result.next;
    }
    return { sent, changed };
  };

  it('the evaluator agrees: the voting leader neither sends nor changes state in quiet ticks', () => {
    const P = ['participant#0', 'participant#1', 'participant#2'];
    const run = quietRun('voting', 'leader', { request: [['client#0', 1, 'x']], vote: P.map((p) => ['client#0', 1, 'x', p]) });
    expect(run.sent[0]).toBeGreaterThan(0);
    expect(run.sent.slice(1)).toEqual([0, 0, 0]);
    expect(run.changed.slice(1)).toEqual([false, false, false]);
  });

  it('the evaluator agrees: the 2pc coordinator changes state in the quiet tick after a decision (the reason above)', () => {
    const P = ['participant#0', 'participant#1', 'participant#2'];
    const run = quietRun('2pc', 'coordinator', { begin: [['client#0', 7]], vote: P.map((p) => [7, p, true]) });
    expect(run.changed[1]).toBe(true);
    expect(run.changed.slice(2)).toEqual([false, false]);
  });
});
