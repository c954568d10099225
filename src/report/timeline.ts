/**
 * A trace as a per-node timeline: one section per node (and one per client
 * that received something), each event with its step number, so a reader can
 * follow one node's life and cross-reference the others by step. Messages
 * name the rule (and source line) that sent them.
 */
import type { CheckedProgram } from '../ir/types.js';
import type { Trace, TraceStep } from '../sim/trace.js';
import { formatFact } from '../sim/values.js';

/** Rule texts by id, when the program is at hand. */
export type RuleTexts = ReadonlyMap<number, string>;

export function ruleTexts(program: CheckedProgram): RuleTexts {
  return new Map(program.rules.map((r) => [r.id, r.text]));
}

/** The timeline as text. `maxEventsPerNode` cuts long sections (0: no cut). */
export function renderTimeline(trace: Trace, rules: RuleTexts = new Map(), maxEventsPerNode = 0): string {
  const events = new Map<string, string[]>();
  const add = (who: string, step: number, text: string): void => {
    const list = events.get(who) ?? [];
    list.push(`  ${String(step).padStart(4)}  ${text}`);
    events.set(who, list);
  };
  const rule = (id: number, line: number): string => {
    const text = rules.get(id);
    return text === undefined ? `rule ${id}, line ${line}` : `line ${line}: ${oneLine(text)}`;
  };
  const order: string[] = [...trace.nodes];
  for (const s of trace.steps) {
    for (const [who, text] of describe(s, rule)) {
      if (!order.includes(who)) order.push(who);
      add(who, s.step, text);
    }
  }
  const out: string[] = [];
  for (const who of order) {
    const list = events.get(who);
    if (!list) continue;
    const client = !trace.nodes.includes(who);
    out.push(`${who}${client ? ' (client)' : ''}`);
    const shown = maxEventsPerNode > 0 && list.length > maxEventsPerNode ? list.slice(0, maxEventsPerNode) : list;
    out.push(...shown);
    if (shown.length < list.length) out.push(`        ... ${list.length - shown.length} more event(s)`);
  }
  out.push(`end: ${trace.stop.reason} after ${trace.steps.length} step(s)`);
  return out.join('\n') + '\n';
}

function describe(s: TraceStep, rule: (id: number, line: number) => string): [string, string][] {
  switch (s.kind) {
    case 'inject':
      return [[s.to, `input ${s.input} enters: #${s.id} ${formatFact(s.relation, s.tuple)}`]];
    case 'arrive':
      return [[s.to, `<- #${s.id} ${formatFact(s.relation, s.tuple)} from ${s.from} (observed)`]];
    case 'drop':
      return [[s.to, `fault: #${s.id} ${formatFact(s.relation, s.tuple)} from ${s.from} is lost`]];
    case 'duplicate':
      return [[s.to, `fault: #${s.id} ${formatFact(s.relation, s.tuple)} from ${s.from} is duplicated as #${s.copy}`]];
    case 'crash':
      return [[s.node, `fault: crashes${s.lost.length ? ` (pending ${s.lost.map((i) => `#${i}`).join(', ')} lost)` : ''}`]];
    case 'tick': {
      const lines: string[] = [`tick ${s.tick}${s.delivered.length === 0 ? ' (no messages)' : ''}`];
      for (const d of s.delivered) lines.push(`  <- #${d.id} ${formatFact(d.relation, d.tuple)} from ${d.from ?? 'the workload'}`);
      for (const o of s.outputs) lines.push(`  output ${formatFact(o.relation, o.tuple)}${o.rule === null ? '' : ` [${rule(o.rule, o.line ?? 0)}]`}`);
      for (const m of s.sent) lines.push(`  -> #${m.id} ${formatFact(m.relation, m.tuple)} to ${m.to}${m.lost ? ' (lost: crashed)' : ''} [${rule(m.rule, m.line)}]`);
      return [[s.node, lines.join('\n        ')]];
    }
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
