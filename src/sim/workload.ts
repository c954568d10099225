/**
 * The workload file: the `.input` facts sent into the deployment, in order,
 * each to one node. See docs/workload.md.
 *
 * ```json
 * { "inputs": [ { "relation": "request", "tuple": ["client1", 1, "apple"], "to": "leader#0" } ] }
 * ```
 */
import type { CheckedProgram, Relation, Tuple, Value } from '../ir/types.js';
import type { TypeName } from '../syntax/ast.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Topology } from './topology.js';
import { parseJsonText, readJsonFile } from './json-file.js';
import { isObject, jsonKind, tupleProblems } from './values.js';
import { Random } from './random.js';
import { tupleKey } from './facts.js';

/** One input fact and the node it is sent to. */
export interface WorkloadInput {
  readonly relation: string;
  readonly tuple: Tuple;
  /** A node address. */
  readonly to: string;
}

/** A validated workload: inputs are injected in this order. */
export interface Workload {
  readonly inputs: readonly WorkloadInput[];
  /**
   * `.output` relations whose order of arrival at each client is part of what
   * the differential tester compares (absent: none; only the set counts).
   */
  readonly ordered?: readonly string[];
  /**
   * How often the runtime's closed-loop clients send each `.input` relation,
   * relative to the others (absent or unlisted: 1). The simulator and the
   * differential tester ignore it: they inject `inputs` as they are.
   */
  readonly weights?: Readonly<Record<string, number>>;
}

/** The JSON form of a workload file (`to` optional). */
export interface WorkloadJson {
  readonly inputs: readonly { readonly relation: string; readonly tuple: readonly Value[]; readonly to?: string }[];
  readonly ordered?: readonly string[];
  readonly weights?: Readonly<Record<string, number>>;
}

/** The largest weight a workload may give a relation (the clients cycle through the mix in turns of the weights' sum). */
export const MAX_WEIGHT = 10_000;

export interface WorkloadResult {
  readonly workload?: Workload;
  readonly diagnostics: Diagnostic[];
}

/** The components whose rules read each relation, in program order. */
export function relationReaders(program: CheckedProgram): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const component of program.components.keys()) {
    for (const rule of program.rules) {
      if (rule.component !== component) continue;
      for (const lit of rule.body) {
        if (lit.kind !== 'atom') continue;
        const list = out.get(lit.relation) ?? [];
        if (!list.includes(component)) list.push(component);
        out.set(lit.relation, list);
      }
    }
  }
  return out;
}

/** Read, parse and validate a workload file. */
export function loadWorkload(path: string, program: CheckedProgram, topology: Topology): WorkloadResult {
  const read = readJsonFile(path, 'workload');
  if (!read.ok) return { diagnostics: read.diagnostics };
  return validateWorkload(read.value, program, topology, path);
}

/** Parse and validate workload JSON text. */
export function parseWorkload(text: string, program: CheckedProgram, topology: Topology, file?: string): WorkloadResult {
  const parsed = parseJsonText(text, 'workload', file);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  return validateWorkload(parsed.value, program, topology, file);
}

/**
 * Check a parsed JSON value: each input names an `.input` relation, has the
 * right arity and types, and goes to a node of the deployment — given by `to`,
 * or else the only node of the only component that reads the relation.
 */
