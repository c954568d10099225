/**
 * Real multi-process runs on 127.0.0.1 (ports the OS assigns): the voting
 * protocol with closed-loop clients, checked against its reference model; a
 * node that crashes mid-run; an interrupted run. Every run must leave no
 * process behind. Times are never asserted (the machine may be loaded).
 *
 * Processes are started from TypeScript source with `node --import tsx`
 * (src/runtime/spawn.ts), so these tests need no build.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram, type RunEvent, type RunReport, type RunResult } from '../../src/runtime/launcher.js';
import { VOTING } from '../sim/helpers.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs and collects the pids of every process started. */
async function run(options: Parameters<typeof runProgram>[0]): Promise<{ result: RunResult; pids: number[]; events: RunEvent[] }> {
  const pids: number[] = [];
  const events: RunEvent[] = [];
  const result = await runProgram({
    ...options,
    onEvent: (e) => {
      events.push(e);
      if (e.kind === 'spawned') pids.push(e.pid);
      options.onEvent?.(e);
    },
  });
  return { result, pids, events };
}

function report(r: RunResult): RunReport {
  if (!r.ok) throw new Error(r.kind === 'input' ? r.diagnostics.map((d) => d.message).join('\n') : r.message);
  return r.report;
}

describe('runtime processes', () => {
  it('runs corpus/voting.ded as 4 node processes with 2 clients, answers every request, passes --check, and leaves no process behind', async () => {
    const { result, pids } = await run({ file: VOTING, clients: 2, outstanding: 4, durationS: 1, warmupS: 0, timeoutS: 20, drainS: 10, check: true });
    const r = report(result);
    expect(r.outcome).toBe('completed');
    expect(r.nodes).toEqual(['leader#0', 'participant#0', 'participant#1', 'participant#2']);
    expect(r.requests.sent).toBeGreaterThan(0);
    expect(r.requests.completed).toBe(r.requests.sent);
    expect(r.requests).toMatchObject({ timeouts: 0, unanswered: 0, sendFailed: 0, extra: 0 });
    expect(r.latencyMs?.count).toBe(r.requests.measured);
    // Every process (4 nodes, 2 clients) stopped when told, with status 0.
    expect(r.processes.map((p) => [p.name, p.exit?.code, p.crashed])).toEqual([
      ['leader#0', 0, false],
      ['participant#0', 0, false],
      ['participant#1', 0, false],
      ['participant#2', 0, false],
      ['client1', 0, false],
      ['client2', 0, false],
    ]);
    const leader = r.processes[0]?.stats;
    expect(leader?.factsIn).toBe(4 * r.requests.sent); // one request and three votes each
    // Held to the same invariants as the simulator, on a run seen to be quiescent.
    expect(r.check?.refused).toBeNull();
    expect(r.check?.quiescent).toBe(true);
    expect(r.check?.report?.results.map((x) => [x.name, x.status])).toEqual([
      ['reply-was-requested', 'held'],
      ['reply-at-most-once', 'held'],
      ['reply-after-all-votes', 'held'],
      ['every-request-answered', 'held'],
    ]);
    expect(pids).toHaveLength(6);
    expect(pids.filter(alive)).toEqual([]);
    console.log(`voting: ${r.requests.sent} requests, ${r.throughput.mean.toFixed(0)} answers/s, p50 ${r.latencyMs?.p50} ms, ${r.check?.events} events checked`);
  });

  it('reports a node that crashes with its exit status and last log lines; the others keep running and clients count what got no answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compartment-runtime-'));
    // Voting, but participant#1 divides by zero on the 21st request of client1.
    // (Two rules: in one body, the comparison does not keep the division from
    // running on the other participants' bindings; see the report of this task.)
    const file = join(dir, 'voting-crash.ded');
    writeFileSync(
      file,
      `${readFileSync(VOTING, 'utf8')}
.decl   armed(id: int)
.decl   boom(z: int)

.component participant
armed(i) :- ballot(c, i, v), self(me), me == "participant#1"
boom(z) :- armed(i), z = 1 / (i - 1000000020)
`,
    );
    writeFileSync(join(dir, 'voting-crash.deploy.json'), JSON.stringify({ components: { leader: { instances: 1 }, participant: { instances: 3 } } }));
    const { result, pids, events } = await run({ file, clients: 1, outstanding: 2, durationS: 1, warmupS: 0, timeoutS: 1, drainS: 1, check: false });
    const r = report(result);
    const crashed = r.processes.filter((p) => p.crashed);
    expect(crashed.map((p) => [p.name, p.exit])).toEqual([['participant#1', { code: 1, signal: null }]]);
    expect(crashed[0]?.lastLines.join('\n')).toMatch(/evaluation error in rule \d+ \(line \d+: .*\): division by zero/);
    // The launcher said so while the run went on.
    expect(events.some((e) => e.kind === 'exited' && e.name === 'participant#1' && !e.expected && e.code === 1)).toBe(true);
    // The others ran to the end and stopped cleanly.
    for (const name of ['leader#0', 'participant#0', 'participant#2', 'client1']) {
      expect(r.processes.find((p) => p.name === name)?.exit).toEqual({ code: 0, signal: null });
    }
    // Requests up to the crash were answered; after it, none could be (the leader waits for three votes).
    expect(r.requests.completed).toBeGreaterThanOrEqual(20);
    expect(r.requests.timeouts + r.requests.unanswered).toBeGreaterThan(0);
    expect(pids.filter(alive)).toEqual([]);
  });

  it('stops every process when interrupted', async () => {
    const controller = new AbortController();
    const { result, pids } = await run({
      file: VOTING,
      clients: 1,
      outstanding: 2,
      durationS: 60,
      warmupS: 0,
      timeoutS: 10,
      drainS: 10,
      check: false,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.kind === 'phase' && e.message.startsWith('running')) setTimeout(() => controller.abort(), 300);
      },
    });
    const r = report(result);
    expect(r.outcome).toBe('interrupted');
    expect(r.processes.every((p) => p.exit?.code === 0 && !p.crashed)).toBe(true);
    expect(pids.filter(alive)).toEqual([]);
  });
});
