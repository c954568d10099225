import { describe, expect, it } from 'vitest';
import { defaultDeployment, deploymentToJson, parseDeployment, Topology, validateDeployment } from '../../src/sim/index.js';
import { corpusJson, program, voting } from './helpers.js';

const EDB_PROGRAM = program(`
.input  go(x: int)
.output out(x: int, q: int, who: loc)
.edb    quorum(n: int)
.edb    peer(name: string, addr: loc, up: bool)
.component a
out(x, q, w) :- go(x), quorum(q), peer(_, w, true)
.component b
out(x, 0, me) :- go(x), self(me)
`);

function errors(json: unknown, p = EDB_PROGRAM): string[] {
  return validateDeployment(json, p, 'd.json')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.message);
}

describe('validateDeployment', () => {
  it('accepts the voting deployment', () => {
    const { program: p } = voting();
    const r = validateDeployment(corpusJson('voting.deploy.json'), p);
    expect(r.diagnostics).toEqual([]);
    expect([...r.deployment!.components]).toEqual([
      ['leader', { instances: 1, partitions: 1 }],
      ['participant', { instances: 3, partitions: 1 }],
    ]);
    expect(new Topology(r.deployment!).nodes.map((n) => n.address)).toEqual(['leader#0', 'participant#0', 'participant#1', 'participant#2']);
  });

  it('takes typed .edb facts, dropping duplicates', () => {
    const r = validateDeployment(
      { components: { a: { instances: 1 }, b: { instances: 2 } }, edb: { quorum: [[2], [2]], peer: [['x', 'b#0', true]] } },
      EDB_PROGRAM,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.deployment!.edb.get('quorum')).toEqual([[2]]);
    expect(deploymentToJson(r.deployment!)).toEqual({
      components: { a: { instances: 1 }, b: { instances: 2 } },
      edb: { quorum: [[2]], peer: [['x', 'b#0', true]] },
    });
  });

  it('warns about an .edb relation with no facts, and still deploys', () => {
    const r = validateDeployment({ components: { a: { instances: 1 }, b: { instances: 1 } }, edb: { quorum: [[1]] } }, EDB_PROGRAM, 'd.json');
    expect(r.deployment).toBeDefined();
    expect(r.diagnostics).toMatchObject([{ severity: 'warning', code: 'bad-input', file: 'd.json', message: expect.stringContaining('"peer" has no facts') }]);
  });

  it('reports every problem as a bad-input diagnostic with the file', () => {
    const r = validateDeployment({ components: { a: { instances: 0 }, c: { instances: 1 } } }, EDB_PROGRAM, 'd.json');
    expect(r.deployment).toBeUndefined();
    for (const d of r.diagnostics) expect(d).toMatchObject({ code: 'bad-input', file: 'd.json' });
  });

  it.each([
    ['not an object', [1, 2], /must hold a JSON object/],
    ['no components', {}, /"components" must be an object/],
    ['unknown component', { components: { a: { instances: 1 }, b: { instances: 1 }, c: { instances: 1 } } }, /unknown component "c"/],
    ['missing component', { components: { a: { instances: 1 } } }, /component "b" is missing/],
    ['zero instances', { components: { a: { instances: 0 }, b: { instances: 1 } } }, /components\.a\.instances must be an integer from 1/],
    ['fractional instances', { components: { a: { instances: 1.5 }, b: { instances: 1 } } }, /instances must be an integer/],
    ['string instances', { components: { a: { instances: '2' }, b: { instances: 1 } } }, /instances must be an integer/],
    ['missing instances', { components: { a: {}, b: { instances: 1 } } }, /components\.a\.instances is missing/],
    ['unknown placement key', { components: { a: { instances: 1, replicas: 2 }, b: { instances: 1 } } }, /unknown key "replicas"/],
    ['bad partitions', { components: { a: { instances: 1, partitions: 0 }, b: { instances: 1 } } }, /partitions must be an integer/],
    ['unknown top-level key', { components: { a: { instances: 1 }, b: { instances: 1 } }, edbs: {} }, /unknown key "edbs"/],
    ['fns', { components: { a: { instances: 1 }, b: { instances: 1 } }, fns: {} }, /"fns" is not supported yet/],
    ['edb not an object', { components: { a: { instances: 1 }, b: { instances: 1 } }, edb: [] }, /"edb" must be an object/],
    ['unknown edb relation', { components: { a: { instances: 1 }, b: { instances: 1 } }, edb: { nope: [] } }, /unknown relation "nope"/],
    ['edb for a non-edb relation', { components: { a: { instances: 1 }, b: { instances: 1 } }, edb: { out: [] } }, /"out" is declared \.output, not \.edb/],
    ['edb rows not a list', { components: { a: { instances: 1 }, b: { instances: 1 } }, edb: { quorum: 3 } }, /edb\.quorum must be a list/],
    ['wrong arity', { components: { a: { instances: 1 }, b: { instances: 1 } }, edb: { quorum: [[1, 2]] } }, /edb\.quorum\[0\] has 2 value\(s\), but the relation has 1/],
    ['wrong type', { components: { a: { instances: 1 }, b: { instances: 1 } }, edb: { quorum: [['3']] } }, /edb\.quorum\[0\]\[0\] \(n: int\) must be an int, got "3"/],
    ['unsafe int', { components: { a: { instances: 1 }, b: { instances: 1 } }, edb: { quorum: [[2 ** 60]] } }, /must be an int/],
    ['bool as int', { components: { a: { instances: 1 }, b: { instances: 1 } }, edb: { peer: [['x', 'y', 1]] } }, /\(up: bool\) must be a bool/],
  ])('rejects %s', (_name, json, message) => {
    expect(errors(json).join('\n')).toMatch(message);
  });

  it('parses JSON text and locates a syntax error', () => {
    const r = parseDeployment('{\n  "components": {,\n}', EDB_PROGRAM, 'd.json');
    expect(r.deployment).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'bad-input', file: 'd.json', span: { line: 2 } });
  });
});

