/**
 * One run of a scalable protocol vs its base, probed: which scheduling
 * strategies, run on the original, make the observation that run of the
 * rewritten program made, and how often (for "not reproducible" verdicts of
 * the tester that may be false: an observation the original's samples and
 * bounded search missed).
 *
 * Usage: npx tsx bench/scheduler-probe.ts PROTOCOL[:MUTANT] SEED RUN [--samples N]
 * (with :MUTANT, the rewritten program is that mutant of bench/mutate.ts)
 */
import { loadavg } from 'node:os';
import { DiffContext, fullConfig, observationOfRun, resolveOptions, runScheduler } from '../src/equiv/index.js';
import { simulate } from '../src/sim/simulate.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkedMutants } from './mutate.js';
import { mutantPair, pairOf } from './mutation-score.js';
import { STRATEGIES } from './scheduler-strategies.js';

const [target0, seedText, runText] = process.argv.slice(2);
const [protocol, mutant] = (target0 as string).split(':');
const samplesAt = process.argv.indexOf('--samples');
const samples = samplesAt > 0 ? Number(process.argv[samplesAt + 1]) : 1000;
const basePair = pairOf(protocol as string);
const m = mutant === undefined ? null : checkedMutants(readFileSync(join(import.meta.dirname, '..', 'corpus', `${protocol}-scalable.ded`), 'utf8')).mutants[Number(mutant)];
if (mutant !== undefined && !m) throw new Error(`no mutant ${mutant}`);
const pair = m ? mutantPair(basePair, m) : basePair;
const ctx = new DiffContext({ ...pair, ordered: pair.ordered }, resolveOptions({}));
const inputs = pair.inputs ?? [];
const c = ctx.concrete(inputs, fullConfig(inputs.length, ctx.dims));
const seed = Number(seedText);
const run = Number(runText);
const sched = runScheduler('mixed', seed, run);
const r = simulate(pair.rewritten.program, c.rewritten.deployment, c.rewritten.workload, { scheduler: sched, network: ctx.networkRewritten, maxSteps: ctx.options.maxSteps });
const target = observationOfRun(r, c.rewritten.topology, ctx.ordered);
console.log(`${target0} seed ${seed} run ${run} (${sched.name}): ${r.reason}, observation ${target.facts.length} facts; load ${loadavg()[0]?.toFixed(2)}`);
for (const f of target.facts) console.log(`  ${f.key}`);
console.log('| strategy on the original | runs making it | distinct observations |');
console.log('| --- | ---: | ---: |');
for (const s of STRATEGIES) {
  let hit = 0;
  const seen = new Set<string>();
  for (let i = 0; i < samples; i++) {
    const o = simulate(pair.original.program, c.original.deployment, c.original.workload, { scheduler: s.make(77_000_000 + i, i + 1), network: ctx.networkOriginal, maxSteps: ctx.options.maxSteps });
    if (o.reason !== 'quiescent') continue;
    const k = observationOfRun(o, c.original.topology, ctx.ordered).key;
    seen.add(k);
    if (k === target.key) hit++;
  }
  console.log(`| ${s.name} | ${hit}/${samples} | ${seen.size} |`);
}
