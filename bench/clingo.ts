/**
 * Runs clingo's grounder on ASP text and times the process. `gringo --text`
 * (or `clingo --mode=gringo --text`) grounds the program and prints every true
 * atom; for these programs (no choice rules) that is the full model, so the
 * number of printed facts is checked against ours.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Grounder {
  /** The command line used, for the report. */
  readonly command: string;
  readonly version: string;
  readonly file: string;
  readonly args: readonly string[];
}

/** The grounder found on PATH, or null (run bench/setup.sh to install it). */
export function findGrounder(): Grounder | null {
  for (const [file, args] of [
    ['gringo', ['--text']],
    ['clingo', ['--mode=gringo', '--text']],
  ] as const) {
    const v = spawnSync(file, ['--version'], { encoding: 'utf8' });
    if (v.status === 0) {
      const version = (v.stdout.split('\n')[0] ?? file).trim();
      return { command: [file, ...args].join(' '), version, file, args };
    }
  }
  return null;
}

export interface GroundRun {
  readonly ms: number;
  /** Atoms printed (auxiliary `#...` lines excluded). */
  readonly facts: number;
}

/** Writes `asp` to a temporary file once and returns a function that grounds it, timed. */
export function prepareGround(g: Grounder, asp: string): () => GroundRun {
  const dir = mkdtempSync(join(tmpdir(), 'compartment-bench-'));
  const file = join(dir, 'program.lp');
  writeFileSync(file, asp);
  return () => {
    const t0 = performance.now();
    const r = spawnSync(g.file, [...g.args, file], { maxBuffer: 1 << 30 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${g.command} failed: ${r.stderr.toString()}`);
    return { ms, facts: countFacts(r.stdout) };
  };
}

function countFacts(out: Buffer): number {
  let n = 0;
  let lineStart = true;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (lineStart && c !== 0x23 /* # */ && c !== 0x0a) n++;
    lineStart = c === 0x0a;
  }
  return n;
}
