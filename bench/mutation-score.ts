/**
 * The mutation score of the differential tester (issue 4): every mutant of a
 * scalable corpus protocol that checks (bench/mutate.ts) is run against its
 * base
 *
 * 1. with the tester's **default options** (100 runs, random scheduler,
 *    seed 1, default search budgets): a counterexample there means the mutant
 *    is **caught**;
 * 2. when not caught, with the **strong budget** (STRONG below: more runs,
 *    another seed, the random then the PCT scheduler, larger searches of the
 *    original): a counterexample there means the mutant **changes observable
 *    behaviour** but was missed at the default options.
 *
 * A mutant is behaviour-changing when either finds a counterexample. One JSON
 * line per mutant goes to bench/mutation/<protocol>-scalable.jsonl as soon as
 * it is judged, so a long run that stops keeps what it did; a run skips the
 * mutants its file already has (delete the file to start over).
 *
 * Usage:
 *   npx tsx bench/mutation-score.ts run PROTOCOL [--shard I/N]   (PROTOCOL: voting, 2pc or paxos)
 *   npx tsx bench/mutation-score.ts write                         (the "Mutation score" part of bench/RESULTS.md, from the files)
 *   npx tsx bench/mutation-score.ts replay PROTOCOL INDEX         (re-judges one mutant and prints the counterexample, if any)
 *
 * Shards split the mutants by index (index mod N = I) so two processes can
 * share a long run; each shard appends to its own file
 * (<protocol>-scalable.shard-I-of-N.jsonl), and `write` reads them all.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { differentialTest, loadPair, type DiffOptions, type DiffVerdict, type LoadedPair, type Side } from '../src/equiv/index.js';
import { MODELS } from '../models/index.js';
import { checkedMutants, OPERATORS, type CheckedMutant } from './mutate.js';

const ROOT = join(import.meta.dirname, '..');
const DIR = join(ROOT, 'bench', 'mutation');
const PROTOCOLS = ['voting', '2pc', 'paxos'] as const;

/** The default options: what `compartment fuzz BASE MUTANT` does. */
const DEFAULT: DiffOptions = { shrink: false };
/** The strong budget that judges a mutant the default options did not catch. */
export const STRONG: readonly { readonly label: string; readonly options: DiffOptions }[] = [
  { label: 'random, 300 runs, seed 7, 2x search', options: { runs: 300, seed: 7, scheduler: 'random', walks: 40_000, maxStates: 40_000, samples: 60, shrink: false } },
  { label: 'pct, 300 runs, seed 7, 2x search', options: { runs: 300, seed: 7, scheduler: 'pct', walks: 40_000, maxStates: 40_000, samples: 60, shrink: false } },
];
const STRONG_TEXT = 'after the default options, 300 runs with the random scheduler, then 300 with PCT, at seed 7, with twice the default search budgets (40 000 guided walks and 40 000 states per search, 60 extra samples)';

export interface MutantRecord {
  readonly protocol: string;
  readonly index: number;
  readonly operator: string;
  readonly description: string;
  readonly caught: boolean;
  readonly changes: boolean;
  /** The default run's verdict, and the strong runs' when they ran. */
  readonly default: Judgement;
  readonly strong: readonly (Judgement & { readonly label: string })[];
  readonly seconds: number;
  readonly at: string;
}

interface Judgement {
  readonly verdict: DiffVerdict['verdict'];
  readonly what: string;
  readonly runs: number;
  readonly foundAtRun?: number;
  readonly seconds: number;
}

function pairOf(protocol: string): LoadedPair {
  const p = loadPair(join(ROOT, 'corpus', `${protocol}.ded`), join(ROOT, 'corpus', `${protocol}-scalable.ded`), { models: MODELS });
  if (!p.ok) throw new Error(`${protocol}: ${p.diagnostics.map((d) => d.message).join('; ')}`);
  return p;
}

function mutantPair(base: LoadedPair, m: CheckedMutant): LoadedPair {
  const rewritten: Side = { ...base.rewritten, program: m.program, sha256: 'mutant' };
  return { ...base, rewritten };
}

function describe(v: DiffVerdict): string {
  if (v.verdict === 'no-difference') return 'no difference';
  if (v.verdict === 'inconclusive') return `inconclusive: ${v.reason}`;
  const f = v.counterexample.failure;
  if (f.kind === 'invariant') return `invariant ${f.invariant} of ${f.program} broken`;
  if (f.kind === 'stuck') return `stuck (${f.stop.reason})`;
  return `observation not reproducible by the original (search: ${f.search.walks} walks, ${f.search.states} of ${f.search.maxStates} states, complete: ${f.search.complete})`;
}

