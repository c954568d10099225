/**
 * Inputs drawn from the `.input` declarations with fast-check, when no
 * workload file is given: each run of the differential tester gets its own.
 * Values are small so that facts meet (ints 1..9, a few words, clients
 * `client1`..`client3`); each input goes to `defaultDestination` in each
 * program (the first node of the first component reading it).
 */
import fc from 'fast-check';
import type { CheckedProgram, Relation, Value } from '../ir/types.js';
import type { TypeName } from '../syntax/ast.js';
import type { Topology } from '../sim/topology.js';
import { defaultDestination, type PairedInput } from './pair.js';

const WORDS = ['apple', 'pear', 'plum', 'fig'];
const CLIENTS = ['client1', 'client2', 'client3'];

function valueArb(type: TypeName): fc.Arbitrary<Value> {
  switch (type) {
    case 'int':
      return fc.integer({ min: 1, max: 9 });
    case 'string':
      return fc.constantFrom(...WORDS);
    case 'bool':
      return fc.boolean();
    case 'loc':
      return fc.constantFrom(...CLIENTS);
  }
}

/**
 * An arbitrary of input lists (1 to `max` facts, duplicates removed), or null
 * when no `.input` relation reaches a node in both programs.
 */
export function inputsArbitrary(
  original: { readonly program: CheckedProgram; readonly topology: Topology },
  rewritten: { readonly program: CheckedProgram; readonly topology: Topology },
  max: number,
): fc.Arbitrary<PairedInput[]> | null {
  const usable: { rel: Relation; toOriginal: string; toRewritten: string }[] = [];
  for (const rel of original.program.relations.values()) {
    if (rel.kind !== 'input') continue;
    const toOriginal = defaultDestination(original.program, original.topology, rel.name);
    const toRewritten = defaultDestination(rewritten.program, rewritten.topology, rel.name);
    if (toOriginal !== null && toRewritten !== null) usable.push({ rel, toOriginal, toRewritten });
  }
  if (usable.length === 0) return null;
  const fact = fc.oneof(
    ...usable.map((u) =>
      fc.tuple(...u.rel.attrs.map((a) => valueArb(a.type))).map((tuple): PairedInput => ({ relation: u.rel.name, tuple, toOriginal: u.toOriginal, toRewritten: u.toRewritten })),
    ),
  );
  return fc.uniqueArray(fact, { minLength: 1, maxLength: Math.max(1, max), selector: (x) => x.relation + JSON.stringify(x.tuple) });
}

/** One draw of `arb`, deterministic in `seed`. */
export function drawInputs(arb: fc.Arbitrary<PairedInput[]>, seed: number): PairedInput[] {
  const [value] = fc.sample(arb, { seed, numRuns: 1 });
  return value ?? [];
}
