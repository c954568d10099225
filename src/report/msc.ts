/**
 * A trace as a message sequence chart: a self-contained HTML page (inline SVG
 * and CSS, no scripts, nothing fetched) that a person can open in a browser.
 * One lifeline per node, one per client and one for the workload; time runs
 * down, one row per step. Each message is an arrow from the tick that sent it
 * to the tick that took it (or its arrival at a client); hovering shows the
 * fact, the rule and the line that sent it. Outputs that held at a node are
 * written beside its tick; faults are red: a lost message ends in a cross, a
 * crashed node's lifeline ends in one.
 */
import type { Trace } from '../sim/trace.js';
import { formatFact } from '../sim/values.js';
import type { RuleTexts } from './timeline.js';

export interface MscOptions {
  readonly title: string;
  /** Lines shown above the chart (the verdict, the failure). */
  readonly summary?: readonly string[];
  readonly rules?: RuleTexts;
}

const COL = 170;
const ROW = 24;
const TOP = 60;
const LEFT = 90;

export function renderMscHtml(trace: Trace, options: MscOptions): string {
  const workload = 'workload';
  const clients: string[] = [];
  for (const s of trace.steps) if ((s.kind === 'arrive' || s.kind === 'drop') && !trace.nodes.includes(s.to) && !clients.includes(s.to)) clients.push(s.to);
  const lanes = [workload, ...trace.nodes, ...clients];
  const x = (lane: string): number => LEFT + lanes.indexOf(lane) * COL;
  const y = (step: number): number => TOP + step * ROW;
  const steps = trace.steps.length;
  const width = LEFT + lanes.length * COL;
  const height = y(steps + 2);
  const rule = (id: number, line: number): string => {
    const text = options.rules?.get(id);
    return text === undefined ? `rule ${id}, line ${line}` : `line ${line}: ${text.replace(/\s+/g, ' ').trim()}`;
  };

  // Where each message was sent from, and where it ended.
  const sentAt = new Map<number, { from: string; step: number; label: string; title: string }>();
  const svg: string[] = [];
  const crashedAt = new Map<string, number>();
  for (const s of trace.steps) {
    if (s.kind === 'inject') {
      sentAt.set(s.id, { from: workload, step: s.step, label: formatFact(s.relation, s.tuple), title: `input ${s.input}: ${formatFact(s.relation, s.tuple)}` });
    } else if (s.kind === 'tick') {
      for (const m of s.sent) {
        const title = `#${m.id} ${formatFact(m.relation, m.tuple)} to ${m.to}, sent by ${rule(m.rule, m.line)}`;
        sentAt.set(m.id, { from: s.node, step: s.step, label: formatFact(m.relation, m.tuple), title });
        if (m.lost) svg.push(lost(x(s.node), y(s.step), x(m.to) > x(s.node) ? 1 : -1, `${title} (lost: ${m.to} crashed)`));
      }
    } else if (s.kind === 'duplicate') {
      const orig = sentAt.get(s.id);
      if (orig) sentAt.set(s.copy, { ...orig, title: `${orig.title} (copy #${s.copy}, made at step ${s.step})` });
    } else if (s.kind === 'crash') crashedAt.set(s.node, s.step);
  }

  // Lifelines.
  for (const lane of lanes) {
    const lx = x(lane);
    const end = crashedAt.get(lane);
    const cls = lane === workload ? 'lane workload' : trace.nodes.includes(lane) ? 'lane' : 'lane client';
    svg.push(`<text class="head" x="${lx}" y="${TOP - 28}" text-anchor="middle">${esc(lane)}</text>`);
    svg.push(`<line class="${cls}" x1="${lx}" y1="${TOP - 18}" x2="${lx}" y2="${end === undefined ? height - ROW : y(end)}"/>`);
    if (end !== undefined) svg.push(cross(lx, y(end), `${lane} crashes at step ${end}`));
  }
  // Step numbers.
  for (let i = 1; i <= steps; i++) if (i === 1 || i % 5 === 0) svg.push(`<text class="step" x="8" y="${y(i) + 4}">${i}</text>`);

  const arrow = (id: number, to: string, step: number, extra = ''): void => {
    const from = sentAt.get(id);
    if (!from) return;
    const x1 = x(from.from);
    const x2 = x(to);
    const y1 = y(from.step);
    const y2 = y(step);
    // The label sits a third of the way from the sender, where crossing arrows rarely meet.
    const lx = x1 + (x2 - x1) / 3;
    const ly = y1 + (y2 - y1) / 3;
    const cls = from.from === workload ? 'msg input' : 'msg';
    svg.push(
      `<g class="${cls}"><title>${esc(from.title + extra)}</title><line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#head)"/>` +
        `<text x="${lx}" y="${ly - 3}" text-anchor="middle">${esc(short(from.label))}</text></g>`,
    );
  };
  for (const s of trace.steps) {
    switch (s.kind) {
      case 'tick': {
        const lx = x(s.node);
        const outs = s.outputs.map((o) => formatFact(o.relation, o.tuple));
        svg.push(`<g class="tick"><title>${esc(`step ${s.step}: tick ${s.tick} of ${s.node}${outs.length ? `; outputs ${outs.join(', ')}` : ''}`)}</title><rect x="${lx - 5}" y="${y(s.step) - 5}" width="10" height="10"/></g>`);
        if (outs.length) svg.push(`<text class="output" x="${lx + 9}" y="${y(s.step) + 4}">${esc(short(outs.join(', '), 40))}</text>`);
        for (const d of s.delivered) arrow(d.id, s.node, s.step);
        break;
      }
      case 'arrive':
        arrow(s.id, s.to, s.step, ' (observed at the client)');
        break;
      case 'drop': {
        const from = sentAt.get(s.id);
        if (from) {
          const x1 = x(from.from);
          const x2 = (x1 + x(s.to)) / 2;
          svg.push(`<g class="msg fault"><title>${esc(`${from.title}: lost at step ${s.step}`)}</title><line x1="${x1}" y1="${y(from.step)}" x2="${x2}" y2="${y(s.step)}"/></g>`);
          svg.push(cross(x2, y(s.step), `message #${s.id} lost`));
        }
        break;
      }
      default:
        break;
    }
  }

  const summary = (options.summary ?? []).map((l) => `<p>${esc(l)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(options.title)}</title>
<style>
body { font: 13px/1.4 system-ui, sans-serif; margin: 16px; color: #222; }
h1 { font-size: 16px; margin: 0 0 6px; }
p { margin: 2px 0; font-family: ui-monospace, monospace; white-space: pre-wrap; }
.legend { color: #555; margin: 8px 0 12px; }
svg { background: #fff; }
.head { font-weight: 600; font-size: 12px; }
.lane { stroke: #999; stroke-width: 1; }
.lane.client { stroke-dasharray: 4 3; }
.lane.workload { stroke: #ccc; }
.step { fill: #999; font-size: 10px; }
.msg line { stroke: #2a5db0; stroke-width: 1.2; }
.msg.input line { stroke: #2a8f4a; }
.msg text { fill: #1d3f7a; font-size: 10px; }
.msg.input text { fill: #1f6b37; }
.msg.fault line { stroke: #c0392b; stroke-dasharray: 3 3; }
.msg:hover line { stroke-width: 3; }
.tick rect { fill: #fff; stroke: #555; }
.output { fill: #8a4b00; font-size: 10px; }
.cross { stroke: #c0392b; stroke-width: 2.5; }
</style>
</head>
<body>
<h1>${esc(options.title)}</h1>
${summary}
<div class="legend">Time runs down, one row per step. Squares are ticks; arrows go from the tick that sent a message to the tick that took it (green: workload inputs); brown text: outputs true at a node; red: faults. Hover for the fact and the rule that sent it.</div>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><marker id="head" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#2a5db0"/></marker></defs>
${svg.join('\n')}
</svg>
</body>
</html>
`;
}

function cross(cx: number, cy: number, title: string): string {
  return `<g class="cross"><title>${esc(title)}</title><line x1="${cx - 6}" y1="${cy - 6}" x2="${cx + 6}" y2="${cy + 6}"/><line x1="${cx - 6}" y1="${cy + 6}" x2="${cx + 6}" y2="${cy - 6}"/></g>`;
}

function lost(x0: number, y0: number, dir: number, title: string): string {
  const x1 = x0 + dir * 40;
  return `<g class="msg fault"><title>${esc(title)}</title><line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0 + 8}"/></g>` + cross(x1, y0 + 8, title);
}

function short(s: string, n = 28): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
