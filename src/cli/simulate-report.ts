/**
 * The report of `compartment simulate`, as text for people and as JSON for
 * scripts. Pure: the command decides where it goes.
 */
import { match } from 'ts-pattern';
import type { ModelReport } from '../invariants/index.js';
import {
  describeStop,
  formatFact,
  renderTrace,
  type DeploymentJson,
  type SimResult,
  type Stop,
  type WorkloadJson,
} from '../sim/index.js';

export interface SimReport {
  readonly file: string;
  readonly components: number;
  readonly rules: number;
  /** `source` is the file used, or null for the default deployment. */
  readonly deployment: { readonly source: string | null; readonly json: DeploymentJson; readonly nodes: readonly string[] };
  /** `source` is the file used, or null for a generated workload. */
  readonly workload: { readonly source: string | null; readonly json: WorkloadJson };
  readonly seed: number;
  readonly limits: { readonly steps: number; readonly messages: number; readonly factsPerTick: number };
  readonly traceFile: string | null;
  readonly result: SimResult;
  /** The reference model's verdicts, or null when no model was checked. */
  readonly invariants: ModelReport | null;
}

const LABEL = 12;

/** Observations listed in the text report before it says how many more there are. */
export const MAX_LISTED = 50;

/** The text report: inputs used, how the run ended, what was observed. */
export function renderSimReport(r: SimReport, options: { readonly showTrace?: boolean; readonly maxListed?: number } = {}): string {
  const lines: string[] = [];
  const row = (label: string, text: string): void => void lines.push(label.padEnd(LABEL) + text);
  const more = (text: string): void => void lines.push(' '.repeat(LABEL) + text);

  row('program', `${r.file} (${plural(r.components, 'component')}, ${plural(r.rules, 'rule')})`);
  row('deployment', `${r.deployment.source ?? 'none given, one instance of each component'}: ${r.deployment.nodes.join(', ')}`);
  const inputs = r.workload.json.inputs.length;
  if (r.workload.source !== null) {
    row('workload', `${r.workload.source}: ${plural(inputs, 'input')}`);
  } else {
    row('workload', `generated from seed ${r.seed}: ${plural(inputs, 'input')} (save the JSON below to reuse it with --workload)`);
    for (const l of workloadJsonLines(r.workload.json)) more(l);
  }
  row('seed', String(r.seed));
  const res = r.result;
  row('result', describeStop(res));
  for (const l of stopDetails(res)) more(l);
  const s = res.stats;
  row('run', `${plural(s.steps, 'step')}, ${plural(s.ticks, 'tick')}, ${plural(s.messages, 'message')} sent, ` +
    `${s.inputsInjected}/${s.inputsTotal} inputs injected, ${plural(s.arrivals, 'arrival')} at clients`);
  if (r.traceFile !== null) row('trace', `${r.traceFile} (JSON; its "choices" replay the run)`);

  const obs = res.observations;
  const cut = res.reason === 'quiescent' ? '' : ' so far (the run was cut short; later outputs are missing)';
  if (obs.length === 0) {
    row('observed', `no output facts${cut}`);
  } else {
    const once = obs.every((o) => o.count === 1);
    row('observed', `${plural(obs.length, 'output fact')}${once ? ', each exactly once' : ''}${cut}:`);
    const facts = obs.slice(0, options.maxListed ?? MAX_LISTED).map((o) => formatFact(o.relation, o.tuple));
    const wf = Math.max(...facts.map((f) => f.length));
    const wa = Math.max(...obs.slice(0, facts.length).map((o) => o.at.length));
    const shown = Math.min(obs.length, options.maxListed ?? MAX_LISTED);
    for (let i = 0; i < shown; i++) {
      const o = obs[i];
      if (o) lines.push(`  ${(facts[i] ?? '').padEnd(wf)}  at ${o.at.padEnd(wa)}  x${o.count}`);
    }
    if (shown < obs.length) lines.push(`  ... and ${obs.length - shown} more (--json lists them all)`);
  }
  if (r.invariants) lines.push(...invariantLines(r.invariants));
  let text = lines.join('\n') + '\n';
  if (options.showTrace) text += '\n' + renderTrace(res.trace);
  return text;
}

/** The JSON report (the trace is left out: `--trace FILE` writes it). */
export function simReportJson(r: SimReport): unknown {
  const { stats, observations, trace: _trace, ...stop } = r.result;
  return {
    file: r.file,
    quiescent: r.result.reason === 'quiescent',
    deployment: { source: r.deployment.source, ...r.deployment.json, nodes: r.deployment.nodes },
    workload: { source: r.workload.source, generated: r.workload.source === null, ...r.workload.json },
    seed: r.seed,
    limits: r.limits,
    result: { ...(stop as Stop), description: describeStop(stop as Stop) },
    stats,
    observations,
    invariants: r.invariants,
    trace: r.traceFile,
  };
}

/** Violations listed per invariant before saying how many more there are. */
const MAX_VIOLATIONS = 5;

function invariantLines(m: ModelReport): string[] {
  const count = (s: string): number => m.results.filter((x) => x.status === s).length;
  const parts = [`${count('held')} held`, `${count('violated')} violated`];
  if (count('not-checked')) parts.push(`${count('not-checked')} not checked`);
  const lines = [`${'invariants'.padEnd(LABEL)}model ${m.model}: ${parts.join(', ')}`];
  for (const r of m.results) {
    const mark = r.status === 'held' ? 'ok  ' : r.status === 'violated' ? 'FAIL' : 'n/a ';
    lines.push(`  ${mark} ${r.name}: ${r.description}${r.reason ? ` (not checked: ${r.reason})` : ''}`);
    for (const v of r.violations.slice(0, MAX_VIOLATIONS)) lines.push(`         ${v.step === undefined ? '' : `step ${v.step}: `}${v.message}`);
    if (r.violations.length > MAX_VIOLATIONS) lines.push(`         ... and ${r.violations.length - MAX_VIOLATIONS} more (--json lists them all)`);
  }
  return lines;
}

function stopDetails(stop: Stop): string[] {
  return match(stop)
    .with({ reason: 'quiescent' }, () => [])
    .with({ reason: 'bound' }, (s) =>
      s.busiest.length === 0
        ? []
        : ['most active rules in the last ticks (messages sent or next-tick facts changed):',
           ...s.busiest.map((b) => `  line ${b.line}, rule ${b.rule}: ${b.ruleText}   (${b.count}x)`)],
    )
    .with({ reason: 'eval-error' }, { reason: 'bad-address' }, (s) => [`rule: ${s.ruleText}`])
    .with({ reason: 'schedule-ended' }, { reason: 'invalid-action' }, () => [])
    .exhaustive();
}

function workloadJsonLines(w: WorkloadJson): string[] {
  if (w.inputs.length === 0) return ['{ "inputs": [] }'];
  const items = w.inputs.map((x, i) => `  ${JSON.stringify(x)}${i + 1 < w.inputs.length ? ',' : ''}`);
  return ['{ "inputs": [', ...items, '] }'];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
