/**
 * Benchmark of the differential tester (issue 4):
 *
 * 1. **Exploration throughput**: complete simulated executions per second
 *    (`simulate` to quiescence, random scheduler, one core) for voting, 2PC
 *    and Paxos, original and scalable, at their corpus deployments and a
 *    10-request workload.
 * 2. **Equivalence at the default runs**: `fuzz BASE SCALABLE` with default
 *    options for every scalable corpus protocol.
 * 3. **Mutation score**: every mutant of voting-scalable and 2pc-scalable
 *    (and a sample of paxos-scalable's) that checks is run against its base
 *    with a strong budget (5x the runs, random then PCT) to decide whether it
 *    changes observable behaviour, and with the default options to see
 *    whether the tester catches it.
 *
 * Usage: npx tsx bench/explore.ts [--quick] [--only throughput|equivalence|mutation] [--before FILE --before-label TEXT]
 * Writes its section of bench/RESULTS.md (between explore markers) unless
 * --quick; with `--only throughput` it rewrites just the throughput part
 * (between explore-throughput markers) and leaves the rest of the section.
 * `--before FILE` adds a "before" column from the throughput table rows in
 * FILE (this script's output from another checkout, measured by whoever
 * passes it), labelled with `--before-label` (e.g. a commit).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadRunFiles, simulate, Topology, validateWorkload, type Workload, type WorkloadJson } from '../src/sim/index.js';
import { differentialTest, loadPair, DEFAULT_RUNS, type DiffOptions, type DiffVerdict, type LoadedPair, type Side } from '../src/equiv/index.js';
import { MODELS } from '../models/index.js';
import { cpuSpeed } from './machine.js';
import { checkedMutants, OPERATORS, type CheckedMutant, type Operator } from './mutate.js';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const beforeFile = args.includes('--before') ? args[args.indexOf('--before') + 1] : undefined;
const beforeLabel = args.includes('--before-label') ? args[args.indexOf('--before-label') + 1] : 'before';
const lines: string[] = [];
const say = (s = ''): void => {
  lines.push(s);
  console.log(s);
};

// ---------------------------------------------------------------- workloads

function requests(n: number): WorkloadJson['inputs'] {
  const words = ['apple', 'pear', 'plum', 'fig', 'kiwi'];
  return Array.from({ length: n }, (_, k) => ({ relation: 'request', tuple: [`client${(k % 3) + 1}`, k + 1, words[k % words.length] as string], to: 'leader#0' }));
}

function tenRequests(protocol: string): WorkloadJson {
  if (protocol === 'voting') return { inputs: requests(10) };
  if (protocol === '2pc') return { inputs: Array.from({ length: 10 }, (_, k) => ({ relation: 'begin', tuple: [`client${(k % 3) + 1}`, k + 1], to: 'coordinator#0' })) };
  // Paxos: proposer 0 leads first, proposer 1 takes over after the fifth request; clients send each request to both.
  const inputs: WorkloadJson['inputs'][number][] = [{ relation: 'become_leader', tuple: ['proposer#0'], to: 'proposer#0' }];
  const cmds = ['put a', 'put b', 'get a', 'put c', 'get c'];
  for (let k = 0; k < 10; k++) {
    const tuple = [`client${(k % 3) + 1}`, k + 1, cmds[k % cmds.length] as string];
    inputs.push({ relation: 'request', tuple, to: 'proposer#0' }, { relation: 'request', tuple, to: 'proposer#1' });
    if (k === 4) inputs.push({ relation: 'become_leader', tuple: ['proposer#1'], to: 'proposer#1' });
  }
  return { inputs };
}

// ---------------------------------------------------------------- 1. throughput

interface Throughput {
  readonly file: string;
  readonly nodes: number;
  readonly inputs: number;
  readonly runsPerSec: number;
  /** Per second of this process's CPU time: what one core does when the machine is shared. */
  readonly runsPerCpuSec: number;
  readonly stepsPerRun: number;
  readonly runs: number;
  readonly quiescent: number;
}

