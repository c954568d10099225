/**
 * `compartment simulate FILE`: run a program on the simulated network and
 * report how the run ended and every output fact observed.
 */
import { writeFileSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { deploymentToJson, simulate, workloadToJson } from '../sim/index.js';
import { loadRunFiles } from '../sim/run-files.js';
import { checkModel, modelMismatch, RunView, type ModelReport, type ReferenceModel } from '../invariants/index.js';
import { annotation, readAnnotations } from '../syntax/annotations.js';
import { MODELS } from '../../models/index.js';
import { EXIT, type CliIo } from './io.js';
import { renderSimReport, simReportJson, type SimReport } from './simulate-report.js';

export interface SimulateFlags {
  readonly deploy?: string;
  readonly workload?: string;
  readonly seed: number;
  readonly maxSteps: number;
  readonly maxMessages: number;
  readonly maxFacts: number;
  /** Inputs to generate when no workload file is used. */
  readonly inputs: number;
  readonly json?: boolean;
  /** Write the trace as JSON to this file. */
  readonly trace?: string;
  /** Print the trace as text after the report. */
  readonly showTrace?: boolean;
  /** Reference model to check: a name, or `none`; default: the file's `@model` annotation. */
  readonly model?: string;
}

export function runSimulate(file: string, flags: SimulateFlags, io: CliIo): number {
  const loaded = loadRunFiles(file, {
    ...(flags.deploy === undefined ? {} : { deploy: flags.deploy }),
    ...(flags.workload === undefined ? {} : { workload: flags.workload }),
    seed: flags.seed,
    inputs: flags.inputs,
  });
  if (!loaded.ok) {
    const source = loaded.diagnostics.every((d) => d.file === undefined || d.file === file) ? loaded.text : undefined;
    io.err(renderDiagnostics(loaded.diagnostics, { file, ...(source === undefined ? {} : { text: source }) }) + '\n');
    return EXIT.usage;
  }
  const { program, deployment, deploymentSource, topology, workload, workloadSource } = loaded;
  warn(io, loaded.warnings, file, loaded.text);

  // Reference model: the flag, else the file's `# @model NAME` line; `none` checks nothing.
  const modelName = flags.model ?? annotation(readAnnotations(loaded.text), 'model');
  let model: ReferenceModel | null = null;
  if (modelName !== undefined && modelName !== 'none') {
    const found = MODELS.get(modelName);
    if (!found) {
      io.err(`${file}: error[bad-input]: unknown reference model \`${modelName}\`; models are: ${[...MODELS.keys()].join(', ')} (or none)\n`);
      return EXIT.usage;
    }
    const problems = modelMismatch(found, program.relations);
    if (problems.length) {
      io.err(problems.map((p) => `${file}: error[bad-input]: ${p}\n`).join(''));
      return EXIT.usage;
    }
    model = found;
  }

  const result = simulate(program, deployment, workload, {
    seed: flags.seed,
    maxSteps: flags.maxSteps,
    maxMessages: flags.maxMessages,
    maxFactsPerTick: flags.maxFacts,
  });

  if (flags.trace !== undefined) {
    try {
      writeFileSync(flags.trace, JSON.stringify(result.trace, null, 1) + '\n');
    } catch (e) {
      io.err(`${flags.trace}: error[io-error]: cannot write the trace: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return EXIT.usage;
    }
  }

  const invariants: ModelReport | null = model ? checkModel(model, RunView.of(result, deployment)) : null;

  const report: SimReport = {
    file,
    components: program.components.size,
    rules: program.rules.length,
    deployment: { source: deploymentSource, json: deploymentToJson(deployment), nodes: topology.nodes.map((n) => n.address) },
    workload: { source: workloadSource, json: workloadToJson(workload) },
    seed: flags.seed,
    limits: { steps: flags.maxSteps, messages: flags.maxMessages, factsPerTick: flags.maxFacts },
    traceFile: flags.trace ?? null,
    result,
    invariants,
  };
  io.out(flags.json ? JSON.stringify(simReportJson(report), null, 2) + '\n' : renderSimReport(report, { showTrace: flags.showTrace === true }));
  return result.reason === 'quiescent' && (invariants?.ok ?? true) ? EXIT.ok : EXIT.verdictFailed;
}

function warn(io: CliIo, diagnostics: readonly Diagnostic[], file?: string, text?: string): void {
  if (diagnostics.length > 0) io.err(renderDiagnostics(diagnostics, { ...(file === undefined ? {} : { file }), ...(text === undefined ? {} : { text }) }) + '\n');
}
