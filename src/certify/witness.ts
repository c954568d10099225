/**
 * From a refuted partitioning to a run that shows it: the refuted query is
 * asked again with the facts the component derives unfolded into the facts
 * that enter it, the model's values are made concrete (functions evaluated
 * for real, values renamed until the real `hash` routes the facts apart), and
 * the component is evaluated on them twice with src/eval — as one node, and
 * as the policy's partitions — until what the two send and output differs.
 * The facts then become a simulator workload.
 */
import type { CheckedProgram, IrExpr, IrRule, Tuple, Value } from '../ir/types.js';
import { compileComponent } from '../eval/evaluator.js';
import { fnHash, hash } from '../eval/hash.js';
import { arith } from '../eval/values.js';
import type { AnalysisContext } from '../analysis/scope.js';
import type { Term } from '../analysis/term.js';
import type { Fd } from '../analysis/fds.js';
import { solveSmtLib } from '../smt/z3.js';
import { parseValue } from '../smt/z3.js';
import type { Deployment } from '../sim/deployment.js';
import { Topology } from '../sim/topology.js';
import { logicalAddress, partitionAddress } from '../sim/address.js';
import type { WorkloadJson } from '../sim/workload.js';
import { formatFact } from '../sim/values.js';
import { partitionObligations, type PartitionCounterexample } from './partition.js';
import type { DistributionPolicy } from './policy.js';

export interface RoutedFact {
  readonly relation: string;
  readonly tuple: Tuple;
  /** Partitions it goes to. */
  readonly partitions: readonly number[];
}

export interface Divergence {
  readonly component: string;
  readonly partitions: number;
  /** The facts that enter the component, and where the policy sends them. */
  readonly facts: readonly RoutedFact[];
  /** What the whole component sends and outputs, as `relation(values)` (`@dest` for messages). */
  readonly whole: readonly string[];
  readonly partitioned: readonly string[];
  readonly onlyWhole: readonly string[];
  readonly onlyPartitioned: readonly string[];
}

/** The effects (messages and outputs) of running `component` on one node from `given` facts, over a few ticks. */
function effects(program: CheckedProgram, component: string, edb: ReadonlyMap<string, readonly Tuple[]>, given: ReadonlyMap<string, Tuple[]>, into: Set<string>): boolean {
  const ev = compileComponent(program, component);
  let facts: ReadonlyMap<string, readonly Tuple[]> = given;
  let last = '';
  for (let t = 0; t < 6; t++) {
    const out = ev.tick({ facts, edb });
    if (!out.ok) return false;
    for (const m of out.result.sent) into.add(`${formatFact(m.relation, m.tuple)} @${String(m.dest)}`);
    for (const o of out.result.outputs) into.add(formatFact(o.relation, o.tuple));
    facts = out.result.next;
    const key = JSON.stringify([...out.result.next].sort());
    if (key === last) break;
    last = key;
  }
  return true;
}

function evalTerm(t: Term, tuple: Tuple, edb: ReadonlyMap<string, readonly Tuple[]>): Value | undefined {
  switch (t.kind) {
    case 'attr':
      return tuple[t.index];
    case 'const':
      return t.value;
    case 'edb':
      return edb.get(t.relation)?.[0]?.[0];
    case 'call': {
      const args = t.args.map((a) => evalTerm(a, tuple, edb));
      if (args.some((a) => a === undefined)) return undefined;
      return t.fn === 'hash' ? hash(args[0]!) : fnHash(t.fn, args as Value[], t.type);
    }
    case 'binary': {
      const a = evalTerm(t.left, tuple, edb);
      const b = evalTerm(t.right, tuple, edb);
      if (typeof a !== 'number' || typeof b !== 'number') return undefined;
      try {
        return arith(t.op, a, b);
      } catch {
        return undefined;
      }
    }
  }
}

function evalExpr(e: IrExpr, vals: Map<number, Value>, program: CheckedProgram): Value | undefined {
  switch (e.kind) {
    case 'var':
      return vals.get(e.slot);
    case 'const':
      return e.value;
    case 'call': {
      const args = e.args.map((a) => evalExpr(a, vals, program));
      if (args.some((a) => a === undefined)) return undefined;
      const builtin = e.fn === 'hash' && program.functions.get('hash')?.builtin !== false;
      return builtin ? hash(args[0]!) : fnHash(e.fn, args as Value[], e.type);
    }
    case 'binary': {
      const a = evalExpr(e.left, vals, program);
      const b = evalExpr(e.right, vals, program);
      if (typeof a !== 'number' || typeof b !== 'number') return undefined;
      try {
        return arith(e.op, a, b);
      } catch {
        return undefined;
      }
    }
  }
}

