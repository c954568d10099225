import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateWorkload, parseWorkload, relationReaders, Topology, validateWorkload, workloadToJson } from '../../src/sim/index.js';
import { corpusJson, deploy, program, voting } from './helpers.js';

const TWO_READERS = program(`
.input  ping(x: int)
.input  note(s: string, ok: bool, who: loc)
.input  unread(x: int)
.output seen(x: int, at: loc)
.component a
seen(x, me) :- ping(x), self(me)
seen(0, me) :- note(_, _, _), self(me)
.component b
seen(x, me) :- ping(x), self(me)
`);

function errors(json: unknown, p = TWO_READERS, d = deploy(TWO_READERS, { components: { a: { instances: 1 }, b: { instances: 2 } } })): string[] {
  return validateWorkload(json, p, new Topology(d), 'w.json')
    .diagnostics.filter((x) => x.severity === 'error')
    .map((x) => x.message);
}

describe('validateWorkload', () => {
  it('accepts the voting workload and fills in "to"', () => {
    const { workload } = voting();
    expect(workload.inputs).toHaveLength(5);
    expect(workload.inputs.every((i) => i.to === 'leader#0')).toBe(true);
    expect(workload.inputs[3]).toEqual({ relation: 'request', tuple: ['client3', 7, 'fig'], to: 'leader#0' });
  });

  it('keeps the order of the file', () => {
    const { workload } = voting();
    const json = corpusJson('voting.workload.json') as { inputs: { tuple: unknown[] }[] };
    expect(workload.inputs.map((i) => i.tuple)).toEqual(json.inputs.map((i) => i.tuple));
  });

  it.each([
    ['not an object', [], /must hold a JSON object/],
    ['no inputs', {}, /"inputs" must be a list/],
    ['unknown key', { inputs: [], extra: 1 }, /unknown key "extra"/],
    ['item not an object', { inputs: [3] }, /inputs\[0\] must be an object/],
    ['unknown item key', { inputs: [{ relation: 'note', tuple: ['a', true, 'c'], too: 'a#0' }] }, /unknown key "too"/],
    ['relation not a string', { inputs: [{ relation: 1, tuple: [] }] }, /relation must be a relation name/],
    ['unknown relation', { inputs: [{ relation: 'pong', tuple: [1] }] }, /unknown relation "pong"/],
    ['not an input', { inputs: [{ relation: 'seen', tuple: [1, 'x'] }] }, /"seen" is not an \.input relation/],
    ['a built-in', { inputs: [{ relation: 'self', tuple: ['x'] }] }, /"self" is not an \.input relation \(it is a built-in relation\)/],
    ['arity', { inputs: [{ relation: 'note', tuple: ['a', true] }] }, /has 2 value\(s\), but the relation has 3/],
    ['tuple not an array', { inputs: [{ relation: 'note', tuple: 'a' }] }, /tuple must be an array/],
    ['types', { inputs: [{ relation: 'note', tuple: [1, 'yes', 'c'] }] }, /\[0\] \(s: string\) must be a string[\s\S]*\[1\] \(ok: bool\) must be a bool/],
    ['ambiguous reader', { inputs: [{ relation: 'ping', tuple: [1] }] }, /"to" is needed: "ping" is read by 3 nodes/],
    ['nobody reads it', { inputs: [{ relation: 'unread', tuple: [1] }] }, /no component reads "unread"/],
    ['unknown node', { inputs: [{ relation: 'ping', tuple: [1], to: 'b#2' }] }, /no node "b#2"/],
    ['client as node', { inputs: [{ relation: 'ping', tuple: [1], to: 'client1' }] }, /no node "client1"/],
    ['to not a string', { inputs: [{ relation: 'ping', tuple: [1], to: 0 }] }, /to must be a node address/],
    ['weights not an object', { inputs: [], weights: [1] }, /"weights" must be an object/],
    ['weight of an output', { inputs: [], weights: { seen: 2 } }, /weights: "seen" is not an \.input relation/],
    ['weight zero', { inputs: [], weights: { ping: 0 } }, /weights\.ping must be a whole number from 1 to 10000, got number 0/],
    ['weight fractional', { inputs: [], weights: { ping: 1.5 } }, /weights\.ping must be a whole number/],
    ['weight too large', { inputs: [], weights: { ping: 10001 } }, /weights\.ping must be a whole number/],
    ['weight a string', { inputs: [], weights: { ping: '3' } }, /weights\.ping must be a whole number from 1 to 10000, got string "3"/],
  ])('rejects %s', (_name, json, message) => {
    expect(errors(json).join('\n')).toMatch(message);
  });

  it('sends to the only reading node when "to" is left out', () => {
    const d = deploy(TWO_READERS, { components: { a: { instances: 1 }, b: { instances: 2 } } });
    const r = validateWorkload({ inputs: [{ relation: 'note', tuple: ['hi', true, 'client1'] }] }, TWO_READERS, new Topology(d));
    expect(r.workload?.inputs).toEqual([{ relation: 'note', tuple: ['hi', true, 'client1'], to: 'a#0' }]);
  });

  it('warns when "to" is a node that never reads the relation', () => {
    const d = deploy(TWO_READERS, { components: { a: { instances: 1 }, b: { instances: 2 } } });
    const r = validateWorkload({ inputs: [{ relation: 'note', tuple: ['hi', true, 'c'], to: 'b#1' }] }, TWO_READERS, new Topology(d));
    expect(r.workload).toBeDefined();
    expect(r.diagnostics).toMatchObject([{ severity: 'warning', message: expect.stringContaining('never read "note"') }]);
  });

  it('asks for a partition when "to" is a partitioned logical address', () => {
    const d = deploy(TWO_READERS, { components: { a: { instances: 1 }, b: { instances: 1, partitions: 2 } } });
    const msgs = errors({ inputs: [{ relation: 'ping', tuple: [1], to: 'b#0' }] }, TWO_READERS, d);
    expect(msgs.join('\n')).toMatch(/"b#0" is partitioned; send to one of its partitions/);
    expect(errors({ inputs: [{ relation: 'ping', tuple: [1], to: 'b#0/1' }] }, TWO_READERS, d)).toEqual([]);
  });

  it('keeps the weights (for the runtime\'s clients) and writes them back', () => {
    const d = deploy(TWO_READERS, { components: { a: { instances: 1 }, b: { instances: 2 } } });
    const r = validateWorkload({ inputs: [{ relation: 'note', tuple: ['hi', true, 'client1'] }], weights: { note: 9, ping: 1 } }, TWO_READERS, new Topology(d));
    expect(r.diagnostics).toEqual([]);
    expect(r.workload?.weights).toEqual({ note: 9, ping: 1 });
    expect(workloadToJson(r.workload!).weights).toEqual({ note: 9, ping: 1 });
    expect(validateWorkload({ inputs: [] }, TWO_READERS, new Topology(d)).workload).toEqual({ inputs: [] });
  });

  it('parses JSON text', () => {
    const { program: p, deployment } = voting();
    expect(parseWorkload('{"inputs": []}', p, new Topology(deployment)).workload).toEqual({ inputs: [] });
    expect(parseWorkload('{"inputs": [}', p, new Topology(deployment), 'w.json').diagnostics[0]).toMatchObject({ code: 'bad-input', file: 'w.json' });
  });
});

