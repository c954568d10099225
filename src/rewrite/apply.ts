/**
 * Applying a plan step by step, without certifying: resolve each step against
 * the program it applies to, check its precondition (a failed one stops the
 * plan unless forced), transform, and re-check the result.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { printTerm } from '../analysis/term.js';
import { isPersistence } from './ast.js';
import { clientFacing, decouplingCandidates, movableRules } from './find-decouplings.js';
import { partitionSiteProblems } from './partition.js';
import { carryWhyNot } from './carry.js';
import { finish } from './engine.js';
import { sealedWhyNot } from './partition-sealed.js';
import { resolveStep, type Plan, type PlanStep } from './plan.js';
import type { AnyRewrite } from './catalog.js';
import type { Check, DecoupleSite, PartitionSite, Precondition, ProgramState, RewriteName, Site } from './types.js';

export interface AppliedStep {
  readonly index: number;
  readonly step: PlanStep;
  readonly rewrite: RewriteName;
  readonly site: Site;
  readonly precondition: Precondition;
  readonly notes: readonly string[];
  readonly before: ProgramState;
  readonly after: ProgramState;
}

/** Runs `rewrite` on `site` regardless of its type parameter (the pair comes from one resolution). */
export function preconditionOf(rewrite: AnyRewrite, state: ProgramState, site: Site): Precondition {
  return (rewrite as { precondition(s: ProgramState, x: Site): Precondition }).precondition(state, site);
}

export function applySite(rewrite: AnyRewrite, state: ProgramState, site: Site): { state: ProgramState; notes: readonly string[]; forwarded: ReadonlyMap<string, string> } {
  const applied = (rewrite as { apply(s: ProgramState, x: Site): ReturnType<AnyRewrite['apply']> }).apply(state, site);
  return { state: finish(applied), notes: applied.notes, forwarded: applied.forwarded ?? new Map() };
}

export type PlanOutcome =
  | { readonly kind: 'applied'; readonly steps: readonly AppliedStep[]; readonly final: ProgramState }
  /** A step's precondition failed (and the plan was not forced): the steps before it, and its checks. */
  | { readonly kind: 'refused'; readonly steps: readonly AppliedStep[]; readonly index: number; readonly step: PlanStep; readonly rewrite: RewriteName; readonly checks: readonly Check[]; readonly state: ProgramState }
  /** A step does not fit the program (unknown component, bad key): bad input. */
  | { readonly kind: 'bad-step'; readonly steps: readonly AppliedStep[]; readonly diagnostics: readonly Diagnostic[] };

export function applyPlan(initial: ProgramState, plan: Plan, options: { partitions?: number; force?: boolean } = {}): PlanOutcome {
  const steps: AppliedStep[] = [];
  let state = initial;
  for (const [index, step] of plan.steps.entries()) {
    const r = resolveStep(state, step, index, options.partitions ?? 2);
    if (!r.ok) return { kind: 'bad-step', steps, diagnostics: r.diagnostics };
    const { rewrite, site, refusal } = r.resolved;
    const precondition: Precondition = refusal ? { holds: false, checks: refusal } : preconditionOf(rewrite, state, site);
    if (!precondition.holds && !options.force) {
      return { kind: 'refused', steps, index, step, rewrite: rewrite.name, checks: precondition.checks, state };
    }
    const next = applySite(rewrite, state, site);
    steps.push({ index, step, rewrite: rewrite.name, site, precondition, notes: next.notes, before: state, after: next.state });
    state = next.state;
  }
  return { kind: 'applied', steps, final: state };
}

