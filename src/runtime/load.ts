/**
 * What a runtime process needs from files: the program, its deployment (the
 * flag, else `FILE.deploy.json` beside the program, else one instance per
 * component, as `compartment simulate` finds it), the node list, and the
 * deployment's `addresses` when it has them.
 */
import { existsSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CheckedProgram } from '../ir/types.js';
import { loadProgram } from '../load.js';
import { defaultDeployment, loadDeployment, type Deployment } from '../sim/deployment.js';
import { siblingFile } from '../sim/run-files.js';
import { Topology } from '../sim/topology.js';
import { loadAddresses, type Endpoint } from './addresses.js';

export interface NodeSetup {
  readonly file: string;
  readonly text: string;
  readonly program: CheckedProgram;
  readonly deployment: Deployment;
  readonly deploymentSource: string | null;
  readonly topology: Topology;
  readonly addresses: ReadonlyMap<string, Endpoint> | null;
  readonly warnings: readonly Diagnostic[];
}

export type NodeSetupResult =
  | ({ readonly ok: true } & NodeSetup)
  | { readonly ok: false; readonly text?: string; readonly diagnostics: readonly Diagnostic[] };

export function loadNodeSetup(file: string, deploy: string | undefined): NodeSetupResult {
  const loaded = loadProgram(file);
  if (!loaded.ok) return { ok: false, ...(loaded.text === undefined ? {} : { text: loaded.text }), diagnostics: loaded.diagnostics };
  const program = loaded.checked;
  const warnings: Diagnostic[] = [...loaded.warnings];
  let deploymentSource = deploy ?? null;
  if (deploymentSource === null && existsSync(siblingFile(file, '.deploy.json'))) deploymentSource = siblingFile(file, '.deploy.json');
  let deployment: Deployment;
  if (deploymentSource === null) deployment = defaultDeployment(program);
  else {
    const r = loadDeployment(deploymentSource, program);
    if (!r.deployment) return { ok: false, text: loaded.text, diagnostics: r.diagnostics };
    warnings.push(...r.diagnostics);
    deployment = r.deployment;
  }
  const topology = new Topology(deployment);
  const a = loadAddresses(deploymentSource, topology);
  if (!a.ok) return { ok: false, text: loaded.text, diagnostics: a.diagnostics };
  return { ok: true, file, text: loaded.text, program, deployment, deploymentSource, topology, addresses: a.addresses, warnings };
}