export function validateWorkload(json: unknown, program: CheckedProgram, topology: Topology, file?: string): WorkloadResult {
  const problems: Diagnostic[] = [];
  const report = (severity: 'error' | 'warning', message: string, notes?: string[]): void => {
    const d = error('bad-input', `workload: ${message}`, undefined, notes);
    const withSeverity: Diagnostic = { ...d, severity };
    problems.push(file === undefined ? withSeverity : { ...withSeverity, file });
  };
  const fail = (message: string, notes?: string[]): void => report('error', message, notes);

  if (!isObject(json)) {
    fail(`the file must hold a JSON object like {"inputs": [...]}, got ${jsonKind(json)}`);
    return { diagnostics: problems };
  }
  for (const key of Object.keys(json)) if (key !== 'inputs' && key !== 'ordered' && key !== 'weights') fail(`unknown key "${key}" (expected "inputs", "ordered", "weights")`);
  const weights: Record<string, number> = {};
  const rawWeights = json['weights'];
  if (rawWeights !== undefined) {
    if (!isObject(rawWeights)) fail(`"weights" must be an object mapping .input relation names to whole numbers, got ${jsonKind(rawWeights)}`);
    else {
      for (const [name, w] of Object.entries(rawWeights)) {
        const rel = program.relations.get(name);
        if (!rel || rel.kind !== 'input') fail(`weights: "${name}" is not an .input relation`, inputNote(program));
        else if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > MAX_WEIGHT) fail(`weights.${name} must be a whole number from 1 to ${MAX_WEIGHT}, got ${jsonKind(w)}`);
        else weights[name] = w;
      }
    }
  }
  const ordered: string[] = [];
  const rawOrdered = json['ordered'];
  if (rawOrdered !== undefined) {
    if (!Array.isArray(rawOrdered)) fail(`"ordered" must be a list of .output relation names, got ${jsonKind(rawOrdered)}`);
    else {
      rawOrdered.forEach((name: unknown, i) => {
        const rel = typeof name === 'string' ? program.relations.get(name) : undefined;
        if (typeof name !== 'string') fail(`ordered[${i}] must be a relation name, got ${jsonKind(name)}`);
        else if (!rel || rel.kind !== 'output') fail(`ordered[${i}]: "${name}" is not an .output relation; only the order of outputs can be observed`);
        else if (!ordered.includes(name)) ordered.push(name);
      });
    }
  }
  const raw = json['inputs'];
  if (!Array.isArray(raw)) {
    fail(`"inputs" must be a list of {"relation", "tuple", "to"} objects, got ${jsonKind(raw)}`);
    return { diagnostics: problems };
  }

  const readers = relationReaders(program);
  const inputs: WorkloadInput[] = [];
  raw.forEach((item: unknown, i) => {
    const where = `inputs[${i}]`;
    if (!isObject(item)) {
      fail(`${where} must be an object like {"relation": "r", "tuple": [...]}, got ${jsonKind(item)}`);
      return;
    }
    for (const key of Object.keys(item)) {
      if (key !== 'relation' && key !== 'tuple' && key !== 'to') fail(`${where}: unknown key "${key}" (expected "relation", "tuple", "to")`);
    }
    const name = item['relation'];
    if (typeof name !== 'string') {
      fail(`${where}.relation must be a relation name, got ${jsonKind(name)}`);
      return;
    }
    const rel = program.relations.get(name);
    if (!rel) {
      fail(`${where}: unknown relation "${name}"`, inputNote(program));
      return;
    }
    if (rel.kind !== 'input') {
      fail(`${where}: "${name}" is not an .input relation (it is ${describeKind(rel)}); only .input facts come from outside`, inputNote(program));
      return;
    }
    const ps = tupleProblems(`${where}.tuple`, rel.attrs, item['tuple']);
    ps.forEach((p) => fail(p));
    const to = resolveDestination(where, rel, item['to'], readers.get(name) ?? [], topology, report);
    if (ps.length === 0 && to !== undefined) inputs.push({ relation: name, tuple: item['tuple'] as Tuple, to });
  });
  if (problems.some((d) => d.severity === 'error')) return { diagnostics: problems };
  const hasWeights = Object.keys(weights).length > 0;
  return { workload: { inputs, ...(ordered.length > 0 ? { ordered } : {}), ...(hasWeights ? { weights } : {}) }, diagnostics: problems };
}

/** The JSON form of a workload, every `to` explicit. */
export function workloadToJson(w: Workload): WorkloadJson {
  const inputs = w.inputs.map((x) => ({ relation: x.relation, tuple: [...x.tuple], to: x.to }));
  return { inputs, ...(w.ordered && w.ordered.length > 0 ? { ordered: [...w.ordered] } : {}), ...(w.weights && Object.keys(w.weights).length > 0 ? { weights: { ...w.weights } } : {}) };
}

/** Options of the workload generator. */
export interface GenerateOptions {
  readonly seed: number;
  /** How many input facts to draw (each is sent to one node of every component reading it). Default 4. */
  readonly count?: number;
}

const WORDS = ['apple', 'pear', 'plum', 'fig', 'kiwi', 'lime', 'peach', 'grape'];
const CLIENTS = ['client1', 'client2', 'client3'];

/**
 * A small random workload from the `.input` declarations, deterministic in the
 * seed. Values: ints are small and distinct within each attribute (so
 * generated requests have distinct ids), strings are short words, bools are
 * random, locs are client addresses `client1`..`client3`. Each fact is sent to
 * one randomly chosen node of every component that reads its relation;
 * `.input` relations no component reads are skipped.
 */
