/**
 * Everything a run needs, from files: the program, its deployment and its
 * workload, found the way `compartment simulate` documents (a flag, else the
 * file beside the program, else a default). Shared by the CLI and the corpus
 * harness so both run exactly the same thing.
 */
import { existsSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CheckedProgram } from '../ir/types.js';
import { loadProgram } from '../load.js';
import { defaultDeployment, loadDeployment, type Deployment } from './deployment.js';
import { Topology } from './topology.js';
import { generateWorkload, loadWorkload, type Workload } from './workload.js';

export interface RunFileOptions {
  /** Deployment file; default `FILE.deploy.json` beside the program if it exists, else one instance per component. */
  readonly deploy?: string;
  /** Workload file; default `FILE.workload.json` beside the program if it exists, else a generated one. */
  readonly workload?: string;
  /** Seed of a generated workload. */
  readonly seed: number;
  /** Inputs in a generated workload. */
  readonly inputs: number;
}

export interface RunFiles {
  readonly file: string;
  readonly text: string;
  readonly program: CheckedProgram;
  readonly deployment: Deployment;
  /** The deployment file used, or null for the default deployment. */
  readonly deploymentSource: string | null;
  readonly topology: Topology;
  readonly workload: Workload;
  /** The workload file used, or null for a generated workload. */
  readonly workloadSource: string | null;
  readonly warnings: readonly Diagnostic[];
}

export type RunFilesResult =
  | ({ readonly ok: true } & RunFiles)
  | { readonly ok: false; readonly file: string; readonly text?: string; readonly diagnostics: readonly Diagnostic[] };

/** `x.ded` → `x.deploy.json` (or `x.workload.json`). */
export function siblingFile(file: string, suffix: string): string {
  return (file.endsWith('.ded') ? file.slice(0, -'.ded'.length) : file) + suffix;
}

export function loadRunFiles(file: string, options: RunFileOptions): RunFilesResult {
  const loaded = loadProgram(file);
  if (!loaded.ok) return loaded;
  const program = loaded.checked;
  const warnings: Diagnostic[] = [...loaded.warnings];
  const fail = (diagnostics: readonly Diagnostic[]): RunFilesResult => ({ ok: false, file, text: loaded.text, diagnostics });

  let deployment: Deployment;
  let deploymentSource = options.deploy ?? null;
  if (deploymentSource === null && existsSync(siblingFile(file, '.deploy.json'))) deploymentSource = siblingFile(file, '.deploy.json');
  if (deploymentSource === null) {
    deployment = defaultDeployment(program);
  } else {
    const r = loadDeployment(deploymentSource, program);
    if (!r.deployment) return fail(r.diagnostics);
    warnings.push(...r.diagnostics);
    deployment = r.deployment;
  }
  const topology = new Topology(deployment);

  let workload: Workload;
  let workloadSource = options.workload ?? null;
  if (workloadSource === null && existsSync(siblingFile(file, '.workload.json'))) workloadSource = siblingFile(file, '.workload.json');
  if (workloadSource === null) {
    workload = generateWorkload(program, topology, { seed: options.seed, count: options.inputs });
  } else {
    const r = loadWorkload(workloadSource, program, topology);
    if (!r.workload) return fail(r.diagnostics);
    warnings.push(...r.diagnostics);
    workload = r.workload;
  }
  return { ok: true, file, text: loaded.text, program, deployment, deploymentSource, topology, workload, workloadSource, warnings };
}
