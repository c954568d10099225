/**
 * The certify report as text for people and JSON for scripts. Pure: the CLI
 * decides where it goes.
 */
import { formatFact } from '../sim/values.js';
import type { CertifyReport, StepReport } from './certify.js';
import { certificateJson } from './certify.js';

const LABEL = 12;

function componentsLine(r: CertifyReport): string {
  return [...r.final.deployment.components]
    .map(([name, p]) => `${name}${p.instances > 1 ? ` x${p.instances}` : ''}${p.partitions > 1 ? ` (${p.partitions} partitions${p.instances > 1 ? ' each' : ''})` : ''}`)
    .join(', ');
}

/** How many facts the steps rest on without a proof. */
function assumptions(r: CertifyReport): number {
  return r.steps.reduce((n, s) => n + s.facts.filter((x) => /^assumed/i.test(x)).length, 0);
}

function stepLines(s: StepReport): string[] {
  const out: string[] = [];
  const word = s.verdict === 'certified' ? 'ok' : s.verdict === 'refused' ? 'REFUSED' : 'UNKNOWN';
  out.push(`${String(s.index + 1).padStart(2)}. ${s.title}  [${word}]`);
  if (s.why) out.push(`    why: ${s.why}`);
  if (s.checks.length > 0 && s.checks.every((c) => c.holds)) {
    out.push(`    checks   all ${s.checks.length} hold: ${s.checks.map((c) => c.id.split('.').pop()).join(', ')}`);
  } else {
    for (const c of s.checks) {
      out.push(`    ${c.holds ? 'holds  ' : 'FAILS  '}  ${c.sentence}`);
      if (!c.holds) for (const r of c.reasons.slice(0, 4)) out.push(`             - ${r}`);
    }
  }
  if (s.obligations.length > 0) {
    const n = (v: string): number => s.obligations.filter((o) => o.verdict === v).length;
    const ms = s.obligations.reduce((a, o) => a + o.ms, 0);
    out.push(`    Z3       ${s.obligations.length} obligation(s): ${n('proved')} proved, ${n('refuted')} refuted, ${n('unknown')} unknown (${Math.round(ms)} ms)`);
    for (const o of s.obligations.filter((x) => x.verdict !== 'proved')) out.push(`             ${o.verdict.toUpperCase()} ${o.id}: ${o.sentence}${o.reason ? ` (${o.reason})` : ''}`);
  } else if (s.verdict !== 'refused' || s.refusal?.failedChecks.length === 0) {
    out.push(
      s.rewrite.startsWith('partition')
        ? '    Z3       no obligation: no rule of the component joins, groups, negates or derives a local head over facts that arrive'
        : '    Z3       no solver obligation: the side condition is decided on the dependency graph',
    );
  }
  // What the step rests on without a proof (asymmetric decoupling's send-once guards, partial partitioning's per-partition copies).
  for (const f of s.facts.filter((x) => /^assumed/i.test(x))) out.push(`    ASSUMED  ${f.replace(/^assumed,? /i, '')}`);
  for (const n of s.notes) out.push(`    did      ${n}`);
  const r = s.refusal;
  if (r) {
    if (r.counterexample) {
      out.push(`    counterexample (Z3, ${r.counterexample.obligation}) in rule \`${r.counterexample.ruleText}\`:`);
      for (const l of r.counterexample.lines) out.push(`      ${l}`);
    }
    if (r.divergence) {
      const d = r.divergence;
      out.push(`    divergent run (${d.component} whole vs ${d.partitions} partitions, src/eval):`);
      for (const f of d.facts) out.push(`      input ${formatFact(f.relation, f.tuple)} -> partition ${f.partitions.join(', ')}`);
      for (const x of d.onlyWhole) out.push(`      only whole:       ${x}`);
      for (const x of d.onlyPartitioned) out.push(`      only partitioned: ${x}`);
    }
    const run = r.counterexampleRun;
    if (run) {
      const w = run.workload;
      out.push(`    simulator workload: ${w.inputs.length} input(s) standing for Z3's counterexample (${run.basis === 'merged' ? 'then the program\'s own' : 'nothing else'}):`);
      for (const i of w.inputs) out.push(`      from Z3  ${formatFact(i.relation, i.tuple)} -> ${i.to}   (for ${i.from.join(', ')})`);
      for (const u of w.untraced) out.push(`      not driven: ${u}`);
      for (const n of w.notes) out.push(`      note: ${n}`);
      if (run.basis === 'merged') {
        out.push(`      on Z3's inputs as Z3 gave them: ${run.alone ?? ''}`);
        for (const x of run.renamed ?? []) out.push(`      so: ${x}`);
        out.push(`      ${run.renamed?.length ? 'and' : 'so'} ${run.added ?? 0} input(s) of ${run.ownWorkload ?? 'the program\'s workload'} that share no value with them follow (${run.file})`);
      }
    } else if (r.counterexampleNote && r.simulation) out.push(`    simulator workload: the program's own (${r.counterexampleNote})`);
    if (r.simulation) {
      out.push(`    simulator (the refused step applied anyway, ${r.simulation.rewritten}, vs ${r.simulation.original}):`);
      out.push(`      ${r.simulation.headline}`);
      for (const l of r.simulation.text.trimEnd().split('\n')) out.push(`      | ${l}`);
    } else if (r.simulationNote) out.push(`    simulator: ${r.simulationNote}`);
  }
  return out;
}

