/**
 * Certificates: what was proved about a program, and the files that let
 * anyone re-check it. `certifyProgram` decides the obligations of a program
 * (its FDs; every component's co-partition dependencies; for every
 * partitioned component the policy its senders use; for a program with none,
 * the candidate keys of each component) and records the syntactic analysis
 * facts (src/certify/facts.ts), `writeProofs` stores them under
 * `proofs/<name>/` as SMT-LIB with the expected answer and a
 * `certificate.json`, and `verifyProofs` re-checks a proofs folder (and calls
 * a certificate stale when its program or its analysis facts changed).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { match } from 'ts-pattern';
import type { CheckedProgram } from '../ir/types.js';
import type { Deployment } from '../sim/deployment.js';
import { componentScope, contextOf, type AnalysisContext } from '../analysis/scope.js';
import { fdsByRelation, inferFds, printFd } from '../analysis/fds.js';
import { findKeys } from '../analysis/keys.js';
import { solveSmtLib, z3Version } from '../smt/z3.js';
import { satAnswer } from '../smt/verdict.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { checkFds } from './fd-check.js';
import { checkCds, componentCds } from './cd-check.js';
import { checkPartitionObligations, partitionAware } from './partition.js';
import { inferPolicy } from './routing.js';
import { printDistribution, type DistributionPolicy } from './policy.js';
import { DEFAULT_TIMEOUT_MS, type ObligationResult } from './obligation.js';
import { analysisFacts, factChanges, type AnalysisFact } from './facts.js';
import { loadProgram } from '../load.js';

export interface CertifiedObligation {
  readonly id: string;
  readonly kind: string;
  readonly sentence: string;
  /** The `.smt2` file, relative to the certificate. */
  readonly file: string;
  /** `unsat` proves the sentence; `sat` is a refutation (an unsafe rewrite, expected to stay refuted). */
  readonly expected: 'sat' | 'unsat' | 'unknown';
  readonly verdict: 'proved' | 'refuted' | 'unknown';
  readonly ms: number;
  readonly component?: string;
  readonly policy?: string;
}

export interface Certificate {
  readonly program: string;
  /** sha256 of the program text. */
  readonly programHash: string;
  readonly solver: string;
  readonly timeoutMs: number;
  /** Facts relied on that need no solver: constants, partition policies, analyses. */
  readonly facts: readonly string[];
  /**
   * Monotonicity, functionality, state-machine and independence facts per
   * component and per decoupling opportunity, decided syntactically (no
   * solver); `proofs verify` recomputes them and calls a certificate whose
   * facts differ stale.
   */
  readonly analysisFacts: readonly AnalysisFact[];
  readonly obligations: readonly CertifiedObligation[];
}

export interface ProgramCertification {
  readonly certificate: Certificate;
  /** Scripts by obligation id. */
  readonly scripts: ReadonlyMap<string, string>;
}

export function programHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function record(r: ObligationResult, extra: { component?: string; policy?: string } = {}): CertifiedObligation {
  return {
    id: r.obligation.id,
    kind: r.obligation.kind,
    sentence: r.obligation.sentence,
    file: `${r.obligation.id}.smt2`,
    expected: satAnswer(r.verdict),
    verdict: r.verdict.kind,
    ms: Math.round(r.ms * 10) / 10,
    ...extra,
  };
}

export interface CertifyOptions {
  readonly timeoutMs?: number;
  /** Candidate policies certified per component of an unpartitioned program. Default 2. */
  readonly keysPerComponent?: number;
}

/** The policies a program's certificate covers. */
export function programPolicies(ctx: AnalysisContext, deployment: Deployment, fds: ReturnType<typeof fdsByRelation>, keysPerComponent: number): { component: string; policy: DistributionPolicy; source: string }[] {
  const out: { component: string; policy: DistributionPolicy; source: string }[] = [];
  const partitioned = [...deployment.components].filter(([, p]) => p.partitions > 1).map(([c]) => c);
  if (partitioned.length > 0) {
    for (const c of partitioned) out.push({ component: c, policy: inferPolicy(ctx, c, fds).policy, source: 'routing of its senders' });
  } else {
    for (const c of ctx.program.components.keys()) {
      for (const keys of findKeys(ctx, componentScope(ctx.program, c), fds, { limit: keysPerComponent })) {
        out.push({ component: c, policy: { keys, everywhere: new Set() }, source: 'candidate key' });
      }
    }
  }
  return out;
}

