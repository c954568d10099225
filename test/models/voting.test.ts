/**
 * The voting model: every invariant holds on the real protocols (voting and
 * voting-scalable) and is violated by a protocol broken on purpose, so none of
 * them holds vacuously.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { checkModel, RunView, type InvariantStatus, type ReferenceModel } from '../../src/invariants/index.js';
import type { CheckedProgram } from '../../src/ir/types.js';
import { compileText } from '../../src/load.js';
import { loadRunFiles, simulate, Topology, validateDeployment, validateWorkload, type Deployment, type Workload } from '../../src/sim/index.js';
import { votingModel } from '../../models/voting.js';

const CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url));

interface Setup { readonly program: CheckedProgram; readonly deployment: Deployment; readonly workload: Workload }

function fromCorpus(name: string): Setup {
  const r = loadRunFiles(`${CORPUS}${name}`, { seed: 1, inputs: 4 });
  if (!r.ok) throw new Error(renderDiagnostics(r.diagnostics, { file: name }));
  return r;
}

/** A protocol from text, run with a corpus protocol's deployment and workload files. */
function fromText(text: string, deployFile: string, workloadFile: string): Setup {
  const c = compileText(text, 'broken.ded');
  if (!c.ok) throw new Error(renderDiagnostics(c.diagnostics, { file: 'broken.ded', text }));
  const d = validateDeployment(JSON.parse(readFileSync(`${CORPUS}${deployFile}`, 'utf8')), c.checked);
  if (!d.deployment) throw new Error(d.diagnostics.map((x) => x.message).join('\n'));
  const w = validateWorkload(JSON.parse(readFileSync(`${CORPUS}${workloadFile}`, 'utf8')), c.checked, new Topology(d.deployment));
  if (!w.workload) throw new Error(w.diagnostics.map((x) => x.message).join('\n'));
  return { program: c.checked, deployment: d.deployment, workload: w.workload };
}

/** The status of every invariant of `model` on each seed 1..seeds. */
function statuses(s: Setup, model: ReferenceModel, seeds: number): Map<string, InvariantStatus[]> {
  const out = new Map<string, InvariantStatus[]>(model.invariants.map((i) => [i.name, []]));
  for (let seed = 1; seed <= seeds; seed++) {
    const result = simulate(s.program, s.deployment, s.workload, { seed });
    for (const r of checkModel(model, RunView.of(result, s.deployment)).results) out.get(r.name)!.push(r.status);
  }
  return out;
}

function violatedSomewhere(s: Setup, invariant: string, seeds = 50): boolean {
  return statuses(s, votingModel, seeds).get(invariant)!.includes('violated');
}

const BASE = readFileSync(`${CORPUS}voting.ded`, 'utf8');

/** voting.ded with one rule replaced (the rule must be there, so the test fails if the corpus changes under it). */
function variant(rule: string, ...replacement: string[]): string {
  expect(BASE).toContain(rule);
  return BASE.replace(rule, replacement.join('\n'));
}

const LEADER_REPLY = 'reply@c(c, i, v) :~ tally(c, i, v, n), size(n)';

describe('voting model on the real protocols', () => {
  for (const name of ['voting.ded', 'voting-scalable.ded']) {
    it(`${name}: every invariant holds on seeds 1..50`, () => {
      for (const [invariant, ss] of statuses(fromCorpus(name), votingModel, 50)) {
        expect(ss.every((x) => x === 'held'), `${name}: ${invariant}: ${ss.join(' ')}`).toBe(true);
      }
    });
  }
});

describe('each voting invariant can fail', () => {
  it('reply-was-requested: a leader that answers the next id', () => {
    const s = fromText(variant(LEADER_REPLY, 'reply@c(c, i + 1, v) :~ tally(c, i, v, n), size(n)'), 'voting.deploy.json', 'voting.workload.json');
    expect(violatedSomewhere(s, 'reply-was-requested')).toBe(true);
  });

  it('reply-at-most-once: a leader that answers again in the next tick', () => {
    const s = fromText(
      variant(LEADER_REPLY, LEADER_REPLY, 'again(c, i, v) :+ tally(c, i, v, n), size(n)', 'reply@c(c, i, v) :~ again(c, i, v)').replace(
        '.decl   done(client: loc, id: int)',
        '.decl   done(client: loc, id: int)\n.decl   again(client: loc, id: int, payload: string)',
      ),
      'voting.deploy.json',
      'voting.workload.json',
    );
    expect(violatedSomewhere(s, 'reply-at-most-once')).toBe(true);
  });

  it('reply-after-all-votes: corpus/unsafe/voting-early-reply (answers after one vote)', () => {
    expect(violatedSomewhere(fromCorpus('unsafe/voting-early-reply.ded'), 'reply-after-all-votes')).toBe(true);
  });

  it('reply-after-all-votes: a scalable collector whose quorum leaves out one participant', () => {
    const text = readFileSync(`${CORPUS}voting-scalable.ded`, 'utf8');
    expect(text).toContain('size(count<p>) :- participant(p)');
    const s = fromText(
      text.replace('size(count<p>) :- participant(p)', 'size(count<p>) :- participant(p), p != "participant#2"'),
      'voting-scalable.deploy.json',
      'voting-scalable.workload.json',
    );
    expect(violatedSomewhere(s, 'reply-after-all-votes')).toBe(true);
  });

  it('every-request-answered: a leader that waits for one vote more than there are participants', () => {
    const s = fromText(
      variant('done(c, i) :- tally(c, i, v, n), size(n)', 'done(c, i) :- tally(c, i, v, n), size(m), n == m + 1').replace(
        LEADER_REPLY,
        'reply@c(c, i, v) :~ tally(c, i, v, n), size(m), n == m + 1',
      ),
      'voting.deploy.json',
      'voting.workload.json',
    );
    expect(violatedSomewhere(s, 'every-request-answered')).toBe(true);
  });

  it('every-request-answered: corpus/unsafe/voting-collector-by-voter (no collector partition sees every vote)', () => {
    const ss = statuses(fromCorpus('unsafe/voting-collector-by-voter.ded'), votingModel, 20).get('every-request-answered')!;
    expect(ss.every((x) => x === 'violated')).toBe(true);
  });
});
