/**
 * Writing a rewritten program as files: the `.ded` text with a header that
 * says where it came from, whether it is certified, and which reference
 * model its runs must keep; its deployment beside it; and the original's
 * workload beside it (same facts, so `simulate` and `fuzz` run it as is).
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deploymentToJson } from '../sim/deployment.js';
import { siblingFile } from '../sim/run-files.js';
import type { ProgramState } from '../rewrite/types.js';

export interface EmitOptions {
  /** The program it was rewritten from. */
  readonly from: string;
  /** Header lines (without `# `), e.g. what was applied. */
  readonly header: readonly string[];
  /** Reference model named in the source's `@model` line, copied so the rewritten runs are checked against it. */
  readonly model?: string;
  /** The source's workload file, copied beside the output when it exists. */
  readonly workload?: string | null;
}

export interface EmittedFiles {
  readonly program: string;
  readonly deployment: string;
  readonly workload: string | null;
}

export function emitProgram(path: string, state: ProgramState, options: EmitOptions): EmittedFiles {
  mkdirSync(dirname(path), { recursive: true });
  const head = [...options.header.map((l) => `# ${l}`.trimEnd()), '#', ...(options.model ? [`# @model ${options.model}`] : []), `# @kind rewritten`, `# @rewritten-from ${options.from}`];
  writeFileSync(path, `${head.join('\n')}\n${state.text}`);
  const deployment = siblingFile(path, '.deploy.json');
  writeFileSync(deployment, JSON.stringify(deploymentToJson(state.deployment), null, 2) + '\n');
  let workload: string | null = null;
  if (options.workload && existsSync(options.workload)) {
    workload = siblingFile(path, '.workload.json');
    copyFileSync(options.workload, workload);
  }
  return { program: path, deployment, workload };
}
