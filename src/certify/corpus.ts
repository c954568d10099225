/** The certificates of a set of programs (the corpus by default), written under `proofs/`. */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { loadProgram } from '../load.js';
import { defaultDeployment, loadDeployment, siblingFile } from '../sim/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { certifyProgram, writeProofs, type Certificate, type CertifyOptions } from './certificate.js';

export function dedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? dedFiles(join(dir, e.name)) : e.name.endsWith('.ded') ? [join(dir, e.name)] : []))
    .sort();
}

/** `corpus/unsafe/x.ded` → `unsafe.x`. */
export function proofName(file: string, root: string): string {
  const rel = relative(root, file);
  return (rel.startsWith('..') ? basename(file) : rel).replace(/\.ded$/, '').replace(/[\\/]/g, '.');
}

export interface GenerateResult {
  readonly certificates: Certificate[];
  readonly diagnostics: Diagnostic[];
}

/** Certify every file and write `out/<name>/`. `base` is what certificate paths are relative to. */
export async function generateProofs(files: readonly string[], root: string, out: string, base: string, options: CertifyOptions = {}): Promise<GenerateResult> {
  const certificates: Certificate[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const loaded = loadProgram(file);
    if (!loaded.ok) {
      diagnostics.push(...loaded.diagnostics);
      continue;
    }
    let deployment = defaultDeployment(loaded.checked);
    const dep = siblingFile(file, '.deploy.json');
    if (existsSync(dep)) {
      const r = loadDeployment(dep, loaded.checked);
      if (!r.deployment) {
        diagnostics.push(...r.diagnostics);
        continue;
      }
      deployment = r.deployment;
    }
    const c = await certifyProgram(relative(base, file), loaded.text, loaded.checked, deployment, options);
    writeProofs(join(out, proofName(file, root)), c);
    certificates.push(c.certificate);
  }
  return { certificates, diagnostics };
}