export async function certifyProgram(name: string, text: string, program: CheckedProgram, deployment: Deployment, options: CertifyOptions = {}): Promise<ProgramCertification> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ctx = contextOf(program, deployment.edb);
  const fdCheck = await checkFds(ctx, inferFds(ctx), { timeoutMs });
  const scripts = new Map<string, string>();
  const obligations: CertifiedObligation[] = [];
  const facts: string[] = [...ctx.constants].map(([s, v]) => `.edb ${s} holds exactly one fact in the deployment, ${JSON.stringify(v)}: the obligations use that value`);
  for (const r of fdCheck.results) {
    scripts.set(r.obligation.id, r.obligation.smt);
    obligations.push(record(r));
  }
  for (const fd of fdCheck.proved) facts.push(`FD ${printFd(fd, program)}`);
  // Co-partition dependencies: a key carries across a join only where the CD's function really holds.
  for (const component of program.components.keys()) {
    for (const r of await checkCds(ctx, componentCds(ctx, component, fdCheck.proved), fdCheck.proved, { timeoutMs })) {
      scripts.set(r.obligation.id, r.obligation.smt);
      obligations.push(record(r, { component }));
    }
  }
  for (const { component, policy, source } of programPolicies(ctx, deployment, fdsByRelation(fdCheck.proved), options.keysPerComponent ?? 2)) {
    const text = printDistribution(policy);
    const aware = partitionAware(ctx, component);
    if (aware) {
      // Written for partitions (partial partitioning): no unpartitioned component to be local with.
      facts.push(`${component} reads self_partition (\`${aware.text}\`): partition-aware, not certified by partition locality; the simulator checks it`);
      continue;
    }
    facts.push(`policy of ${component} (${source}): ${text}`);
    const check = await checkPartitionObligations(ctx, component, policy, fdCheck.proved, { timeoutMs });
    for (const r of check.results) {
      scripts.set(r.obligation.id, r.obligation.smt);
      obligations.push(record(r, { component, policy: text }));
    }
  }
  const certificate: Certificate = { program: name, programHash: programHash(text), solver: `z3-solver ${await z3Version()}`, timeoutMs, facts, analysisFacts: analysisFacts(program), obligations };
  return { certificate, scripts };
}

function header(o: CertifiedObligation): string {
  return [`; compartment obligation ${o.id}`, `; ${o.sentence}`, `; expected: ${o.expected} (${o.expected === 'unsat' ? 'proved' : o.expected === 'sat' ? 'refuted' : 'unknown'})`, ''].join('\n');
}

