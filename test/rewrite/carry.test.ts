/**
 * Carrying state through a round trip (src/rewrite/carry.ts) on small
 * programs built for it: what it proposes, the program it makes, that a
 * program it does not apply to is left alone (and said to be), what it
 * refuses and why (the reply does not copy the key; the state can change
 * after the request left, and forcing the step shows the difference), and
 * that the differential tester finds no difference where it applies.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCarry, carry, carryObligations, carryPrecondition } from '../../src/rewrite/carry.js';
import { applySite, rewriteOnce } from '../../src/rewrite/apply.js';
import { resolveStep, validatePlan } from '../../src/rewrite/plan.js';
import { autoPlan } from '../../src/rewrite/auto.js';
import type { CarrySite } from '../../src/rewrite/types.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { differential, expectOrdinaryProgram, inputs, rulesOf, state } from './support.js';

afterAll(async () => {
  await shutdownZ3();
});

/**
 * A front hands each job to the workers and remembers whose job it is; it
 * answers the owner once a worker's result is back. The answer reads the
 * front's `owner` only after a `result` for the same job arrived.
 */
const JOBS = `
.input  job(client: loc, id: int)
.output done(client: loc, id: int)
.decl   owner(id: int, client: loc)
.decl   work(front: loc, id: int)
.decl   result(id: int, worker: loc)
.persist owner

.component front
owner(i, c) :- job(c, i)
work@w(me, i) :~ job(c, i), worker(w), self(me)
done@c(c, i) :~ result(i, _), owner(i, c)

.component worker
result@f(i, me) :~ work(f, i), self(me)
`;

const site = (component: string, st: string, key: number, reply: string): CarrySite => ({ kind: 'carry', component, state: st, key, reply });
const DEPLOY = { components: { front: { instances: 1 }, worker: { instances: 2 } } };

