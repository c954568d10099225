/**
 * The three decoupling rewrites on small programs built for each: what they
 * propose, what they refuse and why, what the rewritten program looks like,
 * that it is an ordinary program, that a program they do not apply to is
 * left alone (and said to be), and that the differential tester finds no
 * difference between before and after. No solver here.
 */
import { describe, expect, it } from 'vitest';
import { decoupleFunctional } from '../../src/rewrite/decouple-functional.js';
import { decoupleIndependent } from '../../src/rewrite/decouple-independent.js';
import { decoupleMonotonic } from '../../src/rewrite/decouple-monotonic.js';
import { applySite, rewriteOnce } from '../../src/rewrite/apply.js';
import { decouplePrecondition } from '../../src/rewrite/decouple.js';
import type { DecoupleSite, ProgramState } from '../../src/rewrite/types.js';
import { deploymentToJson } from '../../src/sim/deployment.js';
import { differential, expectOrdinaryProgram, rulesOf, state, FRONT_AND_WORKERS } from './support.js';

const PIPE = FRONT_AND_WORKERS;

/** Both rules of the front read the client's job: a functional part can move, the front forwards the job. */
const SHARED = `
.input  job(client: loc, k: int)
.output done(client: loc, k: int)
.output seen(k: int)
.decl   work(client: loc, k: int)

.component front
seen(k) :- job(c, k)
work@w(c, k) :~ job(c, k), worker(w)

.component worker
done@c(c, k) :~ work(c, k)
`;

/** A two-stage pipeline in one component: stage 2 reads what stage 1 derives in the same tick. */
const STAGES = `
.input  req(client: loc, k: int)
.output reply(client: loc, k: int)
.decl   mid(client: loc, k: int)

.component svc
mid(c, h) :- req(c, k), h = hash(k)
reply@c(c, g) :~ mid(c, h), g = hash(h)
`;

/** A front that only forwards, a worker with one rule: nothing to decouple. */
const PLAIN = `
.input  job(client: loc, k: int)
.output done(client: loc, k: int)
.decl   work(client: loc, k: int)

.component front
work@w(c, k) :~ job(c, k), worker(w)

.component worker
done@c(c, k) :~ work(c, k)
`;

/** A join of two states the component keeps: monotonic, not functional. */
const JOIN = `
.input  a(k: int)
.input  b(k: int)
.output both(k: int)
.decl   sa(k: int)
.decl   sb(k: int)
.persist sa
.persist sb

.component c
sa(k) :- a(k)
sb(k) :- b(k)
both(k) :- sa(k), sb(k)
`;

/** The moved rule negates what the rest derives: no decoupling of the catalog applies. */
const NEGATES = `
.input  a(k: int)
.input  b(k: int)
.output lonely(k: int)
.decl   sa(k: int)
.persist sa

.component c
sa(k) :- a(k)
lonely(k) :- b(k), !sa(k)
`;

/** Three peers, each identified by `self`; one part of each moves to its own component of three instances. */
const PEERS = `
.input  go(client: loc, k: int)
.output tag(node: loc, k: int)
.output back(client: loc, k: int, who: loc)
.decl   ask(client: loc, k: int)
.decl   note(client: loc, k: int)
.decl   answer(client: loc, k: int, who: loc)

.component hub
ask@p(c, k) :~ go(c, k), peer(p)
note@p(c, k) :~ go(c, k), peer(p)
back@c(c, k, w) :~ answer(c, k, w)

.component peer
tag(me, k) :- note(c, k), self(me)
answer@h(c, k, me) :~ ask(c, k), self(me), hub(h)
`;

function site(s: ProgramState, component: string, heads: readonly string[], into: string): DecoupleSite {
  const rules = s.program.components.get(component)!.rules.map((id) => s.program.rules[id]!).filter((r) => !r.fromPersist && heads.includes(r.head.relation));
  return { kind: 'decouple', component, rules: rules.map((r) => r.id), into };
}

