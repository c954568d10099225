/**
 * `compartment check-partition FILE --component C --key 'rel=expr,...'`:
 * prove or refute a partitioning with Z3; print the counterexample and the
 * run where the whole and the partitioned component differ.
 */
import { match } from 'ts-pattern';
import { checkPartition, describeCounterexample } from '../certify/check-partition.js';
import { shutdownZ3 } from '../smt/z3.js';
import { error } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { formatFact } from '../sim/values.js';
import { loadAnalysisInput } from './analysis-input.js';
import { EXIT, type CliIo } from './io.js';

export interface CheckPartitionFlags {
  readonly component: string;
  readonly key: string;
  readonly json?: boolean;
  readonly deploy?: string;
  readonly timeout: number;
  readonly witness: boolean;
}

export async function runCheckPartition(file: string, flags: CheckPartitionFlags, io: CliIo): Promise<number> {
  const input = loadAnalysisInput(file, flags.deploy, io);
  if (!input) return EXIT.usage;
  if (!input.program.components.has(flags.component)) {
    io.err(renderDiagnostics([error('unknown-component-name', `no component \`${flags.component}\` in ${file}`, undefined, [`components: ${[...input.program.components.keys()].join(', ')}`])], { file }) + '\n');
    return EXIT.usage;
  }
  try {
    const outcome = await checkPartition(input.program, input.deployment, flags.component, flags.key, { timeoutMs: flags.timeout, witness: flags.witness });
    if (!outcome.ok) {
      io.err(renderDiagnostics(outcome.diagnostics, { file }) + '\n');
      return EXIT.usage;
    }
    const r = outcome.report;
    if (flags.json) {
      io.out(
        JSON.stringify(
          {
            file,
            component: r.component,
            given: r.given,
            policy: r.policy,
            proved: r.proved,
            fds: r.fds,
            obligations: r.results.map((x) => ({ id: x.obligation.id, kind: x.obligation.kind, sentence: x.obligation.sentence, verdict: x.verdict.kind, ...(x.verdict.kind === 'unknown' ? { reason: x.verdict.reason } : {}), ms: Math.round(x.ms) })),
            ...(r.counterexample ? { counterexample: r.counterexample } : {}),
            ...(r.divergence ? { divergence: r.divergence } : {}),
            ...(r.workloads ? { workloads: r.workloads } : {}),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.out(`component   ${r.component} of ${file}\n`);
      io.out(`policy      ${r.given}\n`);
      if (r.policy !== r.given) io.out(`completed   ${r.policy}\n`);
      if (r.fds.length) io.out(`FDs         ${r.fds.join('\n            ')}  (proved by Z3)\n`);
      io.out(`obligations ${r.results.length}\n`);
      for (const x of r.results) {
        const word = match(x.verdict)
          .with({ kind: 'proved' }, () => 'proved ')
          .with({ kind: 'refuted' }, () => 'REFUTED')
          .with({ kind: 'unknown' }, (u) => `UNKNOWN (${u.reason})`)
          .exhaustive();
        io.out(`  ${word}  ${x.obligation.sentence}\n`);
      }
      if (r.proved) io.out(`verdict     proved: every join, group, negation and derived head of ${r.component} stays on one partition\n`);
      else {
        const unknown = r.results.some((x) => x.verdict.kind === 'unknown');
        io.out(`verdict     ${r.counterexample ? 'refuted' : unknown ? 'not proved (unknown is never a pass)' : 'not proved'}\n`);
        if (r.counterexample) {
          io.out(`counterexample in rule \`${r.counterexample.ruleText}\`:\n`);
          for (const l of describeCounterexample(r.counterexample)) io.out(`  ${l}\n`);
        }
        if (r.divergence) {
          const d = r.divergence;
          io.out(`divergent run (${d.component} whole vs ${d.partitions} partitions, src/eval):\n`);
          for (const f of d.facts) io.out(`  input ${formatFact(f.relation, f.tuple)} -> partition ${f.partitions.join(', ')}\n`);
          for (const x of d.onlyWhole) io.out(`  only whole:       ${x}\n`);
          for (const x of d.onlyPartitioned) io.out(`  only partitioned: ${x}\n`);
          if (r.workloads && 'whole' in r.workloads) io.out(`workload    ${JSON.stringify(r.workloads.partitioned)}\n`);
        } else if (r.counterexample) io.out('divergent run: none found from this model (the facts may need more context to show)\n');
      }
    }
    return r.proved ? EXIT.ok : EXIT.verdictFailed;
  } finally {
    await shutdownZ3();
  }
}
