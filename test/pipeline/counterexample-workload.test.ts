/**
 * From Z3's facts to the `.input` facts that drive a simulator run: values
 * carried back through the rules, inputs merged, what the deployment decides
 * left to it, facts no input derives reported, and the program's own
 * workload merged in without colliding with them.
 */
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/load.js';
import type { CheckedProgram } from '../../src/ir/types.js';
import { counterexampleWorkload, inputDestinations, mergeWithWorkload, withWorkloadAddresses } from '../../src/pipeline/counterexample-workload.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnCounterexample } from '../../src/pipeline/dynamic.js';
import { emitProgram } from '../../src/pipeline/emit.js';
import { applyPlan } from '../../src/rewrite/apply.js';
import { loadPlan } from '../../src/rewrite/plan.js';
import { stateFromText } from '../../src/rewrite/engine.js';
import { loadDeployment } from '../../src/sim/deployment.js';

function program(file: string): CheckedProgram {
  const l = loadProgram(file);
  if (!l.ok) throw new Error(file);
  return l.checked;
}

describe('counterexampleWorkload', () => {
  const twoPc = program('corpus/2pc.ded');
  const own = JSON.parse(readFileSync('corpus/2pc.workload.json', 'utf8'));

  it('traces 2pc facts back to one begin, with the transaction Z3 chose and the client it named', () => {
    const w = counterexampleWorkload(
      twoPc,
      [
        { relation: 'finish', tuple: [7] },
        { relation: 'client_of', tuple: [7, 'alice'] },
        { relation: 'decided', tuple: [7, 'commit'] },
      ],
      inputDestinations(twoPc, own),
    );
    expect(w.inputs).toEqual([{ relation: 'begin', tuple: ['alice', 7], to: 'coordinator#0', from: ['finish(7)', 'client_of(7, "alice")', 'decided(7, "commit")'] }]);
    expect(w.untraced).toEqual([]);
  });

  it('keeps distinct transactions apart, fills what nothing fixes, and names the empty address', () => {
    const w = counterexampleWorkload(twoPc, [{ relation: 'finish', tuple: [1] }, { relation: 'client_of', tuple: [2, ''] }], inputDestinations(twoPc, null));
    expect(w.inputs.map((i) => [i.relation, i.tuple])).toEqual([
      ['begin', ['client_z3', 1]],
      ['begin', ['client_z3', 2]],
    ]);
    expect(w.notes.join('\n')).toMatch(/filled in \(loc: "client_z3"\)/);
    expect(w.notes.join('\n')).toMatch(/empty address "" is the client "client_z3"/);
  });

  it('leaves to the deployment what the deployment decides (a vote\'s voter is the voting node)', () => {
    const voting = program('corpus/voting.ded');
    const w = counterexampleWorkload(voting, [{ relation: 'vote', tuple: ['c', 3, 'x', 'A'] }], inputDestinations(voting, null));
    expect(w.inputs).toEqual([{ relation: 'request', tuple: ['c', 3, 'x'], to: 'leader#0', from: ['vote("c", 3, "x", "A")'] }]);
    expect(w.notes.join('\n')).toMatch(/`vote`'s voter is the sending node's own address/);
  });

  it('says which facts no input derives', () => {
    const w = counterexampleWorkload(twoPc, [{ relation: 'participants', tuple: [3] }], inputDestinations(twoPc, null));
    expect(w.inputs).toEqual([]);
    expect(w.untraced).toEqual(['participants(3): derived from the deployment\'s facts alone']);
  });

  it('merges in the program\'s own inputs that do not collide, and gives Z3\'s addresses the workload\'s', () => {
    const tally = program('corpus/2pc-coordinator-tally.ded');
    const ownTally = JSON.parse(readFileSync('corpus/2pc-coordinator-tally.workload.json', 'utf8'));
    const w = counterexampleWorkload(tally, [{ relation: 'vote', tuple: [1, 'A', true] }, { relation: 'vote', tuple: [1, 'B', true] }], inputDestinations(tally, ownTally));
    const r = withWorkloadAddresses(tally, w, ownTally);
    expect(r.workload.inputs.map((i) => i.tuple)).toEqual([
      [1, 'p1', true],
      [1, 'p2', true],
    ]);
    expect(r.renamed).toHaveLength(2);
    const m = mergeWithWorkload(tally, r.workload, ownTally);
    // Every vote on transaction 1 of the workload collides; the others follow.
    expect(m.json.inputs.slice(0, 2).map((i) => i.tuple)).toEqual([
      [1, 'p1', true],
      [1, 'p2', true],
    ]);
    expect(m.added).toBe(ownTally.inputs.filter((i: { tuple: unknown[] }) => i.tuple[0] !== 1).length);
    expect(m.json.inputs.slice(2).every((i) => i.tuple[0] !== 1)).toBe(true);
  });

  it('runs the differential tester on them: votes from voters outside the model first, then renamed to the workload\'s with its other transactions', () => {
    const tally = program('corpus/2pc-coordinator-tally.ded');
    // The refused plan forced: the tally behind a proxy, counted by participant.
    const file = 'corpus/2pc-coordinator-tally.ded';
    const initial = stateFromText(readFileSync(file, 'utf8'), file, loadDeployment('corpus/2pc-coordinator-tally.deploy.json', tally).deployment!);
    const plan = loadPlan('corpus/plans/2pc-coordinator-tally-by-participant.json');
    if (!initial.ok || !plan.ok) throw new Error('inputs');
    const forced = applyPlan(initial.state, plan.plan, { force: true });
    if (forced.kind !== 'applied') throw new Error(forced.kind);
    const dir = mkdtempSync(join(tmpdir(), 'cex-run-'));
    const emitted = emitProgram(join(dir, 'forced.ded'), forced.final, { from: file, header: ['forced'], model: '2pc-coordinator-tally' });
    const r = runOnCounterexample({
      original: file,
      rewritten: emitted.program,
      runs: 20,
      seed: 1,
      facts: ['A', 'B', 'C'].map((p) => ({ relation: 'vote', tuple: [9, p, true] })),
      program: tally,
      originalProgram: tally,
      ownWorkload: 'corpus/2pc-coordinator-tally.workload.json',
      dir,
    });
    if (!r.ok) throw new Error(r.note);
    expect(r.run.basis).toBe('merged');
    expect(r.run.alone).toMatch(/broken by the original itself/);
    expect(r.run.workload.inputs.map((i) => i.tuple)).toEqual([
      [9, 'p1', true],
      [9, 'p2', true],
      [9, 'p3', true],
    ]);
    expect(r.run.added).toBe(14);
    expect(JSON.parse(readFileSync(r.run.file, 'utf8')).inputs).toHaveLength(17);
    expect(r.summary.verdict).toBe('counterexample');
    expect(r.summary.originalBroke).toBe(false);
  });

  it('says when no input stands for the facts', () => {
    const r = runOnCounterexample({
      original: 'corpus/2pc.ded',
      rewritten: 'corpus/2pc.ded',
      runs: 5,
      seed: 1,
      facts: [{ relation: 'participants', tuple: [3] }],
      program: twoPc,
      originalProgram: twoPc,
      ownWorkload: null,
      dir: mkdtempSync(join(tmpdir(), 'cex-run-')),
    });
    expect(r).toMatchObject({ ok: false, note: "no .input fact stands for Z3's counterexample (participants(3): derived from the deployment's facts alone)" });
  });
});
