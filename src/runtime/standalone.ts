/**
 * One node started by hand (`compartment node`), for runs across machines:
 * it listens on the address the deployment gives it, dials the peers before
 * it in the deployment's order (retrying until they are up), starts ticking
 * once every peer is connected, and runs until it is stopped (SIGINT,
 * SIGTERM, or `durationS`). Clients attach with `compartment run` on a
 * deployment with the same addresses.
 */
import type { NodeSetup } from './load.js';
import { NodeRuntime, type NodeLimits, type NodeStats } from './node.js';
import { formatHostPort } from './transport.js';

export interface StandaloneOptions {
  /** Give up if the peers are not all connected after this long. */
  readonly connectTimeoutS: number;
  /** Stop by itself after this long (null: run until signalled). */
  readonly durationS: number | null;
  readonly limits?: Partial<NodeLimits>;
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
}

export type StandaloneOutcome =
  | { readonly kind: 'stopped'; readonly stats: NodeStats }
  | { readonly kind: 'failed'; readonly message: string; readonly stats: NodeStats | null };

export async function runStandaloneNode(setup: NodeSetup, address: string, options: StandaloneOptions): Promise<StandaloneOutcome> {
  const info = setup.topology.node(address);
  const ep = setup.addresses?.get(address);
  if (!info || !ep) return { kind: 'failed', message: `no node ${address} with an address in the deployment`, stats: null };
  let fatal: string | null = null;
  let wake: () => void = () => {};
  const woken = new Promise<void>((resolve) => (wake = resolve));
  const node = new NodeRuntime({
    program: setup.program,
    topology: setup.topology,
    node: info,
    record: false,
    ...(options.limits ? { limits: options.limits } : {}),
    log: (line) => options.log(`${address}: ${line}`),
    fatal: (message) => {
      fatal = message;
      wake();
    },
  });
  try {
    await node.listen(ep.host, ep.port);
  } catch (e) {
    return { kind: 'failed', message: `cannot listen on ${formatHostPort(ep.host, ep.port)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, stats: null };
  }
  const peers = setup.topology.nodes.length - 1;
  options.log(`${address}: listening on ${formatHostPort(ep.host, ep.port)}; waiting for ${peers} peer(s)`);
  options.signal.addEventListener('abort', wake);
  const deadline = Date.now() + options.connectTimeoutS * 1000;
  const connected = await Promise.race([
    node
      .connectPeers(setup.addresses as ReadonlyMap<string, { host: string; port: number }>, deadline)
      .then(() => node.ready)
      .then(() => 'ok' as const)
      .catch((e: Error) => e.message),
    new Promise<string>((resolve) => setTimeout(() => resolve(`not every peer connected within ${options.connectTimeoutS} s`), options.connectTimeoutS * 1000).unref()),
    woken.then(() => 'stopped before every peer connected'),
  ]);
  if (connected !== 'ok') {
    await node.stop();
    return options.signal.aborted ? { kind: 'stopped', stats: node.stats() } : { kind: 'failed', message: connected, stats: node.stats() };
  }
  options.log(`${address}: every peer connected; running${options.durationS !== null ? ` for ${options.durationS} s` : ' (Ctrl-C to stop)'}`);
  node.start();
  const timer = options.durationS !== null ? setTimeout(wake, options.durationS * 1000) : null;
  await woken;
  if (timer) clearTimeout(timer);
  await node.stop();
  const stats = node.stats();
  if (fatal !== null) return { kind: 'failed', message: fatal, stats };
  return { kind: 'stopped', stats };
}
