/**
 * `compartment rewrite FILE --plan PLAN.json -o OUT.ded`: apply a plan (or
 * `--auto`'s) and write the rewritten program and its deployment, WITHOUT
 * certifying it: no Z3 obligation is discharged (except what `--auto` asks to
 * choose keys) and no differential test runs. Each step's precondition (from
 * the analyses) is still checked; `--force` applies a failing one anyway.
 */
import { existsSync } from 'node:fs';
import { renderDiagnostics } from '../diagnostics/render.js';
import { error } from '../diagnostics/diagnostic.js';
import { loadProgram } from '../load.js';
import { defaultDeployment, loadDeployment, siblingFile, deploymentToJson, type Deployment } from '../sim/index.js';
import { annotation, readAnnotations } from '../syntax/annotations.js';
import { applyPlan } from '../rewrite/apply.js';
import { autoPlan } from '../rewrite/auto.js';
import { stateFromText } from '../rewrite/engine.js';
import { loadPlan, type Plan } from '../rewrite/plan.js';
import { emitProgram } from '../pipeline/emit.js';
import { shutdownZ3 } from '../smt/z3.js';
import { EXIT, type CliIo } from './io.js';

export interface RewriteFlags {
  readonly plan?: string;
  readonly auto?: boolean;
  readonly output: string;
  readonly deploy?: string;
  readonly partitions: number;
  readonly force?: boolean;
  readonly json?: boolean;
}

export async function runRewrite(file: string, flags: RewriteFlags, io: CliIo): Promise<number> {
  const usage = (m: string): number => {
    io.err(renderDiagnostics([error('bad-input', m)]) + '\n');
    return EXIT.usage;
  };
  if ((flags.plan === undefined) === !flags.auto) return usage('give exactly one of --plan PLAN.json (docs/plans.md) or --auto');
  if (!flags.output.endsWith('.ded')) return usage(`-o must name a .ded file (its deployment is written beside it as .deploy.json), got ${flags.output}`);
  const loaded = loadProgram(file);
  if (!loaded.ok) {
    io.err(renderDiagnostics(loaded.diagnostics, { file, ...(loaded.text === undefined ? {} : { text: loaded.text }) }) + '\n');
    return EXIT.usage;
  }
  const deploySource = flags.deploy ?? (existsSync(siblingFile(file, '.deploy.json')) ? siblingFile(file, '.deploy.json') : null);
  let deployment: Deployment = defaultDeployment(loaded.checked);
  if (deploySource !== null) {
    const d = loadDeployment(deploySource, loaded.checked);
    if (!d.deployment) {
      io.err(renderDiagnostics(d.diagnostics, { file: deploySource }) + '\n');
      return EXIT.usage;
    }
    deployment = d.deployment;
  }
  const initial = stateFromText(loaded.text, file, deployment);
  if (!initial.ok) {
    io.err(renderDiagnostics(initial.diagnostics, { file }) + '\n');
    return EXIT.usage;
  }
  try {
    let plan: Plan;
    let source: string;
    let explanations: readonly string[] = [];
    if (flags.auto) {
      const auto = await autoPlan(initial.state, { partitions: flags.partitions });
      plan = auto.plan;
      source = '--auto';
      explanations = auto.explanations;
    } else {
      const p = loadPlan(flags.plan!);
      if (!p.ok) {
        io.err(renderDiagnostics(p.diagnostics, { file: flags.plan! }) + '\n');
        return EXIT.usage;
      }
      plan = p.plan;
      source = flags.plan!;
    }
    const outcome = applyPlan(initial.state, plan, { partitions: flags.partitions, force: flags.force === true });
    if (outcome.kind === 'bad-step') {
      io.err(renderDiagnostics([...outcome.diagnostics], { file: source }) + '\n');
      return EXIT.usage;
    }
    if (outcome.kind === 'refused') {
      io.err(`rewrite: step ${outcome.index + 1} (${outcome.rewrite} ${outcome.step.component}) is refused: its precondition fails:\n`);
      for (const c of outcome.checks.filter((x) => !x.holds)) {
        io.err(`  ${c.sentence}\n`);
        for (const r of c.reasons) io.err(`    - ${r}\n`);
      }
      io.err('nothing written (--force applies it anyway; `compartment certify --plan` shows what it breaks)\n');
      return EXIT.verdictFailed;
    }
    const model = annotation(readAnnotations(loaded.text), 'model');
    const workload = existsSync(siblingFile(file, '.workload.json')) ? siblingFile(file, '.workload.json') : null;
    const forced = outcome.steps.filter((s) => !s.precondition.holds).map((s) => s.index + 1);
    const files = emitProgram(flags.output, outcome.final, {
      from: file,
      header: [
        `Rewritten from ${file} by compartment rewrite (plan: ${source}). NOT certified: run compartment certify.`,
        ...(forced.length ? [`${forced.length === 1 ? 'Step' : 'Steps'} ${forced.join(', ')} ${forced.length === 1 ? 'was' : 'were'} FORCED past a failing precondition.`] : []),
        ...outcome.steps.map((s) => `step ${s.index + 1}: ${s.rewrite} ${s.step.component}`),
      ],
      ...(model === undefined ? {} : { model }),
      workload,
    });
    if (flags.json) {
      io.out(
        JSON.stringify(
          {
            file,
            plan: source,
            certified: false,
            steps: outcome.steps.map((s) => ({ step: s.index + 1, rewrite: s.rewrite, component: s.step.component, precondition: s.precondition.holds ? 'holds' : 'FORCED', notes: s.notes })),
            explanations,
            files,
            deployment: deploymentToJson(outcome.final.deployment),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.out(`program     ${file}\n`);
      io.out(`plan        ${source}: ${outcome.steps.length} step(s)\n`);
      for (const s of outcome.steps) {
        io.out(`  ${s.index + 1}. ${s.rewrite} ${s.step.component}${s.precondition.holds ? '' : '  (FORCED: its precondition fails)'}\n`);
        for (const n of s.notes) io.out(`     ${n}\n`);
      }
      for (const e of explanations.filter((x) => !x.startsWith('step '))) io.out(`left alone  ${e}\n`);
      io.out(`wrote       ${[files.program, files.deployment, files.workload].filter((x) => x !== null).join(', ')}\n`);
      io.out(`NOT certified: ${flags.auto ? 'Z3 only chose the keys; no step was proved' : 'no Z3 obligation was discharged'} and no differential test was run; run \`compartment certify ${file} ${flags.auto ? '--auto' : `--plan ${source}`}\`\n`);
    }
    return forced.length ? EXIT.verdictFailed : EXIT.ok;
  } finally {
    await shutdownZ3();
  }
}
