/**
 * The runtime's benchmark suites (`compartment bench [SUITE]`), each a list
 * of pairs measured in the same session, alternating, so a ratio shares the
 * machine's conditions:
 *
 * * `echo`: a one-hop echo protocol in the runtime vs the hand-written Node
 *   TCP echo server with the same framing and batching (echo-baseline.ts);
 * * `rewrites`: one base program per rewrite under bench/runtime/, each with a
 *   fixed CPU cost per message (a chain of hashes), vs what the rewrite engine
 *   made of it (`compartment certify --plan bench/runtime/plans/NAME.json`,
 *   written to bench/runtime/certified/NAME/ by bench/runtime-certify.sh);
 * * `corpus`: voting, 2pc and paxos vs their hand-written scalable versions,
 *   each at its corpus deployment.
 *
 * Measured as the literature does: closed-loop clients with several requests
 * outstanding, 16-byte payloads, warm-up discarded, throughput as the p90 of
 * 1-second windows, the median of `runs` runs. Nothing here asserts a time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram, type RunReport } from './launcher.js';

export interface BenchSide {
  readonly label: string;
  readonly file: string;
  readonly deploy?: string;
  readonly baseline?: 'echo';
}

export interface BenchCase {
  readonly name: string;
  readonly base: BenchSide;
  readonly variant: BenchSide;
  /** Goal for variant/base, when the issue states one. */
  readonly goal?: number;
  readonly note?: string;
}

export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  /** What the ratio means: variant over base. */
  readonly ratio: string;
  readonly cases: readonly BenchCase[];
  readonly clients: number;
  readonly outstanding: number;
}

