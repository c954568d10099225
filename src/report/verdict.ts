/**
 * The differential tester's verdict as text for people and as JSON for
 * scripts. Pure: the CLI decides where it goes.
 */
import { match } from 'ts-pattern';
import type { Counterexample, DiffStats, DiffVerdict, Failure } from '../equiv/tester.js';
import type { RunObservation } from '../equiv/observation.js';
import { describeStop } from '../sim/stop.js';
import { formatFact } from '../sim/values.js';
import { renderTimeline, type RuleTexts } from './timeline.js';

/** What the verdict is about (for the report's header). */
export interface VerdictContext {
  readonly original: { readonly file: string; readonly deployment: string | null; readonly nodes: number; readonly model: string | null };
  readonly rewritten: { readonly file: string; readonly deployment: string | null; readonly nodes: number; readonly model: string | null };
  /** The workload files, or empty when inputs were generated. */
  readonly workloads: readonly string[];
  readonly inputs: number | null;
  readonly ordered: readonly string[];
  readonly runs: number;
  readonly seed: number;
  readonly scheduler: string;
  readonly faults: readonly string[];
  readonly maxStates: number;
  readonly walks: number;
  readonly rulesRewritten?: RuleTexts;
}

/** Files a counterexample was written to. */
export interface WrittenFiles {
  readonly trace: string;
  readonly text: string;
  readonly html: string;
  readonly originalTrace: string | null;
}

const LABEL = 12;

export function renderVerdict(v: DiffVerdict, ctx: VerdictContext, files: WrittenFiles | null = null, options: { readonly timeline?: boolean } = {}): string {
  const lines: string[] = [];
  const row = (label: string, text: string): void => void lines.push(label.padEnd(LABEL) + text);
  const more = (text: string): void => void lines.push(' '.repeat(LABEL) + text);
  const side = (s: VerdictContext['original']): string => `${s.file} (${s.deployment ?? 'default deployment'}: ${plural(s.nodes, 'node')}${s.model ? `; model ${s.model}` : ''})`;
  row('original', side(ctx.original));
  row('rewritten', side(ctx.rewritten));
  if (ctx.workloads.length === 0) row('inputs', `generated from the .input declarations (fast-check), new ones each run`);
  else row('inputs', `${ctx.workloads.join(' and ')}: ${plural(ctx.inputs ?? 0, 'input')}, the same facts for both${ctx.ordered.length ? `; per-client order of ${ctx.ordered.join(', ')}` : ''}`);
  row('runs', `${ctx.runs} (${ctx.scheduler} scheduler, seed ${ctx.seed}, ${ctx.faults.length ? `faults: ${ctx.faults.join(', ')}` : 'reliable network'})`);
  const s = v.stats;
  match(v)
    .with({ verdict: 'no-difference' }, () => {
      row('result', `no difference found: every observation of the rewritten program is one the original makes`);
      for (const l of coverage(s)) more(l);
      const models = [ctx.original.model, ctx.rewritten.model].filter((m): m is string => m !== null);
      row('invariants', models.length ? `${[...new Set(models)].join(', ')}: held on every run of both programs` : 'no reference model named (# @model), none checked');
    })
    .with({ verdict: 'inconclusive' }, (x) => {
      row('result', `inconclusive: ${x.reason}`);
      for (const l of coverage(s)) more(l);
    })
    .with({ verdict: 'counterexample' }, (x) => {
      const c = x.counterexample;
      row('result', `COUNTEREXAMPLE (run ${c.foundAtRun}): ${headline(c.failure)}`);
      more(`found by the run's scheduler: ${c.foundBy}`);
      for (const l of failureDetails(c.failure)) more(l);
      if (c.originalBreaksToo) {
        more(`the ORIGINAL breaks it too on this case under these faults (a run of it with frequent faults does):`);
        more(`the model does not hold for either program under this fault model, so this is not a difference the rewrite made`);
      }
      for (const l of coverage(s)) more(l);
      if (c.shrinking) {
        const b = c.shrinking.before;
        const a = c.shrinking.after;
        row(
          'shrunk',
          `${b.inputs} -> ${a.inputs} inputs, ${b.nodes} -> ${a.nodes} nodes, ${b.steps} -> ${a.steps} steps, ${b.faults} -> ${a.faults} faults ` +
            `(${plural(c.shrinking.steps, 'smaller case')} in ${Math.round(c.shrinking.elapsedMs)} ms${c.shrinking.timedOut ? '; stopped by the shrinking time bound' : ''})`,
        );
      } else row('shrunk', 'no (--no-shrink)');
      row('case', `${plural(c.inputs.length, 'input')}:`);
      for (const i of c.inputs) more(`${formatFact(i.relation, i.tuple)}  -> ${i.toOriginal} (original), ${i.toRewritten} (rewritten)`);
      more(`deployment of the original:  ${JSON.stringify(c.deployments.original.components)}`);
      more(`deployment of the rewritten: ${JSON.stringify(c.deployments.rewritten.components)}`);
      more(`schedule of the rewritten program: ${c.result.stats.steps} steps, choice list ${compactList(c.schedule)} (then 0s: the next input, else the first node that may tick, taking all)`);
      if (c.observation) {
        row('observed', `by the rewritten program: ${plural(c.observation.facts.length, 'fact')}`);
        for (const l of observationLines(c.observation)) more(l);
      }
      if (c.closest.length) {
        row('original', `closest observation(s) of the original on the same case:`);
        c.closest.forEach((near, i) => {
          more(`#${i + 1}: ${near.diff.extra.length} fact(s) only the rewritten program made, ${near.diff.missing.length} only the original${near.diff.orderDiffers.length ? `, order differs at ${near.diff.orderDiffers.join(', ')}` : ''}`);
          for (const f of near.diff.extra) more(`   + ${f.key}`);
          for (const f of near.diff.missing) more(`   - ${f.key}`);
        });
      } else if (c.failure.kind === 'not-reproducible') row('original', 'made no observation on this case in its samples');
      if (files) {
        row('files', `${files.trace}  (replay: compartment replay ${files.trace})`);
        more(files.text);
        more(`${files.html}  (message sequence chart; open in a browser)`);
        if (files.originalTrace) more(`${files.originalTrace}  (a run of the original on the same case)`);
      }
      if (options.timeline !== false) {
        lines.push('');
        lines.push('timeline of the rewritten program (per node; step numbers are global):');
        lines.push(renderTimeline(c.trace, ctx.rulesRewritten ?? new Map()).trimEnd());
      }
    })
    .exhaustive();
  return lines.join('\n') + '\n';
}

