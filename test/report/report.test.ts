import { describe, expect, it } from 'vitest';
import { renderMscHtml, renderTimeline, renderVerdict, ruleTexts, verdictJson, type VerdictContext } from '../../src/report/index.js';
import { differentialTest } from '../../src/equiv/index.js';
import { ASYNC_NETWORK, randomScheduler, simulate, withFaults } from '../../src/sim/index.js';
import { voting } from '../sim/helpers.js';
import { ECHO, ECHO_WRONG, input, pair, side } from '../equiv/support.js';

const { program: p, deployment, workload } = voting();
const run = simulate(p, deployment, workload, { scheduler: randomScheduler(6, { faultRate: 0.1 }), network: withFaults(ASYNC_NETWORK, ['drop', 'duplicate', 'crash']) });

describe('renderTimeline', () => {
  const text = renderTimeline(run.trace, ruleTexts(p));
  it('has one section per node and per client, each event under its node with its step', () => {
    for (const n of run.trace.nodes) expect(text).toMatch(new RegExp(`^${n.replace(/[#/]/g, '\\$&')}$`, 'm'));
    const clients = new Set(run.trace.steps.flatMap((s) => (s.kind === 'arrive' ? [s.to] : [])));
    for (const c of clients) expect(text).toContain(`${c} (client)\n`);
    const events = run.trace.steps.filter((s) => s.kind === 'tick' || s.kind === 'inject' || s.kind === 'arrive').length;
    expect(text.match(/^ {2,5}\d+ {2}/gm)?.length).toBeGreaterThanOrEqual(events);
  });
  it('names the rule and line that sent each message', () => {
    expect(text).toMatch(/-> #\d+ ballot\("client\d", \d+, "\w+"\) to participant#\d \[line \d+: ballot@p\(c, i, v\) :~ request\(c, i, v\), participant\(p\)\]/);
  });
  it('shows faults', () => {
    const faults = run.trace.steps.filter((s) => s.kind === 'drop' || s.kind === 'duplicate' || s.kind === 'crash');
    expect(faults.length).toBeGreaterThan(0);
    expect(text.match(/fault: /g)?.length).toBe(faults.length);
  });
});

describe('renderMscHtml', () => {
  const html = renderMscHtml(run.trace, { title: 'a <chart> & more', summary: ['line one'], rules: ruleTexts(p) });
  it('is one self-contained page: no scripts, nothing fetched, text escaped', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|src=|href=/);
    expect(html).toContain('a &lt;chart&gt; &amp; more');
    expect((html.match(/<svg/g) ?? []).length).toBe(1);
  });
  it('draws a lifeline per node and client and an arrow per delivered message', () => {
    for (const n of run.trace.nodes) expect(html).toContain(`>${n}</text>`);
    const delivered = run.trace.steps.reduce((k, s) => k + (s.kind === 'tick' ? s.delivered.length : s.kind === 'arrive' ? 1 : 0), 0);
    expect((html.match(/marker-end="url\(#head\)"/g) ?? []).length).toBe(delivered);
    expect(html).toContain('class="cross"');
  });
});

describe('renderVerdict and verdictJson', () => {
  const ctx: VerdictContext = {
    original: { file: 'a.ded', deployment: null, nodes: 1, model: null },
    rewritten: { file: 'b.ded', deployment: null, nodes: 1, model: null },
    workloads: ['w.json'],
    inputs: 2,
    ordered: [],
    runs: 10,
    seed: 1,
    scheduler: 'random',
    faults: [],
    maxStates: 20000,
    walks: 20000,
  };
  const inputs = [input('req', ['client1', 1], 'srv#0'), input('req', ['client1', 2], 'srv#0')];
  const v = differentialTest(pair(side(ECHO), side(ECHO_WRONG), inputs), { runs: 10 });
  it('says what failed, the case, the observation, the closest original observation and the timeline', () => {
    const text = renderVerdict(v, ctx, { trace: 'o/t.json', text: 'o/t.txt', html: 'o/t.html', originalTrace: null });
    expect(text).toContain('COUNTEREXAMPLE (run 1): an observation of the rewritten program that the original cannot make on these inputs (exhaustive search complete');
    expect(text).toContain('req("client1", 2)  -> srv#0 (original), srv#0 (rewritten)');
    expect(text).toContain('   + ans("client1", 2, "ko") at client1');
    expect(text).toContain('   - ans("client1", 2, "ok") at client1');
    expect(text).toContain('(replay: compartment replay o/t.json)');
    expect(text).toContain('timeline of the rewritten program');
  });
  it('as JSON: the verdict, the failure and the shrunk case', () => {
    const json = JSON.parse(JSON.stringify(verdictJson(v, ctx))) as Record<string, unknown>;
    expect(json).toMatchObject({ verdict: 'counterexample', ok: false, counterexample: { failure: { kind: 'not-reproducible' }, inputs: [{ relation: 'req', tuple: ['client1', 2] }] } });
  });
});
