/**
 * The `analyze` report of a program: per component, what it reads and
 * makes, which rewrite preconditions hold (and why not), its FDs (proved by
 * Z3), co-partition dependencies, candidate partition keys (each decided by
 * Z3: only `proved` ones are keys), and the decoupling opportunities.
 */
import type { CheckedProgram } from '../ir/types.js';
import type { Deployment } from '../sim/deployment.js';
import { printCd } from '../analysis/cds.js';
import { decouplings, type Decoupling } from '../analysis/decouple.js';
import { fdsByRelation, inferFds, printFd } from '../analysis/fds.js';
import { keyedRelations, searchKeys } from '../analysis/keys.js';
import { functional, monotonic, stateMachine, type Property } from '../analysis/properties.js';
import { componentScope, contextOf, scopeInputs, scopeOutputs, atoms } from '../analysis/scope.js';
import { checkFds } from './fd-check.js';
import { checkCds, componentCds } from './cd-check.js';
import { checkPartitionObligations, partitionAware } from './partition.js';
import { printDistribution } from './policy.js';
import type { CheckOptions } from './obligation.js';

export interface KeyReport {
  readonly policy: string;
  readonly verdict: 'proved' | 'refuted' | 'unknown';
  readonly obligations: number;
  /** The first obligation that was not proved, if any. */
  readonly failed?: string;
}

export interface ComponentReport {
  readonly component: string;
  readonly rules: number;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly monotonic: Property;
  readonly functional: Property;
  readonly stateMachine: Property;
  readonly fds: readonly string[];
  readonly cds: readonly string[];
  /** Derived from constants only: the same on every partition. */
  readonly replicated: readonly string[];
  /** Read alone by rules that only forward them: any partition may take them. */
  readonly free: readonly string[];
  readonly keys: readonly KeyReport[];
  /** Candidate policies the cap (`--max-keys`) left unchecked: how many were found, and whether the search saw them all. */
  readonly keysNotListed?: { readonly more: number; readonly exhaustive: boolean };
  readonly partitionAware?: string;
  readonly decouplings: readonly (Decoupling & { readonly ruleTexts: readonly string[] })[];
}

export interface ProgramReport {
  readonly components: ComponentReport[];
  /** FDs inferred but refuted by Z3 (dropped). */
  readonly droppedFds: readonly string[];
}

export async function analyzeProgram(program: CheckedProgram, deployment: Deployment | undefined, only: string | undefined, options: CheckOptions & { keyLimit?: number } = {}): Promise<ProgramReport> {
  const ctx = contextOf(program, deployment?.edb);
  const candidates = inferFds(ctx);
  const fdCheck = await checkFds(ctx, candidates, options);
  const byRel = fdsByRelation(fdCheck.proved);
  const components: ComponentReport[] = [];
  for (const component of program.components.keys()) {
    if (only !== undefined && component !== only) continue;
    const scope = componentScope(program, component);
    const mentioned = new Set(scope.rules.flatMap((r) => [r.head.relation, ...atoms(r).map((a) => a.relation)]));
    const aware = partitionAware(ctx, component);
    const keys: KeyReport[] = [];
    let notListed: ComponentReport['keysNotListed'];
    if (!aware) {
      const search = searchKeys(ctx, scope, byRel, { limit: options.keyLimit ?? 6, compound: true, countMore: true });
      if (search.more > 0 || !search.exhaustive) notListed = { more: search.more, exhaustive: search.exhaustive };
      for (const k of search.policies) {
        const policy = { keys: k, everywhere: new Set<string>() };
        const check = await checkPartitionObligations(ctx, component, policy, fdCheck.proved, options);
        const bad = check.results.find((r) => r.verdict.kind !== 'proved');
        keys.push({
          policy: printDistribution(policy),
          verdict: bad ? bad.verdict.kind : 'proved',
          obligations: check.results.length,
          ...(bad ? { failed: bad.obligation.sentence } : {}),
        });
      }
    }
    const kr = keyedRelations(ctx, scope);
    const cdResults = await checkCds(ctx, componentCds(ctx, component, fdCheck.proved), fdCheck.proved, options);
    components.push({
      component,
      rules: scope.rules.length,
      inputs: scopeInputs(program, scope),
      outputs: scopeOutputs(program, scope),
      monotonic: monotonic(program, scope),
      functional: functional(program, scope),
      stateMachine: stateMachine(program, scope),
      fds: fdCheck.proved.filter((f) => mentioned.has(f.relation)).map((f) => printFd(f, program)),
      cds: cdResults.map((r) => `${printCd(r.obligation.cd, ctx)}${r.verdict.kind === 'proved' ? '' : ` (${r.verdict.kind} by Z3)`}`),
      replicated: kr.replicated,
      free: kr.free,
      keys,
      ...(notListed ? { keysNotListed: notListed } : {}),
      ...(aware ? { partitionAware: aware.text } : {}),
      decouplings: decouplings(program, scope).map((d) => ({ ...d, ruleTexts: d.rules.map((id) => program.rules[id]!.text) })),
    });
  }
  const proved = new Set(fdCheck.proved);
  return { components, droppedFds: candidates.filter((f) => !proved.has(f)).map((f) => printFd(f, program)) };
}
