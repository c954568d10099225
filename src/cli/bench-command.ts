/**
 * `compartment bench [SUITE]`: run a runtime benchmark suite and print its
 * ratios (bench/RESULTS.md records full runs; see bench/runtime-bench.ts).
 */
import { loadavg } from 'node:os';
import { runSuite, suites, type SuiteResult } from '../runtime/bench.js';
import { EXIT, type CliIo } from './io.js';

export interface BenchFlags {
  readonly runs: number;
  readonly duration: number;
  readonly warmup: number;
  readonly clients?: number;
  readonly outstanding?: number;
  readonly case?: string[];
  readonly json?: boolean;
  readonly list?: boolean;
}

export async function runBench(suite: string | undefined, flags: BenchFlags, io: CliIo): Promise<number> {
  const all = suites();
  if (flags.list || suite === undefined) {
    io.out('benchmark suites (compartment bench SUITE, or "all"):\n');
    for (const s of all) io.out(`  ${s.name.padEnd(9)} ${s.description}\n            cases: ${s.cases.map((c) => c.name).join(', ')}; ratio: ${s.ratio}\n`);
    return suite === undefined && !flags.list ? EXIT.usage : EXIT.ok;
  }
  const chosen = suite === 'all' ? all : all.filter((s) => s.name === suite);
  if (chosen.length === 0) {
    io.err(`error: unknown suite "${suite}"; suites: ${all.map((s) => s.name).join(', ')}, all\n`);
    return EXIT.usage;
  }
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.on('SIGINT', onSigint);
  const results: SuiteResult[] = [];
  try {
    for (const s of chosen) {
      io.err(`[bench] suite ${s.name}: ${s.description}\n`);
      results.push(
        await runSuite(
          s,
          {
            runs: flags.runs,
            durationS: flags.duration,
            warmupS: flags.warmup,
            ...(flags.clients === undefined ? {} : { clients: flags.clients }),
            ...(flags.outstanding === undefined ? {} : { outstanding: flags.outstanding }),
            ...(flags.case ? { only: flags.case } : {}),
            onLine: (line) => io.err(`[bench] ${line}\n`),
            signal: controller.signal,
          },
          loadavg,
        ),
      );
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (flags.json) io.out(JSON.stringify(results.map((r) => ({ ...r, cases: r.cases.map((c) => ({ ...c, base: { ...c.base, medianRun: undefined }, variant: { ...c.variant, medianRun: undefined } })) })), null, 2) + '\n');
  else {
    for (const r of results) {
      io.out(`suite ${r.suite.name} (${r.suite.ratio}; median of ${r.options.runs} run(s), p90 of 1-s windows; load before/after ${r.loadBefore[0]?.toFixed(2)}/${r.loadAfter[0]?.toFixed(2)})\n`);
      for (const c of r.cases) {
        io.out(`  ${c.name.padEnd(12)} ${String(c.base.median).padStart(8)}/s ${c.base.label.padEnd(26)} ${String(c.variant.median).padStart(8)}/s ${c.variant.label.padEnd(26)} ${c.ratio.toFixed(2)}x${c.goal ? `  (goal ${c.goal}x: ${c.ratio >= c.goal ? 'met' : 'not met'})` : ''}\n`);
      }
    }
  }
  return controller.signal.aborted ? 130 : EXIT.ok;
}
