/**
 * The mechanism shared by the partitioning rewrites (co-hashing, and with
 * dependencies): a component C runs as K partitions per instance, and every
 * rule that sends C a message routes it by the policy's key, computed at the
 * sender, exactly as the hand-written scalable programs do:
 *
 *     vote@q(c, i, v, me) :~ ..., collector(o), partition_count(o, k),
 *                            j = hash(i) % k, partition_of(o, j, q)
 *
 * A relation sent "everywhere" (`*`) goes to every partition
 * (`partition_of(o, _, q)`). Components that clients address directly (they
 * read an `.input` relation) are not partitioned: clients would have to route.
 * The side condition (every join, aggregation group, negation and derived
 * head stays on one partition) is for Z3 (src/certify/partition.ts).
 */
import type { BodyLit, Expr, Rule } from '../syntax/ast.js';
import type { CheckedProgram, IrRule } from '../ir/types.js';
import type { ComponentPlacement, Deployment } from '../sim/deployment.js';
import { componentScope, contextOf, scopeInputs, atoms, type AnalysisContext } from '../analysis/scope.js';
import { fdsByRelation, inferFds, printFd } from '../analysis/fds.js';
import { printTerm, type Term } from '../analysis/term.js';
import { checkFds } from '../certify/fd-check.js';
import { partitionAware, partitionObligations as certifyPartitionObligations } from '../certify/partition.js';
import { parsePolicy, printDistribution, type DistributionPolicy } from '../certify/policy.js';
import { completePolicy } from '../certify/routing.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { assemble, assign, atom, binary, bool, call, freshVar, int, ruleVars, sections, str, v, wildcard } from './ast.js';
import { readersOf } from './decouple.js';
import type { Applied, Check, PartitionSite, Precondition, ProgramState, StepObligations } from './types.js';
import type { Solved } from './solve.js';

export type PartitionKind = 'cohash' | 'dependencies';

export function analysisContext(state: ProgramState): AnalysisContext {
  return contextOf(state.program, state.deployment.edb);
}

/** Relations that arrive at the component as messages (or client inputs): what senders must route. */
export function arriving(program: CheckedProgram, component: string): string[] {
  return scopeInputs(program, componentScope(program, component));
}

/** The body atom binding the destination through `C(d)`. */
function destAtom(rule: Rule, component: string): boolean {
  const d = rule.head.dest?.name;
  return d !== undefined && rule.body.some((l) => l.kind === 'atom' && !l.negated && l.relation === component && l.args[0]?.kind === 'var' && l.args[0].name === d);
}

export interface Sender {
  readonly rule: IrRule;
  readonly relation: string;
  /** `component`: the destination is bound by `C(d)`; `data`: taken from the data, and only C reads the relation. */
  readonly how: 'component' | 'data';
}

export interface PartitionAnalysis {
  readonly component: string;
  readonly arriving: readonly string[];
  /** `.input` relations the component reads: clients address it. */
  readonly clientInputs: readonly string[];
  readonly senders: readonly Sender[];
  /** Senders that cannot be routed, with why. */
  readonly unroutable: readonly string[];
  /** Arriving relations without a key in the policy. */
  readonly unkeyed: readonly string[];
  /** Keys of arriving relations that are not plain attributes (co-hashing needs attributes). */
  readonly termKeys: readonly string[];
  /** Keys that name an aggregate of the sender's head. */
  readonly aggregateKeys: readonly string[];
}

export function analyzePartition(state: ProgramState, site: PartitionSite): PartitionAnalysis {
  const program = state.program;
  const C = site.component;
  const arr = arriving(program, C);
  const clientInputs = arr.filter((x) => program.relations.get(x)?.kind === 'input');
  const senders: Sender[] = [];
  const unroutable: string[] = [];
  const aggregateKeys: string[] = [];
  const arrSet = new Set(arr);
  for (const r of program.rules) {
    if (r.kind !== 'async' || !arrSet.has(r.head.relation) || !r.source) continue;
    const x = r.head.relation;
    if (destAtom(r.source, C)) senders.push({ rule: r, relation: x, how: 'component' });
    else {
      const readers = readersOf(program, x);
      if (readers.size === 1 && readers.has(C) && program.relations.get(x)?.kind !== 'output') senders.push({ rule: r, relation: x, how: 'data' });
      else if (readers.has(C)) unroutable.push(`rule \`${r.text}\` sends \`${x}\` to an address taken from its data, which may be a node of ${[...readers].filter((c) => c !== C).join(', ') || 'a client'} as well as of ${C}`);
    }
    const key = site.policy.keys.get(x);
    if (key && r.head.aggregateIndex !== undefined && termAttrIndexes(key).has(r.head.aggregateIndex)) aggregateKeys.push(`rule \`${r.text}\` sends an aggregate in the key attribute of \`${x}\``);
  }
  const unkeyed = arr.filter((x) => !clientInputs.includes(x) && !site.policy.keys.has(x) && !site.policy.everywhere.has(x));
  const termKeys = arr.filter((x) => {
    const k = site.policy.keys.get(x);
    return k !== undefined && k.kind !== 'attr';
  });
  return { component: C, arriving: arr, clientInputs, senders, unroutable, unkeyed, termKeys, aggregateKeys };
}