function judge(pair: LoadedPair, options: DiffOptions): { v: DiffVerdict; j: Judgement } {
  const t0 = performance.now();
  const v = differentialTest(pair, options);
  const j: Judgement = {
    verdict: v.verdict,
    what: describe(v),
    runs: v.stats.runs,
    ...(v.verdict === 'counterexample' ? { foundAtRun: v.counterexample.foundAtRun } : {}),
    seconds: (performance.now() - t0) / 1000,
  };
  return { v, j };
}

function fileOf(protocol: string, shard: string | null): string {
  return join(DIR, `${protocol}-scalable${shard ? `.shard-${shard.replace('/', '-of-')}` : ''}.jsonl`);
}

function readRecords(protocol?: string): MutantRecord[] {
  if (!existsSync(DIR)) return [];
  const out: MutantRecord[] = [];
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.jsonl') && (protocol === undefined || x.startsWith(`${protocol}-scalable.`)))) {
    for (const line of readFileSync(join(DIR, f), 'utf8').split('\n')) if (line.trim()) out.push(JSON.parse(line) as MutantRecord);
  }
  return out;
}

function run(protocol: string, shard: string | null): void {
  const [si, sn] = shard === null ? [0, 1] : shard.split('/').map(Number) as [number, number];
  const base = pairOf(protocol);
  const { mutants, stillborn } = checkedMutants(readFileSync(join(ROOT, 'corpus', `${protocol}-scalable.ded`), 'utf8'));
  const done = new Set(readRecords(protocol).map((r) => r.index));
  mkdirSync(DIR, { recursive: true });
  const file = fileOf(protocol, shard);
  const mine = mutants.map((m, index) => ({ m, index })).filter((x) => x.index % sn === si && !done.has(x.index));
  console.log(`${protocol}-scalable: ${mutants.length} mutants check (${stillborn} stillborn); shard ${si}/${sn}: ${mine.length} to run (${done.size} already judged); load ${(loadavg()[0] ?? 0).toFixed(2)}; ${new Date().toISOString()}`);
  for (const { m, index } of mine) {
    const t0 = performance.now();
    const pair = mutantPair(base, m);
    const d = judge(pair, DEFAULT);
    const strong: (Judgement & { label: string })[] = [];
    if (d.v.verdict !== 'counterexample') {
      for (const s of STRONG) {
        const r = judge(pair, s.options);
        strong.push({ ...r.j, label: s.label });
        if (r.v.verdict === 'counterexample') break;
      }
    }
    const caught = d.v.verdict === 'counterexample';
    const rec: MutantRecord = {
      protocol,
      index,
      operator: m.operator,
      description: m.description,
      caught,
      changes: caught || strong.some((s) => s.verdict === 'counterexample'),
      default: d.j,
      strong,
      seconds: (performance.now() - t0) / 1000,
      at: new Date().toISOString(),
    };
    appendFileSync(file, `${JSON.stringify(rec)}\n`);
    const tag = rec.caught ? 'caught ' : rec.changes ? 'MISSED ' : 'same   ';
    console.log(`#${index} ${m.operator.padEnd(16)} ${tag} ${rec.seconds.toFixed(1)} s  load ${(loadavg()[0] ?? 0).toFixed(2)}  ${rec.caught ? d.j.what : strong.map((s) => s.what).join(' / ')}  ${m.description.slice(0, 100)}`);
  }
  console.log(`done ${new Date().toISOString()}`);
}

/**
 * Re-judges one mutant: the default options, then the strong budget, each
 * with shrinking (60 s); prints the first counterexample's shrunk case. A
 * shrunk case is small enough that the exhaustive search of the original
 * often covers its whole space: `complete: true` then proves the original
 * cannot make the observation on those inputs.
 */
function replay(protocol: string, index: number): void {
  const base = pairOf(protocol);
  const { mutants } = checkedMutants(readFileSync(join(ROOT, 'corpus', `${protocol}-scalable.ded`), 'utf8'));
  const m = mutants[index];
  if (!m) throw new Error(`no mutant ${index}`);
  console.log(`${m.operator}: ${m.description}`);
  for (const o of [{ label: 'default', options: DEFAULT }, ...STRONG]) {
    const r = judge(mutantPair(base, m), { ...o.options, shrink: true, shrinkMs: 60_000 });
    console.log(`${o.label}: ${r.j.what} (${r.j.runs} runs, ${r.j.seconds.toFixed(1)} s)`);
    if (r.v.verdict === 'counterexample') {
      const c = r.v.counterexample;
      const f = c.failure;
      console.log(
        JSON.stringify(
          {
            foundAtRun: c.foundAtRun,
            failure: f.kind === 'not-reproducible' ? { kind: f.kind, search: f.search } : f.kind === 'invariant' ? { kind: f.kind, program: f.program, invariant: f.invariant, violations: f.violations.slice(0, 3) } : f,
            shrinking: c.shrinking,
            inputs: c.inputs.map((x) => [x.relation, x.tuple]),
            schedule: c.schedule,
            observation: c.observation?.facts.map((x) => x.key),
            closest: c.closest[0]?.diff,
          },
          null,
          1,
        ),
      );
      return;
    }
  }
}

