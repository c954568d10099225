/**
 * How many no-op slots replica#0 applies in Paxos runs under latency schedules
 * (mean delay 1, 4 and 8 in turn), for the original, the unmutated scalable
 * version and mutant #88: whether #88's "not reproducible" observation (three
 * no-ops) is out of the original's reach or only rare.
 *
 * Usage: npx tsx bench/scheduler-noops.ts [RUNS]
 */
import { join } from 'node:path';
import { DiffContext, fullConfig, observationOfRun, resolveOptions } from '../src/equiv/index.js';
import { simulate } from '../src/sim/simulate.js';
import { latencyScheduler } from '../src/sim/latency.js';
import { readFileSync } from 'node:fs';
import { checkedMutants } from './mutate.js';
import { mutantPair, pairOf } from './mutation-score.js';
const base = pairOf('paxos');
const m = checkedMutants(readFileSync(join(import.meta.dirname, '..', 'corpus', 'paxos-scalable.ded'), 'utf8')).mutants[88]!;
const sides = { original: null, scalable: base, mutant88: mutantPair(base, m) } as const;
const ctx = new DiffContext({ ...base, ordered: base.ordered }, resolveOptions({}));
const inputs = base.inputs ?? [];
const c = ctx.concrete(inputs, fullConfig(inputs.length, ctx.dims));
const N = Number(process.argv[2] ?? 2000);
for (const [name, pair] of Object.entries(sides)) {
  const hist: Record<number, number> = {};
  for (let i = 0; i < N; i++) {
    const s = latencyScheduler(5_000_000 + i, { meanDelay: [1, 4, 8][i % 3]!, inputGap: [1, 0.2, 1][i % 3]! });
    const r = pair === null
      ? simulate(base.original.program, c.original.deployment, c.original.workload, { scheduler: s, network: ctx.networkOriginal, maxSteps: 10000 })
      : simulate(pair.rewritten.program, c.rewritten.deployment, c.rewritten.workload, { scheduler: s, network: ctx.networkRewritten, maxSteps: 10000 });
    if (r.reason !== 'quiescent') continue;
    const o = observationOfRun(r, pair === null ? c.original.topology : c.rewritten.topology, ctx.ordered);
    const n = o.facts.filter((f) => f.key.startsWith('applied("replica#0"') && f.key.includes('"noop"')).length;
    hist[n] = (hist[n] ?? 0) + 1;
  }
  console.log(name, JSON.stringify(hist));
}
