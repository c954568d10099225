import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASYNC_NETWORK, randomScheduler, readTrace, replayTrace, simulate, withFaults, type Trace } from '../../src/sim/index.js';
import { program, voting } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'compartment-replay-'));
const { program: p, deployment, workload } = voting();

function write(name: string, value: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof value === 'string' ? value : JSON.stringify(value));
  return f;
}

describe('readTrace', () => {
  it('reads what simulate writes', () => {
    const r = simulate(p, deployment, workload, { seed: 2 });
    const t = readTrace(write('ok.json', r.trace));
    expect(t.ok).toBe(true);
  });
  it.each([
    ['not an object', '[1]', /JSON object/],
    ['another format', { format: 'x' }, /not a compartment trace/],
    ['a future version', { format: 'compartment-trace', version: 9 }, /version 9 is not supported/],
    ['a bad action', { format: 'compartment-trace', version: 2, deployment: {}, workload: {}, steps: [], network: { reorder: true, batch: true, delay: true }, choices: [{ kind: 'fly' }] }, /choices\[0\] is not an action/],
  ])('refuses %s', (_what, value, message) => {
    const t = readTrace(write('bad.json', value));
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.diagnostics[0]?.message).toMatch(message);
  });
});

describe('replayTrace', () => {
  it('reproduces every step of a run with faults', () => {
    const a = simulate(p, deployment, workload, { scheduler: randomScheduler(4, { faultRate: 0.2 }), network: withFaults(ASYNC_NETWORK, ['drop', 'duplicate', 'crash']) });
    const r = replayTrace(p, JSON.parse(JSON.stringify(a.trace)) as Trace);
    expect(r.ok && r.divergence).toBeNull();
    if (r.ok) expect(r.result.observations).toEqual(a.observations);
  });

  it('replays a version 1 trace (no program, no limits)', () => {
    const a = simulate(p, deployment, workload, { seed: 8 });
    const { limits: _limits, ...rest } = a.trace;
    const v1 = { ...rest, version: 1 } as Trace;
    const r = replayTrace(p, v1);
    expect(r.ok && r.divergence).toBeNull();
  });

  it('stops where a run cut short by a bound stopped', () => {
    const a = simulate(p, deployment, workload, { seed: 8, maxSteps: 20 });
    expect(a.reason).toBe('bound');
    const r = replayTrace(p, a.trace);
    expect(r.ok && r.divergence).toBeNull();
  });

  it('finds the first step that differs when the program changed', () => {
    const a = simulate(p, deployment, workload, { seed: 8 });
    const changed = program(
      `.input request(client: loc, id: int, payload: string)
.output reply(client: loc, id: int, payload: string)
.decl ballot(client: loc, id: int, payload: string)
.decl vote(client: loc, id: int, payload: string, voter: loc)
.component leader
ballot@p(c, i, v) :~ request(c, i, v), participant(p)
reply@c(c, i, v) :~ vote(c, i, v, p)
.component participant
vote@l(c, i, v, me) :~ ballot(c, i, v), leader(l), self(me)`,
    );
    const r = replayTrace(changed, a.trace);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.divergence?.step).toBeGreaterThan(1);
  });
});
