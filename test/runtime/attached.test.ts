/**
 * Runs across machines, on one: a deployment that gives every node a
 * host:port (on 127.0.0.1, ports probed free), each node started as
 * `compartment node` would (here in this process), and `compartment run`
 * attaching its clients to them. Also the CLI's usage errors for run, node
 * and bench.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { instanceAddress } from '../../src/cli/node-command.js';
import { loadNodeSetup } from '../../src/runtime/load.js';
import { runStandaloneNode } from '../../src/runtime/standalone.js';
import { runProgram } from '../../src/runtime/launcher.js';
import { clientPlan } from '../../src/runtime/requests.js';
import { loadRunFiles } from '../../src/sim/run-files.js';
import { ROOT, VOTING } from '../sim/helpers.js';

/** Ports the OS says are free now (listen on 0, read the port, close). */
async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  for (const s of servers) {
    const a = s.address();
    if (typeof a === 'object' && a !== null) ports.push(a.port);
  }
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

const cli = runCli;

const dir = mkdtempSync(join(tmpdir(), 'compartment-attached-'));

describe('nodes started by hand (compartment node) and clients attached (compartment run)', () => {
  it('runs voting with every node at a host:port of the deployment', async () => {
    const nodes = ['leader#0', 'participant#0', 'participant#1', 'participant#2'];
    const ports = await freePorts(nodes.length);
    const deploy = join(dir, 'voting.deploy.json');
    writeFileSync(
      deploy,
      JSON.stringify({
        components: { leader: { instances: 1 }, participant: { instances: 3 } },
        addresses: Object.fromEntries(nodes.map((n, i) => [n, `127.0.0.1:${ports[i]}`])),
      }),
    );
    const setup = loadNodeSetup(VOTING, deploy);
    if (!setup.ok) throw new Error(setup.diagnostics.map((d) => d.message).join('\n'));
    const controller = new AbortController();
    const logs: string[] = [];
    // Started in reverse order: a node dials the ones before it and retries until they listen.
    const running = [...nodes].reverse().map((n) => runStandaloneNode(setup, n, { connectTimeoutS: 30, durationS: null, log: (l) => void logs.push(l), signal: controller.signal }));
    const result = await runProgram({ file: VOTING, deploy, clients: 1, outstanding: 4, durationS: 1, warmupS: 0, timeoutS: 20, drainS: 10, check: false });
    controller.abort();
    const outcomes = await Promise.all(running);
    if (!result.ok) throw new Error(result.kind === 'input' ? result.diagnostics.map((d) => d.message).join('\n') : result.message);
    const r = result.report;
    expect(r.mode).toBe('attached');
    expect(r.requests.sent).toBeGreaterThan(0);
    expect(r.requests.completed).toBe(r.requests.sent);
    expect(r.requests.unanswered + r.requests.timeouts).toBe(0);
    expect(r.processes.map((p) => p.role)).toEqual(['client']);
    expect(outcomes.map((o) => o.kind)).toEqual(['stopped', 'stopped', 'stopped', 'stopped']);
    expect(logs.some((l) => l.includes('every peer connected'))).toBe(true);
    const leader = outcomes[3];
    expect(leader?.kind === 'stopped' ? leader.stats.factsIn : 0).toBe(4 * r.requests.sent);
  });

  it('refuses bad addresses, --check on attached nodes, and a node without addresses', async () => {
    const bad = join(dir, 'bad.deploy.json');
    writeFileSync(bad, JSON.stringify({ components: { leader: { instances: 1 }, participant: { instances: 3 } }, addresses: { 'leader#0': '127.0.0.1:99999' } }));
    const r1 = await cli('run', VOTING, '--deploy', bad, '--no-progress');
    expect(r1.code).toBe(2);
    expect(r1.err).toContain('addresses.leader#0 must be "host:port"');
    expect(r1.err).toContain('missing: participant#0, participant#1, participant#2');

    const ok = join(dir, 'ok.deploy.json');
    writeFileSync(ok, JSON.stringify({ components: { leader: { instances: 1 }, participant: { instances: 3 } }, addresses: { 'leader#0': '127.0.0.1:1', 'participant#0': '127.0.0.1:2', 'participant#1': '127.0.0.1:3', 'participant#2': '127.0.0.1:4' } }));
    const r2 = await cli('run', VOTING, '--deploy', ok, '--check', '--no-progress');
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('--check needs the nodes started here');

    const r3 = await cli('node', VOTING, '--deploy', `${ROOT}corpus/voting.deploy.json`, '--instance', 'leader/0');
    expect(r3.code).toBe(2);
    expect(r3.err).toContain('no "addresses"');

    const r4 = await cli('node', VOTING, '--deploy', ok, '--instance', 'leader/7');
    expect(r4.code).toBe(2);
    expect(r4.err).toContain('names no node of the deployment');
    expect(r4.err).toContain('nodes: leader#0, participant#0');
  });

  it('reads NAME/INDEX, NAME/INDEX/PARTITION and node addresses for --instance', () => {
    expect(instanceAddress('leader/0')).toBe('leader#0');
    expect(instanceAddress('storage/1/2')).toBe('storage#1/2');
    expect(instanceAddress('storage#1/2')).toBe('storage#1/2');
    expect(instanceAddress('leader')).toBeNull();
  });

  it('refuses a run whose clients would have nothing to send, or no way to know their answer', async () => {
    const file = join(dir, 'counter.ded');
    writeFileSync(file, '.input start(x: int)\n.output n(x: int)\n.component c\nn(x) :- start(x)\n');
    const r = await cli('run', file, '--no-progress');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no .input relation has a loc attribute');
    const r2 = await cli('run', VOTING, '--check', '--model', 'paxos', '--no-progress');
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('model `paxos` reads relation');
  });

  it('derives request shapes and answers: voting, 2pc, paxos (a request to both proposers, become_leader as setup)', () => {
    const plan = (name: string) => {
      const f = loadRunFiles(`${ROOT}corpus/${name}.ded`, { seed: 1, inputs: 4 });
      if (!f.ok) throw new Error('load');
      const p = clientPlan(f.program, f.topology, f.workload);
      if (!p.ok) throw new Error(p.problems.join('\n'));
      return p.plan;
    };
    const voting = plan('voting');
    expect(voting.shapes).toEqual([{ relation: 'request', base: ['client1', 1, 'apple'], clientAttrs: [0], freshAttrs: [1], payloadAttrs: [2], to: [['leader#0']] }]);
    expect(voting.answers['request']).toEqual([{ output: 'reply', pairs: [[0, 0], [1, 1], [2, 2]] }]);
    const twoPc = plan('2pc');
    expect(twoPc.answers['begin']).toEqual([{ output: 'outcome', pairs: [[0, 0], [1, 1]] }]);
    const paxos = plan('paxos');
    expect(paxos.shapes.map((s) => s.to)).toEqual([[['proposer#0'], ['proposer#1']]]);
    expect(paxos.setup.map((s) => [s.relation, s.to])).toEqual([
      ['become_leader', 'proposer#0'],
      ['become_leader', 'proposer#1'],
    ]);
  });

  it('lists the bench suites and refuses an unknown one', async () => {
    const list = await cli('bench', '--list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/echo[\s\S]*rewrites[\s\S]*corpus/);
    const bad = await cli('bench', 'nosuch');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown suite "nosuch"');
  });
});
