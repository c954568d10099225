/**
 * The deployment file: how many instances (and partitions) of each component
 * run, and the constant facts of the `.edb` relations. See docs/deployment.md.
 *
 * ```json
 * { "components": { "leader": { "instances": 1 }, "participant": { "instances": 3 } },
 *   "edb": { "quorum": [[2]] } }
 * ```
 */
import type { CheckedProgram, Relation, Tuple } from '../ir/types.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseJsonText, readJsonFile } from './json-file.js';
import { isObject, jsonKind, tupleProblems } from './values.js';
import { tupleKey } from './facts.js';

/** How one component is run. */
export interface ComponentPlacement {
  /** Number of instances, at least 1. */
  readonly instances: number;
  /** Nodes per instance; 1 means the component is not partitioned. */
  readonly partitions: number;
}

/** A validated deployment. Component order follows the program's. */
export interface Deployment {
  readonly components: ReadonlyMap<string, ComponentPlacement>;
  /** Facts of each `.edb` relation (every `.edb` relation has an entry, possibly empty). */
  readonly edb: ReadonlyMap<string, readonly Tuple[]>;
}

/** The JSON form of a deployment file. */
export interface DeploymentJson {
  readonly components: Readonly<Record<string, { readonly instances: number; readonly partitions?: number }>>;
  readonly edb?: Readonly<Record<string, readonly (readonly (number | string | boolean)[])[]>>;
}

/** A deployment, or the reasons there is none. Warnings may come with a deployment. */
export interface DeploymentResult {
  readonly deployment?: Deployment;
  readonly diagnostics: Diagnostic[];
}

/** Upper bounds that keep a typo from allocating a million nodes. */
export const MAX_INSTANCES = 1000;
export const MAX_PARTITIONS = 1000;

// "addresses" (host:port per node) belongs to the TCP runtime, which validates
// it (src/runtime/addresses.ts); a simulated network ignores it.
const KEYS = ['components', 'edb', 'addresses'];

/** One instance of every component, no partitions, every `.edb` relation empty. */
export function defaultDeployment(program: CheckedProgram): Deployment {
  const components = new Map<string, ComponentPlacement>();
  for (const name of program.components.keys()) components.set(name, { instances: 1, partitions: 1 });
  const edb = new Map<string, Tuple[]>();
  for (const r of edbRelations(program)) edb.set(r.name, []);
  return { components, edb };
}

/** Read, parse and validate a deployment file. */
export function loadDeployment(path: string, program: CheckedProgram): DeploymentResult {
  const read = readJsonFile(path, 'deployment');
  if (!read.ok) return { diagnostics: read.diagnostics };
  return validateDeployment(read.value, program, path);
}

/**
 * Check a parsed JSON value against the program: every component of the
 * program listed (and nothing else), counts positive integers, every `.edb`
 * fact of the right arity and types. `file` is attached to the diagnostics.
 */
