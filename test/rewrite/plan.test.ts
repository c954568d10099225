/**
 * Plans: the JSON shape and its errors, resolving steps against the program
 * they apply to (bad input as diagnostics, never throws), applying a plan
 * without certifying it, and the plans under corpus/plans. No solver.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyPlan, stepOfSite } from '../../src/rewrite/apply.js';
import { loadPlan, parsePlan, resolveStep, type Plan } from '../../src/rewrite/plan.js';
import { deploymentToJson } from '../../src/sim/deployment.js';
import { expectOrdinaryProgram, rulesOf, state } from './support.js';

const voting = (): ReturnType<typeof state> => state(readFileSync('corpus/voting.ded', 'utf8'), JSON.parse(readFileSync('corpus/voting.deploy.json', 'utf8')));

function messages(text: string): string[] {
  const r = parsePlan(text, 'p.json');
  return r.ok ? [] : r.diagnostics.map((d) => `${d.code}: ${d.message}`);
}

describe('plan JSON', () => {
  it('accepts steps, or a bare list of steps', () => {
    const step = { rewrite: 'decouple', component: 'leader', relations: ['ballot'] };
    expect(parsePlan(JSON.stringify({ steps: [step] }))).toMatchObject({ ok: true, plan: { steps: [step] } });
    expect(parsePlan(JSON.stringify([step]))).toMatchObject({ ok: true, plan: { steps: [step] } });
  });

  it.each([
    ['{"steps": 3}', 'bad-input: plan: "steps" must be a list of steps, got number 3'],
    ['7', 'bad-input: plan: expected {"steps": [...]} or a list of steps, got number 7'],
    ['{"steps": [], "extra": 1}', 'bad-input: plan: unknown key "extra" (expected "steps", "description" or "program")'],
    ['[{"rewrite": "split", "component": "a"}]', 'bad-input: plan: steps[0].rewrite must be one of decouple, decouple-independent, decouple-functional, decouple-monotonic, decouple-asymmetric, decouple-batched, partition, partition-cohash, partition-dependencies, partition-partial, partition-sealed, replicate, carry, got "split"'],
    ['[{"rewrite": "decouple", "component": "a"}]', 'bad-input: plan: steps[0]: say what moves with "relations" (head relations) or "rules" (rule texts)'],
    ['[{"rewrite": "partition", "component": "a", "key": {}}]', 'bad-input: plan: steps[0].key must be an object giving each relation\'s key as a string, e.g. {"vote": "id"}'],
    ['[{"rewrite": "partition", "component": "a", "key": {"v": "id"}, "partitions": 1}]', 'bad-input: plan: steps[0].partitions must be an integer from 2 to 1000, got 1'],
    ['[{"rewrite": "partition", "component": 7, "key": {"v": "id"}}]', 'bad-input: plan: steps[0].component must be a component name'],
    ['{"steps": [', 'bad-input: plan is not valid JSON: Unexpected end of JSON input'],
  ])('refuses %s', (text, message) => {
    expect(messages(text)[0]).toBe(message);
  });
});

describe('resolving steps against the program', () => {
  const s = voting();
  const fail = (step: object): string[] => {
    const r = resolveStep(s, step as never, 0, 2);
    return r.ok ? [] : r.diagnostics.map((d) => `${d.code}: ${d.message}`);
  };

  it.each([
    [{ rewrite: 'decouple', component: 'boss', relations: ['ballot'] }, 'unknown-component-name: plan step 1 (decouple boss): no component `boss` in the program at this step (components: leader, participant)'],
    [{ rewrite: 'decouple', component: 'leader', relations: ['nosuch'] }, 'bad-input: plan step 1 (decouple leader): unknown relation `nosuch`'],
    [{ rewrite: 'decouple', component: 'leader', relations: ['vote'] }, 'bad-input: plan step 1 (decouple leader): no rule of `leader` derives `vote`'],
    [{ rewrite: 'decouple', component: 'leader', rules: ['reply@c(c, i, v) :~ tally(c, i, v, n)'] }, 'bad-input: plan step 1 (decouple leader): `reply@c(c, i, v) :~ tally(c, i, v, n)` is not a rule of `leader` (print the program to see its rules)'],
    [{ rewrite: 'decouple', component: 'leader', relations: ['ballot'], into: 'participant' }, 'bad-input: plan step 1 (decouple leader): `participant` is already a name in the program; choose another "into"'],
    [{ rewrite: 'decouple', component: 'participant', relations: ['vote'] }, 'bad-input: plan step 1 (decouple participant): every rule of `participant` would move and no client addresses it: that only renames the component'],
    [{ rewrite: 'partition', component: 'participant', key: { ballot: 'nosuch' } }, 'bad-policy: plan step 1 (partition participant): key: `nosuch` is not an attribute of `ballot` (at column 8 of `ballot=nosuch`)'],
  ])('%j is bad input', (step, message) => {
    expect(fail(step)[0]).toBe(message);
  });

  it('matches rules by their text whatever the spacing, and picks the strongest decoupling that applies', () => {
    const r = resolveStep(s, { rewrite: 'decouple', component: 'leader', rules: ['ballot@p(c,i,v) :~ request(c, i, v),participant(p)'] }, 0, 2);
    expect(r.ok && r.resolved.rewrite.name).toBe('decouple-independent');
    expect(r.ok && r.resolved.site).toMatchObject({ kind: 'decouple', component: 'leader', into: 'leader_ballot' });
  });

  it('chooses co-hashing for attribute keys and dependencies for terms', () => {
    const a = resolveStep(s, { rewrite: 'partition', component: 'participant', key: { ballot: 'id' } }, 0, 2);
    const b = resolveStep(s, { rewrite: 'partition', component: 'participant', key: { ballot: 'id % 4' } }, 0, 2);
    expect(a.ok && a.resolved.rewrite.name).toBe('partition-cohash');
    expect(b.ok && b.resolved.rewrite.name).toBe('partition-dependencies');
  });
});

describe('applying a plan without certifying', () => {
  it('reaches the structure of voting-scalable with the corpus plan, and the steps compose', () => {
    const p = loadPlan('corpus/plans/voting-scalable.json');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const out = applyPlan(voting(), p.plan);
    expect(out.kind).toBe('applied');
    if (out.kind !== 'applied') return;
    expectOrdinaryProgram(out.final);
    expect(deploymentToJson(out.final.deployment).components).toEqual({
      leader: { instances: 1 },
      collector: { instances: 1, partitions: 2 },
      broadcaster: { instances: 1, partitions: 2 },
      participant: { instances: 3, partitions: 2 },
    });
    expect(rulesOf(out.final, 'participant')).toEqual(['vote@q(c, i, v, me) :~ ballot(c, i, v), collector(l), self(me), partition_count(l, k), j = hash(i) % k, partition_of(l, j, q)']);
  });

  it('stops at a step whose precondition fails, with its checks, unless forced', () => {
    const p = loadPlan('corpus/plans/2pc-ender-presumes-abort.json');
    if (!p.ok) throw new Error('plan');
    const s = state(readFileSync('corpus/2pc.ded', 'utf8'), JSON.parse(readFileSync('corpus/2pc.deploy.json', 'utf8')));
    const out = applyPlan(s, p.plan);
    expect(out.kind).toBe('refused');
    if (out.kind === 'refused') expect(out.checks.filter((c) => !c.holds).map((c) => c.id)).toEqual(['decouple.coordinator.ender.independent', 'decouple.coordinator.ender.functional', 'decouple.coordinator.ender.monotonic']);
    const forced = applyPlan(s, p.plan, { force: true });
    expect(forced.kind).toBe('applied');
    if (forced.kind === 'applied') expect(forced.final.text).toMatch(/^decided__to_ender@dest\(t, d\) :~ decision\(t, d\), ender\(dest\)$/m);
  });

  it('writes a step back as plan JSON that resolves to the same site', () => {
    const s = voting();
    const r = resolveStep(s, { rewrite: 'decouple', component: 'leader', relations: ['votes', 'tally', 'done', 'reply'], into: 'collector' }, 0, 2);
    if (!r.ok) throw new Error('resolve');
    const step = stepOfSite(r.resolved.site, s, r.resolved.rewrite.name);
    const again = resolveStep(s, step, 0, 2);
    expect(again.ok && again.resolved.site).toEqual(r.resolved.site);
  });

  it('every plan under corpus/plans parses and names an existing program', () => {
    for (const f of readdirSync('corpus/plans').filter((x) => x.endsWith('.json'))) {
      const p = loadPlan(`corpus/plans/${f}`);
      expect(p.ok, f).toBe(true);
      const json = JSON.parse(readFileSync(`corpus/plans/${f}`, 'utf8')) as { program: string } & Plan;
      expect(() => readFileSync(json.program)).not.toThrow();
    }
  });
});