function throughput(protocol: string, file: string, seconds: number): Throughput {
  const files = loadRunFiles(join(ROOT, 'corpus', file), { seed: 1, inputs: 0 });
  if (!files.ok) throw new Error(`${file} does not load`);
  const w = validateWorkload(tenRequests(protocol), files.program, new Topology(files.deployment));
  if (!w.workload) throw new Error(`${file}: ${w.diagnostics.map((d) => d.message).join('; ')}`);
  const workload: Workload = w.workload;
  for (let s = 1; s <= 20; s++) simulate(files.program, files.deployment, workload, { seed: s }); // warm-up
  let runs = 0;
  let steps = 0;
  let quiescent = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() - t0 < seconds * 1000) {
    const r = simulate(files.program, files.deployment, workload, { seed: 1000 + runs });
    runs++;
    steps += r.stats.steps;
    if (r.reason === 'quiescent') quiescent++;
  }
  const dt = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  return { file, nodes: files.topology.nodes.length, inputs: workload.inputs.length, runsPerSec: runs / dt, runsPerCpuSec: runs / cpuSec, stepsPerRun: steps / runs, runs, quiescent };
}

/** Executions per CPU-second by program file, from the throughput table rows of an earlier run's output. */
function readBefore(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | file | nodes | inputs | per CPU-second | ...
    if (cells.length > 5 && /\.ded$/.test(cells[1] ?? '')) out.set(cells[1] as string, cells[4] as string);
  }
  return out;
}

// ---------------------------------------------------------------- helpers

function pairOf(base: string, other: string): LoadedPair {
  const p = loadPair(join(ROOT, 'corpus', base), join(ROOT, 'corpus', other), { models: MODELS });
  if (!p.ok) throw new Error(`${base} vs ${other}: ${p.diagnostics.map((d) => d.message).join('; ')}`);
  return p;
}

function describe(v: DiffVerdict): string {
  if (v.verdict === 'no-difference') return 'no difference';
  if (v.verdict === 'inconclusive') return `inconclusive: ${v.reason}`;
  const f = v.counterexample.failure;
  return f.kind === 'invariant' ? `counterexample: ${f.invariant} (${f.program})` : f.kind === 'stuck' ? `counterexample: stuck (${f.stop.reason})` : `counterexample: not reproducible (complete search: ${f.search.complete})`;
}

// ---------------------------------------------------------------- 3. mutation

interface MutantResult {
  readonly protocol: string;
  readonly mutant: CheckedMutant;
  readonly changes: boolean;
  readonly caught: boolean;
  readonly how: string;
  readonly seconds: number;
}

function mutantPair(base: LoadedPair, scalable: LoadedPair, m: CheckedMutant): LoadedPair {
  const rewritten: Side = { ...scalable.rewritten, program: m.program, sha256: 'mutant' };
  return { ...base, rewritten, original: base.original };
}

function mutationScore(protocol: string, scalableFile: string, limit: number | null, budget: DiffOptions): MutantResult[] {
  const base = pairOf(`${protocol}.ded`, scalableFile);
  const { mutants, stillborn } = checkedMutants(readFileSync(join(ROOT, 'corpus', scalableFile), 'utf8'));
  // A deterministic sample when limited: every k-th mutant.
  const chosen = limit === null || mutants.length <= limit ? mutants : mutants.filter((_, i) => i % Math.ceil(mutants.length / limit) === 0);
  console.log(`${scalableFile}: ${mutants.length} mutants check (${stillborn} stillborn); running ${chosen.length}`);
  const out: MutantResult[] = [];
  for (const m of chosen) {
    const t0 = performance.now();
    const pair = mutantPair(base, base, m);
    const dflt = differentialTest(pair, { ...budget, shrink: false });
    let changes = dflt.verdict === 'counterexample';
    let how = describe(dflt);
    if (!changes) {
      for (const scheduler of ['random', 'pct'] as const) {
        const strong = differentialTest(pair, { ...budget, runs: (budget.runs ?? DEFAULT_RUNS) * 5, seed: 7, scheduler, shrink: false });
        if (strong.verdict === 'counterexample') {
          changes = true;
          how = `missed at the default runs; strong budget (${scheduler}): ${describe(strong)}`;
          break;
        }
      }
    }
    const r: MutantResult = { protocol, mutant: m, changes, caught: dflt.verdict === 'counterexample', how, seconds: (performance.now() - t0) / 1000 };
    out.push(r);
    process.stdout.write(`  ${m.operator.padEnd(16)} ${r.caught ? 'caught ' : r.changes ? 'MISSED ' : 'same   '} ${r.seconds.toFixed(1)} s  ${m.description.slice(0, 110)}\n`);
  }
  return out;
}