/** Writes `dir/certificate.json` and one `.smt2` per obligation (the folder is replaced). */
export function writeProofs(dir: string, c: ProgramCertification): void {
  if (existsSync(dir)) rmSync(dir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  for (const o of c.certificate.obligations) writeFileSync(join(dir, o.file), header(o) + c.scripts.get(o.id)!);
  writeFileSync(join(dir, 'certificate.json'), JSON.stringify(c.certificate, null, 2) + '\n');
}

export type Solver = 'z3-solver' | 'z3-binary';

export type RecheckOutcome =
  | { readonly kind: 'same'; readonly answer: string }
  | { readonly kind: 'different'; readonly expected: string; readonly answer: string }
  | { readonly kind: 'missing'; readonly reason: string };

export interface RecheckResult {
  readonly certificate: string;
  readonly id: string;
  readonly outcome: RecheckOutcome;
  readonly ms: number;
}

export interface VerifyReport {
  readonly results: RecheckResult[];
  /** Certificates whose program text changed since they were written, or whose recorded analysis facts differ from a fresh analysis. */
  readonly stale: string[];
  /** Per stale program: why (the text changed, or which facts changed). */
  readonly staleReasons: Record<string, string[]>;
  readonly diagnostics: Diagnostic[];
}

export function z3BinaryAvailable(): boolean {
  const r = spawnSync('z3', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

async function answerOf(script: string, solver: Solver, timeoutMs: number): Promise<string> {
  if (solver === 'z3-binary') {
    const r = spawnSync('z3', ['-in', `-t:${timeoutMs}`], { input: script, encoding: 'utf8' });
    const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
    return /^(sat|unsat|unknown)$/.test(line) ? line : `error: ${(r.stderr || r.stdout || '').trim().slice(0, 200)}`;
  }
  const r = await solveSmtLib(script, { timeoutMs });
  return satAnswer(r.verdict);
}

/**
 * Re-checks every `certificate.json` under `dir` (one folder per program).
 * `programRoot` resolves each certificate's program to detect stale ones.
 */
export async function verifyProofs(dir: string, options: { solver?: Solver; timeoutMs?: number; programRoot?: string } = {}): Promise<VerifyReport> {
  const solver = options.solver ?? 'z3-solver';
  const diagnostics: Diagnostic[] = [];
  const results: RecheckResult[] = [];
  const stale: string[] = [];
  const staleReasons: Record<string, string[]> = {};
  if (!existsSync(dir)) return { results, stale, staleReasons, diagnostics: [error('io-error', `proofs folder ${dir} does not exist`)] };
  const folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'certificate.json')));
  if (folders.length === 0) diagnostics.push(error('bad-proofs', `no certificate.json under ${dir}`));
  for (const f of folders.sort((a, b) => a.name.localeCompare(b.name))) {
    const certPath = join(dir, f.name, 'certificate.json');
    let cert: Certificate;
    try {
      cert = JSON.parse(readFileSync(certPath, 'utf8')) as Certificate;
      if (!Array.isArray(cert.obligations)) throw new Error('no "obligations" list');
    } catch (e) {
      diagnostics.push({ ...error('bad-proofs', `${certPath}: ${e instanceof Error ? e.message : String(e)}`), file: certPath });
      continue;
    }
    if (options.programRoot !== undefined) {
      const prog = join(options.programRoot, cert.program);
      const why = existsSync(prog) ? staleness(prog, cert) : [];
      if (why.length > 0) {
        stale.push(cert.program);
        staleReasons[cert.program] = why;
      }
    }
    for (const o of cert.obligations) {
      const path = join(dir, f.name, o.file);
      const t0 = performance.now();
      if (!existsSync(path)) {
        results.push({ certificate: certPath, id: o.id, outcome: { kind: 'missing', reason: `${path} is missing` }, ms: 0 });
        continue;
      }
      const answer = await answerOf(readFileSync(path, 'utf8'), solver, options.timeoutMs ?? cert.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const outcome: RecheckOutcome = answer === o.expected ? { kind: 'same', answer } : { kind: 'different', expected: o.expected, answer };
      results.push({ certificate: certPath, id: o.id, outcome, ms: performance.now() - t0 });
    }
  }
  return { results, stale, staleReasons, diagnostics };
}

/** Why a certificate no longer fits its program: the text changed, or its analysis facts differ from a fresh analysis. */
function staleness(file: string, cert: Certificate): string[] {
  const text = readFileSync(file, 'utf8');
  if (programHash(text) !== cert.programHash) return ['the program text changed'];
  if (!Array.isArray(cert.analysisFacts)) return ['the certificate records no analysis facts'];
  const loaded = loadProgram(file);
  if (!loaded.ok) return ['the program no longer loads'];
  return factChanges(cert.analysisFacts, analysisFacts(loaded.checked));
}

export function recheckOk(r: RecheckResult): boolean {
  return match(r.outcome)
    .with({ kind: 'same' }, (s) => s.answer !== 'unknown')
    .with({ kind: 'different' }, () => false)
    .with({ kind: 'missing' }, () => false)
    .exhaustive();
}
