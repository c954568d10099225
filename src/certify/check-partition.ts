/**
 * `check-partition` as a library call: complete a user's policy, discharge
 * its FD and partition-local obligations, and for a refutation find the
 * divergent run.
 */
import type { CheckedProgram } from '../ir/types.js';
import type { Deployment } from '../sim/deployment.js';
import { contextOf } from '../analysis/scope.js';
import { fdsByRelation, inferFds, printFd } from '../analysis/fds.js';
import { formatFact } from '../sim/values.js';
import { checkFds } from './fd-check.js';
import { checkPartitionObligations, type PartitionCounterexample, type PartitionObligation } from './partition.js';
import { parsePolicy, printDistribution, type DistributionPolicy } from './policy.js';
import { completePolicy } from './routing.js';
import { divergenceWorkloads, findDivergence, type Divergence } from './witness.js';
import type { CheckOptions, ObligationResult } from './obligation.js';
import type { WorkloadJson } from '../sim/workload.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export interface PartitionCheckReport {
  readonly component: string;
  /** As given. */
  readonly given: string;
  /** Completed with keys for the relations the component derives. */
  readonly policy: string;
  readonly fds: readonly string[];
  readonly results: readonly ObligationResult<PartitionObligation>[];
  readonly proved: boolean;
  readonly counterexample?: PartitionCounterexample;
  readonly divergence?: Divergence;
  readonly workloads?: { whole: WorkloadJson; partitioned: WorkloadJson } | { reason: string };
}

export type PartitionCheckOutcome = { readonly ok: true; readonly report: PartitionCheckReport } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

export async function checkPartition(
  program: CheckedProgram,
  deployment: Deployment,
  component: string,
  keyText: string,
  options: CheckOptions & { witness?: boolean } = {},
): Promise<PartitionCheckOutcome> {
  const ctx = contextOf(program, deployment.edb);
  const parsed = parsePolicy(keyText, ctx);
  if (!parsed.ok) return parsed;
  const fdCheck = await checkFds(ctx, inferFds(ctx), options);
  const policy: DistributionPolicy = completePolicy(ctx, component, parsed.policy, fdsByRelation(fdCheck.proved));
  const check = await checkPartitionObligations(ctx, component, policy, fdCheck.proved, options);
  const proved = check.results.every((r) => r.verdict.kind === 'proved');
  let counterexample: PartitionCounterexample | undefined = check.counterexamples[0];
  let divergence: Divergence | undefined;
  if (!proved && options.witness !== false) {
    for (const cex of check.counterexamples) {
      const d = await findDivergence(ctx, cex, policy, fdCheck.proved, deployment, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
      if (d) {
        counterexample = cex;
        divergence = d;
        break;
      }
    }
  }
  return {
    ok: true,
    report: {
      component,
      given: printDistribution(parsed.policy),
      policy: printDistribution(policy),
      fds: fdCheck.proved.map((f) => printFd(f, program)),
      results: check.results,
      proved,
      ...(counterexample ? { counterexample } : {}),
      ...(divergence ? { divergence, workloads: divergenceWorkloads(program, divergence) } : {}),
    },
  };
}

export function describeCounterexample(c: PartitionCounterexample): string[] {
  return c.facts.map((f) => `${f.role.padEnd(11)} ${formatFact(f.relation, f.tuple)}   key: ${f.key}`);
}