export function generateWorkload(program: CheckedProgram, topology: Topology, options: GenerateOptions): Workload {
  const rng = new Random(options.seed);
  const count = options.count ?? 4;
  const readers = relationReaders(program);
  const inputRelations = [...program.relations.values()].filter(
    (r) => r.kind === 'input' && (readers.get(r.name) ?? []).some((c) => topology.nodesOf(c).length > 0),
  );
  if (inputRelations.length === 0 || count <= 0) return { inputs: [] };

  // Distinct small ints per (relation, attribute): a shuffled pool each.
  const pools = new Map<string, number[]>();
  const nextInt = (key: string): number => {
    let pool = pools.get(key);
    if (!pool || pool.length === 0) {
      const size = count + 8;
      pool = rng.shuffle(Array.from({ length: size }, (_, i) => i + 1));
      pools.set(key, pool);
    }
    return pool.pop() as number;
  };
  const value = (rel: Relation, i: number, type: TypeName): Value => {
    switch (type) {
      case 'int':
        return nextInt(`${rel.name}/${i}`);
      case 'string':
        return rng.pick(WORDS);
      case 'bool':
        return rng.chance(0.5);
      case 'loc':
        return rng.pick(CLIENTS);
    }
  };

  const inputs: WorkloadInput[] = [];
  const seen = new Set<string>();
  for (let n = 0, attempts = 0; n < count && attempts < count * 20; attempts++) {
    const rel = rng.pick(inputRelations);
    const tuple = rel.attrs.map((a, i) => value(rel, i, a.type));
    const key = rel.name + tupleKey(tuple);
    if (seen.has(key)) continue;
    seen.add(key);
    n++;
    for (const component of readers.get(rel.name) ?? []) {
      const nodes = topology.nodesOf(component);
      if (nodes.length > 0) inputs.push({ relation: rel.name, tuple, to: rng.pick(nodes).address });
    }
  }
  return { inputs };
}

function resolveDestination(
  where: string,
  rel: Relation,
  rawTo: unknown,
  readers: readonly string[],
  topology: Topology,
  report: (severity: 'error' | 'warning', message: string, notes?: string[]) => void,
): string | undefined {
  if (rawTo !== undefined) {
    if (typeof rawTo !== 'string') {
      report('error', `${where}.to must be a node address such as "${topology.nodes[0]?.address ?? 'leader#0'}", got ${jsonKind(rawTo)}`);
      return undefined;
    }
    const c = topology.classify(rawTo);
    switch (c.kind) {
      case 'node':
        if (!readers.includes(c.node.component)) {
          report('warning', `${where}: node "${rawTo}" runs component "${c.node.component}", whose rules never read "${rel.name}"`);
        }
        return rawTo;
      case 'partitioned':
        report('error', `${where}.to: "${rawTo}" is partitioned; send to one of its partitions`, [
          `nodes: ${topology.nodes.filter((n) => n.logical === rawTo).map((n) => n.address).join(', ')}`,
        ]);
        return undefined;
      case 'no-such-node':
      case 'outside':
        report('error', `${where}.to: no node "${rawTo}" in the deployment`, [`nodes: ${topology.nodes.map((n) => n.address).join(', ')}`]);
        return undefined;
    }
  }
  const candidates = readers.flatMap((c) => topology.nodesOf(c));
  if (readers.length === 0) {
    report('error', `${where}: no component reads "${rel.name}", so "to" must say where it goes`);
    return undefined;
  }
  const only = candidates[0];
  if (candidates.length !== 1 || only === undefined) {
    report('error', `${where}: "to" is needed: "${rel.name}" is read by ${candidates.length} nodes`, [
      `nodes reading it: ${candidates.map((n) => n.address).join(', ') || '(none)'}`,
    ]);
    return undefined;
  }
  return only.address;
}

function describeKind(rel: Relation): string {
  return rel.kind === 'builtin' ? 'a built-in relation' : `declared .${rel.kind}`;
}

function inputNote(program: CheckedProgram): string[] {
  const names = [...program.relations.values()].filter((r) => r.kind === 'input').map((r) => r.name);
  return [`the program's .input relations: ${names.join(', ') || '(none)'}`];
}