/** The package root (where bench/ and corpus/ are), from this file in src/ or dist/src/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'compartment') return dir;
      } catch {
        // keep looking
      }
    }
    dir = dirname(dir);
  }
  return process.cwd();
}

export function suites(root = packageRoot()): BenchSuite[] {
  const b = (f: string): string => join(root, 'bench', 'runtime', f);
  const c = (f: string): string => join(root, 'corpus', f);
  // The rewritten side is the rewrite engine's output, certified by `compartment certify --plan bench/runtime/plans/NAME.json`
  // (bench/runtime-certify.sh writes it to bench/runtime/certified/NAME/).
  const pair = (name: string, goal: number, note: string, baseName = name): BenchCase => {
    const out = join(root, 'bench', 'runtime', 'certified', name);
    return {
      name,
      base: { label: 'base, 1 process', file: b(`${baseName}-base.ded`) },
      variant: { label: 'rewritten by the engine', file: join(out, `${baseName}-base-rewritten.ded`), deploy: join(out, `${baseName}-base-rewritten.deploy.json`) },
      goal,
      note,
    };
  };
  return [
    {
      name: 'echo',
      description: 'runtime overhead: a one-hop echo protocol in the runtime vs a hand-written Node TCP echo server with the same framing and batching',
      ratio: 'runtime / hand-written',
      clients: 2,
      outstanding: 64,
      cases: [
        {
          name: 'echo',
          base: { label: 'hand-written echo server', file: b('echo.ded'), baseline: 'echo' },
          variant: { label: 'runtime (echo.ded)', file: b('echo.ded') },
          goal: 0.5,
          note: 'answers/s; every answer is one message in and one out at the server',
        },
      ],
    },
    {
      name: 'rewrites',
      description: 'each rewrite in isolation: base programs with a fixed CPU cost per message (a chain of 2560 hash assignments in one rule body, about 1.3 ms of CPU) vs their versions rewritten and certified by the rewrite engine (bench/runtime/plans), 1 process vs 2 (partitioning: a forwarder and 2 partitions; partial partitioning: also a coordinator, idle but for the rare ordered input)',
      ratio: 'rewritten / base (ceiling 2x on 2 cores)',
      clients: 2,
      // Enough in flight that no node of a rewritten program waits for work
      // (at 64 the machine still had idle time between ticks).
      outstanding: 256,
      cases: [
        pair('independent', 1.6, 'mutually independent decoupling: the put_b rules move to their own component; svc forwards put_b to it'),
        pair('functional', 1.6, 'functional decoupling: stage 2 of a two-stage pipeline moves to its own component'),
        pair('monotonic', 1.6, 'monotonic decoupling: two kinds of request, each hashed with a salt a setup input sets; the put_b part moves to its own component (it joins put_b with the salt svc derives: not functional, not independent, monotonic); svc forwards put_b and the salt, which svc_b persists on arrival'),
        pair('partition', 1.8, 'partitioning with co-hashing: the work moves to svc_core (svc only forwards), which runs as 2 partitions routed by hash(id)'),
        pair('dependencies', 1.8, 'partitioning with dependencies: as partition, but routed by a function of the payload the forwarder computes (hash(payload) % 16)', 'partition'),
        pair(
          'partial',
          1.8,
          'partial partitioning: as partition, routed by slot (id % 64), but every reply reads the current epoch, which a rare ordered input raises (1 request in 100 is an epoch announcement: the workload\'s weights); epoch_coord relays each announcement to both partitions, one at a time, and answers it from their votes (the highest epoch, how many slots the whole component wrote)',
        ),
        {
          // Calibration, no rewrite: what two processes get on this machine when nothing is shared
          // and nothing is forwarded. A rewrite's ratio is to be read against this one.
          name: 'two copies',
          base: { label: 'base, 1 process', file: b('partition-base.ded') },
          variant: { label: 'the same program, 2 independent instances', file: b('partition-base.ded'), deploy: b('two-copies.deploy.json') },
          note: 'calibration, no rewrite: the partition base program deployed as 2 instances that share nothing (clients alternate between them); the best any 2-process split of this work can do here, clients included',
        },
      ],
    },
    {
      name: 'corpus',
      description: 'the corpus protocols vs their hand-written scalable versions and vs the scalable versions the rewrite engine derives and certifies (voting and 2pc with --auto, Paxos with corpus/plans/paxos-scalable.json), at their corpus deployments',
      ratio: 'scalable / base',
      clients: 2,
      outstanding: 32,
      cases: ['voting', '2pc', 'paxos'].flatMap((p) => {
        // The engine's own scalable version (`compartment certify corpus/P.ded --auto`, or
        // the plan corpus/plans/paxos-scalable.json for Paxos), written by bench/runtime-certify.sh.
        const engine = join(root, 'bench', 'runtime', 'certified', `corpus-${p}`);
        return [
          { name: p, base: { label: 'base', file: c(`${p}.ded`) }, variant: { label: 'scalable (hand-written)', file: c(`${p}-scalable.ded`) } },
          {
            name: `${p} (engine)`,
            base: { label: 'base', file: c(`${p}.ded`) },
            variant: { label: 'scalable (certified engine output)', file: join(engine, `${p}-rewritten.ded`), deploy: join(engine, `${p}-rewritten.deploy.json`) },
          },
        ];
      }),
    },
  ];
}

export interface SideResult {
  readonly label: string;
  /** p90-of-windows throughput of each run. */
  readonly runs: readonly number[];
  readonly median: number;
  /** The run whose throughput is the median: its latency, CPU and request counts. */
  readonly medianRun: RunReport | null;
  /** Why a run failed, when one did. */
  readonly failures: readonly string[];
}

export interface CaseResult {
  readonly name: string;
  readonly note?: string;
  readonly goal?: number;
  readonly base: SideResult;
  readonly variant: SideResult;
  /** variant.median / base.median. */
  readonly ratio: number;
}

