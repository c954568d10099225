/**
 * `compartment node FILE --deploy D.json --instance NAME/INDEX`: run one node
 * of a deployment whose file gives every node a host:port (docs/runtime.md),
 * in this process, until Ctrl-C, SIGTERM or --duration.
 */
import { renderDiagnostics } from '../diagnostics/render.js';
import { loadNodeSetup } from '../runtime/load.js';
import { runStandaloneNode } from '../runtime/standalone.js';
import { EXIT, type CliIo } from './io.js';

export interface NodeFlags {
  readonly deploy?: string;
  readonly instance: string;
  readonly duration?: number;
  readonly connectTimeout: number;
}

/** `NAME/INDEX`, `NAME/INDEX/PARTITION`, or a node address `NAME#I` / `NAME#I/P`. */
export function instanceAddress(text: string): string | null {
  const t = text.trim();
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\/(\d+)(?:\/(\d+))?$/.exec(t);
  if (m) return `${m[1]}#${Number(m[2])}${m[3] === undefined ? '' : `/${Number(m[3])}`}`;
  if (/^[A-Za-z_][A-Za-z0-9_]*#\d+(\/\d+)?$/.test(t)) return t;
  return null;
}

export async function runNode(file: string, flags: NodeFlags, io: CliIo): Promise<number> {
  const setup = loadNodeSetup(file, flags.deploy);
  if (!setup.ok) {
    io.err(renderDiagnostics(setup.diagnostics, { file, ...(setup.text === undefined ? {} : { text: setup.text }) }) + '\n');
    return EXIT.usage;
  }
  if (setup.addresses === null) {
    io.err(`${setup.deploymentSource ?? file}: error[bad-input]: the deployment gives the nodes no "addresses"; add {"addresses": {"NODE": "host:port", ...}} (docs/runtime.md), or let \`compartment run\` start every node on this machine\n`);
    return EXIT.usage;
  }
  const address = instanceAddress(flags.instance);
  const nodes = setup.topology.nodes.map((n) => n.address);
  if (address === null || !setup.topology.node(address)) {
    const partitioned = address !== null && setup.topology.classify(address).kind === 'partitioned';
    io.err(
      `error: --instance ${JSON.stringify(flags.instance)} ${address === null ? 'must be NAME/INDEX (or NAME/INDEX/PARTITION)' : partitioned ? 'is partitioned: give the partition too, NAME/INDEX/PARTITION' : 'names no node of the deployment'}\n` +
        `  nodes: ${nodes.join(', ')}\n`,
    );
    return EXIT.usage;
  }
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const outcome = await runStandaloneNode(setup, address, {
      connectTimeoutS: flags.connectTimeout,
      durationS: flags.duration ?? null,
      log: (line) => io.err(line + '\n'),
      signal: controller.signal,
    });
    const s = outcome.stats;
    const summary = s ? `${s.ticks} ticks, ${s.factsIn} facts in, ${s.factsOut} facts out, ${((s.cpu.user + s.cpu.system) / 1e6).toFixed(1)} s CPU` : '';
    if (outcome.kind === 'failed') {
      io.err(`${address}: failed: ${outcome.message}${summary ? ` (${summary})` : ''}\n`);
      return EXIT.verdictFailed;
    }
    io.err(`${address}: stopped${summary ? ` (${summary})` : ''}\n`);
    return EXIT.ok;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
