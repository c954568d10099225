/** Shared fixtures of the simulator tests: programs from text, the voting corpus files. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import type { CheckedProgram } from '../../src/ir/types.js';
import { compileText } from '../../src/load.js';
import { defaultDeployment, Topology, validateDeployment, validateWorkload, type Deployment, type Workload } from '../../src/sim/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const VOTING = `${ROOT}corpus/voting.ded`;

/** A checked program from `.ded` text; throws with the diagnostics if it has errors. */
export function program(text: string): CheckedProgram {
  const r = compileText(text, 'test.ded');
  if (!r.ok) throw new Error(renderDiagnostics(r.diagnostics, { file: 'test.ded', text }));
  return r.checked;
}

export function corpusJson(name: string): unknown {
  return JSON.parse(readFileSync(`${ROOT}corpus/${name}`, 'utf8'));
}

/** A deployment from JSON, or the default one; throws on errors. */
export function deploy(p: CheckedProgram, json?: unknown): Deployment {
  if (json === undefined) return defaultDeployment(p);
  const r = validateDeployment(json, p);
  if (!r.deployment) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.deployment;
}

/** A workload from JSON; throws on errors. */
export function work(p: CheckedProgram, d: Deployment, json: unknown): Workload {
  const r = validateWorkload(json, p, new Topology(d));
  if (!r.workload) throw new Error(r.diagnostics.map((x) => x.message).join('\n'));
  return r.workload;
}

export function voting(): { program: CheckedProgram; deployment: Deployment; workload: Workload } {
  const p = program(readFileSync(VOTING, 'utf8'));
  const d = deploy(p, corpusJson('voting.deploy.json'));
  return { program: p, deployment: d, workload: work(p, d, corpusJson('voting.workload.json')) };
}

/** The 1-based line of `corpus/voting.ded` that starts with `prefix` (so tests survive header edits). */
export function votingLine(prefix: string): number {
  const i = readFileSync(VOTING, 'utf8').split('\n').findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`no line of ${VOTING} starts with ${prefix}`);
  return i + 1;
}