function write(): void {
  const records = readRecords();
  const lines: string[] = [];
  const say = (s = ''): void => void lines.push(s);
  say('<!-- mutation:start -->');
  say('### Mutation score');
  say('');
  say(`Written ${new Date().toISOString()} by \`npx tsx bench/mutation-score.ts write\` from the per-mutant results in bench/mutation/*.jsonl, which \`npx tsx bench/mutation-score.ts run PROTOCOL\` made (run times and the load average at each mutant are in those files and the logs); ${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores.`);
  say('');
  say('Operators (bench/mutate.ts): drop a body literal, swap two variables of a body atom, turn `:+` into `:-`, hash another variable in a partition key, drop a persistence rule or `.persist`. Mutants that do not check are stillborn and not run. Every mutant that checks is run (no sample).');
  say('');
  say(`A mutant is **caught** when the tester with its default options (100 runs, random scheduler, seed 1, 20 000 walks and 20 000 states per search of the original) finds a counterexample. It **changes observable behaviour** when it is caught or when the strong budget finds one: ${STRONG_TEXT}.`);
  say('');
  say('| protocol | mutants (checked / all) | judged | behaviour-changing | caught at default | missed | score | run time |');
  say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const p of PROTOCOLS) {
    const { mutants, stillborn } = checkedMutants(readFileSync(join(ROOT, 'corpus', `${p}-scalable.ded`), 'utf8'));
    const rs = records.filter((r) => r.protocol === p);
    const changing = rs.filter((r) => r.changes).length;
    const caught = rs.filter((r) => r.caught).length;
    const secs = rs.reduce((a, r) => a + r.seconds, 0);
    say(`| ${p}-scalable | ${mutants.length} / ${mutants.length + stillborn} | ${rs.length}${rs.length < mutants.length ? ' (partial)' : ''} | ${changing} | ${caught} | ${changing - caught} | ${changing ? `${((100 * caught) / changing).toFixed(0)}%` : 'n/a'} | ${(secs / 60).toFixed(0)} min |`);
  }
  say('');
  say('| operator | judged | behaviour-changing | caught |');
  say('| --- | ---: | ---: | ---: |');
  for (const op of OPERATORS) {
    const rs = records.filter((r) => r.operator === op);
    say(`| ${op} | ${rs.length} | ${rs.filter((r) => r.changes).length} | ${rs.filter((r) => r.caught).length} |`);
  }
  say('');
  const missed = records.filter((r) => r.changes && !r.caught);
  if (missed.length) {
    say('Missed at the default options (behaviour-changing):');
    for (const r of missed) say(`* ${r.protocol} #${r.index}, ${r.operator}: \`${r.description}\` — ${r.strong.map((s) => `${s.label}: ${s.what}${s.foundAtRun ? ` at run ${s.foundAtRun}` : ''}`).join('; ')} (replay: \`npx tsx bench/mutation-score.ts replay ${r.protocol} ${r.index}\`)`);
  } else say('Every behaviour-changing mutant judged was caught at the default options.');
  const same = records.filter((r) => !r.changes);
  say('');
  say(`Mutants with no counterexample at either budget: ${same.length} (equivalent mutants, or changes no run reached). By operator: ${OPERATORS.map((op) => `${op} ${same.filter((r) => r.operator === op).length}`).join(', ')}.`);
  say('<!-- mutation:end -->');
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const old = readFileSync(file, 'utf8');
  const part = `${lines.join('\n')}\n`;
  const marked = /<!-- mutation:start -->[\s\S]*?<!-- mutation:end -->\n?/;
  const unmarked = /### Mutation score[\s\S]*?(?=Total \d+ s; load average after|<!-- explore:end -->)/;
  if (marked.test(old)) writeFileSync(file, old.replace(marked, part));
  else if (unmarked.test(old)) writeFileSync(file, old.replace(unmarked, `${part}\n`));
  else throw new Error(`no mutation score part in ${file}`);
  console.log(lines.join('\n'));
}

function main(): void {
  const [cmd, a1, a2] = process.argv.slice(2);
  const shardAt = process.argv.indexOf('--shard');
  if (cmd === 'run' && a1 && (PROTOCOLS as readonly string[]).includes(a1)) run(a1, shardAt > 0 ? (process.argv[shardAt + 1] ?? null) : null);
  else if (cmd === 'write') write();
  else if (cmd === 'replay' && a1 && a2) replay(a1, Number(a2));
  else {
    console.error('usage: bench/mutation-score.ts run voting|2pc|paxos [--shard I/N] | write | replay PROTOCOL INDEX');
    process.exit(2);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