export function renderCertify(r: CertifyReport): string {
  const lines: string[] = [];
  const row = (label: string, text: string): void => void lines.push(label.padEnd(LABEL) + text);
  const more = (text: string): void => void lines.push(' '.repeat(LABEL) + text);
  const initialComponents = [...r.initial.deployment.components].map(([n, p]) => `${n}${p.instances > 1 ? ` x${p.instances}` : ''}`).join(', ');
  row('program', `${r.file} (${r.initial.program.components.size} components: ${initialComponents}; ${r.deployment ?? 'default deployment'})`);
  row('plan', `${r.planSource}: ${r.plan.steps.length} step(s)`);
  for (const s of r.steps) for (const l of stepLines(s)) lines.push(`  ${l}`);
  const notDone = r.plan.steps.length - r.steps.length;
  if (notDone > 0) lines.push(`  (${notDone} later step(s) not attempted: the pipeline stopped)`);
  const skipped = r.explanations.filter((e) => !e.startsWith('step ') && !e.startsWith('nothing to rewrite'));
  if (skipped.length) {
    row('left alone', skipped[0]!);
    for (const e of skipped.slice(1)) more(e);
  }
  if (r.verdict === 'certified' || r.differential.length > 0) row('result', componentsLine(r));
  const checks = r.steps.flatMap((s) => s.checks);
  const obligations = r.steps.flatMap((s) => s.obligations);
  if (r.plan.steps.length === 0) row('static', 'nothing to prove: no rewrite step (the program is left alone)');
  else row('static', `${checks.filter((c) => c.holds).length}/${checks.length} checks hold (dependency graph); ${obligations.filter((o) => o.verdict === 'proved').length}/${obligations.length} Z3 obligations proved (${r.solver}, ${r.timeoutMs} ms${r.rlimit === undefined ? '' : ` and rlimit ${r.rlimit}`} each at most)`);
  if (r.differential.length === 0) row('dynamic', r.verdict === 'certified' ? 'not run' : 'not run on a final program (the pipeline stopped)');
  for (const d of r.differential) {
    row('dynamic', `${d.original} vs the rewritten program: ${d.headline}`);
    more(`seed ${d.seed}, ${d.runs} runs, ${d.originalRuns} runs of the original, ${(d.elapsedMs / 1000).toFixed(1)} s`);
    if (d.verdict !== 'no-difference') for (const l of d.text.trimEnd().split('\n')) more(`| ${l}`);
  }
  row(
    'verdict',
    r.verdict !== 'certified'
      ? `${r.verdict.toUpperCase()}: ${r.reason ?? ''}`
      : r.plan.steps.length === 0
        ? 'CERTIFIED, trivially: nothing was rewritten (the program is left alone), and it agrees with itself'
        : `CERTIFIED: every check holds, every obligation is proved, no difference found${assumptions(r) ? `; ${assumptions(r)} assumption(s) NOT proved (ASSUMED above), checked only by the differential tester` : ''}`,
  );
  const f = r.files;
  if (f.emitted || f.certificate) {
    row('wrote', [f.emitted?.program, f.emitted?.deployment, f.emitted?.workload, f.certificate, f.plan, f.proofs ? `${f.proofs}/ (SMT-LIB)` : undefined].filter((x): x is string => typeof x === 'string').join(', '));
  }
  row('time', `${(r.elapsedMs / 1000).toFixed(1)} s`);
  return lines.join('\n') + '\n';
}

export function certifyJson(r: CertifyReport): unknown {
  return { ...(certificateJson(r) as object), ok: r.verdict === 'certified', files: r.files, program_text: r.final.text };
}
