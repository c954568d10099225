/** Running the CLI in-process with its output captured. */
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `compartment ARGV...` through `main` and returns its exit code and
 * output. Nothing a user can type may show a stack trace or an internal error,
 * so every call asserts that.
 */
export async function runCli(...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  expect(out + err).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(out + err).not.toMatch(/compartment: internal error/);
  return { code, out, err };
}