function coverage(s: DiffStats): string[] {
  const ex = s.exhaustive
    ? [`exhaustive exploration of the rewritten program: ${s.exhaustive.states} distinct states, ${s.exhaustive.complete ? 'its whole space' : 'cut short by a bound (--max-states, or --runs end states)'}`]
    : [];
  return [
    ...ex,
    `${plural(s.runs, 'run')} of the rewritten program (${plural(s.schedules, 'distinct schedule')}, ${plural(s.distinctRewritten, 'distinct observation')}); ` +
      `${plural(s.originalRuns, 'run')} of the original (${plural(s.distinctOriginal, 'distinct observation')})`,
    ...(Object.keys(s.strategies ?? {}).length > 1 ? [`runs per strategy: ${Object.entries(s.strategies).map(([k, n]) => `${k} ${n}`).join('; ')}`] : []),
    s.searches === 0
      ? `no search of the original was needed; ${(s.elapsedMs / 1000).toFixed(1)} s`
      : `${plural(s.searches, 'search', 'searches')} of the original for an observation sampling missed (${s.searchesFound} found; ${s.walks} guided walks, ${s.states} states explored); ${(s.elapsedMs / 1000).toFixed(1)} s`,
  ];
}

/** One line saying what failed. */
export function headline(f: Failure): string {
  return match(f)
    .with({ kind: 'not-reproducible' }, (x) =>
      x.search.complete
        ? `an observation of the rewritten program that the original cannot make on these inputs (exhaustive search complete: ${x.search.states} states)`
        : `an observation of the rewritten program not reproducible by the original within bound B = ${x.search.maxStates} states (after ${x.search.samples} samples and ${x.search.walks} guided walks)`,
    )
    .with({ kind: 'invariant' }, (x) => `invariant ${x.invariant} of model ${x.model} broken by the ${x.program === 'rewritten' ? 'rewritten program' : 'original itself (the specification does not hold under this fault model)'}`)
    .with({ kind: 'stuck' }, (x) => `the rewritten program does not reach quiescence where the original does: ${describeStop(x.stop)}`)
    .exhaustive();
}

