/**
 * `compartment certify FILE [--plan PLAN.json | --auto]`: apply the plan,
 * discharge every step's obligations with Z3, run the differential tester on
 * the original against the final program, write the certificate. Exit 0
 * certified, 1 refuted (Z3 or the differential tester), 3 unknown (a solver
 * timeout, an inconclusive test: never a pass), 2 bad input.
 */
import { writeFileSync } from 'node:fs';
import { renderDiagnostics } from '../diagnostics/render.js';
import { error } from '../diagnostics/diagnostic.js';
import { loadPlan } from '../rewrite/plan.js';
import { certify } from '../pipeline/certify.js';
import { renderCertify, certifyJson } from '../pipeline/report.js';
import { renderJunit } from '../pipeline/junit.js';
import { shutdownZ3 } from '../smt/z3.js';
import { EXIT, type CliIo } from './io.js';

export interface CertifyFlags {
  readonly plan?: string;
  readonly auto?: boolean;
  readonly deploy?: string;
  readonly partitions: number;
  readonly runs: number;
  readonly seed: number;
  readonly walks?: number;
  readonly timeout: number;
  readonly rlimit?: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly junit?: string;
  readonly compare?: string[];
}

/** Exit code of an unknown verdict (a solver timeout or a bound): never a pass. */
export const EXIT_UNKNOWN = 3;

export async function runCertify(file: string, flags: CertifyFlags, io: CliIo): Promise<number> {
  if (flags.plan !== undefined && flags.auto) {
    io.err(renderDiagnostics([error('bad-input', 'give either --plan PLAN.json or --auto, not both')]) + '\n');
    return EXIT.usage;
  }
  if (flags.plan === undefined && !flags.auto) {
    io.err(renderDiagnostics([error('bad-input', 'say what to apply: --plan PLAN.json (docs/plans.md) or --auto')]) + '\n');
    return EXIT.usage;
  }
  let plan;
  if (flags.plan !== undefined) {
    const p = loadPlan(flags.plan);
    if (!p.ok) {
      io.err(renderDiagnostics(p.diagnostics, { file: flags.plan }) + '\n');
      return EXIT.usage;
    }
    plan = { source: flags.plan, plan: p.plan };
  }
  try {
    const outcome = await certify({
      file,
      ...(flags.deploy === undefined ? {} : { deploy: flags.deploy }),
      ...(plan === undefined ? {} : { plan }),
      auto: flags.auto === true,
      partitions: flags.partitions,
      runs: flags.runs,
      seed: flags.seed,
      ...(flags.walks === undefined ? {} : { walks: flags.walks }),
      timeoutMs: flags.timeout,
      ...(flags.rlimit === undefined ? {} : { rlimit: flags.rlimit }),
      ...(flags.out === undefined ? {} : { out: flags.out }),
      ...(flags.compare === undefined ? {} : { compare: flags.compare }),
      ...(flags.json ? {} : { onProgress: (line: string) => io.err(`certify: ${line}\n`) }),
    });
    if (!outcome.ok) {
      io.err(renderDiagnostics([...outcome.diagnostics], { file, ...(outcome.text === undefined ? {} : { text: outcome.text }) }) + '\n');
      return EXIT.usage;
    }
    const r = outcome.report;
    if (flags.junit !== undefined) {
      try {
        writeFileSync(flags.junit, renderJunit(r));
      } catch (e) {
        io.err(`${flags.junit}: error[io-error]: cannot write the JUnit report: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        return EXIT.usage;
      }
    }
    io.out(flags.json ? JSON.stringify(certifyJson(r), null, 2) + '\n' : renderCertify(r));
    return r.verdict === 'certified' ? EXIT.ok : r.verdict === 'refuted' ? EXIT.verdictFailed : EXIT_UNKNOWN;
  } finally {
    await shutdownZ3();
  }
}