describe('mutually independent decoupling', () => {
  const s = state(PIPE);

  it('proposes each independent part of the front, and nothing for a one-rule component', () => {
    const sites = decoupleIndependent.find(s);
    expect(sites.map((x) => `${x.component}:${x.into}`)).toEqual(expect.arrayContaining(['front:front_work', 'front:front_done']));
    expect(sites.some((x) => x.component === 'worker')).toBe(false);
  });

  it('moves the answering part and redirects the worker to it', () => {
    const out = applySite(decoupleIndependent, s, site(s, 'front', ['done'], 'answerer'));
    expectOrdinaryProgram(out.state);
    expect(rulesOf(out.state, 'answerer')).toEqual(['done@c(c, k) :~ result(c, k)']);
    expect(rulesOf(out.state, 'front')).toEqual(['work@w(c, k) :~ job(c, k), worker(w)']);
    expect(rulesOf(out.state, 'worker')).toEqual(['result@f(c, k * 2) :~ work(c, k), answerer(f)']);
    expect(deploymentToJson(out.state.deployment).components).toEqual({ front: { instances: 1 }, answerer: { instances: 1 }, worker: { instances: 1 } });
    expect(differential(s, out.state).verdict).toBe('no-difference');
  });

  it('moves the part clients reach behind the front, which forwards their input', () => {
    const out = applySite(decoupleIndependent, s, site(s, 'front', ['work'], 'dispatcher'));
    expectOrdinaryProgram(out.state);
    expect(rulesOf(out.state, 'front')).toEqual(['done@c(c, k) :~ result(c, k)', 'job__to_dispatcher@dest(client, k) :~ job(client, k), dispatcher(dest)']);
    expect(rulesOf(out.state, 'dispatcher')).toEqual(['work@w(c, k) :~ job__to_dispatcher(c, k), worker(w)']);
    expect(out.state.program.relations.get('job__to_dispatcher')?.kind).toBe('decl');
    expect(differential(s, out.state).verdict).toBe('no-difference');
  });

  it('composes: the result can be decoupled again, and again', () => {
    let cur = s;
    for (let i = 0; i < 2; i++) {
      const r = rewriteOnce(decoupleIndependent, cur);
      expect(r.changed).toBe(true);
      if (r.changed) cur = r.state;
      expectOrdinaryProgram(cur);
    }
    expect([...cur.program.components.keys()]).toHaveLength(4);
    expect(differential(s, cur).verdict).toBe('no-difference');
  });

  it('refuses a part that shares its input with the rest, and says why', () => {
    const sh = state(SHARED);
    const p = decouplePrecondition(sh, site(sh, 'front', ['work'], 'x'), 'independent');
    expect(p.holds).toBe(false);
    expect(p.checks.find((c) => !c.holds)?.reasons.join(' ')).toMatch(/`job`: the rules left in front read it too/);
  });

  it('leaves a program it does not apply to alone, and says so', () => {
    const plain = state(PLAIN);
    const r = rewriteOnce(decoupleIndependent, plain);
    expect(r.changed).toBe(false);
    if (!r.changed) {
      expect(r.message).toBe('decouple-independent does not apply: the program is left alone');
      expect(r.reasons).toEqual(['front: no rule set to move (one rule or none)', 'worker: no rule set to move (one rule or none)']);
      expect(r.state).toBe(plain);
    }
  });

  it('puts a client-facing component behind a proxy (everything moves, clients still address it)', () => {
    const n = state(NEGATES);
    const sites = decoupleIndependent.find(n);
    expect(sites.map((x) => x.into)).toEqual(['c_core']);
    const out = applySite(decoupleIndependent, n, sites[0]!);
    expect(rulesOf(out.state, 'c')).toEqual(['a__to_c_core@dest(k) :~ a(k), c_core(dest)', 'b__to_c_core@dest(k) :~ b(k), c_core(dest)']);
    expect(differential(n, out.state).verdict).toBe('no-difference');
    // ... and a proxy is not put behind another proxy.
    expect(decoupleIndependent.find(out.state).filter((x) => x.component === 'c')).toEqual([]);
  });
});

