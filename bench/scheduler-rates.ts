/**
 * How often each scheduling strategy shows a mutant's change, run by run: the
 * measurement behind the tester's default schedule mix (issue 4, the mutants
 * the random scheduler missed at the default options).
 *
 * For each mutant and each strategy, runs 1..RUNS of seeds 1..SEEDS are
 * simulated exactly as the tester schedules its run of the rewritten program
 * (scheduler seed `seed * 1 000 003 + run`, the pair's inputs and network),
 * and a run counts as a detection when the rewritten program's reference
 * model breaks on it or it does not reach quiescence (the original reaches it
 * on the same inputs). That is what the tester would report at that run,
 * without the cost of sampling and searching the original.
 *
 * Usage:
 *   npx tsx bench/scheduler-rates.ts [PROTOCOL:INDEX,...] [--runs N] [--seeds S] [--only name,name]
 *   (default: paxos:147,paxos:126, 100 runs, seeds 1..3, every strategy)
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DiffContext, fullConfig, resolveOptions } from '../src/equiv/index.js';
import { simulate } from '../src/sim/simulate.js';
import type { Scheduler } from '../src/sim/scheduler.js';
import { checkModel } from '../src/invariants/model.js';
import { RunView } from '../src/invariants/run-view.js';
import { checkedMutants } from './mutate.js';
import { mutantPair, pairOf } from './mutation-score.js';
import { STRATEGIES } from './scheduler-strategies.js';

const ROOT = join(import.meta.dirname, '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const targets = (process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'paxos:147,paxos:126').split(',').map((x) => {
    const [p, i] = x.split(':');
    return { protocol: p as string, index: i === undefined || i === 'base' ? -1 : Number(i) };
  });
  const runs = Number(arg('--runs') ?? 100);
  const seeds = Number(arg('--seeds') ?? 3);
  const only = arg('--only')?.split(',');
  const strategies = STRATEGIES.filter((s) => only === undefined || only.includes(s.name));
  console.log(`scheduler rates, ${new Date().toISOString()}; ${runs} runs x seeds 1..${seeds}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const t of targets) {
    const base = pairOf(t.protocol);
    const pair = t.index < 0 ? base : mutantPair(base, checkedMutants(readFileSync(join(ROOT, 'corpus', `${t.protocol}-scalable.ded`), 'utf8')).mutants[t.index] ?? (() => { throw new Error(`no mutant ${t.index}`); })());
    const ctx = new DiffContext({ ...pair, ordered: pair.ordered }, resolveOptions({}));
    const inputs = pair.inputs ?? [];
    const c = ctx.concrete(inputs, fullConfig(inputs.length, ctx.dims));
    console.log(`\n${t.protocol}${t.index < 0 ? ' (unmutated scalable)' : ` #${t.index}`}`);
    console.log('| strategy | detected | per seed | first run per seed | ms/run |');
    console.log('| --- | ---: | --- | --- | ---: |');
    for (const s of strategies) {
      const t0 = performance.now();
      const per: number[] = [];
      const first: (number | null)[] = [];
      for (let seed = 1; seed <= seeds; seed++) {
        let n = 0;
        let f: number | null = null;
        for (let run = 1; run <= runs; run++) {
          const sched: Scheduler = s.make(seed * 1_000_003 + run, run);
          const r = simulate(pair.rewritten.program, c.rewritten.deployment, c.rewritten.workload, { scheduler: sched, network: ctx.networkRewritten, maxSteps: ctx.options.maxSteps });
          let hit = r.reason !== 'quiescent';
          if (!hit && ctx.modelRewritten) hit = checkModel(ctx.modelRewritten, RunView.of(r, c.rewritten.deployment)).results.some((x) => x.status === 'violated');
          if (hit) {
            n++;
            f ??= run;
          }
        }
        per.push(n);
        first.push(f);
      }
      const total = per.reduce((a, b) => a + b, 0);
      const ms = (performance.now() - t0) / (runs * seeds);
      console.log(`| ${s.name} | ${total}/${runs * seeds} | ${per.join(', ')} | ${first.map((x) => x ?? '-').join(', ')} | ${ms.toFixed(1)} |`);
    }
  }
  console.log(`\nload average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

main();
