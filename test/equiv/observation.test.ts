import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closest, diffObservations, observationOf } from '../../src/equiv/index.js';
import { Topology, type Observation } from '../../src/sim/index.js';
import { deploy, program } from '../sim/helpers.js';

const p = program(`
.input  req(c: loc, id: int)
.output ans(c: loc, id: int)
.output log(n: loc, id: int)
.component srv
ans@c(c, i) :~ req(c, i)
log(me, i) :- req(c, i), self(me)
`);
const plain = new Topology(deploy(p));
const partitioned = new Topology(deploy(p, { components: { srv: { instances: 1, partitions: 3 } } }));
const obs = (relation: string, tuple: (string | number)[], at: string, firstStep = 1): Observation => ({ relation, tuple, at, count: 1, firstStep });

describe('observationOf', () => {
  it('keeps the client of a client-observed fact, and only the value of a node-observed one', () => {
    const a = observationOf([obs('ans', ['c1', 1], 'c1'), obs('log', ['srv#0', 1], 'srv#0')], plain, new Set());
    const b = observationOf([obs('log', ['srv#0', 1], 'srv#0/2'), obs('ans', ['c1', 1], 'c1')], partitioned, new Set());
    expect(a.facts.map((f) => f.key)).toEqual(['ans("c1", 1) at c1', 'log("srv#0", 1) at a node']);
    expect(b.key).toBe(a.key);
    const elsewhere = observationOf([obs('ans', ['c1', 1], 'c2'), obs('log', ['srv#0', 1], 'srv#0')], plain, new Set());
    expect(elsewhere.key).not.toBe(a.key);
  });

  it('is a set: counts, order of observation and duplicates do not matter unless order is asked for', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([obs('ans', ['c1', 1], 'c1'), obs('ans', ['c1', 2], 'c1'), obs('ans', ['c2', 3], 'c2')], { minLength: 3 }), (list) => {
        const base = observationOf([obs('ans', ['c1', 1], 'c1'), obs('ans', ['c1', 2], 'c1'), obs('ans', ['c2', 3], 'c2')], plain, new Set());
        expect(observationOf([...list, ...list], plain, new Set()).key).toBe(base.key);
      }),
    );
    const ordered = new Set(['ans']);
    const x = observationOf([obs('ans', ['c1', 1], 'c1'), obs('ans', ['c1', 2], 'c1')], plain, ordered);
    const y = observationOf([obs('ans', ['c1', 2], 'c1'), obs('ans', ['c1', 1], 'c1')], plain, ordered);
    expect(x.key).not.toBe(y.key);
    expect(diffObservations(x, y)).toMatchObject({ extra: [], missing: [], orderDiffers: ['c1'] });
  });

  it('names the closest observations and what separates them', () => {
    const t = observationOf([obs('ans', ['c1', 1], 'c1'), obs('ans', ['c1', 2], 'c1')], plain, new Set());
    const near = observationOf([obs('ans', ['c1', 1], 'c1')], plain, new Set());
    const far = observationOf([], plain, new Set());
    const [first] = closest(t, [far, near]);
    expect(first?.observation.key).toBe(near.key);
    expect(first?.diff.extra.map((f) => f.key)).toEqual(['ans("c1", 2) at c1']);
  });
});
