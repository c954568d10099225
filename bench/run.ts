/**
 * Evaluator benchmark: derived facts per second of one tick, for the
 * semi-naive evaluator, the naive reference evaluator and clingo's grounder,
 * measured in the same run so the ratios share the machine's conditions.
 *
 *     npx tsx bench/run.ts            # full sizes; rewrites its own section of bench/RESULTS.md
 *     npx tsx bench/run.ts --quick    # small sizes, prints only
 *
 * Install the grounder first with bench/setup.sh (without it the clingo
 * columns say "not installed").
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findGrounder, prepareGround, type GroundRun } from './clingo.js';
import { load, machine } from './machine.js';
import { median, naive, ours, prepare, type TickRun } from './measure.js';
import { renderResults, type CaseResult } from './report.js';
import { chain, randomGraph, voteTally, type Workload } from './workloads.js';

const quick = process.argv.includes('--quick');

interface Case {
  /** The instance measured for ours vs clingo. */
  readonly full: Workload;
  /** The instance on which the naive evaluator is compared (ours is timed on it too). */
  readonly naive: Workload;
}

const CASES: readonly Case[] = quick
  ? [
      { full: chain(300), naive: chain(60) },
      { full: randomGraph(500, 750, 42), naive: randomGraph(100, 150, 42) },
      { full: voteTally(2000, 8, 7), naive: voteTally(500, 8, 7) },
    ]
  : [
      { full: chain(1000), naive: chain(150) },
      { full: randomGraph(2000, 3000, 42), naive: randomGraph(200, 300, 42) },
      { full: voteTally(10000, 8, 7), naive: voteTally(10000, 8, 7) },
    ];

/** Naive runs longer than this are stopped and reported as capped. */
const NAIVE_CAP_MS = 120_000;
/** Ours is repeated until it has run this long (and at least MIN_REPS times). */
const MIN_TOTAL_MS = quick ? 300 : 1500;
const MIN_REPS = 5;
const MAX_REPS = 60;

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

function main(): void {
  const m = machine();
  const grounder = findGrounder();
  const loadBefore = load();
  log(`machine: ${m.cpu}, ${m.cores} cores, node ${m.node}; load ${loadBefore}`);
  log(grounder ? `grounder: ${grounder.version} (${grounder.command})` : 'grounder: not installed (run bench/setup.sh)');
  const groundEmpty = grounder ? prepareGround(grounder, '') : null;
  const results: CaseResult[] = [];
  const started = Date.now();

  for (const c of CASES) {
    log(`\n${c.full.name}: ${c.full.description}`);
    const p = prepare(c.full);
    const o = ours(p, c.full.component);
    const ground = grounder ? prepareGround(grounder, c.full.asp) : null;
    o.run(); // warm-up (JIT)
    ground?.();
    const oursRuns: TickRun[] = [];
    const groundRuns: GroundRun[] = [];
    const emptyRuns: GroundRun[] = [];
    let total = 0;
    // Interleave the contenders so that load changes hit all of them alike.
    while (oursRuns.length < MAX_REPS && (oursRuns.length < MIN_REPS || total < MIN_TOTAL_MS)) {
      const r = o.run();
      oursRuns.push(r);
      total += r.ms;
      if (ground && groundEmpty && groundRuns.length < MIN_REPS) {
        groundRuns.push(ground());
        emptyRuns.push(groundEmpty());
      }
    }
    const derived = (oursRuns[0] as TickRun).derived;
    log(`  ours: ${oursRuns.length} runs, median ${median(oursRuns.map((r) => r.ms)).toFixed(1)} ms, ${derived} derived`);

    const pn = c.naive === c.full ? p : prepare(c.naive);
    log(`  naive on ${c.naive.name}...`);
    const n = naive(pn, c.naive.component, NAIVE_CAP_MS);
    const os = c.naive === c.full ? o : ours(pn, c.naive.component);
    os.run();
    const smallRuns: TickRun[] = [];
    let smallTotal = 0;
    while (smallRuns.length < MAX_REPS && (smallRuns.length < MIN_REPS || smallTotal < MIN_TOTAL_MS / 3)) {
      const r = os.run();
      smallRuns.push(r);
      smallTotal += r.ms;
    }
    log(`  naive: ${'capped' in n ? `capped after ${(n.capped / 1000).toFixed(0)} s` : `${n.ms.toFixed(0)} ms`}`);

    results.push({
      workload: c.full,
      compileMs: o.compileMs,
      derived,
      oursMs: median(oursRuns.map((r) => r.ms)),
      oursRuns: oursRuns.length,
      ground:
        groundRuns.length > 0
          ? {
              ms: median(groundRuns.map((r) => r.ms)),
              emptyMs: median(emptyRuns.map((r) => r.ms)),
              runs: groundRuns.length,
              derived: (groundRuns[0] as GroundRun).facts - p.given,
            }
          : null,
      naive: {
        workload: c.naive,
        sameAsFull: c.naive === c.full,
        derived: (smallRuns[0] as TickRun).derived,
        oursMs: median(smallRuns.map((r) => r.ms)),
        oursRuns: smallRuns.length,
        naiveMs: 'capped' in n ? null : n.ms,
        cappedAfterMs: 'capped' in n ? n.capped : null,
        naiveDerived: 'capped' in n ? null : n.derived,
      },
    });
  }

  const report = renderResults({
    results,
    machine: m,
    grounder,
    loadBefore,
    loadAfter: load(),
    seconds: (Date.now() - started) / 1000,
    command: `npx tsx bench/run.ts${quick ? ' --quick' : ''}`,
    date: new Date().toISOString(),
    quick,
  });
  process.stdout.write(`${report}\n`);
  if (!quick) {
    const out = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
    writeFileSync(out, withOwnSection(existsSync(out) ? readFileSync(out, 'utf8') : '', `${report}\n`));
    log(`\nwrote ${out}`);
  }
}

/** This script's own `##` headings; any other `##` section belongs to another benchmark. */
const OWN_SECTIONS = /^## (One tick|Semi-naive|Goals|What is timed)/;

/**
 * RESULTS.md with this script's part (from the top to the first section another
 * benchmark wrote) replaced by `report`, and every other section kept as it was.
 */
function withOwnSection(existing: string, report: string): string {
  const lines = existing.split('\n');
  const firstOther = lines.findIndex((l) => l.startsWith('## ') && !OWN_SECTIONS.test(l));
  return firstOther < 0 ? report : `${report}\n${lines.slice(firstOther).join('\n')}`;
}

// Last: `main` reads OWN_SECTIONS, which must be initialized first.
main();
