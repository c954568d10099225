/** Renders the benchmark results as markdown (printed, and saved as bench/RESULTS.md). */
import type { Grounder } from './clingo.js';
import type { Machine } from './machine.js';
import type { Workload } from './workloads.js';

export interface CaseResult {
  readonly workload: Workload;
  readonly compileMs: number;
  /** Derived facts of one tick (facts true minus facts given). */
  readonly derived: number;
  readonly oursMs: number;
  readonly oursRuns: number;
  readonly ground: {
    readonly ms: number;
    readonly emptyMs: number;
    readonly runs: number;
    /** Derived atoms in gringo's output (given facts subtracted); must equal ours. */
    readonly derived: number;
  } | null;
  readonly naive: {
    readonly workload: Workload;
    readonly sameAsFull: boolean;
    readonly derived: number;
    readonly oursMs: number;
    readonly oursRuns: number;
    readonly naiveMs: number | null;
    readonly cappedAfterMs: number | null;
    readonly naiveDerived: number | null;
  };
}

export interface Report {
  readonly results: readonly CaseResult[];
  readonly machine: Machine;
  readonly grounder: Grounder | null;
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly seconds: number;
  readonly command: string;
  readonly date: string;
  readonly quick: boolean;
}

const rate = (facts: number, ms: number): string => {
  const r = facts / (ms / 1000);
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(1)} k/s`;
};
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (x: number): string => `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
const int = (n: number): string => n.toLocaleString('en-US');

export function renderResults(r: Report): string {
  const out: string[] = [];
  out.push('# Evaluator benchmark results', '');
  if (r.quick) out.push('**Quick run (small sizes): not the reference numbers.**', '');
  out.push(
    `Measured ${r.date} with \`${r.command}\` (after \`bench/setup.sh\`), in one run of ${r.seconds.toFixed(0)} s.`,
    '',
    `* Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, ${r.machine.os}`,
    `* Node ${r.machine.node}; grounder: ${r.grounder ? `${r.grounder.version}, run as \`${r.grounder.command} FILE\`` : 'not installed'}`,
    `* Load average (1 min) before / after: ${r.loadBefore} / ${r.loadAfter} — the machine is shared, so absolute times are noisy; the ratios are from the same run with the contenders interleaved.`,
    '',
    '## One tick: semi-naive evaluator vs clingo\'s grounder',
    '',
    '| workload | derived facts | ours: median ms (runs) | ours: derived/s | gringo ms incl. startup | gringo ms excl. startup | gringo derived/s excl. startup | ours faster than gringo (incl. / excl. startup) | same facts |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  );
  for (const c of r.results) {
    const g = c.ground;
    const excl = g ? Math.max(g.ms - g.emptyMs, 0.001) : 0;
    out.push(
      `| ${c.workload.name} | ${int(c.derived)} | ${ms(c.oursMs)} (${c.oursRuns}) | ${rate(c.derived, c.oursMs)} | ` +
        (g
          ? `${ms(g.ms)} | ${ms(excl)} | ${rate(c.derived, excl)} | ${ratio(g.ms / c.oursMs)} / ${ratio(excl / c.oursMs)} | ${g.derived === c.derived ? 'yes' : `NO (${int(g.derived)})`} |`
          : 'n/a | n/a | n/a | n/a | n/a |'),
    );
  }
  out.push(
    '',
    '## Semi-naive vs the naive reference evaluator',
    '',
    'The naive evaluator (test/reference/naive.ts) re-evaluates every rule over all facts with nested loops until nothing changes; it is far too slow for the full chain and random graph, so those are compared on **smaller instances of the same shape** (named in the table), timed for both evaluators on that same instance. The naive evaluator is run once per instance. It is a nested-loop reference written for obviousness (facts keyed by JSON text, bindings copied per candidate tuple), so the ratio measures semi-naive evaluation, hash joins and interned values together, not the algorithm alone.',
    '',
    '| workload | instance compared | derived facts | naive ms | ours median ms (runs) | ours faster than naive |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  );
  for (const c of r.results) {
    const n = c.naive;
    const naiveCell = n.naiveMs !== null ? ms(n.naiveMs) : `capped at ${(Number(n.cappedAfterMs) / 1000).toFixed(0)} s`;
    const speed = n.naiveMs !== null ? ratio(n.naiveMs / n.oursMs) : `> ${ratio(Number(n.cappedAfterMs) / n.oursMs)}`;
    const same = n.naiveDerived === null || n.naiveDerived === n.derived ? '' : ` (naive: ${int(n.naiveDerived)}!)`;
    out.push(
      `| ${c.workload.name} | ${n.sameAsFull ? 'the same instance' : n.workload.name} | ${int(n.derived)}${same} | ${naiveCell} | ${ms(n.oursMs)} (${n.oursRuns}) | ${speed} |`,
    );
  }

  const chainCase = r.results[0];
  const naiveRatios = r.results.filter((c) => c.naive.naiveMs !== null).map((c) => (c.naive.naiveMs as number) / c.naive.oursMs);
  const groundRatios = r.results.filter((c) => c.ground).map((c) => ({ name: c.workload.name, incl: (c.ground as NonNullable<CaseResult['ground']>).ms / c.oursMs, excl: Math.max((c.ground as NonNullable<CaseResult['ground']>).ms - (c.ground as NonNullable<CaseResult['ground']>).emptyMs, 0) / c.oursMs }));
  out.push('', '## Goals', '');
  if (chainCase) {
    const chainRate = chainCase.derived / (chainCase.oursMs / 1000);
    out.push(`* ≥ 1 M derived facts/s on the chain: ${(chainRate / 1e6).toFixed(2)} M/s — ${chainRate >= 1e6 ? 'met' : 'MISSED'}.`);
  }
  if (naiveRatios.length > 0) {
    const min = Math.min(...naiveRatios);
    out.push(`* ≥ 20× the naive evaluator: lowest ratio ${ratio(min)} — ${min >= 20 ? 'met' : 'MISSED'}.`);
  }
  if (groundRatios.length > 0) {
    const worst = groundRatios.reduce((a, b) => (b.excl < a.excl ? b : a));
    out.push(
      `* No slower than clingo's grounding: lowest ratio (gringo time / ours) ${ratio(worst.excl)} excluding gringo's startup, ${ratio(worst.incl)} including it (${worst.name}) — ${worst.excl >= 1 ? 'met' : 'MISSED'}.`,
    );
  } else out.push("* No slower than clingo's grounding: not measured (gringo not installed).");
  out.push(
    '',
    '## What is timed',
    '',
    '* **ours**: `ComponentEvaluator.tick` on facts already in memory, including building the `TickResult` (every fact decoded to a JS array); program compilation is excluded (it is done once per component: ' +
      r.results.map((c) => `${ms(c.compileMs)} ms`).join(', ') +
      '). Median of repeated runs after one warm-up run.',
    '* **gringo**: wall time of the whole process on the same rules and facts written as ASP text (it parses the facts, grounds, and prints every atom to a pipe that the benchmark reads and counts); "excl. startup" subtracts the median time of the same command on an empty program. Median of 5 runs.',
    '* **derived facts**: facts true at the end of the tick minus the given facts; gringo\'s output is counted the same way (auxiliary `#` lines excluded) and must match.',
    '* Workloads (bench/workloads.ts): ' + r.results.map((c) => `${c.workload.name} — ${c.workload.description}`).join('; ') + '.',
  );
  return out.join('\n');
}