function termAttrIndexes(t: Term, out = new Set<number>()): Set<number> {
  if (t.kind === 'attr') out.add(t.index);
  else if (t.kind === 'call') t.args.forEach((a) => termAttrIndexes(a, out));
  else if (t.kind === 'binary') {
    termAttrIndexes(t.left, out);
    termAttrIndexes(t.right, out);
  }
  return out;
}

const idOf = (site: PartitionSite, what: string): string => `partition.${site.component}.${what}`;

export function partitionPrecondition(state: ProgramState, site: PartitionSite, kind: PartitionKind): Precondition {
  const a = analyzePartition(state, site);
  const checks: Check[] = [
    {
      id: idOf(site, 'not-client-facing'),
      sentence: `Clients do not address \`${site.component}\` directly (it reads no .input relation), so only rules send to it and they can route.`,
      holds: a.clientInputs.length === 0,
      reasons: a.clientInputs.length ? a.clientInputs.map((x) => `it reads the client input \`${x}\`; clients would have to route it (decouple the rules that read it first)`) : ['no .input relation read'],
    },
    {
      id: idOf(site, 'routable'),
      sentence: `Every relation that arrives at \`${site.component}\` has a key, and every rule that sends it can compute the key.`,
      holds: a.unroutable.length === 0 && a.unkeyed.length === 0 && a.aggregateKeys.length === 0,
      reasons: [
        ...a.unkeyed.map((x) => `\`${x}\` arrives at ${site.component} but the policy gives it no key (give an attribute, a term, or * for every partition)`),
        ...a.unroutable,
        ...a.aggregateKeys,
      ].concat(a.unroutable.length + a.unkeyed.length + a.aggregateKeys.length === 0 ? [`routed: ${a.senders.map((s) => `\`${s.relation}\` by ${keyText(site.policy, s.relation)}`).filter((x, i, xs) => xs.indexOf(x) === i).join(', ') || 'nothing arrives'}`] : []),
    },
  ];
  if (kind === 'cohash') {
    checks.push({
      id: idOf(site, 'cohash'),
      sentence: `Every arriving relation is keyed by one of its attributes (co-hashing; keys computed through functions need partitioning with dependencies).`,
      holds: a.termKeys.length === 0,
      reasons: a.termKeys.length ? a.termKeys.map((x) => `\`${x}\` is keyed by ${keyText(site.policy, x)}`) : ['every key is an attribute'],
    });
  }
  return { holds: checks.every((c) => c.holds), checks };
}

function keyText(p: DistributionPolicy, relation: string): string {
  if (p.everywhere.has(relation)) return '* (every partition)';
  const k = p.keys.get(relation);
  return k ? printTerm(k) : '(no key)';
}

/**
 * The Z3 obligations: every rule of the component keeps its joins, groups,
 * negations and derived heads on one partition under the policy. With
 * dependencies, the FDs the policy relies on are those Z3 proves
 * inductively; their own obligations come along.
 */
export async function partitionStepObligations(state: ProgramState, site: PartitionSite, kind: PartitionKind, timeoutMs?: number): Promise<StepObligations> {
  const ctx = analysisContext(state);
  const decided = new Map<string, Solved>();
  const facts: string[] = [`policy of ${site.component}: ${printDistribution(site.policy)} (given: ${site.given}), ${site.partitions} partitions`];
  let fds: ReturnType<typeof inferFds> = [];
  const fdObligations = [];
  if (kind === 'dependencies') {
    const check = await checkFds(ctx, inferFds(ctx), timeoutMs === undefined ? {} : { timeoutMs });
    fds = check.proved;
    for (const r of check.results) {
      if (!check.proved.includes(r.obligation.fd)) continue;
      decided.set(r.obligation.id, r);
      fdObligations.push(r.obligation);
    }
    for (const fd of fds) facts.push(`FD ${printFd(fd, state.program)} (proved by Z3, inductively)`);
    for (const [s, value] of ctx.constants) facts.push(`.edb ${s} holds exactly one fact in the deployment, ${JSON.stringify(value)}: the obligations use that value`);
  }
  const part = certifyPartitionObligations(ctx, site.component, site.policy, fds);
  return { checks: [], obligations: [...fdObligations, ...part], decided, facts };
}

/** Parses a plan's keys (`{"vote": "id"}`) into a policy and completes it for the relations the component derives. */
export function resolvePolicy(state: ProgramState, component: string, keys: Readonly<Record<string, string>>, kind: PartitionKind): { ok: true; policy: DistributionPolicy; given: string } | { ok: false; diagnostics: Diagnostic[] } {
  const ctx = analysisContext(state);
  const text = Object.entries(keys)
    .map(([r, k]) => `${r}=${k}`)
    .join(',');
  const parsed = parsePolicy(text, ctx);
  if (!parsed.ok) return parsed;
  const fds = kind === 'dependencies' ? fdsByRelation(inferFds(ctx)) : new Map();
  const policy = completePolicy(ctx, component, parsed.policy, fds);
  return { ok: true, policy, given: printDistribution(parsed.policy) };
}