export interface BenchOptions {
  readonly runs: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly clients?: number;
  readonly outstanding?: number;
  readonly only?: readonly string[];
  readonly onLine?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface SuiteResult {
  readonly suite: BenchSuite;
  readonly options: { runs: number; durationS: number; warmupS: number; clients: number; outstanding: number };
  readonly cases: readonly CaseResult[];
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  readonly startedAt: string;
  readonly seconds: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Runs one suite: for each case, `runs` rounds of base and variant (alternating which goes first). */
export async function runSuite(suite: BenchSuite, options: BenchOptions, loadavg: () => number[]): Promise<SuiteResult> {
  const say = options.onLine ?? (() => {});
  const clients = options.clients ?? suite.clients;
  const outstanding = options.outstanding ?? suite.outstanding;
  const started = Date.now();
  const loadBefore = loadavg();
  const cases: CaseResult[] = [];
  for (const c of suite.cases) {
    if (options.only && !options.only.includes(c.name)) continue;
    const runs: Record<'base' | 'variant', { tp: number; report: RunReport | null; failure: string | null }[]> = { base: [], variant: [] };
    for (let i = 0; i < options.runs && !options.signal?.aborted; i++) {
      const order: ('base' | 'variant')[] = i % 2 === 0 ? ['base', 'variant'] : ['variant', 'base'];
      for (const which of order) {
        if (options.signal?.aborted) break;
        const side = c[which];
        const r = await runProgram({
          file: side.file,
          ...(side.deploy ? { deploy: side.deploy } : {}),
          ...(side.baseline ? { baseline: side.baseline } : {}),
          clients,
          outstanding,
          durationS: options.durationS,
          warmupS: options.warmupS,
          timeoutS: Math.max(10, options.durationS * 2),
          drainS: 5,
          check: false,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (!r.ok) {
          const failure = r.kind === 'input' ? r.diagnostics.map((d) => d.message).join('; ') : r.message;
          runs[which].push({ tp: 0, report: null, failure });
          say(`  ${c.name} ${side.label}: run ${i + 1} failed: ${failure}`);
          continue;
        }
        const tp = r.report.throughput.p90Window;
        const crashed = r.report.processes.filter((p) => p.crashed).map((p) => p.name);
        runs[which].push({ tp, report: r.report, failure: crashed.length ? `crashed: ${crashed.join(', ')}` : null });
        say(`  ${c.name} ${side.label}: run ${i + 1}: ${tp} answers/s (p90 of 1-s windows), p50 ${r.report.latencyMs?.p50.toFixed(2) ?? '-'} ms, cpu ${r.report.processes.filter((p) => p.role !== 'client').map((p) => `${p.name} ${p.cpuPercent?.toFixed(0) ?? '-'}%`).join(', ')}`);
      }
    }
    const side = (which: 'base' | 'variant'): SideResult => {
      const list = runs[which];
      const tps = list.map((x) => x.tp);
      const m = median(tps);
      const closest = [...list].sort((a, b) => Math.abs(a.tp - m) - Math.abs(b.tp - m))[0];
      return { label: c[which].label, runs: tps, median: m, medianRun: closest?.report ?? null, failures: list.flatMap((x) => (x.failure ? [x.failure] : [])) };
    };
    const base = side('base');
    const variant = side('variant');
    const result: CaseResult = { name: c.name, ...(c.note ? { note: c.note } : {}), ...(c.goal ? { goal: c.goal } : {}), base, variant, ratio: base.median > 0 ? variant.median / base.median : 0 };
    cases.push(result);
    say(`${c.name}: ${base.label} ${base.median}/s, ${variant.label} ${variant.median}/s: ratio ${result.ratio.toFixed(2)}x${c.goal ? ` (goal ${c.goal}x: ${result.ratio >= c.goal ? 'met' : 'NOT met'})` : ''}`);
  }
  return {
    suite,
    options: { runs: options.runs, durationS: options.durationS, warmupS: options.warmupS, clients, outstanding },
    cases,
    loadBefore,
    loadAfter: loadavg(),
    startedAt: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

/** CPU per process (clients summed), % of one core over the measured period. */
function cpuText(r: RunReport): string {
  const nodes = r.processes.filter((p) => p.role !== 'client').map((p) => `${p.name} ${p.cpuPercent?.toFixed(0) ?? '-'}%`);
  const clients = r.processes.filter((p) => p.role === 'client').reduce((n, p) => n + (p.cpuPercent ?? 0), 0);
  return [...nodes, `clients ${clients.toFixed(0)}%`].join(', ');
}

/** CPU time of the non-client processes per answer (µs), over the measured period of the median run. */
export function cpuPerAnswer(s: SideResult): string {
  const r = s.medianRun;
  if (!r || r.throughput.mean <= 0) return '-';
  const cores = r.processes.filter((p) => p.role !== 'client').reduce((n, p) => n + (p.cpuPercent ?? 0), 0) / 100;
  return ((cores * 1e6) / r.throughput.mean).toFixed(1);
}

/** A markdown section for bench/RESULTS.md. */
export function renderSuiteMarkdown(r: SuiteResult): string {
  const lines: string[] = [];
  lines.push(`### Suite \`${r.suite.name}\`: ${r.suite.description}`);
  lines.push('');
  lines.push(`${r.options.clients} client processes x ${r.options.outstanding} outstanding requests, ${r.options.warmupS} s warm-up, ${r.options.durationS} s measured, median of ${r.options.runs} run(s) (base and variant alternate); started ${r.startedAt}, took ${r.seconds} s; load average (1, 5, 15 min) before ${r.loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${r.loadAfter.map((x) => x.toFixed(2)).join(' ')}.`);
  lines.push('');
  lines.push(`| case | base | base answers/s (runs) | variant | variant answers/s (runs) | ${r.suite.ratio} | goal | p50 / p99 ms base | p50 / p99 ms variant | node CPU µs per answer, base / variant | CPU by process (median run), variant |`);
  lines.push('| --- | --- | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | --- |');
  for (const c of r.cases) {
    const lat = (s: typeof c.base): string => (s.medianRun?.latencyMs ? `${s.medianRun.latencyMs.p50.toFixed(2)} / ${s.medianRun.latencyMs.p99.toFixed(1)}` : '-');
    const cpu = (s: typeof c.base): string => (s.medianRun ? cpuText(s.medianRun) : '-');
    const goal = c.goal ? `${c.goal}x: ${c.ratio >= c.goal ? 'met' : '**not met**'}` : '-';
    lines.push(
      `| ${c.name} | ${c.base.label} | ${c.base.median} (${c.base.runs.join(', ')}) | ${c.variant.label} | ${c.variant.median} (${c.variant.runs.join(', ')}) | ${c.ratio.toFixed(2)}x | ${goal} | ${lat(c.base)} | ${lat(c.variant)} | ${cpuPerAnswer(c.base)} / ${cpuPerAnswer(c.variant)} | ${cpu(c.variant)} |`,
    );
  }
  const cpuBase = r.cases.map((c) => `${c.name}: ${c.base.medianRun ? cpuText(c.base.medianRun) : '-'}`);
  lines.push('');
  lines.push(`CPU by process in the base's median run: ${cpuBase.join('; ')}.`);
  const failures = r.cases.flatMap((c) => [...c.base.failures.map((f) => `${c.name} base: ${f}`), ...c.variant.failures.map((f) => `${c.name} variant: ${f}`)]);
  const unanswered = r.cases.flatMap((c) =>
    (['base', 'variant'] as const).flatMap((w) => {
      const q = c[w].medianRun?.requests;
      return q && q.timeouts + q.unanswered > 0 ? [`${c.name} ${w}: ${q.timeouts} timed out, ${q.unanswered} unanswered`] : [];
    }),
  );
  if (failures.length) lines.push('', `Failures: ${failures.join('; ')}.`);
  if (unanswered.length) lines.push('', `Requests without an answer in the median runs: ${unanswered.join('; ')}.`);
  return lines.join('\n') + '\n';
}