describe('relationReaders', () => {
  it('lists the components whose rules read each relation', () => {
    const r = relationReaders(TWO_READERS);
    expect(r.get('ping')).toEqual(['a', 'b']);
    expect(r.get('note')).toEqual(['a']);
    expect(r.get('unread')).toBeUndefined();
  });
});

describe('generateWorkload', () => {
  const d = deploy(TWO_READERS, { components: { a: { instances: 1 }, b: { instances: 2 } } });
  const topology = new Topology(d);

  it('is deterministic in the seed and valid against the program', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 12 }), (seed, count) => {
        const w = generateWorkload(TWO_READERS, topology, { seed, count });
        expect(generateWorkload(TWO_READERS, topology, { seed, count })).toEqual(w);
        const again = validateWorkload(workloadToJson(w), TWO_READERS, topology);
        expect(again.diagnostics).toEqual([]);
        expect(again.workload).toEqual(w);
      }),
      { numRuns: 50 },
    );
  });

  it('sends each fact to one node of every component reading it, never an unread input', () => {
    const w = generateWorkload(TWO_READERS, topology, { seed: 3, count: 10 });
    expect(w.inputs.some((i) => i.relation === 'unread')).toBe(false);
    const pings = w.inputs.filter((i) => i.relation === 'ping');
    for (const p of pings) {
      const sameFact = pings.filter((q) => JSON.stringify(q.tuple) === JSON.stringify(p.tuple));
      expect(sameFact.map((q) => q.to.split('#')[0]).sort()).toEqual(['a', 'b']);
    }
  });

  it('draws small distinct ints, words, bools and client addresses', () => {
    const { program: p, deployment } = voting();
    const w = generateWorkload(p, new Topology(deployment), { seed: 9, count: 6 });
    expect(w.inputs).toHaveLength(6);
    const ids = w.inputs.map((i) => i.tuple[1]);
    expect(new Set(ids).size).toBe(6);
    for (const i of w.inputs) {
      expect(i.to).toBe('leader#0');
      expect(i.tuple[0]).toMatch(/^client[1-3]$/);
      expect(i.tuple[1]).toBeLessThanOrEqual(20);
      expect(i.tuple[2]).toMatch(/^[a-z]+$/);
    }
  });

  it('gives an empty workload when asked for none', () => {
    expect(generateWorkload(TWO_READERS, topology, { seed: 1, count: 0 })).toEqual({ inputs: [] });
  });
});
