import { describe, expect, it } from 'vitest';
import { describeStop, renderTrace, simulate, type Stop } from '../../src/sim/index.js';
import { voting, votingLine } from './helpers.js';

describe('renderTrace', () => {
  const { program: p, deployment, workload } = voting();
  const r = simulate(p, deployment, { inputs: workload.inputs.slice(0, 1) }, { seed: 3 });
  const text = renderTrace(r.trace);

  it('has a line per step and per event', () => {
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('trace: random, seed 3; nodes leader#0, participant#0, participant#1, participant#2');
    expect(lines.filter((l) => /^step +\d+ {2}/.test(l))).toHaveLength(r.stats.steps);
    expect(text).toContain('input 0 -> leader#0: #1 request("client1", 1, "apple")');
    expect(text).toMatch(/<- #1 request\("client1", 1, "apple"\) from the workload/);
    expect(text).toContain(`ballot("client1", 1, "apple") to participant#0 [rule 0, line ${votingLine('ballot@p(')}]`);
    expect(text).toMatch(/leader#0 -> client1: #\d+ reply\("client1", 1, "apple"\) arrives \(observed\)/);
    expect(lines.at(-1)).toBe('stop: quiescent');
  });

  it('is the same text for the same seed', () => {
    const again = simulate(p, deployment, { inputs: workload.inputs.slice(0, 1) }, { seed: 3 });
    expect(renderTrace(again.trace)).toBe(text);
  });
});

describe('describeStop', () => {
  const ref = { rule: 2, ruleText: 'a(x) :- b(x)', line: 7 };
  it.each<[Stop, RegExp]>([
    [{ reason: 'quiescent' }, /^quiescent/],
    [{ reason: 'bound', bound: 'steps', limit: 10, reached: 10, busiest: [] }, /bound hit, not quiescent: step limit reached: 10 steps/],
    [{ reason: 'bound', bound: 'messages', limit: 10, reached: 11, busiest: [] }, /message limit 10 exceeded: 11 messages/],
    [{ reason: 'bound', bound: 'facts-per-tick', limit: 10, reached: 12, node: 'a#0', busiest: [] }, /12 facts in one tick at a#0/],
    [{ reason: 'eval-error', node: 'a#0', message: 'division by zero', ...ref }, /evaluation error at a#0 in rule 2 \(line 7\): division by zero/],
    [{ reason: 'bad-address', node: 'a#0', address: 'x', relation: 'p', tuple: [1], problem: 'not-an-output', ...ref }, /a#0 sent p\(1\) to "x"/],
    [{ reason: 'schedule-ended', step: 4 }, /after step 4/],
    [{ reason: 'invalid-action', step: 4, action: { kind: 'arrive', message: 1 }, problem: 'nope' }, /step 4: .*nope/],
  ])('%j', (stop, text) => {
    expect(describeStop(stop)).toMatch(text);
  });
});