/** A step as a plan entry again (with the names the engine chose filled in). */
export function stepOfSite(site: Site, state: ProgramState, rewrite: RewriteName, why?: string): PlanStep {
  if (site.kind === 'carry') {
    const key = state.program.relations.get(site.state)?.attrs[site.key]?.name ?? String(site.key);
    return { rewrite: 'carry', component: site.component, state: site.state, key, reply: site.reply, ...(why === undefined ? {} : { why }) };
  }
  if (site.kind === 'decouple') {
    const rules = site.rules.map((id) => state.program.rules[id]!);
    // Whole relations where every rule of the component deriving them moves; single rules otherwise.
    const own = state.program.components.get(site.component)!.rules.map((id) => state.program.rules[id]!).filter((r) => !r.fromPersist);
    const heads = [...new Set(rules.map((r) => r.head.relation))];
    const whole = heads.filter((h) => own.filter((r) => r.head.relation === h).every((r) => site.rules.includes(r.id) || (r.source !== undefined && isPersistence(r.source))));
    const single = rules.filter((r) => !whole.includes(r.head.relation)).map((r) => r.text);
    return {
      rewrite: rewrite as PlanStep['rewrite'] & `decouple${string}`,
      component: site.component,
      ...(whole.length ? { relations: whole } : {}),
      ...(single.length ? { rules: single } : {}),
      into: site.into,
      ...(why === undefined ? {} : { why }),
    };
  }
  const key: Record<string, string> = {};
  for (const [rel, t] of site.policy.keys) key[rel] = printTerm(t);
  for (const rel of site.policy.everywhere) key[rel] = '*';
  if (site.partial) {
    return { rewrite: 'partition-partial', component: site.component, key: { ...site.partial.keys }, partitions: site.partitions, ordered: site.partial.ordered, coordinator: site.partial.coordinator, ...(why === undefined ? {} : { why }) };
  }
  if (site.sealed) {
    return { rewrite: 'partition-sealed', component: site.component, key: { ...site.sealed.keys }, partitions: site.partitions, combiner: site.sealed.combiner, ...(why === undefined ? {} : { why }) };
  }
  return { rewrite: rewrite as PlanStep['rewrite'] & `partition${string}`, component: site.component, key, partitions: site.partitions, ...(why === undefined ? {} : { why }) };
}

export type RewriteOnce =
  | { readonly changed: true; readonly state: ProgramState; readonly site: Site; readonly notes: readonly string[] }
  /** The rewrite does not apply: the program is returned unchanged, with why. */
  | { readonly changed: false; readonly state: ProgramState; readonly message: string; readonly reasons: readonly string[] };

/** Why a rewrite proposes no site, per component. */
function whyNot(rewrite: AnyRewrite, state: ProgramState, partitions: number): string[] {
  const out: string[] = [];
  for (const c of state.program.components.keys()) {
    if (rewrite.name === 'carry') {
      out.push(`${c}: ${carryWhyNot(state, c)}`);
    } else if (rewrite.name.startsWith('decouple')) {
      const candidates = decouplingCandidates(state, c);
      if (candidates.length === 0) {
        out.push(`${c}: no rule set to move (${movableRules(state, c).length <= 1 ? 'one rule or none' : 'every candidate would leave a relation split, or only rename the component'})`);
        continue;
      }
      const failed = preconditionOf(rewrite, state, candidates[0]!).checks.find((x) => !x.holds);
      out.push(`${c}: e.g. moving ${candidates[0]!.rules.map((id) => `\`${state.program.rules[id]!.text}\``).join(', ')}: ${failed?.reasons[0] ?? failed?.sentence ?? 'precondition fails'}`);
    } else if (rewrite.name === 'partition-sealed') {
      out.push(...sealedWhyNot(state, c, partitions));
    } else {
      const problems = partitionSiteProblems(state, c, partitions);
      if (problems.length) out.push(`${c}: ${problems[0]}`);
      else if (clientFacing(state, c)) out.push(`${c}: clients address it directly (it reads an .input)`);
      else out.push(`${c}: no key keeps every join, group and negation of its rules on one partition`);
    }
  }
  return out;
}

/** Applies the rewrite at its first proposed site, or leaves the program alone and says why. */
export function rewriteOnce(rewrite: AnyRewrite, state: ProgramState, options: { partitions?: number } = {}): RewriteOnce {
  const partitions = options.partitions ?? 2;
  const sites = (rewrite as { find(s: ProgramState, o?: { partitions?: number }): (Site)[] }).find(state, { partitions });
  const site = sites[0];
  if (!site) {
    const reasons = whyNot(rewrite, state, partitions);
    return { changed: false, state, message: `${rewrite.name} does not apply: the program is left alone`, reasons };
  }
  const next = applySite(rewrite, state, site);
  return { changed: true, state: next.state, site, notes: next.notes };
}
