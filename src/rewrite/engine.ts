/**
 * Program states and applying one site: the transformation's tree is
 * printed, parsed back and checked, so every state a rewrite produces is an
 * ordinary `.ded` program (and a bug, not a user error, when it is not).
 */
import { compileText } from '../load.js';
import { printProgram } from '../syntax/printer.js';
import { validateDeployment, deploymentToJson, defaultDeployment, type Deployment } from '../sim/deployment.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import type { Applied, ProgramState } from './types.js';

/** A state from program text (checked) and a deployment (default: one instance of each component). */
export function stateFromText(text: string, file: string, deployment?: Deployment): { ok: true; state: ProgramState } | { ok: false; diagnostics: Diagnostic[] } {
  const loaded = compileText(text, file);
  if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics };
  const canonical = printProgram(loaded.ast);
  // Re-read the canonical text so rule spans and ids are those of what is printed.
  const again = compileText(canonical, file);
  if (!again.ok) throw new Error(`bug: the canonical text of ${file} does not check:\n${again.diagnostics.map((d) => d.message).join('\n')}`);
  const d = deployment ?? defaultDeployment(again.checked);
  const valid = validateDeployment(deploymentToJson(d), again.checked, `${file} (deployment)`);
  if (!valid.deployment) return { ok: false, diagnostics: valid.diagnostics };
  return { ok: true, state: { ast: again.ast, program: again.checked, deployment: valid.deployment, text: canonical } };
}

/** The state after a transformation: printed, parsed back, checked, deployment validated. Throws (a bug) if it is not a clean program. */
export function finish(applied: Applied, file = '(rewritten)'): ProgramState {
  const text = printProgram(applied.ast);
  const loaded = compileText(text, file);
  if (!loaded.ok) {
    throw new Error(`bug: a rewrite produced a program that does not check:\n${loaded.diagnostics.map((d) => `${d.span ? `${d.span.line}:${d.span.col}: ` : ''}${d.message}`).join('\n')}\n${text}`);
  }
  const warnings = loaded.warnings.filter((w) => w.severity !== 'note');
  if (hasErrors(warnings)) throw new Error('bug: errors among warnings');
  const valid = validateDeployment(deploymentToJson(applied.deployment), loaded.checked, `${file} (deployment)`);
  if (!valid.deployment) throw new Error(`bug: a rewrite produced a deployment that does not fit its program: ${valid.diagnostics.map((d) => d.message).join('; ')}`);
  return { ast: loaded.ast, program: loaded.checked, deployment: valid.deployment, text };
}
