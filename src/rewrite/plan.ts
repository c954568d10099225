/**
 * Plans: an ordered list of rewrite steps, as JSON (docs/plans.md).
 *
 * ```json
 * { "steps": [
 *   { "rewrite": "decouple", "component": "leader", "relations": ["votes", "tally", "done", "reply"], "into": "collector" },
 *   { "rewrite": "partition", "component": "collector", "key": { "vote": "id" }, "partitions": 2 } ] }
 * ```
 *
 * A decoupling names the head relations whose rules move (and, to split a
 * relation written from several places, individual rules by their text). A
 * partitioning gives a key per relation (docs/partitioning.md). Bad plans are
 * diagnostics (`bad-input`, `bad-policy`), never throws.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parse } from '../syntax/parser.js';
import { printRule } from '../syntax/printer.js';
import { readJsonFile, parseJsonText } from '../sim/json-file.js';
import { isObject, jsonKind } from '../sim/values.js';
import { decouplePrecondition, decoupleSiteProblems, type DecoupleKind } from './decouple.js';
import { asymmetricPrecondition } from './decouple-asymmetric.js';
import { batchedPrecondition } from './decouple-batched.js';
import { resolvePartial } from './partition-partial.js';
import { resolveSealed } from './partition-sealed.js';
import { freshName, takenNames } from './decouple.js';
import { defaultInto, movableRules } from './find-decouplings.js';
import { partitionSiteProblems, resolvePolicy } from './partition.js';
import { rewriteByName, type AnyRewrite } from './catalog.js';
import type { CarrySite, Check, DecoupleSite, PartitionSite, ProgramState, RewriteName, Site } from './types.js';
import { isPersistence } from './ast.js';
import { replicateSite } from './replicate.js';

export const DECOUPLE_STEP_NAMES = ['decouple', 'decouple-independent', 'decouple-functional', 'decouple-monotonic', 'decouple-asymmetric', 'decouple-batched'] as const;
export const PARTITION_STEP_NAMES = ['partition', 'partition-cohash', 'partition-dependencies', 'partition-partial', 'partition-sealed'] as const;
export const REPLICATE_STEP_NAMES = ['replicate'] as const;
export const CARRY_STEP_NAMES = ['carry'] as const;

export interface DecoupleStep {
  readonly rewrite: (typeof DECOUPLE_STEP_NAMES)[number];
  readonly component: string;
  /** Head relations whose rules move. */
  readonly relations?: readonly string[];
  /** Individual rules that move, by their text (as `compartment print` writes them). */
  readonly rules?: readonly string[];
  /** The new component (default: `COMPONENT_core` for all rules, else `COMPONENT_` + what the moved rules send). */
  readonly into?: string;
  /** Why (the automatic planner says; ignored on input). */
  readonly why?: string;
}

export interface PartitionStep {
  readonly rewrite: (typeof PARTITION_STEP_NAMES)[number];
  readonly component: string;
  /** A key per relation: an attribute, a term (`hash(value) % buckets`) or `*` (every partition). */
  readonly key: Readonly<Record<string, string>>;
  /** Default: the pipeline's `--partitions` (2). */
  readonly partitions?: number;
  /** `partition-partial` only: the rarely sent relations a coordinator relays to every partition. */
  readonly ordered?: readonly string[];
  /** `partition-partial` only: the coordinator component (default `COMPONENT_coord`). */
  readonly coordinator?: string;
  /** `partition-sealed` only: the component merging the partitions' partial aggregates (default `COMPONENT_combine`). */
  readonly combiner?: string;
  readonly why?: string;
}

/** Replication of a monotonic component (src/rewrite/replicate.ts). */
export interface ReplicateStep {
  readonly rewrite: 'replicate';
  readonly component: string;
  /** Replicas per instance (default: the pipeline's `--partitions`, 2). */
  readonly replicas?: number;
  readonly why?: string;
}

