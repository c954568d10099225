/**
 * `compartment proofs verify [DIR]` re-checks every certificate under DIR
 * (default proofs/): each `.smt2` must give its recorded answer, with
 * z3-solver or, with `--solver z3-binary`, the `z3` program.
 * `compartment proofs generate [FILE...]` writes them (default: the corpus).
 */
import { resolve } from 'node:path';
import { renderDiagnostics } from '../diagnostics/render.js';
import { error } from '../diagnostics/diagnostic.js';
import { recheckOk, verifyProofs, z3BinaryAvailable, type Solver } from '../certify/certificate.js';
import { dedFiles, generateProofs } from '../certify/corpus.js';
import { shutdownZ3 } from '../smt/z3.js';
import { EXIT, type CliIo } from './io.js';

export interface ProofsVerifyFlags {
  readonly solver: string;
  readonly timeout?: number;
  readonly json?: boolean;
  readonly programs?: string;
}

export async function runProofsVerify(dir: string, flags: ProofsVerifyFlags, io: CliIo): Promise<number> {
  if (flags.solver !== 'z3-solver' && flags.solver !== 'z3-binary') {
    io.err(`compartment: --solver must be z3-solver or z3-binary, got ${flags.solver}\n`);
    return EXIT.usage;
  }
  const solver = flags.solver as Solver;
  if (solver === 'z3-binary' && !z3BinaryAvailable()) {
    io.err(renderDiagnostics([error('io-error', 'the z3 program is not installed (Debian: apt-get install z3); use --solver z3-solver')], {}) + '\n');
    return EXIT.usage;
  }
  try {
    const t0 = performance.now();
    const report = await verifyProofs(dir, { solver, ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout }), programRoot: resolve(flags.programs ?? '.') });
    if (report.diagnostics.length) {
      io.err(renderDiagnostics(report.diagnostics, {}) + '\n');
      if (report.results.length === 0) return EXIT.usage;
    }
    const bad = report.results.filter((r) => !recheckOk(r));
    if (flags.json) io.out(JSON.stringify({ dir, solver, checked: report.results.length, failed: bad, stale: report.stale, staleReasons: report.staleReasons }, null, 2) + '\n');
    else {
      for (const r of bad) {
        const why = r.outcome.kind === 'different' ? `expected ${r.outcome.expected}, got ${r.outcome.answer}` : r.outcome.kind === 'missing' ? r.outcome.reason : `answer ${r.outcome.answer}`;
        io.out(`FAIL ${r.id}: ${why}\n`);
      }
      for (const s of report.stale) {
        const why = report.staleReasons[s] ?? [];
        io.out(`STALE ${s}: ${why[0] ?? 'the program changed'}${why.length > 1 ? ` (+${why.length - 1} more)` : ''}; run \`compartment proofs generate\`\n`);
      }
      io.out(`${report.results.length - bad.length} of ${report.results.length} obligations re-checked with ${solver}: same answer${bad.length ? `; ${bad.length} failed` : ''} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
    return bad.length || report.stale.length || report.diagnostics.length ? EXIT.verdictFailed : EXIT.ok;
  } finally {
    await shutdownZ3();
  }
}

export interface ProofsGenerateFlags {
  readonly out: string;
  readonly root: string;
  readonly timeout: number;
}

export async function runProofsGenerate(files: readonly string[], flags: ProofsGenerateFlags, io: CliIo): Promise<number> {
  try {
    const list = files.length ? [...files] : dedFiles(flags.root);
    const r = await generateProofs(list, flags.root, flags.out, '.', { timeoutMs: flags.timeout });
    if (r.diagnostics.length) {
      io.err(renderDiagnostics(r.diagnostics, {}) + '\n');
      return EXIT.usage;
    }
    let n = 0;
    for (const c of r.certificates) {
      const count = (v: string): number => c.obligations.filter((o) => o.verdict === v).length;
      n += c.obligations.length;
      io.out(`${c.program}: ${c.obligations.length} obligations, ${count('proved')} proved, ${count('refuted')} refuted, ${count('unknown')} unknown\n`);
    }
    io.out(`${n} obligations written under ${flags.out}/\n`);
    return r.certificates.some((c) => c.obligations.some((o) => o.verdict === 'unknown')) ? EXIT.verdictFailed : EXIT.ok;
  } finally {
    await shutdownZ3();
  }
}