describe('functional decoupling', () => {
  const s = state(SHARED);

  it('moves a functional part that shares an input: the rest handles the job first, then forwards it', () => {
    const sites = decoupleFunctional.find(s);
    expect(sites.map((x) => x.into)).toContain('front_work');
    const out = applySite(decoupleFunctional, s, site(s, 'front', ['work'], 'front_work'));
    expectOrdinaryProgram(out.state);
    expect(rulesOf(out.state, 'front')).toEqual(['seen(k) :- job(c, k)', 'job__to_front_work@dest(client, k) :~ job(client, k), front_work(dest)']);
    expect(rulesOf(out.state, 'front_work')).toEqual(['work@w(c, k) :~ job__to_front_work(c, k), worker(w)']);
    expect(differential(s, out.state).verdict).toBe('no-difference');
  });

  it('forwards a relation derived in the same tick as it stands, without evaluating its rule twice', () => {
    const p = state(STAGES);
    const out = applySite(decoupleFunctional, p, site(p, 'svc', ['reply'], 'stage2'));
    expectOrdinaryProgram(out.state);
    expect(rulesOf(out.state, 'svc')).toEqual(['mid(c, h) :- req(c, k), h = hash(k)', 'mid__to_stage2@dest(client, k) :~ mid(client, k), stage2(dest)']);
    expect(rulesOf(out.state, 'stage2')).toEqual(['reply@c(c, g) :~ mid__to_stage2(c, h), g = hash(h)']);
    expect(differential(p, out.state).verdict).toBe('no-difference');
  });

  it('refuses a join (two changing relations in one body) and negation', () => {
    const j = state(JOIN);
    const p = decouplePrecondition(j, site(j, 'c', ['both'], 'x'), 'functional');
    expect(p.holds).toBe(false);
    expect(p.checks.at(-1)?.reasons[0]).toMatch(/joins 2 relations \(sa, sb\)/);
    const n = state(NEGATES);
    expect(decouplePrecondition(n, site(n, 'c', ['lonely'], 'x'), 'functional').checks.at(-1)?.reasons[0]).toMatch(/has a negation/);
  });

  it('leaves alone a program whose every part negates or aggregates what the rest feeds it', () => {
    expect(rewriteOnce(decoupleFunctional, state(NEGATES)).changed).toBe(false);
  });
});

describe('monotonic decoupling', () => {
  const s = state(JOIN);

  it('moves a monotonic join: the rest forwards what it derives, and the copies are persisted on arrival', () => {
    const sites = decoupleMonotonic.find(s);
    expect(sites.map((x) => x.into)).toContain('c_both');
    const out = applySite(decoupleMonotonic, s, site(s, 'c', ['both'], 'c_both'));
    expectOrdinaryProgram(out.state);
    expect(rulesOf(out.state, 'c')).toEqual(['sa(k) :- a(k)', 'sb(k) :- b(k)', 'sa__to_c_both@dest(k) :~ a(k), c_both(dest)', 'sb__to_c_both@dest(k) :~ b(k), c_both(dest)']);
    expect(rulesOf(out.state, 'c_both')).toEqual(['both(k) :- sa__to_c_both(k), sb__to_c_both(k)']);
    expect(out.state.text).toMatch(/^\.persist sa__to_c_both$/m);
    expect(out.state.text).toMatch(/^\.persist sb__to_c_both$/m);
    expect(differential(s, out.state).verdict).toBe('no-difference');
  });

  it('refuses a part that negates what the rest derives, naming the rule', () => {
    const n = state(NEGATES);
    const p = decouplePrecondition(n, site(n, 'c', ['lonely'], 'x'), 'monotonic');
    expect(p.holds).toBe(false);
    expect(p.checks.at(-1)?.reasons).toEqual(['rule `lonely(k) :- b(k), !sa(k)` negates `sa`']);
    expect(decoupleMonotonic.find(n)).toEqual([]);
  });

  it('refuses feedback (the rest reads what the moved part derives)', () => {
    const fb = state(`
.input a(k: int)
.output z(k: int)
.decl x(k: int)
.component c
x(k) :- a(k)
z(k) :- x(k)
`);
    const p = decouplePrecondition(fb, site(fb, 'c', ['x'], 'y'), 'monotonic');
    expect(p.checks[0]).toMatchObject({ holds: false });
    expect(p.checks[0]!.reasons[0]).toMatch(/`x` is derived by the moved rules and read by rules left in c/);
  });
});