// ---------------------------------------------------------------- main

const started = performance.now();
const load0 = loadavg()[0] ?? 0;
say(`## Differential tester (bench/explore.ts)`);
say('');
say(`Measured ${new Date().toISOString()} with \`npx tsx bench/explore.ts${quick ? ' --quick' : ''}\`; ${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average before: ${load0.toFixed(2)}. One core (single-threaded).`);
say('');

const THROUGHPUT_START = '<!-- explore-throughput:start -->';
const THROUGHPUT_END = '<!-- explore-throughput:end -->';
if (only === undefined || only === 'throughput') {
  const before = beforeFile === undefined ? null : readBefore(beforeFile);
  const speedBefore = cpuSpeed();
  say(THROUGHPUT_START);
  say('### Exploration throughput: complete executions per second');
  say('');
  say(`Measured ${new Date().toISOString()} with \`npx tsx bench/explore.ts${quick ? ' --quick' : ''}${only ? ` --only ${only}` : ''}${before ? ` --before FILE --before-label ${beforeLabel}` : ''}\`; load average before: ${load0.toFixed(2)}.`);
  say('');
  say('Each execution is one `simulate` run to quiescence (random scheduler, a new seed each run, trace recorded), on the corpus deployment with a 10-request workload (Paxos: 10 requests each sent to both proposers, and two leader changes).');
  say('');
  say('The machine is shared (see the load average), so executions are also counted per second of this process\'s CPU time, which is what one core does; the wall-clock rate depends on the other load.');
  say('');
  if (before) {
    say(`The "${beforeLabel}" column is the same benchmark run from that commit's checkout on the same machine just before this one (executions per CPU-second).`);
    say('');
    say(`| program | nodes | inputs | executions per CPU-second | executions per wall second | steps/execution | quiescent | ${beforeLabel} (per CPU-second) |`);
    say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  } else {
    say('| program | nodes | inputs | executions per CPU-second | executions per wall second | steps/execution | quiescent |');
    say('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  }
  const seconds = quick ? 1 : 4;
  let twoPc: number | null = null;
  for (const [protocol, files] of [['voting', ['voting.ded', 'voting-scalable.ded']], ['2pc', ['2pc.ded', '2pc-scalable.ded']], ['paxos', ['paxos.ded', 'paxos-scalable.ded']]] as const) {
    for (const f of files) {
      const t = throughput(protocol, f, seconds);
      if (t.file === '2pc.ded') twoPc = t.runsPerCpuSec;
      const row = `| ${t.file} | ${t.nodes} | ${t.inputs} | ${Math.round(t.runsPerCpuSec).toLocaleString('en')} | ${Math.round(t.runsPerSec).toLocaleString('en')} | ${Math.round(t.stepsPerRun)} | ${t.quiescent}/${t.runs} |`;
      say(before ? `${row} ${before.get(t.file) ?? 'n/a'} |` : row);
    }
  }
  say('');
  if (twoPc !== null) {
    say(`Goal of issue #4, at least 1,000 executions per CPU-second for 2pc.ded: ${twoPc >= 1000 ? 'met' : 'NOT met'} (${Math.round(twoPc).toLocaleString('en')}).`);
    say('');
  }
  say(`Load average after the throughput runs: ${(loadavg()[0] ?? 0).toFixed(2)}. CPU speed probe (bench/machine.ts: millions of FNV-1a steps per second on one core; the host's speed changes over the day) before / after: ${speedBefore} / ${cpuSpeed()}.`);
  say(THROUGHPUT_END);
  say('');
}

if (only === undefined || only === 'equivalence') {
  say('### Scalable protocols vs their bases, default options (100 runs, the default mixed schedule, seed 1)');
  say('');
  say('| pair | verdict | runs | distinct observations (rewritten / original) | searches (found) | seconds |');
  say('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const [base, scalable] of [['voting.ded', 'voting-scalable.ded'], ['2pc.ded', '2pc-scalable.ded'], ['paxos.ded', 'paxos-scalable.ded']] as const) {
    const v = differentialTest(pairOf(base, scalable), quick ? { runs: 20 } : {});
    const s = v.stats;
    say(`| ${base} vs ${scalable} | ${describe(v)} | ${s.runs} | ${s.distinctRewritten} / ${s.distinctOriginal} | ${s.searches} (${s.searchesFound}) | ${(s.elapsedMs / 1000).toFixed(1)} |`);
  }
  say('');
}

if (only === undefined || only === 'mutation') {
  say('### Mutation score');
  say('');
  say('Operators (bench/mutate.ts): drop a body literal, swap two variables of a body atom, turn `:+` into `:-`, hash another variable in a partition key, drop a persistence rule or `.persist`. Mutants that do not check are stillborn. A mutant **changes observable behaviour** when the tester finds a counterexample against the base either at the default options or with a strong budget (5x the runs, random scheduler then PCT, another seed); it is **caught** when the default options find one.');
  say('');
  const results: MutantResult[] = [];
  const budget: DiffOptions = {};
  results.push(...mutationScore('voting', 'voting-scalable.ded', quick ? 6 : null, budget));
  results.push(...mutationScore('2pc', '2pc-scalable.ded', quick ? 6 : null, budget));
  // Paxos: a sample, with smaller search budgets (a search of the original costs seconds each).
  results.push(...mutationScore('paxos', 'paxos-scalable.ded', quick ? 3 : 24, { runs: 40, walks: 3_000, maxStates: 2_000 }));
  say('| protocol | mutants run | behaviour-changing | caught at default | missed | score |');
  say('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const protocol of ['voting', '2pc', 'paxos']) {
    const rs = results.filter((r) => r.protocol === protocol);
    const changing = rs.filter((r) => r.changes).length;
    const caught = rs.filter((r) => r.caught).length;
    say(`| ${protocol}-scalable${protocol === 'paxos' ? ' (sample; 40 runs)' : ''} | ${rs.length} | ${changing} | ${caught} | ${changing - caught} | ${changing ? ((100 * caught) / changing).toFixed(0) + '%' : 'n/a'} |`);
  }
  say('');
  say('| operator | mutants | behaviour-changing | caught |');
  say('| --- | ---: | ---: | ---: |');
  for (const op of OPERATORS) {
    const rs = results.filter((r) => r.mutant.operator === (op as Operator));
    say(`| ${op} | ${rs.length} | ${rs.filter((r) => r.changes).length} | ${rs.filter((r) => r.caught).length} |`);
  }
  const missed = results.filter((r) => r.changes && !r.caught);
  say('');
  if (missed.length) {
    say('Missed at the default options (behaviour-changing):');
    for (const r of missed) say(`* ${r.protocol}, ${r.mutant.operator}: \`${r.mutant.description}\` — ${r.how}`);
  } else say('Every behaviour-changing mutant was caught at the default options.');
  const same = results.filter((r) => !r.changes);
  if (same.length) {
    say('');
    say(`Mutants with no observable change found (${same.length}; equivalent mutants, or changes no run reached), e.g.:`);
    for (const r of same.slice(0, 5)) say(`* ${r.protocol}, ${r.mutant.operator}: \`${r.mutant.description}\``);
  }
  say('');
}

say(`Total ${((performance.now() - started) / 1000).toFixed(0)} s; load average after: ${(loadavg()[0] ?? 0).toFixed(2)}.`);

if (!quick && only === 'throughput') {
  // Only the throughput part of the explore section: between its own markers, or
  // (the first time) from its heading to the next heading of the section.
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const old = readFileSync(file, 'utf8');
  const start = lines.indexOf(THROUGHPUT_START);
  const part = `${lines.slice(start, lines.indexOf(THROUGHPUT_END) + 1).join('\n')}\n`;
  const marked = /<!-- explore-throughput:start -->[\s\S]*?<!-- explore-throughput:end -->\n?/;
  const unmarked = /### Exploration throughput[\s\S]*?(?=### |<!-- explore:end -->)/;
  if (marked.test(old)) writeFileSync(file, old.replace(marked, part));
  else if (unmarked.test(old)) writeFileSync(file, old.replace(unmarked, `${part}\n`));
  else throw new Error(`no exploration throughput part in ${file}`);
  console.log(`wrote the exploration throughput part of ${file}`);
}

if (!quick && only === undefined) {
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const section = `<!-- explore:start -->\n${lines.join('\n')}\n<!-- explore:end -->\n`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const re = /<!-- explore:start -->[\s\S]*?<!-- explore:end -->\n?/;
  writeFileSync(file, re.test(old) ? old.replace(re, section) : `${old.trimEnd()}\n\n${section}`);
  console.log(`wrote the explore section of ${file}`);
}
