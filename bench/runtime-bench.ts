/**
 * Runtime benchmark: runs the suites of `compartment bench` (src/runtime/bench.ts)
 * and records them in bench/RESULTS.md, in the section "Runtime
 * (bench/runtime-bench.ts)", replacing only that section.
 *
 *     npx tsx bench/runtime-bench.ts                  # all suites, 3 runs, 5 s measured, 2 s warm-up
 *     npx tsx bench/runtime-bench.ts echo corpus      # some suites
 *     npx tsx bench/runtime-bench.ts --runs 1 --duration 3 --no-write
 *     npx tsx bench/runtime-bench.ts rewrites --outstanding 256   # requests in flight per client (default: the suite's)
 *     npx tsx bench/runtime-bench.ts rewrites --case partition,'two copies' --no-write   # some cases only
 *
 * Nothing is asserted: the numbers are printed and recorded, with the machine
 * and its load average before and after each suite.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { renderSuiteMarkdown, runSuite, suites, type SuiteResult } from '../src/runtime/bench.js';
import { cpuSpeed, machine } from './machine.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const runs = flag('--runs', 3);
const durationS = flag('--duration', 5);
const warmupS = flag('--warmup', 2);
const outstanding = args.includes('--outstanding') ? flag('--outstanding', 0) : undefined;
const caseArg = args.includes('--case') ? args[args.indexOf('--case') + 1] : undefined;
const only = caseArg === undefined ? undefined : caseArg.split(',');
// A run of some cases only never replaces a suite's table (it would drop the other cases).
const write = !args.includes('--no-write') && only === undefined;
const names = args.filter((a, i) => !a.startsWith('--') && !['--runs', '--duration', '--warmup', '--outstanding', '--case'].includes(args[i - 1] ?? ''));
const chosen = suites().filter((s) => names.length === 0 || names.includes(s.name));

const HEADER = '## Runtime (bench/runtime-bench.ts)';

const results: SuiteResult[] = [];
/** CPU speed probe (bench/machine.ts) before and after each suite. */
const speeds = new Map<string, [number, number]>();
for (const s of chosen) {
  console.log(`suite ${s.name}: ${s.description}`);
  const speedBefore = cpuSpeed();
  results.push(await runSuite(s, { runs, durationS, warmupS, ...(outstanding !== undefined ? { outstanding } : {}), ...(only ? { only } : {}), onLine: (l) => console.log(l) }, loadavg));
  speeds.set(s.name, [speedBefore, cpuSpeed()]);
  console.log(`CPU speed probe before / after: ${speedBefore} / ${speeds.get(s.name)?.[1]}`);
}

const m = machine();
const preamble = [
  HEADER,
  '',
  `Measured with \`npx tsx bench/runtime-bench.ts [SUITE...]\` (the same suites as \`npx compartment bench SUITE\`); each suite below says when it was run and under what load.`,
  '',
  `* Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}. Other jobs share it (see the load averages per suite): absolute numbers are noisy, ratios come from runs interleaved in one session.`,
  '* Every process on 127.0.0.1; one process per node plus the client processes, all on these 2 cores, so clients compete with nodes for CPU.',
  '* Throughput = answers/s as the p90 of the 1-second windows after warm-up; each side is the median of its runs (base and variant alternate, swapping which goes first). Latency and CPU are from the run closest to the median. CPU is % of one core over the measured period.',
  '* Requests carry 16-byte string payloads and a fresh id per request; each client keeps N requests outstanding (closed loop).',
  '* "node CPU µs per answer": CPU time of all non-client processes over the measured period divided by the answers in it — the cost of an answer independent of whether the clients or the nodes were the bottleneck.',
  '',
].join('\n');
const command = `npx tsx bench/runtime-bench.ts${args.length ? ' ' + args.join(' ') : ''}`;
const speedLine = (name: string): string => {
  const [b, a] = speeds.get(name) ?? [0, 0];
  return `CPU speed probe (bench/machine.ts: millions of FNV-1a steps per second on one core; the host's speed changes over the day) before / after the suite: ${b} / ${a}.\n`;
};
const sections = new Map(results.map((r) => [r.suite.name, renderSuiteMarkdown(r) + `\n${speedLine(r.suite.name)}\nCommand: \`${command}\`.\n`]));

if (write) {
  const path = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = old.indexOf(HEADER);
  const after = start < 0 ? -1 : old.indexOf('\n## ', start + HEADER.length);
  const mine = start < 0 ? '' : old.slice(start, after < 0 ? undefined : after + 1);
  // Keep the suites of an earlier run that this run did not repeat.
  // Hand-written subsections (### anything else, e.g. the reading of the numbers) are kept as they are, after the suites.
  const kept = new Map<string, string>();
  const notes: string[] = [];
  for (const part of mine.split(/(?=^### )/m).slice(1)) {
    const name = /^### Suite `([^`]+)`/.exec(part)?.[1];
    if (name === undefined) notes.push(part.trimEnd() + '\n');
    else if (!sections.has(name)) kept.set(name, part.trimEnd() + '\n');
  }
  const order = suites().map((s) => s.name);
  const all = new Map([...kept, ...sections]);
  const body = preamble + '\n' + [...order.filter((n) => all.has(n)).map((n) => all.get(n)), ...notes].join('\n');
  const next = start < 0 ? old.trimEnd() + '\n\n' + body : old.slice(0, start) + body + (after < 0 ? '' : '\n' + old.slice(after + 1));
  writeFileSync(path, next.trimEnd() + '\n');
  // The raw numbers of this run (each side's median run report), for whoever wants to look closer.
  const jsonPath = fileURLToPath(new URL('./runtime-results.json', import.meta.url));
  const oldJson = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as { suite: { name: string } }[]) : [];
  const merged = [...oldJson.filter((r) => !sections.has(r.suite.name)), ...results];
  writeFileSync(jsonPath, JSON.stringify(merged, null, 1) + '\n');
  console.log(`\nwrote the runtime section of ${path} (suites: ${[...sections.keys()].join(', ')})`);
} else {
  console.log('\n' + preamble + '\n' + [...sections.values()].join('\n'));
}