describe('defaultDeployment', () => {
  it('runs one instance of every component', () => {
    const d = defaultDeployment(EDB_PROGRAM);
    expect(new Topology(d).nodes.map((n) => n.address)).toEqual(['a#0', 'b#0']);
    expect(d.edb.get('quorum')).toEqual([]);
  });
});

describe('Topology', () => {
  const p = program(`
.input put(k: int)
.output at(k: int, i: int)
.component front
.component store
at(k, i) :- put(k), self_partition(i)
`);
  const d = validateDeployment({ components: { front: { instances: 2 }, store: { instances: 1, partitions: 3 } } }, p).deployment!;
  const t = new Topology(d);

  it('names partition nodes NAME#i/p', () => {
    expect(t.nodes.map((n) => n.address)).toEqual(['front#0', 'front#1', 'store#0/0', 'store#0/1', 'store#0/2']);
  });

  it('classifies addresses', () => {
    expect(t.classify('front#1').kind).toBe('node');
    expect(t.classify('store#0/2').kind).toBe('node');
    expect(t.classify('store#0').kind).toBe('partitioned');
    expect(t.classify('front#2').kind).toBe('no-such-node');
    expect(t.classify('store#0/3').kind).toBe('no-such-node');
    expect(t.classify('client1').kind).toBe('outside');
    expect(t.classify('other#0').kind).toBe('outside');
  });

  it('gives each node its built-in EDB', () => {
    const node = t.node('store#0/1')!;
    const edb = t.edbOf(p, node);
    expect(edb.get('self')).toEqual([['store#0']]);
    expect(edb.get('self_partition')).toEqual([[1]]);
    expect(edb.get('front')).toEqual([['front#0'], ['front#1']]);
    expect(edb.get('store')).toEqual([['store#0']]);
    expect(edb.get('partition_count')).toEqual([['front#0', 1], ['front#1', 1], ['store#0', 3]]);
    expect(edb.get('partition_of')).toEqual([
      ['front#0', 0, 'front#0'],
      ['front#1', 0, 'front#1'],
      ['store#0', 0, 'store#0/0'],
      ['store#0', 1, 'store#0/1'],
      ['store#0', 2, 'store#0/2'],
    ]);
    expect(t.edbOf(p, t.node('front#1')!).get('self_partition')).toEqual([[0]]);
  });
});
