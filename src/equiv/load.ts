/**
 * Loading the pair of programs the differential tester compares, from files,
 * the way `compartment fuzz` documents it:
 *
 * * each program with its deployment: the flag, else `FILE.deploy.json`
 *   beside it, else one instance of each component;
 * * the inputs: `--workload` for both; else each program's own
 *   `FILE.workload.json` (both files must list the same facts in the same
 *   order; only `to` may differ); else the one that exists, for both; else
 *   none, and each run draws its inputs from the `.input` declarations;
 * * each program's reference model: the flag (or `none`), else its file's
 *   `# @model NAME` line.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { modelMismatch, type ReferenceModel } from '../invariants/model.js';
import { loadRunFiles, siblingFile, type RunFiles } from '../sim/run-files.js';
import { annotation, readAnnotations } from '../syntax/annotations.js';
import { pairWorkloads, type PairedInput, type Side } from './pair.js';

export interface PairFlags {
  readonly deployOriginal?: string;
  readonly deployRewritten?: string;
  readonly workload?: string;
  /** A model name for both, or `none`; default: each file's `@model`. */
  readonly model?: string;
  /** The models known by name. */
  readonly models: ReadonlyMap<string, ReferenceModel>;
}

export interface LoadedPair {
  readonly original: Side;
  readonly rewritten: Side;
  /** The shared inputs, or null when each run draws its own. */
  readonly inputs: readonly PairedInput[] | null;
  /** `.output` relations whose per-client order is observed. */
  readonly ordered: readonly string[];
  /** The workload files used: one for both, one each, or none (generated). */
  readonly workloadSources: readonly string[];
  readonly warnings: readonly Diagnostic[];
  /** The program texts, for rendering diagnostics. */
  readonly texts: ReadonlyMap<string, string>;
}

export type LoadPairResult =
  | ({ readonly ok: true } & LoadedPair)
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly texts: ReadonlyMap<string, string> };

export function loadPair(originalFile: string, rewrittenFile: string, flags: PairFlags): LoadPairResult {
  const texts = new Map<string, string>();
  const fail = (diagnostics: readonly Diagnostic[]): LoadPairResult => ({ ok: false, diagnostics, texts });

  // Which workload file each side reads (null: generated).
  let wOriginal: string | null = null;
  let wRewritten: string | null = null;
  if (flags.workload !== undefined) wOriginal = wRewritten = flags.workload;
  else {
    const a = siblingFile(originalFile, '.workload.json');
    const b = siblingFile(rewrittenFile, '.workload.json');
    const hasA = existsSync(a);
    const hasB = existsSync(b);
    wOriginal = hasA ? a : hasB ? b : null;
    wRewritten = hasB ? b : hasA ? a : null;
  }

  const load = (file: string, deploy: string | undefined, workload: string | null): RunFiles | readonly Diagnostic[] => {
    const r = loadRunFiles(file, {
      ...(deploy === undefined ? {} : { deploy }),
      ...(workload === null ? {} : { workload }),
      seed: 1,
      inputs: 0,
    });
    if (r.text !== undefined) texts.set(file, r.text);
    return r.ok ? r : r.diagnostics;
  };
  const a = load(originalFile, flags.deployOriginal, wOriginal);
  const b = load(rewrittenFile, flags.deployRewritten, wRewritten);
  const problems = [...(isFiles(a) ? [] : a), ...(isFiles(b) ? [] : b)];
  if (!isFiles(a) || !isFiles(b)) return fail(problems);

  const model = (files: RunFiles): ReferenceModel | null | Diagnostic[] => {
    const name = flags.model ?? annotation(readAnnotations(files.text), 'model');
    if (name === undefined || name === 'none') return null;
    const found = flags.models.get(name);
    if (!found) {
      return [{ ...error('bad-input', `unknown reference model \`${name}\`; models are: ${[...flags.models.keys()].join(', ')} (or none)`), file: files.file }];
    }
    const mismatch = modelMismatch(found, files.program.relations);
    if (mismatch.length) return mismatch.map((m) => ({ ...error('bad-input', m), file: files.file }));
    return found;
  };
  const mA = model(a);
  const mB = model(b);
  if (Array.isArray(mA) || Array.isArray(mB)) return fail([...(Array.isArray(mA) ? mA : []), ...(Array.isArray(mB) ? mB : [])]);

  const side = (files: RunFiles, m: ReferenceModel | null): Side => ({
    file: files.file,
    program: files.program,
    deployment: files.deployment,
    deploymentSource: files.deploymentSource,
    model: m,
    sha256: createHash('sha256').update(files.text).digest('hex'),
  });
  const original = side(a, mA as ReferenceModel | null);
  const rewritten = side(b, mB as ReferenceModel | null);

  // Every .input relation must mean the same in both programs.
  const shape = (files: RunFiles): Map<string, string> =>
    new Map([...files.program.relations.values()].filter((r) => r.kind === 'input').map((r) => [r.name, r.attrs.map((x) => x.type).join(',')]));
  const sa = shape(a);
  const sb = shape(b);
  for (const [name, types] of sa) {
    if (sb.has(name) && sb.get(name) !== types) {
      return fail([{ ...error('bad-input', `.input \`${name}\` has types (${types}) in ${originalFile} but (${sb.get(name)}) in ${rewrittenFile}`), file: rewrittenFile }]);
    }
  }

  let inputs: PairedInput[] | null = null;
  if (wOriginal !== null && wRewritten !== null) {
    const paired = pairWorkloads(a.workload, b.workload);
    if ('problem' in paired) {
      const where = wOriginal === wRewritten ? wOriginal : `${wOriginal} and ${wRewritten}`;
      return fail([{ ...error('bad-input', `workloads ${where}: ${paired.problem}`), file: wRewritten }]);
    }
    inputs = paired.inputs;
  }
  const ordered = [...new Set([...(a.workload.ordered ?? []), ...(b.workload.ordered ?? [])])];
  for (const name of ordered) {
    if (b.program.relations.get(name)?.kind !== 'output' || a.program.relations.get(name)?.kind !== 'output') {
      return fail([{ ...error('bad-input', `workload: "ordered" names \`${name}\`, which is not an .output relation of both programs`), file: wRewritten ?? wOriginal ?? rewrittenFile }]);
    }
  }
  const workloadSources = [...new Set([wOriginal, wRewritten].filter((x): x is string => x !== null))];
  return { ok: true, original, rewritten, inputs, ordered, workloadSources, warnings: [...a.warnings, ...b.warnings], texts };
}

function isFiles(x: RunFiles | readonly Diagnostic[]): x is RunFiles {
  return !Array.isArray(x);
}