describe('monotonic decoupling and a redirected reply', () => {
  // The front keeps st(k, y), asks the back, and answers from st once the back's
  // reply p arrives. Moving the answer rule: st now reaches the new component
  // through the front, while p is sent to it straight and read on arrival; p
  // can arrive first and be lost, which the original (st local, set before the
  // request) never does.
  const RACE = `
.input in(c: loc, k: int, v: int)
.output o(c: loc, k: int, x: int)
.decl st(k: int, y: int)
.decl q(f: loc, k: int, c: loc)
.decl p(k: int, c: loc)
.persist st
.component front
st(k, y) :- in(c, k, v), y = k + 1
q@w(me, k, c) :~ in(c, k, v), st(k, _), back(w), self(me)
o@c(c, k, y) :~ p(k, c), st(k, y)
.component back
p@f(k, c) :~ q(f, k, c)
`;
  const s = state(RACE);
  const answer = site(s, 'front', ['o'], 'front_o');

  it('is refused, naming the rule, the message and the late relation', () => {
    const p = decouplePrecondition(s, answer, 'monotonic');
    expect(p.holds).toBe(false);
    expect(p.checks.at(-1)?.reasons.join('\n')).toMatch(/rule `o@c\(c, k, y\) :~ p\(k, c\), st\(k, y\)` joins `p`, a message sent straight to front_o and read on arrival, with `st`, which reaches front_o through front/);
    expect(decoupleMonotonic.find(s).filter((x) => x.into === 'front_o')).toEqual([]);
  });

  it('applied anyway, loses answers the original always gives (the refusal is needed)', () => {
    const out = applySite(decoupleMonotonic, s, answer);
    const v = differential(s, out.state, 40, 1);
    expect(v.verdict).toBe('counterexample');
  });
});

describe('decoupling a component of several instances', () => {
  const s = state(PEERS, { components: { hub: { instances: 1 }, peer: { instances: 3 } } });

  it('pairs every peer with its new node, so `self` keeps meaning the peer', () => {
    const sites = decoupleIndependent.find(s).filter((x) => x.component === 'peer');
    expect(sites.map((x) => x.into)).toEqual(['peer_tag', 'peer_answer']);
    const out = applySite(decoupleIndependent, s, sites[1]!);
    expectOrdinaryProgram(out.state);
    expect(rulesOf(out.state, 'peer_answer')).toEqual(['answer@h(c, k, me) :~ ask(c, k), self(node), peer_answer_of(me, node), hub(h)']);
    expect(rulesOf(out.state, 'hub')[0]).toBe('ask@p(c, k) :~ go(c, k), peer_answer(p)');
    const d = deploymentToJson(out.state.deployment);
    expect(d.components['peer_answer']).toEqual({ instances: 3 });
    expect(d.edb?.['peer_answer_of']).toEqual([
      ['peer#0', 'peer_answer#0'],
      ['peer#1', 'peer_answer#1'],
      ['peer#2', 'peer_answer#2'],
    ]);
    expect(differential(s, out.state).verdict).toBe('no-difference');
  });

  it('the differential tester catches a pairing that forgets `self` (the check can fail)', () => {
    const out = applySite(decoupleIndependent, s, decoupleIndependent.find(s).find((x) => x.into === 'peer_answer')!);
    expect(out.state.text).toContain('self(node), peer_answer_of(me, node)');
    const broken = state(out.state.text.replace('self(node), peer_answer_of(me, node)', 'self(me)'), deploymentToJson(out.state.deployment));
    expect(differential(s, broken).verdict).toBe('counterexample');
  });
});
