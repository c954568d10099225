/**
 * What the closed-loop clients send: the mix of request shapes (a workload's
 * `weights`, turned into one turn of a weighted round robin), on the
 * per-rewrite benchmark's partial partitioning program, whose epoch
 * announcements must be rare; and one short real run of its rewritten
 * version, where the coordinator sees exactly the epochs the clients sent.
 * Times are never asserted.
 */
import { describe, expect, it } from 'vitest';
import { clientPlan, weightedCycle } from '../../src/runtime/requests.js';
import { runProgram } from '../../src/runtime/launcher.js';
import { loadRunFiles } from '../../src/sim/run-files.js';
import { ROOT } from '../sim/helpers.js';

const PARTIAL = `${ROOT}bench/runtime/partial-base.ded`;
const PARTIAL_REWRITTEN = `${ROOT}bench/runtime/certified/partial/partial-base-rewritten.ded`;

function planOf(file: string, workload?: string) {
  const f = loadRunFiles(file, { seed: 1, inputs: 4, ...(workload ? { workload } : {}) });
  if (!f.ok) throw new Error(f.diagnostics.map((d) => d.message).join('\n'));
  const p = clientPlan(f.program, f.topology, f.workloadSource === null ? null : f.workload);
  if (!p.ok) throw new Error(p.problems.join('\n'));
  return p.plan;
}

const count = (xs: readonly number[], x: number): number => xs.filter((y) => y === x).length;

describe('weightedCycle', () => {
  it('takes equal weights in turn, as the clients did before weights', () => {
    expect(weightedCycle([1])).toEqual([0]);
    expect(weightedCycle([1, 1, 1])).toEqual([0, 1, 2]);
  });

  it('gives each index its weight per turn, spread out rather than in a run', () => {
    expect(weightedCycle([3, 1])).toEqual([0, 0, 1, 0]);
    expect(weightedCycle([2, 2])).toEqual([0, 1, 0, 1]);
    const c = weightedCycle([99, 1]);
    expect(c).toHaveLength(100);
    expect(count(c, 1)).toBe(1);
    expect(c.indexOf(1)).toBe(50);
    expect(weightedCycle([5, 3, 2])).toEqual([0, 1, 2, 0, 0, 1, 0, 2, 1, 0]);
  });
});

describe('client plan of the partial partitioning benchmark', () => {
  it('sends one epoch announcement per 99 requests, from the workload beside the program', () => {
    const plan = planOf(PARTIAL);
    expect(plan.source).toBe('workload');
    expect(plan.shapes.map((s) => s.relation)).toEqual(['request', 'epoch']);
    expect(plan.cycle).toHaveLength(100);
    expect(count(plan.cycle, 1)).toBe(1);
    // A reply never answers an epoch, nor an epoch_ack a request (the admin's loc is not named `client`).
    expect(plan.answers['request']?.map((a) => a.output)).toEqual(['reply']);
    expect(plan.answers['epoch']?.map((a) => a.output)).toEqual(['epoch_ack']);
  });

  it('has the same mix for the rewritten program (its workload is the base\'s, copied by certify)', () => {
    const plan = planOf(PARTIAL_REWRITTEN);
    expect(plan.shapes.map((s) => [s.relation, s.to])).toEqual([
      ['request', [['svc#0']]],
      ['epoch', [['svc#0']]],
    ]);
    expect(count(plan.cycle, 1)).toBe(1);
    expect(plan.cycle).toHaveLength(100);
  });

  it('sends every shape in turn without weights', () => {
    const plan = planOf(`${ROOT}corpus/voting.ded`);
    expect(plan.cycle).toEqual([0]);
  });

  it('runs the rewritten program: every request and epoch answered, the coordinator busy with the epochs alone', async () => {
    const result = await runProgram({ file: PARTIAL_REWRITTEN, clients: 2, outstanding: 16, durationS: 1, warmupS: 0, timeoutS: 20, drainS: 10, check: false });
    if (!result.ok) throw new Error(result.kind === 'input' ? result.diagnostics.map((d) => d.message).join('\n') : result.message);
    const r = result.report;
    expect(r.outcome).toBe('completed');
    expect(r.requests.completed).toBe(r.requests.sent);
    expect(r.requests).toMatchObject({ timeouts: 0, unanswered: 0, sendFailed: 0, extra: 0 });
    const coord = r.processes.find((p) => p.name === 'epoch_coord#0')?.stats;
    // Per epoch: it takes the announcement and 2 votes, and sends 2 relays and the answer.
    expect(coord?.factsIn).toBe(coord?.factsOut);
    const epochs = (coord?.factsIn ?? 0) / 3;
    expect(Number.isInteger(epochs)).toBe(true);
    // Request `seq` of a client is an epoch when seq % 100 == 50: at most one per hundred sent, per client.
    expect(epochs).toBeLessThanOrEqual(Math.ceil(r.requests.sent / 100) + 2);
    if (r.requests.sent >= 2 * 100) expect(epochs).toBeGreaterThan(0);
    console.log(`partial: ${r.requests.sent} sent, ${epochs} epochs`);
  });
});
