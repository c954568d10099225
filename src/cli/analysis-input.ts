/** Loading a program and its deployment for `analyze` and `check-partition`. */
import { existsSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import type { CheckedProgram } from '../ir/types.js';
import { loadProgram } from '../load.js';
import { defaultDeployment, loadDeployment, siblingFile, type Deployment } from '../sim/index.js';
import type { CliIo } from './io.js';

export interface AnalysisInput {
  readonly file: string;
  readonly text: string;
  readonly program: CheckedProgram;
  readonly deployment: Deployment;
  readonly deploymentSource: string | null;
}

/** The program and its deployment (flag, else FILE.deploy.json beside it, else the default); diagnostics printed on failure. */
export function loadAnalysisInput(file: string, deploy: string | undefined, io: CliIo): AnalysisInput | null {
  const loaded = loadProgram(file);
  const show = (ds: readonly Diagnostic[], text?: string): void => io.err(renderDiagnostics([...ds], { file, ...(text === undefined ? {} : { text }) }) + '\n');
  if (!loaded.ok) {
    show(loaded.diagnostics, loaded.text);
    return null;
  }
  const source = deploy ?? (existsSync(siblingFile(file, '.deploy.json')) ? siblingFile(file, '.deploy.json') : null);
  let deployment = defaultDeployment(loaded.checked);
  if (source !== null) {
    const r = loadDeployment(source, loaded.checked);
    if (!r.deployment) {
      io.err(renderDiagnostics(r.diagnostics, { file: source }) + '\n');
      return null;
    }
    deployment = r.deployment;
  }
  return { file, text: loaded.text, program: loaded.checked, deployment, deploymentSource: source };
}