/** Carrying state through a round trip (src/rewrite/carry.ts). */
export interface CarryStep {
  readonly rewrite: 'carry';
  /** The component that keeps the state. */
  readonly component: string;
  /** The state relation whose other columns are carried. */
  readonly state: string;
  /** The state's key attribute (by name). */
  readonly key: string;
  /** The reply of the round trip that brings them back. */
  readonly reply: string;
  readonly why?: string;
}

export type PlanStep = DecoupleStep | PartitionStep | ReplicateStep | CarryStep;

export interface Plan {
  readonly description?: string;
  readonly steps: readonly PlanStep[];
}

export type PlanResult = { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

export function isDecoupleStep(s: PlanStep): s is DecoupleStep {
  return (DECOUPLE_STEP_NAMES as readonly string[]).includes(s.rewrite);
}

export function loadPlan(path: string): PlanResult {
  const r = readJsonFile(path, 'plan');
  if (!r.ok) return { ok: false, diagnostics: r.diagnostics };
  return validatePlan(r.value, path);
}

export function parsePlan(text: string, file?: string): PlanResult {
  const r = parseJsonText(text, 'plan', file);
  if (!r.ok) return { ok: false, diagnostics: r.diagnostics };
  return validatePlan(r.value, file);
}

/** Checks the JSON shape (not the program: steps are resolved against the program they apply to). */
export function validatePlan(json: unknown, file?: string): PlanResult {
  const problems: Diagnostic[] = [];
  const fail = (m: string): void => void problems.push({ ...error('bad-input', `plan: ${m}`), ...(file === undefined ? {} : { file }) });
  const rawSteps = Array.isArray(json) ? json : isObject(json) ? json['steps'] : undefined;
  if (isObject(json)) {
    for (const k of Object.keys(json)) if (!['steps', 'description', 'program'].includes(k)) fail(`unknown key "${k}" (expected "steps", "description" or "program")`);
  }
  if (!Array.isArray(rawSteps)) {
    fail(isObject(json) && 'steps' in json ? `"steps" must be a list of steps, got ${jsonKind(rawSteps)}` : `expected {"steps": [...]} or a list of steps, got ${jsonKind(json)}`);
    return { ok: false, diagnostics: problems };
  }
  const steps: PlanStep[] = [];
  rawSteps.forEach((raw: unknown, i) => {
    const where = `steps[${i}]`;
    if (!isObject(raw)) return fail(`${where} must be an object, got ${jsonKind(raw)}`);
    const rewrite = raw['rewrite'];
    const component = raw['component'];
    if (typeof component !== 'string') return fail(`${where}.component must be a component name`);
    const why = typeof raw['why'] === 'string' ? { why: raw['why'] } : {};
    if (typeof rewrite === 'string' && (DECOUPLE_STEP_NAMES as readonly string[]).includes(rewrite)) {
      for (const k of Object.keys(raw)) if (!['rewrite', 'component', 'relations', 'rules', 'into', 'why'].includes(k)) fail(`${where}: unknown key "${k}" for ${rewrite}`);
      const relations = raw['relations'];
      const rules = raw['rules'];
      const into = raw['into'];
      if (relations !== undefined && !(Array.isArray(relations) && relations.every((x) => typeof x === 'string'))) return fail(`${where}.relations must be a list of relation names`);
      if (rules !== undefined && !(Array.isArray(rules) && rules.every((x) => typeof x === 'string'))) return fail(`${where}.rules must be a list of rule texts`);
      if (relations === undefined && rules === undefined) return fail(`${where}: say what moves with "relations" (head relations) or "rules" (rule texts)`);
      if (into !== undefined && typeof into !== 'string') return fail(`${where}.into must be a component name`);
      steps.push({
        rewrite: rewrite as DecoupleStep['rewrite'],
        component,
        ...(relations === undefined ? {} : { relations: relations as string[] }),
        ...(rules === undefined ? {} : { rules: rules as string[] }),
        ...(into === undefined ? {} : { into: into as string }),
        ...why,
      });
    } else if (typeof rewrite === 'string' && (PARTITION_STEP_NAMES as readonly string[]).includes(rewrite)) {
      const partial = rewrite === 'partition-partial';
      const sealed = rewrite === 'partition-sealed';
      for (const k of Object.keys(raw)) if (!['rewrite', 'component', 'key', 'partitions', 'why', ...(partial ? ['ordered', 'coordinator'] : []), ...(sealed ? ['combiner'] : [])].includes(k)) fail(`${where}: unknown key "${k}" for ${rewrite}`);
      const combiner = raw['combiner'];
      if (combiner !== undefined && typeof combiner !== 'string') return fail(`${where}.combiner must be a component name`);
      const key = raw['key'];
      const partitions = raw['partitions'];
      const ordered = raw['ordered'];
      const coordinator = raw['coordinator'];
      if (partial && !(Array.isArray(ordered) && ordered.length > 0 && ordered.every((x) => typeof x === 'string'))) return fail(`${where}.ordered must list the relations the coordinator relays to every partition, e.g. ["p1a"]`);
      if (coordinator !== undefined && typeof coordinator !== 'string') return fail(`${where}.coordinator must be a component name`);
      if (!isObject(key) || !Object.values(key).every((x) => typeof x === 'string') || Object.keys(key).length === 0) {
        return fail(`${where}.key must be an object giving each relation's key as a string, e.g. {"vote": "id"}`);
      }
      if (partitions !== undefined && !(typeof partitions === 'number' && Number.isInteger(partitions) && partitions >= 2 && partitions <= 1000)) {
        return fail(`${where}.partitions must be an integer from 2 to 1000, got ${JSON.stringify(partitions)}`);
      }
      steps.push({
        rewrite: rewrite as PartitionStep['rewrite'],
        component,
        key: key as Record<string, string>,
        ...(partitions === undefined ? {} : { partitions: partitions as number }),
        ...(partial ? { ordered: ordered as string[] } : {}),
        ...(partial && coordinator !== undefined ? { coordinator: coordinator as string } : {}),
        ...(sealed && combiner !== undefined ? { combiner: combiner as string } : {}),
        ...why,
      });
    } else if (rewrite === 'replicate') {
      for (const k of Object.keys(raw)) if (!['rewrite', 'component', 'replicas', 'why'].includes(k)) fail(`${where}: unknown key "${k}" for ${rewrite}`);
      const replicas = raw['replicas'];
      if (replicas !== undefined && !(typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 2 && replicas <= 1000)) {
        return fail(`${where}.replicas must be an integer from 2 to 1000, got ${JSON.stringify(replicas)}`);
      }
      steps.push({ rewrite, component, ...(replicas === undefined ? {} : { replicas: replicas as number }), ...why });
    } else if (rewrite === 'carry') {
      for (const k of Object.keys(raw)) if (!['rewrite', 'component', 'state', 'key', 'reply', 'why'].includes(k)) fail(`${where}: unknown key "${k}" for ${rewrite}`);
      const st = raw['state'];
      const key = raw['key'];
      const reply = raw['reply'];
      if (typeof st !== 'string' || typeof key !== 'string' || typeof reply !== 'string') return fail(`${where}: carry needs "state" (a relation), "key" (its key attribute) and "reply" (the message that comes back), each a string`);
      steps.push({ rewrite, component, state: st, key, reply, ...why });
    } else {
      fail(`${where}.rewrite must be one of ${[...DECOUPLE_STEP_NAMES, ...PARTITION_STEP_NAMES, ...REPLICATE_STEP_NAMES, ...CARRY_STEP_NAMES].join(', ')}, got ${JSON.stringify(rewrite)}`);
    }
  });
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  const description = isObject(json) && typeof json['description'] === 'string' ? { description: json['description'] } : {};
  return { ok: true, plan: { ...description, steps } };
}

/** A step resolved against the program it applies to. */
export interface ResolvedStep {
  readonly step: PlanStep;
  readonly rewrite: AnyRewrite;
  readonly site: Site;
  /**
   * For a plain `decouple` whose every kind fails: the checks of all three, so
   * the refusal says why each does not apply.
   */
  readonly refusal?: readonly Check[];
}

export type ResolveResult = { readonly ok: true; readonly resolved: ResolvedStep } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/** The canonical text of a rule written in a plan (so spacing does not matter). */
function canonicalRule(text: string): string | undefined {
  const r = parse(`.component c\n${text}\n`);
  const rule = r.program.items[1];
  return r.diagnostics.length === 0 && rule?.kind === 'rule' && r.program.items.length === 2 ? printRule(rule) : undefined;
}

export function resolveStep(state: ProgramState, step: PlanStep, index: number, defaultPartitions: number): ResolveResult {
  const where = `plan step ${index + 1} (${step.rewrite} ${step.component})`;
  const bad = (messages: readonly string[], code: 'bad-input' | 'unknown-component-name' = 'bad-input'): ResolveResult => ({ ok: false, diagnostics: messages.map((m) => error(code, `${where}: ${m}`)) });
  if (!state.program.components.has(step.component)) {
    return bad([`no component \`${step.component}\` in the program at this step (components: ${[...state.program.components.keys()].join(', ')})`], 'unknown-component-name');
  }
  if (isDecoupleStep(step)) {
    const own = movableRules(state, step.component);
    const ownAll = state.program.components.get(step.component)!.rules.map((id) => state.program.rules[id]!).filter((r) => !r.fromPersist);
    const problems: string[] = [];
    const ids = new Set<number>();
    for (const rel of step.relations ?? []) {
      const rules = ownAll.filter((r) => r.head.relation === rel && !(r.source && isPersistence(r.source)));
      if (!state.program.relations.has(rel)) problems.push(`unknown relation \`${rel}\``);
      else if (rules.length === 0) problems.push(`no rule of \`${step.component}\` derives \`${rel}\``);
      rules.forEach((r) => ids.add(r.id));
    }
    for (const text of step.rules ?? []) {
      const canon = canonicalRule(text);
      const r = canon === undefined ? undefined : ownAll.find((x) => x.source && printRule(x.source) === canon);
      if (canon === undefined) problems.push(`\`${text}\` is not one rule`);
      else if (!r) problems.push(`\`${canon}\` is not a rule of \`${step.component}\` (print the program to see its rules)`);
      else ids.add(r.id);
    }
    if (problems.length) return bad(problems);
    const moved = ownAll.filter((r) => ids.has(r.id));
    const into = step.into ?? defaultInto(state, step.component, moved.filter((r) => own.includes(r)).length ? moved.filter((r) => own.includes(r)) : moved);
    const siteProblems = decoupleSiteProblems(state, step.component, [...ids], into);
    if (siteProblems.length) return bad(siteProblems);
    const site: DecoupleSite = { kind: 'decouple', component: step.component, rules: [...ids].sort((a, b) => a - b), into };
    if (step.rewrite !== 'decouple') return { ok: true, resolved: { step, rewrite: rewriteByName(step.rewrite as RewriteName), site } };
    const kinds: DecoupleKind[] = ['independent', 'functional', 'monotonic'];
    for (const k of kinds) {
      if (decouplePrecondition(state, site, k).holds) return { ok: true, resolved: { step, rewrite: rewriteByName(`decouple-${k}`), site } };
    }
    // The moved part may feed back: asymmetric decoupling, when its conditions hold.
    if (asymmetricPrecondition(state, site).holds) return { ok: true, resolved: { step, rewrite: rewriteByName('decouple-asymmetric'), site } };
    // Feedback the rest does more with than learn from: batches and acknowledgements.
    if (batchedPrecondition(state, site).holds) return { ok: true, resolved: { step, rewrite: rewriteByName('decouple-batched'), site } };
    const checks = kinds.flatMap((k, i) => decouplePrecondition(state, site, k).checks.filter((c, j, all) => i === 0 || j === all.length - 1));
    return { ok: true, resolved: { step, rewrite: rewriteByName('decouple-monotonic'), site, refusal: checks } };
  }
  if (step.rewrite === 'carry') {
    const rel = state.program.relations.get(step.state);
    const problems: string[] = [];
    if (!rel) problems.push(`unknown relation \`${step.state}\``);
    else if (!rel.attrs.some((a) => a.name === step.key)) problems.push(`\`${step.state}\` has no attribute \`${step.key}\` (attributes: ${rel.attrs.map((a) => a.name).join(', ')})`);
    if (!state.program.relations.has(step.reply)) problems.push(`unknown relation \`${step.reply}\``);
    if ((state.deployment.components.get(step.component)?.partitions ?? 1) > 1) problems.push(`\`${step.component}\` is partitioned already; carry before partitioning`);
    if (problems.length) return bad(problems);
    const site: CarrySite = { kind: 'carry', component: step.component, state: step.state, key: rel!.attrs.findIndex((a) => a.name === step.key), reply: step.reply };
    return { ok: true, resolved: { step, rewrite: rewriteByName('carry'), site } };
  }
  if (step.rewrite === 'replicate') {
    const replicas = step.replicas ?? defaultPartitions;
    const siteProblems = partitionSiteProblems(state, step.component, replicas).map((p) => p.replace('"partitions" must', '"replicas" must'));
    if (siteProblems.length) return bad(siteProblems);
    return { ok: true, resolved: { step, rewrite: rewriteByName('replicate'), site: replicateSite(state, step.component, replicas) } };
  }
  const partitions = step.partitions ?? defaultPartitions;
  const siteProblems = partitionSiteProblems(state, step.component, partitions);
  if (siteProblems.length) return bad(siteProblems);
  const plain = Object.values(step.key).every((k) => /^\s*([A-Za-z_][A-Za-z0-9_]*|\*)\s*$/.test(k));
  if (step.rewrite === 'partition-partial') {
    const coordinator = step.coordinator ?? freshName(takenNames(state.program), `${step.component}_coord`);
    if (takenNames(state.program).has(coordinator)) return bad([`\`${coordinator}\` is already a name in the program; choose another "coordinator"`]);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(coordinator)) return bad([`\`${coordinator}\` is not a valid component name`]);
    const r = resolvePartial(state, step.component, { ordered: step.ordered ?? [], coordinator, keys: step.key }, partitions, plain ? 'cohash' : 'dependencies');
    if (!r.ok) return r.problems ? bad(r.problems) : { ok: false, diagnostics: r.diagnostics.map((d) => ({ ...d, message: `${where}: ${d.message.replace(/^--key: /, 'key: ')}` })) };
    return { ok: true, resolved: { step, rewrite: rewriteByName('partition-partial'), site: r.site } };
  }
  if (step.rewrite === 'partition-sealed') {
    const r = resolveSealed(state, step.component, step.key, partitions, step.combiner);
    if (!r.ok) return r.problems ? bad(r.problems) : { ok: false, diagnostics: r.diagnostics.map((d) => ({ ...d, message: `${where}: ${d.message.replace(/^--key: /, 'key: ')}` })) };
    return { ok: true, resolved: { step, rewrite: rewriteByName('partition-sealed'), site: r.site } };
  }
  const name: RewriteName = step.rewrite === 'partition' ? (plain ? 'partition-cohash' : 'partition-dependencies') : step.rewrite;
  const policy = resolvePolicy(state, step.component, step.key, name === 'partition-cohash' ? 'cohash' : 'dependencies');
  if (!policy.ok) return { ok: false, diagnostics: policy.diagnostics.map((d) => ({ ...d, message: `${where}: ${d.message.replace(/^--key: /, 'key: ')}` })) };
  const site: PartitionSite = { kind: 'partition', component: step.component, policy: policy.policy, given: policy.given, partitions };
  return { ok: true, resolved: { step, rewrite: rewriteByName(name), site } };
}

/** The plan as JSON text. */
export function planToJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}
