/**
 * Starting a runtime process: `node` on the worker entry next to this file.
 *
 * Compiled (`npm run build`, what `bin/compartment.js` runs), this file is
 * `dist/src/runtime/spawn.js` and the worker is `dist/src/runtime/worker.js`.
 * Run from TypeScript source (vitest, `tsx`), this file is
 * `src/runtime/spawn.ts`, and the worker is `src/runtime/worker.ts`, started
 * as `node --import <tsx's loader> worker.ts`. Either way the worker is the
 * same code as the launcher that starts it, never a stale build.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerCommand {
  readonly entry: string;
  readonly execArgv: readonly string[];
}

export function workerCommand(): WorkerCommand {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname(here);
  if (here.endsWith('.js')) return { entry: join(dir, 'worker.js'), execArgv: [] };
  const entry = join(dir, 'worker.ts');
  let loader: string;
  try {
    loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    throw new Error('running compartment from TypeScript source needs the tsx package (a devDependency); run `npm ci`, or build with `npm run build`');
  }
  if (!existsSync(entry)) throw new Error(`the runtime worker is missing: ${entry}`);
  return { entry, execArgv: ['--import', loader] };
}

/** Forks a worker with an IPC channel; its stdout and stderr are piped to the caller. */
export function spawnWorker(): ChildProcess {
  const { entry, execArgv } = workerCommand();
  return fork(entry, [], { execArgv: [...execArgv, ...(process.env.COMPARTMENT_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.COMPARTMENT_PROF}`] : [])], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
}