describe('carry', () => {
  it('names the variables of carried columns validly when attributes are named like reserved words', () => {
    // `owner(count, max)`: `count` and `max` cannot be variables; the new rules must still check.
    const text = JOBS.replace('.decl   owner(id: int, client: loc)', '.decl   owner(count: int, max: loc)');
    const s = state(text, DEPLOY);
    const after = applySite(carry, s, site('front', 'owner', 0, 'result')).state;
    expectOrdinaryProgram(after);
    expect(rulesOf(after, 'front')).toContain('owner__via_result(count_, max_) :- result(count_, _, max_)');
  });

  it('carries the owner on work/result: the answer reads the reply, the front no longer keeps owner', async () => {
    const s = state(JOBS, DEPLOY);
    expect(carry.find(s)).toEqual([site('front', 'owner', 0, 'result')]);
    const pre = carryPrecondition(s, site('front', 'owner', 0, 'result'));
    expect(pre.checks.map((c) => [c.id, c.holds])).toEqual([
      ['carry.front.owner.result.round-trip', true],
      ['carry.front.owner.result.kept', true],
      ['carry.front.owner.result.sourced', true],
      ['carry.front.owner.result.readers', true],
    ]);
    // One owner per job is about the inputs: assumed and said so, not proved.
    const o = await carryObligations(s, site('front', 'owner', 0, 'result'));
    expect(o.obligations).toEqual([]);
    expect(o.facts).toEqual([expect.stringMatching(/^assumed, not proved: `owner` has one client per id: it is set from the client input `job`/)]);
    const after = applySite(carry, s, site('front', 'owner', 0, 'result')).state;
    expectOrdinaryProgram(after);
    expect(rulesOf(after, 'front')).toEqual([
      'work@w(me, i, c) :~ job(c, i), worker(w), self(me)',
      'done@c(c, i) :~ result(i, _, _), owner__via_result(i, c)',
      'owner__via_result(id, client) :- result(id, _, client)',
    ]);
    expect(rulesOf(after, 'worker')).toEqual(['result@f(i, me, client) :~ work(f, i, client), self(me)']);
    expect(after.program.relations.has('owner')).toBe(false);
    expect(after.program.relations.get('owner__via_result')?.persisted).toBe(true);
    const v = differential(s, after, 25, 3, inputs('front#0', [['job', ['client1', 1]], ['job', ['client2', 2]], ['job', ['client1', 3]]]));
    expect(v.verdict).toBe('no-difference');
  });

  it('takes a value the request already carries, unchanged, without a new column', () => {
    // The work carries the owner already and the result copies it: only the copy is new.
    const text = JOBS.replace('.decl   work(front: loc, id: int)', '.decl   work(front: loc, id: int, who: loc)')
      .replace('.decl   result(id: int, worker: loc)', '.decl   result(id: int, worker: loc, who: loc)')
      .replace('work@w(me, i) :~ job(c, i)', 'work@w(me, i, c) :~ job(c, i)')
      .replace('result(i, _), owner(i, c)', 'result(i, _, _), owner(i, c)')
      .replace('result@f(i, me) :~ work(f, i), self(me)', 'result@f(i, me, c) :~ work(f, i, c), self(me)');
    const s = state(text, DEPLOY);
    const after = applySite(carry, s, site('front', 'owner', 0, 'result'));
    expect(after.notes[0]).toBe('`work` and `result` already carry client unchanged (who -> who)');
    expect(after.state.program.relations.get('work')?.attrs.length).toBe(3);
    expect(rulesOf(after.state, 'front')).toContain('owner__via_result(id, client) :- result(id, _, client)');
    // Changed on the way back: not reused; a new column is carried and copied unchanged.
    const changed = text.replace('result@f(i, me, c) :~ work(f, i, c), self(me)', 'result@f(i, me, me) :~ work(f, i, c), self(me)');
    const t = state(changed, DEPLOY);
    const a = analyzeCarry(t, site('front', 'owner', 0, 'result'));
    expect(a.reuse.size).toBe(0);
    const out = applySite(carry, t, site('front', 'owner', 0, 'result')).state;
    expect(rulesOf(out, 'worker')).toEqual(['result@f(i, me, me, client) :~ work(f, i, c, client), self(me)']);
    expect(differential(t, out, 20, 2, inputs('front#0', [['job', ['client1', 1]], ['job', ['client2', 2]]])).verdict).toBe('no-difference');
  });

  it('joins the state where the request does not read what it is set from, when the state is known to hold then', () => {
    // The work goes out once a check comes back; the check answers a request sent when the job came in.
    const text = `
.input  job(client: loc, id: int)
.output done(client: loc, id: int)
.decl   owner(id: int, client: loc)
.decl   check(front: loc, id: int)
.decl   checked(id: int)
.decl   work(front: loc, id: int)
.decl   result(id: int, worker: loc)
.persist owner

.component front
owner(i, c) :- job(c, i)
check@w(me, i) :~ job(c, i), checker(w), self(me)
work@w(me, i) :~ checked(i), worker(w), self(me)
done@c(c, i) :~ result(i, _), owner(i, c)

.component checker
checked@f(i) :~ check(f, i)

.component worker
result@f(i, me) :~ work(f, i), self(me)
`;
    const s = state(text, { components: { front: { instances: 1 }, checker: { instances: 1 }, worker: { instances: 1 } } });
    const pre = carryPrecondition(s, site('front', 'owner', 0, 'result'));
    expect(pre.holds).toBe(true);
    expect(pre.checks.find((c) => c.id.endsWith('.sourced'))?.reasons[0]).toMatch(/^`work@w\(me, i\) :~ checked\(i\), worker\(w\), self\(me\)` joins `owner`, which holds whenever it fires: its `checked` implies it/);
    const after = applySite(carry, s, site('front', 'owner', 0, 'result')).state;
    expect(rulesOf(after, 'front')).toContain('work@w(me, i, client) :~ checked(i), worker(w), self(me), owner(i, client)');
    expect(differential(s, after, 25, 4, inputs('front#0', [['job', ['client1', 1]], ['job', ['client2', 2]]])).verdict).toBe('no-difference');
  });

  it('leaves a program without a round trip alone and says so', () => {
    const s = state(`
.input  req(client: loc, id: int)
.output reply(client: loc, id: int)
.decl   seen(id: int, client: loc)
.persist seen
.component server
seen(i, c) :- req(c, i)
reply@c(c, i) :~ req(c, i), seen(i, c)
`);
    expect(carry.find(s)).toEqual([]);
    const r = rewriteOnce(carry, s);
    expect(r.changed).toBe(false);
    if (r.changed) return;
    expect(r.message).toBe('carry does not apply: the program is left alone');
    expect(r.reasons).toEqual(['server: it receives no message from another component (no round trip)']);
    expect(r.state).toBe(s);
  });

  it('refuses when the reply does not copy the request key', () => {
    const s = state(JOBS.replace('result@f(i, me) :~ work(f, i), self(me)', 'result@f(j, me) :~ work(f, i), j = i + 1, self(me)'), DEPLOY);
    expect(carry.find(s)).toEqual([]);
    const pre = carryPrecondition(s, site('front', 'owner', 0, 'result'));
    expect(pre.holds).toBe(false);
    const trip = pre.checks.find((c) => c.id.endsWith('.round-trip'))!;
    expect(trip.holds).toBe(false);
    expect(trip.reasons.join(' ')).toMatch(/no attribute of `work` is copied unchanged into the same attribute of every `result`.*the reply's key is not the request's/);
    expect(rewriteOnce(carry, s).changed).toBe(false);
  });

  it('refuses state that is set again with no guard and no FD (a value can change after the request left)', () => {
    // The owner comes from a registry's grants: a second grant for a job adds a second owner at any time.
    const text = `
.input  grant(client: loc, id: int)
.output done(client: loc, id: int)
.decl   claim(id: int, client: loc)
.decl   owner(id: int, client: loc)
.decl   work(front: loc, id: int)
.decl   result(id: int, worker: loc)
.persist owner

.component registry
claim@f(i, c) :~ grant(c, i), front(f)

.component front
owner(i, c) :- claim(i, c)
work@w(me, i) :~ claim(i, c), worker(w), self(me)
done@c(c, i) :~ result(i, _), owner(i, c)

.component worker
result@f(i, me) :~ work(f, i), self(me)
`;
    const s = state(text);
    const pre = carryPrecondition(s, site('front', 'owner', 0, 'result'));
    expect(pre.holds).toBe(false);
    const kept = pre.checks.find((c) => c.id.endsWith('.kept'))!;
    expect(kept.holds).toBe(false);
    expect(kept.reasons).toEqual(['rule `owner(i, c) :- claim(i, c)` can give `owner` another value for a id it already has (no guard `!owner(id, _)`, no FD id -> client inferred): a reply would carry the value the request left with, not the one front holds when it reads']);
  });

  it('refuses state that is overwritten (not persisted); forced, the answer carries the old value', () => {
    // A job raises its priority once its work is sent: the answer must report the raised one.
    const text = `
.input  job(client: loc, id: int)
.input  set_prio(id: int, prio: int)
.output done(client: loc, id: int, prio: int)
.decl   prio(id: int, prio: int)
.decl   owner(id: int, client: loc)
.decl   work(front: loc, id: int)
.decl   result(id: int, worker: loc)
.persist owner

.component front
owner(i, c) :- job(c, i)
prio(i, p) :+ set_prio(i, p)
prio(i, q) :+ job(_, i), prio(i, p), q = p + 1
prio(i, p) :+ prio(i, p), !set_prio(i, _), !job(_, i)
work@w(me, i) :~ job(c, i), prio(i, _), worker(w), self(me)
done@c(c, i, p) :~ result(i, _), owner(i, c), prio(i, p)

.component worker
result@f(i, me) :~ work(f, i), self(me)
`;
    const s = state(text, { components: { front: { instances: 1 }, worker: { instances: 1 } } });
    const pre = carryPrecondition(s, site('front', 'prio', 0, 'result'));
    expect(pre.holds).toBe(false);
    expect(pre.checks.find((c) => c.id.endsWith('.kept'))?.reasons[0]).toBe('`prio` is not persisted: a value carried on a reply could outlive it');
    expect(carry.find(s).some((x) => x.state === 'prio')).toBe(false);
    // Forced: the answer reports the priority the work left with, which the original never answers with.
    const forced = applySite(carry, s, site('front', 'prio', 0, 'result')).state;
    expect(rulesOf(forced, 'front')).toContain('done@c(c, i, p) :~ result(i, _, _), owner(i, c), prio__via_result(i, p)');
    const v = differential(s, forced, 40, 1, inputs('front#0', [['set_prio', [1, 5]], ['job', ['client1', 1]]]));
    expect(v.verdict).toBe('counterexample');
  });

  it('--auto carries where that splits the component, and says why; not where the readers stay tied to other state', async () => {
    const s = state(JOBS, DEPLOY);
    const auto = await autoPlan(s);
    expect(auto.steps[0]).toMatchObject({ rewrite: 'carry', site: site('front', 'owner', 0, 'result') });
    expect(auto.explanations[0]).toBe("step 1: front's `done` rules read `owner` only once `result` came back for the same key; carrying `owner` on that round trip lets them read the reply instead of front's state, so front falls into 2 independent parts (was 1) that can be decoupled");
    expect([...auto.final.program.components.keys()].sort()).toEqual(['front', 'front_done', 'front_work', 'worker']);
    // Both the work and the answer read whether the job is blocked (state with nothing to carry): carrying the owner alone splits nothing.
    const tied = JOBS.replace('.persist owner', '.persist owner\n.input  block(id: int)\n.decl   blocked(id: int)\n.persist blocked')
      .replace('owner(i, c) :- job(c, i)', 'owner(i, c) :- job(c, i)\nblocked(i) :- block(i)')
      .replace('work@w(me, i) :~ job(c, i), worker(w), self(me)', 'work@w(me, i) :~ job(c, i), worker(w), self(me), !blocked(i)')
      .replace('done@c(c, i) :~ result(i, _), owner(i, c)', 'done@c(c, i) :~ result(i, _), owner(i, c), !blocked(i)');
    const t = await autoPlan(state(tied, DEPLOY));
    expect(t.steps.some((x) => x.rewrite === 'carry')).toBe(false);
    expect(t.explanations).toContain('front: carrying `owner` on the round trip answered by `result` would not split front (1 part either way); not applied');
  });

  it('is a plan step: resolved by attribute name, bad names are bad input', () => {
    const s = state(JOBS, DEPLOY);
    const p = validatePlan({ steps: [{ rewrite: 'carry', component: 'front', state: 'owner', key: 'id', reply: 'result' }] });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const r = resolveStep(s, p.plan.steps[0]!, 0, 2);
    expect(r.ok && r.resolved.site).toEqual(site('front', 'owner', 0, 'result'));
    const bad = resolveStep(s, { rewrite: 'carry', component: 'front', state: 'owner', key: 'nope', reply: 'result' }, 0, 2);
    expect(!bad.ok && bad.diagnostics[0]!.message).toMatch(/`owner` has no attribute `nope` \(attributes: id, client\)/);
    expect(validatePlan({ steps: [{ rewrite: 'carry', component: 'front', state: 'owner' }] }).ok).toBe(false);
  });
});