export function validateDeployment(json: unknown, program: CheckedProgram, file?: string): DeploymentResult {
  const problems: Diagnostic[] = [];
  const fail = (message: string, notes?: string[]): void => {
    problems.push(at(error('bad-input', `deployment: ${message}`, undefined, notes), file));
  };
  if (!isObject(json)) {
    fail(`the file must hold a JSON object like {"components": {...}}, got ${jsonKind(json)}`);
    return { diagnostics: problems };
  }
  for (const key of Object.keys(json)) {
    if (key === 'fns') fail('"fns" is not supported yet: `.fn` functions evaluate as a deterministic hash of their arguments');
    else if (!KEYS.includes(key)) fail(`unknown key "${key}" (expected ${KEYS.map((k) => `"${k}"`).join(' or ')})`);
  }

  const components = new Map<string, ComponentPlacement>();
  const rawComponents = json['components'];
  if (!isObject(rawComponents)) {
    fail(`"components" must be an object mapping each component to {"instances": N}, got ${jsonKind(rawComponents)}`);
  } else {
    for (const [name, raw] of Object.entries(rawComponents)) {
      if (!program.components.has(name)) {
        fail(`unknown component "${name}"`, [`the program's components: ${[...program.components.keys()].join(', ') || '(none)'}`]);
      }
    }
    for (const name of program.components.keys()) {
      const raw = rawComponents[name];
      if (raw === undefined) {
        fail(`component "${name}" is missing`, [`add "${name}": {"instances": 1} to "components"`]);
        continue;
      }
      const placement = checkPlacement(`components.${name}`, raw, fail);
      if (placement) components.set(name, placement);
    }
  }

  const edb = new Map<string, Tuple[]>();
  const rawEdb = json['edb'] ?? {};
  if (!isObject(rawEdb)) {
    fail(`"edb" must be an object mapping each .edb relation to a list of facts, got ${jsonKind(rawEdb)}`);
  } else {
    for (const name of Object.keys(rawEdb)) {
      const rel = program.relations.get(name);
      if (!rel) fail(`edb: unknown relation "${name}"`);
      else if (rel.kind !== 'edb') fail(`edb: "${name}" is declared .${rel.kind === 'builtin' ? 'built-in' : rel.kind}, not .edb; only .edb relations take facts from the deployment`);
    }
    for (const rel of edbRelations(program)) {
      const rows = rawEdb[rel.name];
      if (rows === undefined) {
        problems.push(at({ code: 'bad-input', severity: 'warning', message: `deployment: .edb relation "${rel.name}" has no facts` }, file));
        edb.set(rel.name, []);
        continue;
      }
      if (!Array.isArray(rows)) {
        fail(`edb.${rel.name} must be a list of facts (arrays), got ${jsonKind(rows)}`);
        continue;
      }
      const facts: Tuple[] = [];
      const seen = new Set<string>();
      rows.forEach((row: unknown, i) => {
        const ps = tupleProblems(`edb.${rel.name}[${i}]`, rel.attrs, row);
        ps.forEach((p) => fail(p));
        if (ps.length === 0) {
          const t = row as Tuple;
          const k = tupleKey(t);
          if (!seen.has(k)) {
            seen.add(k);
            facts.push(t);
          }
        }
      });
      edb.set(rel.name, facts);
    }
  }

  if (problems.some((d) => d.severity === 'error')) return { diagnostics: problems };
  return { deployment: { components, edb }, diagnostics: problems };
}

/** Parse and validate deployment JSON text. */
export function parseDeployment(text: string, program: CheckedProgram, file?: string): DeploymentResult {
  const parsed = parseJsonText(text, 'deployment', file);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  return validateDeployment(parsed.value, program, file);
}

/** The JSON form of a deployment (partitions and empty `.edb` relations omitted). */
export function deploymentToJson(d: Deployment): DeploymentJson {
  const components: Record<string, { instances: number; partitions?: number }> = {};
  for (const [name, p] of d.components) {
    components[name] = p.partitions > 1 ? { instances: p.instances, partitions: p.partitions } : { instances: p.instances };
  }
  const edb: Record<string, (number | string | boolean)[][]> = {};
  for (const [name, rows] of d.edb) if (rows.length > 0) edb[name] = rows.map((t) => [...t]);
  return Object.keys(edb).length > 0 ? { components, edb } : { components };
}

function checkPlacement(where: string, raw: unknown, fail: (m: string) => void): ComponentPlacement | undefined {
  if (!isObject(raw)) {
    fail(`${where} must be an object like {"instances": 1}, got ${jsonKind(raw)}`);
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (key !== 'instances' && key !== 'partitions') {
      fail(`${where}: unknown key "${key}" (expected "instances" or "partitions")`);
      ok = false;
    }
  }
  const instances = raw['instances'];
  if (instances === undefined) {
    fail(`${where}.instances is missing`);
    ok = false;
  } else if (!isCount(instances, MAX_INSTANCES)) {
    fail(`${where}.instances must be an integer from 1 to ${MAX_INSTANCES}, got ${JSON.stringify(instances)}`);
    ok = false;
  }
  const partitions = raw['partitions'] ?? 1;
  if (!isCount(partitions, MAX_PARTITIONS)) {
    fail(`${where}.partitions must be an integer from 1 to ${MAX_PARTITIONS}, got ${JSON.stringify(partitions)}`);
    ok = false;
  }
  return ok ? { instances: instances as number, partitions: partitions as number } : undefined;
}

function isCount(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;
}

function edbRelations(program: CheckedProgram): Relation[] {
  return [...program.relations.values()].filter((r) => r.kind === 'edb');
}

function at(d: Diagnostic, file: string | undefined): Diagnostic {
  return file === undefined ? d : { ...d, file };
}