function failureDetails(f: Failure): string[] {
  return match(f)
    .with({ kind: 'not-reproducible' }, (x) => [
      `the original, on the same inputs: ${plural(x.search.samples, 'sampled run')} (${plural(x.search.distinct, 'distinct observation')}), ${x.search.walks} guided walks, ` +
        `${x.search.states} of at most ${x.search.maxStates} states explored exhaustively${x.search.complete ? ' (the whole space)' : ''}`,
    ])
    .with({ kind: 'invariant' }, (x) => [x.description, ...x.violations.slice(0, 5).map((v) => `${v.message}${v.step === undefined ? '' : ` (step ${v.step})`}`)])
    .with({ kind: 'stuck' }, (x) =>
      x.stop.reason === 'bound' && x.stop.busiest.length > 0 ? [`most active rules: ${x.stop.busiest.slice(0, 3).map((b) => `line ${b.line}: ${b.ruleText} (${b.count}x)`).join('; ')}`] : [],
    )
    .exhaustive();
}

function observationLines(o: RunObservation): string[] {
  const out = o.facts.slice(0, 40).map((f) => f.key);
  if (o.facts.length > 40) out.push(`... and ${o.facts.length - 40} more`);
  if (o.held.length) out.push(`held at the nodes at the end: ${o.held.slice(0, 20).join(', ')}${o.held.length > 20 ? `, ... (${o.held.length} in all)` : ''}`);
  for (const c of o.order) out.push(`order at ${c.client}: ${c.keys.join(' < ')}`);
  return out;
}

function compactList(xs: readonly number[]): string {
  const shown = xs.slice(0, 24).join(', ');
  return `[${shown}${xs.length > 24 ? `, ... (${xs.length} in all)` : ''}]`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The verdict as JSON (everything but the traces, which go to files). */
export function verdictJson(v: DiffVerdict, ctx: VerdictContext, files: WrittenFiles | null = null): unknown {
  const base = {
    verdict: v.verdict,
    ok: v.verdict === 'no-difference',
    original: ctx.original,
    rewritten: ctx.rewritten,
    workloads: ctx.workloads,
    ordered: ctx.ordered,
    options: { runs: ctx.runs, seed: ctx.seed, scheduler: ctx.scheduler, faults: ctx.faults, maxStates: ctx.maxStates, walks: ctx.walks },
    stats: v.stats,
  };
  if (v.verdict === 'inconclusive') return { ...base, reason: v.reason };
  if (v.verdict === 'no-difference') return base;
  return { ...base, counterexample: counterexampleJson(v.counterexample, files) };
}

function counterexampleJson(c: Counterexample, files: WrittenFiles | null): unknown {
  return {
    failure: failureJson(c.failure),
    description: headline(c.failure),
    foundAtRun: c.foundAtRun,
    foundBy: c.foundBy,
    inputs: c.inputs,
    deployments: c.deployments,
    schedule: c.schedule,
    steps: c.result.stats.steps,
    stop: c.result.reason,
    observation: c.observation ? observationJson(c.observation) : null,
    closest: c.closest.map((n) => ({ observation: observationJson(n.observation), onlyRewritten: n.diff.extra.map((f) => f.key), onlyOriginal: n.diff.missing.map((f) => f.key), orderDiffers: n.diff.orderDiffers })),
    shrinking: c.shrinking,
    originalBreaksToo: c.originalBreaksToo !== null,
    files,
  };
}

function failureJson(f: Failure): unknown {
  return match(f)
    .with({ kind: 'not-reproducible' }, (x) => ({ kind: x.kind, search: x.search }))
    .with({ kind: 'invariant' }, (x) => x)
    .with({ kind: 'stuck' }, (x) => ({ kind: x.kind, stop: x.stop, description: describeStop(x.stop) }))
    .exhaustive();
}

function observationJson(o: RunObservation): unknown {
  return { facts: o.facts.map((f) => ({ relation: f.relation, tuple: f.tuple, at: f.at })), held: o.held, order: o.order };
}