/** Well-formedness of a partitioning site (bad input, not soundness). */
export function partitionSiteProblems(state: ProgramState, component: string, partitions: number): string[] {
  const program = state.program;
  if (!program.components.has(component)) return [`no component \`${component}\` (components: ${[...program.components.keys()].join(', ')})`];
  const problems: string[] = [];
  const p = state.deployment.components.get(component);
  if (p && p.partitions > 1) problems.push(`\`${component}\` already runs as ${p.partitions} partitions`);
  if (!Number.isInteger(partitions) || partitions < 2 || partitions > 1000) problems.push(`"partitions" must be an integer from 2 to 1000, got ${partitions}`);
  const aware = partitionAware(analysisContext(state), component);
  if (aware) problems.push(`\`${component}\` reads self_partition (\`${aware.text}\`): it is written for partitions already`);
  return problems;
}

/** A policy key as an expression over a sender's head arguments. */
function keyExpr(t: Term, args: readonly Expr[], needEdb: (relation: string) => string): Expr {
  switch (t.kind) {
    case 'attr': {
      const a = args[t.index];
      if (!a || a.kind === 'aggregate') throw new Error('bug: key over an aggregate (refused by the precondition)');
      return a;
    }
    case 'const':
      return typeof t.value === 'number' ? (t.value < 0 ? binary('-', int(0), int(-t.value)) : int(t.value)) : typeof t.value === 'boolean' ? bool(t.value) : str(t.value);
    case 'edb':
      return v(needEdb(t.relation));
    case 'call':
      return call(t.fn, t.args.map((x) => keyExpr(x, args, needEdb)));
    case 'binary':
      return binary(t.op, keyExpr(t.left, args, needEdb), keyExpr(t.right, args, needEdb));
  }
}

/** Routes one sender rule by the policy. */
function route(r: Rule, component: string, relation: string, policy: DistributionPolicy, addFilter: boolean): Rule {
  const d = r.head.dest!.name;
  const vars = ruleVars(r);
  const body: BodyLit[] = [...r.body];
  if (addFilter) body.push(atom(component, [v(d)]));
  const q = freshVar(vars, 'q');
  if (policy.everywhere.has(relation)) {
    body.push(atom('partition_of', [v(d), wildcard(), v(q)]));
  } else {
    const key = policy.keys.get(relation);
    if (!key) throw new Error(`bug: no key for ${relation} (refused by the precondition)`);
    const edbVars = new Map<string, string>();
    const needEdb = (rel: string): string => {
      let x = edbVars.get(rel);
      if (x === undefined) {
        x = freshVar(vars, `${rel}_value`);
        edbVars.set(rel, x);
      }
      return x;
    };
    const e = keyExpr(key, r.head.args, needEdb);
    const k = freshVar(vars, 'k');
    const j = freshVar(vars, 'j');
    for (const [rel, x] of edbVars) body.push(atom(rel, [v(x)]));
    body.push(atom('partition_count', [v(d), v(k)]), assign(j, binary('%', call('hash', [e]), v(k))), atom('partition_of', [v(d), v(j), v(q)]));
  }
  return { ...r, head: { ...r.head, dest: v(q) }, body };
}

export function applyPartition(state: ProgramState, site: PartitionSite): Applied {
  const a = analyzePartition(state, site);
  const bySource = new Map<Rule, 'component' | 'data'>();
  for (const s of a.senders) if (s.rule.source) bySource.set(s.rule.source, s.how);
  const notes: string[] = [];
  const s = sections(state.ast);
  const comps = s.components.map((c) => ({
    name: c.name,
    rules: c.rules.map((r) => {
      const how = bySource.get(r);
      if (!how) return r;
      notes.push(`${c.name} routes \`${r.head.relation}\` to ${site.component}'s partitions by ${keyText(site.policy, r.head.relation)}`);
      return route(r, site.component, r.head.relation, site.policy, how === 'data');
    }),
  }));
  const components = new Map<string, ComponentPlacement>();
  for (const [name, p] of state.deployment.components) components.set(name, name === site.component ? { instances: p.instances, partitions: site.partitions } : p);
  const deployment: Deployment = { components, edb: state.deployment.edb };
  notes.unshift(`${site.component} runs as ${site.partitions} partitions per instance, policy ${printDistribution(site.policy)}`);
  return { ast: assemble({ decls: s.decls, components: comps }), deployment, notes: [...new Set(notes)] };
}

/** Relations of the component that arrive alone at rules that only forward them: any key works (used by finders). */
export function arrivingAttrs(program: CheckedProgram, relation: string): { name: string; type: string; index: number }[] {
  return (program.relations.get(relation)?.attrs ?? []).map((a, index) => ({ name: a.name, type: a.type, index }));
}

export { atoms };
