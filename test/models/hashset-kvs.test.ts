/**
 * The hashset-kvs model: every invariant holds on the real protocol and is
 * violated by a protocol broken on purpose, so none of them holds vacuously.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { checkModel, RunView, type ModelReport } from '../../src/invariants/index.js';
import type { CheckedProgram } from '../../src/ir/types.js';
import { compileText } from '../../src/load.js';
import { loadRunFiles, simulate, Topology, validateDeployment, validateWorkload, type Deployment, type SimResult, type Workload } from '../../src/sim/index.js';
import { hashsetKvsModel } from '../../models/hashset-kvs.js';

const CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url));

interface Setup { readonly program: CheckedProgram; readonly deployment: Deployment; readonly workload: Workload }

function fromCorpus(name: string): Setup {
  const r = loadRunFiles(`${CORPUS}${name}`, { seed: 1, inputs: 4 });
  if (!r.ok) throw new Error(renderDiagnostics(r.diagnostics, { file: name }));
  return r;
}

/** A protocol from text, run with hashset-kvs's deployment and workload. */
function fromText(text: string): Setup {
  const c = compileText(text, 'broken.ded');
  if (!c.ok) throw new Error(renderDiagnostics(c.diagnostics, { file: 'broken.ded', text }));
  const d = validateDeployment(JSON.parse(readFileSync(`${CORPUS}hashset-kvs.deploy.json`, 'utf8')), c.checked);
  if (!d.deployment) throw new Error(d.diagnostics.map((x) => x.message).join('\n'));
  const w = validateWorkload(JSON.parse(readFileSync(`${CORPUS}hashset-kvs.workload.json`, 'utf8')), c.checked, new Topology(d.deployment));
  if (!w.workload) throw new Error(w.diagnostics.map((x) => x.message).join('\n'));
  return { program: c.checked, deployment: d.deployment, workload: w.workload };
}

function runs(s: Setup, seeds: number): { seed: number; result: SimResult; report: ModelReport }[] {
  return Array.from({ length: seeds }, (_, k) => {
    const result = simulate(s.program, s.deployment, s.workload, { seed: k + 1 });
    return { seed: k + 1, result, report: checkModel(hashsetKvsModel, RunView.of(result, s.deployment)) };
  });
}

/** The violation messages of `invariant` over seeds 1..seeds. */
function violations(s: Setup, invariant: string, seeds = 50): string[] {
  return runs(s, seeds).flatMap((r) => r.report.results.find((x) => x.name === invariant)!.violations.map((v) => v.message));
}

const BASE = readFileSync(`${CORPUS}hashset-kvs.ded`, 'utf8');

/** hashset-kvs.ded with one piece of text replaced (which must be there, so the test notices a corpus change). */
function variant(from: string, to: string): Setup {
  expect(BASE).toContain(from);
  return fromText(BASE.replace(from, to));
}

describe('hashset-kvs model on the real protocol', () => {
  const all = runs(fromCorpus('hashset-kvs.ded'), 50);

  it('every invariant holds on seeds 1..50', () => {
    for (const { seed, result, report } of all) {
      expect(result.reason, `seed ${seed}`).toBe('quiescent');
      for (const r of report.results) expect(r.status, `seed ${seed}: ${r.name}: ${r.violations.map((v) => v.message).join('; ')}`).toBe('held');
    }
  });

  it('the workload exercises the interesting answers: counts above one, and inconsistencies', () => {
    const observed = all.flatMap((r) => r.result.observations);
    expect(observed.some((o) => o.relation === 'certified' && Number(o.tuple[3]) >= 2)).toBe(true);
    expect(observed.some((o) => o.relation === 'certified' && o.tuple[2] === 'lime' && o.tuple[3] === 1)).toBe(true);
    expect(observed.some((o) => o.relation === 'inconsistent')).toBe(true);
  });
});

describe('each hashset-kvs invariant can fail', () => {
  it('answer-was-written: a leader that certifies the next id', () => {
    const s = variant('certified@c(c, i, v, n) :~', 'certified@c(c, i + 1, v, n) :~');
    expect(violations(s, 'answer-was-written').length).toBeGreaterThan(0);
  });

  it('one-answer-per-write: a leader that also reports agreeing answers as inconsistent', () => {
    const s = variant('counts(c, i, v, k), k > 1', 'counts(c, i, v, k), k >= 1');
    expect(violations(s, 'one-answer-per-write').length).toBeGreaterThan(0);
  });

  it('certified-count-bounds, too high: storage counts every value it holds, whatever its bucket', () => {
    const s = variant('collisions(c, i, v, count<w>) :- verified(c, i, v, h), hashset(h, w)', 'collisions(c, i, v, count<w>) :- verified(c, i, v, h), hashset(g, w)');
    expect(violations(s, 'certified-count-bounds').some((m) => m.includes('counts more than'))).toBe(true);
  });

  it('certified-count-bounds, too low: storage forgets its hashset after each tick', () => {
    const s = variant('.persist hashset', '');
    expect(violations(s, 'certified-count-bounds', 200).some((m) => m.includes('counts fewer than'))).toBe(true);
  });

  it('inconsistent-only-when-overlapping: storage nodes that add their own offset to the count', () => {
    const s = variant(
      'ack@l(c, i, v, n, me, sig) :~ collisions(c, i, v, n), self(me), leader(l), sig = sign_count(me, v, n)',
      'ack@l(c, i, v, m, me, sig) :~ collisions(c, i, v, n), self(me), leader(l), m = n + hash(me) % 2, sig = sign_count(me, v, m)',
    );
    expect(violations(s, 'inconsistent-only-when-overlapping').length).toBeGreaterThan(0);
  });

  it('certified-counts-fit-one-order: corpus/unsafe/hashset-by-value, also on seeds where the bounds hold', () => {
    const all = runs(fromCorpus('unsafe/hashset-by-value.ded'), 50);
    const status = (r: (typeof all)[number], name: string) => r.report.results.find((x) => x.name === name)!.status;
    expect(all.some((r) => status(r, 'certified-counts-fit-one-order') === 'violated' && status(r, 'certified-count-bounds') === 'held')).toBe(true);
  });

  it('every-write-answered: storage that checks the signature against its own key, so it never accepts a write', () => {
    const s = variant('leader(l), sig = sign(l, v)', 'self(l), sig = sign(l, v)');
    expect(violations(s, 'every-write-answered').length).toBeGreaterThan(0);
  });
});