/** Recompute, in body order, every variable an assignment or `==` defines from ones already known: real functions instead of the model's. */
function repair(rule: IrRule, slots: readonly string[], values: Map<string, Value>, program: CheckedProgram): void {
  const vals = new Map<number, Value>();
  slots.forEach((c, i) => {
    const v = values.get(c);
    if (v !== undefined) vals.set(i, v);
  });
  // A component relation lists instances: take the first one's address.
  for (const l of rule.body) {
    if (l.kind === 'atom' && !l.negated && program.components.has(l.relation) && l.args[0]?.kind === 'var') vals.set(l.args[0].slot, logicalAddress(l.relation, 0));
  }
  for (const l of rule.body) {
    if (l.kind === 'assign') {
      const v = evalExpr(l.value, vals, program);
      if (v !== undefined) vals.set(l.target.slot, v);
    } else if (l.kind === 'compare' && l.op === '==' && l.left.kind === 'var') {
      const v = evalExpr(l.right, vals, program);
      if (v !== undefined) vals.set(l.left.slot, v);
    }
  }
  vals.forEach((v, i) => values.set(slots[i]!, v));
}

export interface WitnessOptions {
  /** Partitions to split the component into (default: the deployment's, or 2). */
  readonly partitions?: number;
  /** Renamings tried before giving up. Default 40. */
  readonly attempts?: number;
  readonly timeoutMs?: number;
}

function withPartitions(d: Deployment, component: string, partitions: number): Deployment {
  const components = new Map(d.components);
  const p = components.get(component) ?? { instances: 1, partitions: 1 };
  components.set(component, { instances: 1, partitions });
  void p;
  return { components, edb: d.edb };
}

/** Route a fact by the policy: `hash(key) % k`; relations sent everywhere go to every partition; unkeyed ones by the hash of the whole fact. */
export function routeFact(policy: DistributionPolicy, relation: string, tuple: Tuple, k: number, edb: ReadonlyMap<string, readonly Tuple[]>): number[] {
  if (policy.everywhere.has(relation)) return Array.from({ length: k }, (_, i) => i);
  const key = policy.keys.get(relation);
  const v = key ? evalTerm(key, tuple, edb) : JSON.stringify(tuple);
  return [hash(v ?? 0) % k];
}

/** Runs whole vs partitioned on `facts`; the divergence, if the observable effects differ. */
export function compareRuns(program: CheckedProgram, component: string, policy: DistributionPolicy, deployment: Deployment, facts: readonly { relation: string; tuple: Tuple }[], k: number): Divergence | null {
  const wholeTopo = new Topology(withPartitions(deployment, component, 1));
  const partTopo = new Topology(withPartitions(deployment, component, k));
  const wholeNode = wholeTopo.nodesOf(component)[0]!;
  const edb = wholeTopo.edbOf(program, wholeNode);
  const routed: RoutedFact[] = facts.map((f) => ({ ...f, partitions: routeFact(policy, f.relation, f.tuple, k, deployment.edb) }));
  const given = (pred: (f: RoutedFact) => boolean): Map<string, Tuple[]> => {
    const m = new Map<string, Tuple[]>();
    for (const f of routed) if (pred(f)) m.set(f.relation, [...(m.get(f.relation) ?? []), f.tuple]);
    return m;
  };
  const whole = new Set<string>();
  if (!effects(program, component, edb, given(() => true), whole)) return null;
  const parted = new Set<string>();
  for (const node of partTopo.nodesOf(component)) {
    if (!effects(program, component, partTopo.edbOf(program, node), given((f) => f.partitions.includes(node.partition ?? 0)), parted)) return null;
  }
  const onlyWhole = [...whole].filter((x) => !parted.has(x)).sort();
  const onlyPartitioned = [...parted].filter((x) => !whole.has(x)).sort();
  if (onlyWhole.length === 0 && onlyPartitioned.length === 0) return null;
  return { component, partitions: k, facts: routed, whole: [...whole].sort(), partitioned: [...parted].sort(), onlyWhole, onlyPartitioned };
}

/** Program constants and deployment values: never renamed. */
function protectedValues(program: CheckedProgram, deployment: Deployment): Set<string> {
  const out = new Set<string>();
  const add = (v: Value): void => void out.add(JSON.stringify(v));
  for (const rows of deployment.edb.values()) for (const row of rows) row.forEach(add);
  for (const [c, p] of deployment.components) for (let i = 0; i < p.instances; i++) add(logicalAddress(c, i));
  for (const r of program.rules) {
    const visit = (e: unknown): void => {
      if (e && typeof e === 'object') {
        const o = e as { kind?: string; value?: Value };
        if (o.kind === 'const' && o.value !== undefined) add(o.value);
        for (const v of Object.values(e)) if (v && typeof v === 'object') visit(v);
      }
    };
    visit(r.body);
    visit(r.head);
  }
  return out;
}

