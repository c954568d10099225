/**
 * Benchmark: certify every corpus program (FD obligations, the partitionings
 * the scalable programs route by, candidate keys of the base programs, the
 * unsafe variants' refutations), from a cold start: Z3 start-up included.
 * Run: npx tsx bench/certify.ts  (prints a Markdown section for bench/RESULTS.md)
 */
import { existsSync } from 'node:fs';
import { loadProgram } from '../src/load.js';
import { defaultDeployment, loadDeployment, siblingFile } from '../src/sim/index.js';
import { certifyProgram } from '../src/certify/certificate.js';
import { dedFiles } from '../src/certify/corpus.js';
import { shutdownZ3, z3Version } from '../src/smt/z3.js';

const t0 = performance.now();
const times: number[] = [];
const rows: string[] = [];
let proved = 0;
let refuted = 0;
let unknown = 0;
let version = '';
for (const file of dedFiles('corpus')) {
  const loaded = loadProgram(file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const dep = siblingFile(file, '.deploy.json');
  const deployment = existsSync(dep) ? loadDeployment(dep, loaded.checked).deployment! : defaultDeployment(loaded.checked);
  const p0 = performance.now();
  const { certificate } = await certifyProgram(file, loaded.text, loaded.checked, deployment);
  version ||= await z3Version();
  const n = (v: string): number => certificate.obligations.filter((o) => o.verdict === v).length;
  proved += n('proved');
  refuted += n('refuted');
  unknown += n('unknown');
  for (const o of certificate.obligations) times.push(o.ms);
  rows.push(`| ${file} | ${certificate.obligations.length} | ${n('proved')} | ${n('refuted')} | ${n('unknown')} | ${((performance.now() - p0) / 1000).toFixed(2)} |`);
}
await shutdownZ3();
const total = (performance.now() - t0) / 1000;
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? 0;
const max = times[times.length - 1] ?? 0;
const lines = [
  `## Certificates (bench/certify.ts)`,
  '',
  `${new Date().toISOString().slice(0, 10)}, ${version} (z3-solver, WASM), Node ${process.version}, this machine (2 cores).`,
  '',
  `All corpus obligations: **${times.length}** (${proved} proved, ${refuted} refuted — the unsafe variants' partitionings, expected — ${unknown} unknown), certified in **${total.toFixed(2)} s** from a cold start, Z3 start-up included (goal: under 10 s, none unknown).`,
  `Per obligation: median **${median.toFixed(1)} ms**, max **${max.toFixed(1)} ms** (the max includes Z3's start-up on the first query).`,
  '',
  '| program | obligations | proved | refuted | unknown | seconds |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
];
process.stdout.write(lines.join('\n'));
if (unknown > 0) process.exitCode = 1;
