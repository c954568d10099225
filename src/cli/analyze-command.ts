/**
 * `compartment analyze FILE [--component C] [--json]`: per component, its
 * inputs and outputs, which rewrite preconditions hold (with the reason when
 * not), FDs and CDs, candidate partition keys decided by Z3, and decoupling
 * opportunities.
 */
import { analyzeProgram, type ComponentReport } from '../certify/analyze.js';
import { shutdownZ3 } from '../smt/z3.js';
import { error } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { loadAnalysisInput } from './analysis-input.js';
import { EXIT, type CliIo } from './io.js';

export interface AnalyzeFlags {
  readonly component?: string;
  readonly json?: boolean;
  readonly deploy?: string;
  readonly timeout: number;
  readonly maxKeys?: number;
}

export async function runAnalyze(file: string, flags: AnalyzeFlags, io: CliIo): Promise<number> {
  const input = loadAnalysisInput(file, flags.deploy, io);
  if (!input) return EXIT.usage;
  if (flags.component !== undefined && !input.program.components.has(flags.component)) {
    io.err(renderDiagnostics([error('unknown-component-name', `no component \`${flags.component}\` in ${file}`, undefined, [`components: ${[...input.program.components.keys()].join(', ')}`])], { file }) + '\n');
    return EXIT.usage;
  }
  try {
    const report = await analyzeProgram(input.program, input.deployment, flags.component, { timeoutMs: flags.timeout, ...(flags.maxKeys === undefined ? {} : { keyLimit: flags.maxKeys }) });
    if (flags.json) io.out(JSON.stringify({ file, deployment: input.deploymentSource, ...report }, null, 2) + '\n');
    else {
      io.out(`program     ${file} (${input.program.components.size} components, ${input.program.rules.length} rules)\n`);
      io.out(`deployment  ${input.deploymentSource ?? 'default (one instance each, no .edb facts)'}\n`);
      for (const c of report.components) io.out('\n' + renderComponent(c));
      if (report.droppedFds.length) io.out(`\nFDs inferred but refuted by Z3 (dropped): ${report.droppedFds.join('; ')}\n`);
    }
    return EXIT.ok;
  } finally {
    await shutdownZ3();
  }
}

const yes = (b: boolean): string => (b ? 'yes' : 'no');

export function renderComponent(c: ComponentReport): string {
  const lines: string[] = [];
  lines.push(`component ${c.component} (${c.rules} rules)`);
  lines.push(`  inputs        ${c.inputs.join(', ') || '(none)'}`);
  lines.push(`  outputs       ${c.outputs.join(', ') || '(none)'}`);
  const prop = (name: string, p: { holds: boolean; reasons: readonly string[] }): void => {
    lines.push(`  ${name.padEnd(14)}${yes(p.holds)}${p.reasons[0] ? (p.holds ? ` (${p.reasons.join('; ')})` : `: ${p.reasons[0]}${p.reasons.length > 1 ? ` (+${p.reasons.length - 1} more)` : ''}`) : ''}`);
  };
  prop('monotonic', c.monotonic);
  prop('functional', c.functional);
  prop('state machine', c.stateMachine);
  lines.push(`  FDs           ${c.fds.length ? c.fds.join('\n                ') : '(none)'}`);
  lines.push(`  CDs           ${c.cds.length ? '(proved by Z3) ' + c.cds.slice(0, 8).join('\n                ') + (c.cds.length > 8 ? `\n                ... ${c.cds.length - 8} more` : '') : '(none)'}`);
  if (c.replicated.length) lines.push(`  replicated    ${c.replicated.join(', ')} (derived from constants: every partition has them)`);
  if (c.free.length) lines.push(`  any partition  ${c.free.join(', ')} (only forwarded: need no key)`);
  if (c.partitionAware) lines.push(`  partition keys  none: the component reads self_partition (\`${c.partitionAware}\`), it is written for partitions`);
  else {
    const proved = c.keys.filter((k) => k.verdict === 'proved');
    if (proved.length === 0) lines.push(`  partition keys  none${c.keys.length ? ` (${c.keys.length} candidate(s) refuted by Z3: ${c.keys[0]!.failed ?? ''})` : ': every policy splits a join, a group or a negation'}`);
    else {
      lines.push(`  partition keys  (each proved by Z3, all obligations unsat)`);
      for (const k of proved) lines.push(`    ${k.policy}   [${k.obligations} obligations]`);
      for (const k of c.keys.filter((x) => x.verdict !== 'proved')) lines.push(`    not: ${k.policy} (${k.verdict}: ${k.failed ?? ''})`);
    }
  }
  if (c.keysNotListed) {
    const n = c.keysNotListed.more;
    lines.push(`    ... ${n}${c.keysNotListed.exhaustive ? '' : '+'} more candidate polic${n === 1 ? 'y' : 'ies'} not listed or checked${c.keysNotListed.exhaustive ? '' : ' (the search stopped at its budget)'}; raise --max-keys to see them`);
  }
  if (c.decouplings.length === 0) lines.push('  decoupling    none (every rule feeds the rest)');
  else {
    lines.push('  decoupling    rule sets that could move to a component of their own:');
    for (const d of c.decouplings.slice(0, 6)) {
      lines.push(`    - ${d.derives.length ? `deriving ${d.derives.join(', ')}` : 'sending only'} (${d.rules.length} rules): ${d.rewrites.length ? d.rewrites.join(', ') : 'no rewrite applies'}`);
      for (const t of d.ruleTexts.slice(0, 3)) lines.push(`        ${t}`);
      if (d.ruleTexts.length > 3) lines.push(`        ... ${d.ruleTexts.length - 3} more`);
    }
    if (c.decouplings.length > 6) lines.push(`    ... ${c.decouplings.length - 6} more`);
  }
  return lines.join('\n') + '\n';
}