/**
 * A concrete divergence for a refuted partition obligation, or null when none
 * was found (the model's values could not be made to route apart, or the
 * difference is not observable in one evaluation).
 */
export async function findDivergence(
  ctx: AnalysisContext,
  cex: PartitionCounterexample,
  policy: DistributionPolicy,
  fds: readonly Fd[],
  deployment: Deployment,
  options: WitnessOptions = {},
): Promise<Divergence | null> {
  const program = ctx.program;
  const component = cex.component;
  const k = options.partitions ?? Math.max(2, deployment.components.get(component)?.partitions ?? 2);
  const obligation = partitionObligations(ctx, component, policy, fds, { unfold: true }).find((o) => o.rule === cex.rule && o.kind === cex.kind);
  if (!obligation?.witness) return null;
  const solved = await solveSmtLib(obligation.smt, { timeoutMs: options.timeoutMs ?? 10_000 });
  if (solved.verdict.kind !== 'refuted') return null;
  const model = solved.verdict.model;
  const self = logicalAddress(component, 0);
  const keep = protectedValues(program, deployment);
  const attempts = options.attempts ?? 40;
  for (let n = 0; n < attempts; n++) {
    const values = new Map<string, Value>();
    const rename = (v: Value): Value => {
      if (n === 0 || keep.has(JSON.stringify(v)) || typeof v === 'boolean') return v;
      return typeof v === 'number' ? v + 7 * n : `${v}~${n}`;
    };
    for (const [c, v] of Object.entries(model)) values.set(c, model['self_node'] !== undefined && v === model['self_node'] ? self : rename(v));
    const read = (term: string, sort: string): Value => {
      const lit = parseValue(term);
      if (lit !== undefined) return lit;
      return values.get(term) ?? (sort === 'Int' ? 0 : sort === 'Bool' ? false : '');
    };
    for (const c of obligation.witness.copies) repair(program.rules[c.rule]!, c.slots, values, program);
    const facts = obligation.witness.inputs.map((f) => ({ relation: f.relation, tuple: f.args.map((a, i) => read(a, f.sorts[i]!)), other: f.role === 'other-group' }));
    // An aggregation group may need more members before a threshold shows
    // the split: copies of the second group member with its own values renamed.
    const mine = facts.filter((f) => !f.other);
    const others = facts.filter((f) => f.other);
    // Positions where a fact of the second member differs from every first-member fact of its relation: its own values.
    const own = (f: (typeof facts)[number], i: number): boolean => mine.filter((g) => g.relation === f.relation).every((g) => JSON.stringify(g.tuple[i]) !== JSON.stringify(f.tuple[i]));
    for (let extra = 0; extra <= (others.length > 0 ? 3 : 0); extra++) {
      const more = Array.from({ length: extra }, (_, m) =>
        others.map((f) => ({
          relation: f.relation,
          tuple: f.tuple.map((v, i) => (!own(f, i) || keep.has(JSON.stringify(v)) || typeof v === 'boolean' ? v : typeof v === 'number' ? v + 1000 * (m + 1) : `${v}#${m + 1}`)),
        })),
      ).flat();
      const all = [...facts.map((f) => ({ relation: f.relation, tuple: f.tuple })), ...more];
      const unique = [...new Map(all.map((f) => [JSON.stringify(f), f])).values()];
      const d = compareRuns(program, component, policy, deployment, unique, k);
      if (d) return d;
    }
  }
  return null;
}

/**
 * The divergence as simulator workloads, when every fact is an `.input` of
 * the program: the same facts sent to the component whole (`NAME#0`) and to
 * its partitions (`NAME#0/p`, as the policy routes them).
 */
export function divergenceWorkloads(program: CheckedProgram, d: Divergence): { whole: WorkloadJson; partitioned: WorkloadJson } | { reason: string } {
  const notInput = d.facts.filter((f) => program.relations.get(f.relation)?.kind !== 'input');
  if (notInput.length > 0) return { reason: `${notInput.map((f) => f.relation).join(', ')} reach the component as messages or state, not as .input facts` };
  const logical = logicalAddress(d.component, 0);
  return {
    whole: { inputs: d.facts.map((f) => ({ relation: f.relation, tuple: [...f.tuple], to: logical })) },
    partitioned: { inputs: d.facts.flatMap((f) => f.partitions.map((p) => ({ relation: f.relation, tuple: [...f.tuple], to: partitionAddress(logical, p) }))) },
  };
}
