/**
 * Where each node listens. By default `compartment run` starts every node on
 * 127.0.0.1 with a port the OS assigns. A deployment file may instead give
 * every node a `host:port`, so the same program runs across machines, each
 * node started there by `compartment node`:
 *
 * ```json
 * { "components": { "leader": { "instances": 1 }, "participant": { "instances": 2 } },
 *   "addresses": { "leader#0": "10.0.0.1:7000",
 *                  "participant#0": "10.0.0.2:7000", "participant#1": "10.0.0.3:7000" } }
 * ```
 *
 * Keys are node addresses (`NAME#i`, or `NAME#i/p` for a partition); when the
 * key is present every node must be listed.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readJsonFile } from '../sim/json-file.js';
import type { Topology } from '../sim/topology.js';
import { parseHostPort } from './transport.js';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export type AddressesResult =
  | { readonly ok: true; readonly addresses: ReadonlyMap<string, Endpoint> | null }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/** The `addresses` of a deployment file, checked against its nodes; null when the file has none. */
export function validateAddresses(json: unknown, topology: Topology, file?: string): AddressesResult {
  const problems: Diagnostic[] = [];
  const fail = (message: string, notes?: string[]): void => {
    const d = error('bad-input', `deployment: ${message}`, undefined, notes);
    problems.push(file === undefined ? d : { ...d, file });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: true, addresses: null };
  const raw = (json as Record<string, unknown>)['addresses'];
  if (raw === undefined) return { ok: true, addresses: null };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail('"addresses" must map every node address to "host:port", e.g. {"leader#0": "10.0.0.1:7000"}');
    return { ok: false, diagnostics: problems };
  }
  const out = new Map<string, Endpoint>();
  const used = new Map<string, string>();
  for (const [node, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!topology.node(node)) {
      fail(`addresses: no node "${node}" in the deployment`, [`nodes: ${topology.nodes.map((n) => n.address).join(', ')}`]);
      continue;
    }
    const hp = typeof value === 'string' ? parseHostPort(value) : null;
    if (!hp || hp.port === 0) {
      fail(`addresses.${node} must be "host:port" with a port from 1 to 65535, got ${JSON.stringify(value)}`);
      continue;
    }
    const k = `${hp.host}:${hp.port}`;
    const other = used.get(k);
    if (other !== undefined) fail(`addresses: "${node}" and "${other}" both listen on ${String(value)}`);
    used.set(k, node);
    out.set(node, hp);
  }
  const missing = topology.nodes.filter((n) => !(n.address in (raw as Record<string, unknown>)));
  if (missing.length > 0) fail(`addresses: every node needs an address; missing: ${missing.map((n) => n.address).join(', ')}`);
  return problems.length > 0 ? { ok: false, diagnostics: problems } : { ok: true, addresses: out };
}

/** Reads the `addresses` of a deployment file (the rest of it is read by `loadDeployment`). */
export function loadAddresses(path: string | null, topology: Topology): AddressesResult {
  if (path === null) return { ok: true, addresses: null };
  const read = readJsonFile(path, 'deployment');
  if (!read.ok) return { ok: false, diagnostics: read.diagnostics };
  return validateAddresses(read.value, topology, path);
}
