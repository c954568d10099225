import { describe, expect, it } from 'vitest';
import { deliverySets, explore, replayScheduler, simulate, type TickOption } from '../../src/sim/index.js';
import { formatFact } from '../../src/sim/values.js';
import { deploy, program, voting, work } from './helpers.js';

/** Two nodes race to a judge; the first ping it takes wins (both win if they arrive in one tick). */
const RACE = `
.input  go(x: int)
.output winner(v: int)
.decl   ping(v: int)
.decl   done(b: bool)
.persist done
.component a
ping@j(1) :~ go(x), judge(j)
.component b
ping@j(2) :~ go(x), judge(j)
.component judge
done(true) :+ ping(v)
winner(v) :- ping(v), !done(true)
`;

function race() {
  const p = program(RACE);
  const d = deploy(p);
  const w = work(p, d, { inputs: [{ relation: 'go', tuple: [1], to: 'a#0' }, { relation: 'go', tuple: [1], to: 'b#0' }] });
  return { p, d, w };
}

describe('explore', () => {
  it('finds every outcome of a race, and says it covered the whole space', () => {
    const { p, d, w } = race();
    const outcomes = new Set<string>();
    const r = explore(p, d, w, {
      onLeaf: (leaf) => {
        expect(leaf.stop.reason).toBe('quiescent');
        outcomes.add(leaf.machine.observations().map((o) => formatFact(o.relation, o.tuple)).sort().join(' '));
        return false;
      },
    });
    expect(r).toMatchObject({ end: 'exhausted', complete: true });
    expect([...outcomes].sort()).toEqual(['winner(1)', 'winner(1) winner(2)', 'winner(2)']);
  });

  it('reports paths that replay to the leaf they reached', () => {
    const { p, d, w } = race();
    const leaves: { path: string; obs: string }[] = [];
    explore(p, d, w, {
      onLeaf: (leaf) => {
        leaves.push({ path: JSON.stringify(leaf.path), obs: JSON.stringify(leaf.machine.observations().map((o) => o.tuple)) });
        return false;
      },
    });
    for (const l of leaves) {
      const r = simulate(p, d, w, { scheduler: replayScheduler(JSON.parse(l.path)) });
      expect(r.reason).toBe('quiescent');
      expect(JSON.stringify(r.observations.map((o) => o.tuple))).toBe(l.obs);
    }
  });

  it('merges equal states: a few hundred states for one voting request, every run answering it', () => {
    const { program: p, deployment, workload } = voting();
    const one = { inputs: workload.inputs.slice(0, 1) };
    let leaves = 0;
    const r = explore(p, deployment, one, {
      onLeaf: (leaf) => {
        leaves++;
        expect(leaf.machine.observations().map((o) => formatFact(o.relation, o.tuple))).toEqual(['reply("client1", 1, "apple")']);
        return false;
      },
    });
    expect(r.complete).toBe(true);
    expect(r.states).toBeLessThan(2_000);
    expect(leaves).toBeGreaterThan(0);
  });

  it('stops at its state bound and says the space was not covered', () => {
    const { program: p, deployment, workload } = voting();
    const r = explore(p, deployment, workload, { maxStates: 300 });
    expect(r).toMatchObject({ end: 'max-states', complete: false, states: 300 });
  });

  it('ends when a leaf is found, and cuts pruned branches', () => {
    const { p, d, w } = race();
    const found = explore(p, d, w, { onLeaf: (leaf) => leaf.machine.observations().some((o) => o.tuple[0] === 2) });
    expect(found.end).toBe('found');
    const pruned = explore(p, d, w, { prune: (m) => m.observedCount() > 0 });
    expect(pruned.pruned).toBeGreaterThan(0);
    expect(pruned.leaves).toBe(0);
  });
});

describe('deliverySets', () => {
  const opt = (n: number, extra: Partial<TickOption> = {}): TickOption => ({ node: 'a#0', pending: Array.from({ length: n }, (_, i) => i + 1), min: 0, max: n, fifo: false, ...extra });
  it('gives every subset (not every order) of a small batch, largest first', () => {
    const r = deliverySets(opt(3), 64);
    expect(r.cut).toBe(false);
    expect(r.sets).toHaveLength(8);
    expect(r.sets[0]).toEqual([1, 2, 3]);
    expect(new Set(r.sets.map((s) => s.join(','))).size).toBe(8);
  });
  it('gives prefixes on a FIFO network, and respects ordered channels', () => {
    expect(deliverySets(opt(3, { fifo: true, min: 1 }), 64).sets).toEqual([[1, 2, 3], [1, 2], [1]]);
    const sets = deliverySets(opt(3, { senders: ['x', 'x', 'y'] }), 64).sets.map((s) => s.join(','));
    expect(sets).not.toContain('2');
    expect(sets).toContain('1,3');
  });
  it('samples, and says so, when there are too many subsets', () => {
    const r = deliverySets(opt(10), 64);
    expect(r.cut).toBe(true);
    expect(r.sets.length).toBeLessThanOrEqual(22);
  });
});
