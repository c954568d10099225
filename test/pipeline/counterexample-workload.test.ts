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
import { readFileSync } from 'node:fs';

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
});
