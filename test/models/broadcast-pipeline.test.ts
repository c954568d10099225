/**
 * The broadcast-pipeline model: every invariant holds on the real protocol
 * and is violated by a protocol broken on purpose, so none of them holds
 * vacuously.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { checkModel, RunView, type InvariantStatus } from '../../src/invariants/index.js';
import type { CheckedProgram } from '../../src/ir/types.js';
import { compileText } from '../../src/load.js';
import { hash } from '../../src/eval/hash.js';
import { loadRunFiles, simulate, Topology, validateDeployment, validateWorkload, type Deployment, type Workload } from '../../src/sim/index.js';
import { broadcastPipelineModel, transform } from '../../models/broadcast-pipeline.js';

const CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url));
const DEPLOY: unknown = JSON.parse(readFileSync(`${CORPUS}broadcast-pipeline.deploy.json`, 'utf8'));
const WORKLOAD: unknown = JSON.parse(readFileSync(`${CORPUS}broadcast-pipeline.workload.json`, 'utf8'));

interface Setup { readonly program: CheckedProgram; readonly deployment: Deployment; readonly workload: Workload }

function fromCorpus(name: string): Setup {
  const r = loadRunFiles(`${CORPUS}${name}`, { seed: 1, inputs: 4 });
  if (!r.ok) throw new Error(renderDiagnostics(r.diagnostics, { file: name }));
  return r;
}

function fromText(text: string, deploy: unknown = DEPLOY, workload: unknown = WORKLOAD): Setup {
  const c = compileText(text, 'broken.ded');
  if (!c.ok) throw new Error(renderDiagnostics(c.diagnostics, { file: 'broken.ded', text }));
  const d = validateDeployment(deploy, c.checked);
  if (!d.deployment) throw new Error(d.diagnostics.map((x) => x.message).join('\n'));
  const w = validateWorkload(workload, c.checked, new Topology(d.deployment));
  if (!w.workload) throw new Error(w.diagnostics.map((x) => x.message).join('\n'));
  return { program: c.checked, deployment: d.deployment, workload: w.workload };
}

function statuses(s: Setup, invariant: string, seeds = 50): InvariantStatus[] {
  return Array.from({ length: seeds }, (_, k) => {
    const result = simulate(s.program, s.deployment, s.workload, { seed: k + 1 });
    return checkModel(broadcastPipelineModel, RunView.of(result, s.deployment)).results.find((r) => r.name === invariant)!.status;
  });
}

const BASE = readFileSync(`${CORPUS}broadcast-pipeline.ded`, 'utf8');

function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

const RECEIVE = 'received(me, d) :- deliver(d), self(me), !got(d)';

describe('broadcast-pipeline model on the real protocol', () => {
  it('the model computes the same transform as the protocol', () => {
    expect(BASE).toContain('d = hash(hash(hash(p)))');
    expect(transform('apple')).toBe(hash(hash(hash('apple'))));
  });

  it('every invariant holds on seeds 1..50', () => {
    const s = fromCorpus('broadcast-pipeline.ded');
    for (const inv of broadcastPipelineModel.invariants) {
      expect(statuses(s, inv.name).every((x) => x === 'held'), inv.name).toBe(true);
    }
  });
});

describe('each broadcast-pipeline invariant can fail', () => {
  it('received-is-transform: receivers that hash once more', () => {
    const s = fromText(edit(BASE, RECEIVE, 'received(me, e) :- deliver(d), self(me), !got(d), e = hash(d)'));
    expect(statuses(s, 'received-is-transform')).toContain('violated');
  });

  it('received-after-submit: receivers preloaded with a value that is only submitted later', () => {
    const text = edit(
      edit(BASE, '.decl   got(digest: int)', '.decl   got(digest: int)\n.edb    preload(payload: string)'),
      RECEIVE,
      `${RECEIVE}\nreceived(me, d) :- preload(p), d = hash(hash(hash(p))), self(me), !got(d)\ngot(d) :+ preload(p), d = hash(hash(hash(p)))`,
    );
    const deploy = { ...(DEPLOY as object), edb: { preload: [['late']] } };
    const workload = { inputs: [...(WORKLOAD as { inputs: unknown[] }).inputs, { relation: 'submit', tuple: ['late'] }] };
    const s = fromText(text, deploy, workload);
    expect(statuses(s, 'received-after-submit')).toContain('violated');
    // The value itself is a transform of an input: only the order is wrong.
    expect(statuses(s, 'received-is-transform').every((x) => x === 'held')).toBe(true);
  });

  it('received-by-its-receiver: every receiver claims to be receiver#0', () => {
    const s = fromText(edit(BASE, RECEIVE, 'received("receiver#0", d) :- deliver(d), !got(d)'));
    expect(statuses(s, 'received-by-its-receiver')).toContain('violated');
  });

  it('received-at-most-once: a sender that rebroadcasts repeated payloads and receivers that do not remember', () => {
    const text = edit(edit(BASE, 'deliver@r(d) :~ entry(d), !log(d), receiver(r)', 'deliver@r(d) :~ entry(d), receiver(r)'), RECEIVE, 'received(me, d) :- deliver(d), self(me)');
    expect(statuses(fromText(text), 'received-at-most-once')).toContain('violated');
  });

  it('every-receiver-has-every-input: a sender that skips receiver#0', () => {
    const s = fromText(edit(BASE, 'deliver@r(d) :~ entry(d), !log(d), receiver(r)', 'deliver@r(d) :~ entry(d), !log(d), receiver(r), r != "receiver#0"'));
    expect(statuses(s, 'every-receiver-has-every-input').every((x) => x === 'violated')).toBe(true);
  });

  it('every-receiver-has-every-input: corpus/unsafe/broadcast-split-receivers', () => {
    expect(statuses(fromCorpus('unsafe/broadcast-split-receivers.ded'), 'every-receiver-has-every-input', 20).every((x) => x === 'violated')).toBe(true);
  });
});
