/**
 * Entry point of every process `compartment run` starts (a node, a client,
 * or the echo baseline of the benchmark). It waits for its `init-*` message
 * on the IPC channel, then follows the launcher's messages (ipc.ts).
 *
 * It exits by itself when the launcher says stop, when its node fails (exit
 * status 1, after logging why), and when the IPC channel closes because the
 * launcher is gone (exit status 1): no process outlives its launcher.
 * SIGINT is ignored: on Ctrl-C the terminal signals the whole process group,
 * and the launcher, not each child, decides how to shut down.
 */
import { writeFileSync } from 'node:fs';
import type { FromChild, ToChild } from './ipc.js';
import { NodeRuntime } from './node.js';
import { ClientRuntime, type ClientResult } from './client.js';
import { EchoBaseline } from './echo-baseline.js';
import { loadNodeSetup } from './load.js';
import { encodeRecording } from './record.js';
import { renderDiagnostics } from '../diagnostics/render.js';

function send(m: FromChild): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(m, undefined, {}, () => resolve());
  });
}

function log(line: string): void {
  process.stderr.write(line + '\n');
}

async function exit(code: number): Promise<never> {
  // Let stderr flush before leaving.
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}

process.on('SIGINT', () => {});
process.on('disconnect', () => {
  void exit(1);
});

let role: { kind: 'node'; node: NodeRuntime; rank: number } | { kind: 'client'; client: ClientRuntime; rank: number } | { kind: 'echo'; echo: EchoBaseline } | null = null;

async function onMessage(m: ToChild): Promise<void> {
  switch (m.type) {
    case 'init-node': {
      const setup = loadNodeSetup(m.file, m.deploy ?? undefined);
      if (!setup.ok) {
        log(renderDiagnostics(setup.diagnostics, { file: m.file, ...(setup.text === undefined ? {} : { text: setup.text }) }));
        await exit(2);
        return;
      }
      const info = setup.topology.node(m.node);
      if (!info) {
        log(`no node ${m.node} in the deployment`);
        await exit(2);
        return;
      }
      const node = new NodeRuntime({
        program: setup.program,
        topology: setup.topology,
        node: info,
        record: m.record,
        limits: m.limits,
        log,
        fatal: (message) => {
          void send({ type: 'fatal', message }).then(() => exit(1));
        },
      });
      role = { kind: 'node', node, rank: setup.topology.nodes.indexOf(info) };
      const port = await node.listen(m.host, m.port);
      await send({ type: 'listening', port });
      return;
    }
    case 'init-client': {
      const client = new ClientRuntime(m.config, log);
      role = { kind: 'client', client, rank: m.config.index };
      return;
    }
    case 'init-echo': {
      const echo = new EchoBaseline();
      role = { kind: 'echo', echo };
      const port = await echo.listen(m.host, 0);
      await send({ type: 'listening', port });
      return;
    }
    case 'peers': {
      if (role?.kind !== 'node') return;
      const node = role.node;
      try {
        await node.connectPeers(new Map(Object.entries(m.addresses)), m.deadline);
        await node.ready;
      } catch (e) {
        log((e as Error).message);
        await exit(1);
      }
      await send({ type: 'ready' });
      return;
    }
    case 'connect': {
      if (role?.kind !== 'client') return;
      try {
        await role.client.connect(m.deadline);
      } catch (e) {
        log((e as Error).message);
        await exit(1);
      }
      await send({ type: 'ready' });
      return;
    }
    case 'start': {
      if (role?.kind === 'node') role.node.start();
      else if (role?.kind === 'client' && m.schedule) {
        const result: ClientResult = await role.client.run(m.schedule, (second, completed) => {
          void send({ type: 'progress', second, completed });
        });
        await send({ type: 'result', result });
      }
      return;
    }
    case 'sample':
      await send({ type: 'sample', id: m.id, cpu: process.cpuUsage(), stats: role?.kind === 'node' ? role.node.stats() : null });
      return;
    case 'status':
      if (role?.kind === 'node') await send({ type: 'status', id: m.id, status: role.node.status() });
      else if (role?.kind === 'client') await send({ type: 'status', id: m.id, status: { node: '', idle: true, ...role.client.status() } });
      return;
    case 'stop': {
      let truncated = false;
      let stats = null;
      if (role?.kind === 'node') {
        await role.node.stop();
        stats = role.node.stats();
        const r = role.node.recording();
        truncated = r.truncated;
        if (m.recordFile) writeFileSync(m.recordFile, encodeRecording({ process: role.node.address, rank: role.rank, events: r.events, truncated }));
      } else if (role?.kind === 'client') {
        role.client.stop();
        role.client.close();
        if (m.recordFile) writeFileSync(m.recordFile, encodeRecording({ process: `client ${role.rank}`, rank: 1_000_000 + role.rank, events: role.client.recording(), truncated: false }));
      } else if (role?.kind === 'echo') await role.echo.close();
      await send({ type: 'stopped', stats, truncated });
      await exit(0);
    }
  }
}

process.on('message', (m: ToChild) => {
  onMessage(m).catch(async (e: unknown) => {
    log(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    await exit(3);
  });
});
