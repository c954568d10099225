/**
 * The certify pipeline: apply a plan (written, or found by `--auto`) step by
 * step; for every step check its precondition and discharge its obligations
 * with Z3; a refused step stops the pipeline, and its counterexample is shown
 * twice: Z3's model in the program's terms (with the run of the component
 * whole vs partitioned, src/eval), and a simulator run: the step applied
 * anyway and the differential tester comparing it with the original. Then the
 * differential tester runs the original against the final program (and
 * against any `compare` programs, e.g. a hand-written scalable version).
 *
 * Only a pipeline whose every check held, every obligation is `proved`, and
 * every differential test found no difference is certified.
 */
import { analysisFacts } from '../certify/facts.js';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadProgram } from '../load.js';
import { defaultDeployment, loadDeployment, type Deployment } from '../sim/deployment.js';
import { siblingFile } from '../sim/run-files.js';
import { annotation, readAnnotations } from '../syntax/annotations.js';
import { contextOf } from '../analysis/scope.js';
import type { Fd } from '../analysis/fds.js';
import { counterexampleOf, type PartitionCounterexample, type PartitionObligation } from '../certify/partition.js';
import { describeCounterexample } from '../certify/check-partition.js';
import { findDivergence, type Divergence } from '../certify/witness.js';
import { z3Version } from '../smt/z3.js';
import type { Solved } from '../rewrite/solve.js';
import { stateFromText } from '../rewrite/engine.js';
import { resolveStep, type Plan, type PlanStep } from '../rewrite/plan.js';
import { autoPlan } from '../rewrite/auto.js';
import { applySite, preconditionOf } from '../rewrite/apply.js';
import { ObligationCache } from '../rewrite/solve.js';
import type { AnyRewrite } from '../rewrite/catalog.js';
import type { Check, ProgramState, RewriteName, Site, StepObligations } from '../rewrite/types.js';
import { emitProgram, type EmittedFiles } from './emit.js';
import { decoupleRefusalEvidence } from './decouple-refusal.js';
import { runDifferential, runOnCounterexample, type CounterexampleRun, type DiffRequest, type DiffSummary } from './dynamic.js';
import type { ModelFact } from './counterexample-workload.js';
import type { CheckedProgram } from '../ir/types.js';
import { printDistribution } from '../certify/policy.js';

export interface CertifyRequest {
  readonly file: string;
  readonly deploy?: string;
  /** A written plan and where it came from; absent with `auto`. */
  readonly plan?: { readonly source: string; readonly plan: Plan };
  readonly auto?: boolean;
  readonly partitions: number;
  readonly runs: number;
  readonly seed: number;
  /** Guided walks per search of the original in the differential tests (default: the tester's). */
  readonly walks?: number;
  readonly timeoutMs: number;
  /** Z3's resource limit per obligation (`rlimit`): a deterministic bound, unlike the time. */
  readonly rlimit?: number;
  /** Write the rewritten program, deployment, certificate and SMT-LIB files here. */
  readonly out?: string;
  /** More programs the final one is tested against (e.g. the hand-written scalable version). */
  readonly compare?: readonly string[];
  readonly onProgress?: (line: string) => void;
}

export interface ObligationRecord {
  readonly id: string;
  readonly kind: string;
  readonly sentence: string;
  readonly verdict: 'proved' | 'refuted' | 'unknown';
  readonly reason?: string;
  readonly ms: number;
  /** The SMT-LIB file (relative to the output folder), when written. */
  readonly file: string;
}

export interface StepReport {
  readonly index: number;
  readonly step: PlanStep;
  readonly rewrite: RewriteName;
  /** One line: what the step does. */
  readonly title: string;
  readonly why?: string;
  readonly checks: readonly Check[];
  readonly obligations: readonly ObligationRecord[];
  readonly facts: readonly string[];
  readonly verdict: 'certified' | 'refused' | 'unknown';
  readonly notes: readonly string[];
  /** For a refused step. */
  readonly refusal?: Refusal;
}

export interface Refusal {
  /** The precondition checks that failed (decided without a solver). */
  readonly failedChecks: readonly Check[];
  /** Z3's counterexample, in the program's terms. */
  readonly counterexample?: {
    /** The obligation it refutes. */
    readonly obligation: string;
    readonly ruleText: string;
    readonly lines: readonly string[];
    /** For a partitioning: the facts with their keys. */
    readonly partition?: PartitionCounterexample;
  };
  /** The component run whole and partitioned on the counterexample's facts (src/eval). */
  readonly divergence?: Divergence;
  /** The step applied anyway, tested against the original in the simulator. */
  readonly simulation?: DiffSummary;
  /** The workload of that run when it stands for Z3's counterexample (which inputs came from Z3). */
  readonly counterexampleRun?: CounterexampleRun;
  /** Why the run is not on Z3's counterexample (it runs on the program's own workload instead). */
  readonly counterexampleNote?: string;
  /** Why there is no simulator run. */
  readonly simulationNote?: string;
}

export type CertifyVerdict = 'certified' | 'refuted' | 'unknown';

export interface CertifyReport {
  readonly file: string;
  readonly deployment: string | null;
  readonly planSource: string;
  readonly plan: Plan;
  readonly explanations: readonly string[];
  readonly steps: readonly StepReport[];
  /** The final program (after the last applied step). */
  readonly final: ProgramState;
  readonly initial: ProgramState;
  readonly differential: readonly DiffSummary[];
  readonly verdict: CertifyVerdict;
  /** Why it is not certified (one line), when it is not. */
  readonly reason?: string;
  readonly solver: string;
  readonly timeoutMs: number;
  readonly rlimit?: number;
  readonly files: { readonly emitted: EmittedFiles | null; readonly certificate: string | null; readonly plan: string | null; readonly proofs: string | null };
  readonly elapsedMs: number;
}

export type CertifyOutcome = { readonly ok: true; readonly report: CertifyReport } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly text?: string };

function stepTitle(site: Site, rewrite: RewriteName, state: ProgramState): string {
  if (site.kind === 'carry') return `carry: ${site.component} carries ${site.state} (keyed by ${state.program.relations.get(site.state)?.attrs[site.key]?.name ?? site.key}) on the round trip answered by ${site.reply}`;
  if (site.kind === 'decouple') {
    const moved = site.rules.map((id) => state.program.rules[id]!.head.relation);
    return `${rewrite}: ${site.component} -> ${site.into} (rules of ${[...new Set(moved)].join(', ')})`;
  }
  if (rewrite === 'replicate') return `replicate: ${site.component} x${site.partitions} replicas, every message to every replica`;
  return `${rewrite}: ${site.component} x${site.partitions} partitions by ${site.given}${printDistribution(site.policy) !== site.given ? ` (completed: ${printDistribution(site.policy)})` : ''}`;
}

function record(r: Solved, step: number): ObligationRecord {
  return {
    id: r.obligation.id,
    kind: r.obligation.kind,
    sentence: r.obligation.sentence,
    verdict: r.verdict.kind,
    ...(r.verdict.kind === 'unknown' ? { reason: r.verdict.reason } : {}),
    ms: Math.round(r.ms * 10) / 10,
    file: `proofs/step${step + 1}.${r.obligation.id}.smt2`,
  };
}

export async function certify(req: CertifyRequest): Promise<CertifyOutcome> {
  const started = performance.now();
  const progress = req.onProgress ?? (() => undefined);
  const loaded = loadProgram(req.file);
  if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics, ...(loaded.text === undefined ? {} : { text: loaded.text }) };
  const deploySource = req.deploy ?? (existsSync(siblingFile(req.file, '.deploy.json')) ? siblingFile(req.file, '.deploy.json') : null);
  let deployment: Deployment = defaultDeployment(loaded.checked);
  if (deploySource !== null) {
    const d = loadDeployment(deploySource, loaded.checked);
    if (!d.deployment) return { ok: false, diagnostics: d.diagnostics };
    deployment = d.deployment;
  }
  const initialResult = stateFromText(loaded.text, req.file, deployment);
  if (!initialResult.ok) return { ok: false, diagnostics: initialResult.diagnostics, text: loaded.text };
  const initial = initialResult.state;
  const model = annotation(readAnnotations(loaded.text), 'model');
  const workload = existsSync(siblingFile(req.file, '.workload.json')) ? siblingFile(req.file, '.workload.json') : null;
  const cache = new ObligationCache();

  // The plan: written, or found.
  let plan: Plan;
  let explanations: readonly string[] = [];
  let planSource: string;
  if (req.auto) {
    progress('finding a plan (--auto)');
    const auto = await autoPlan(initial, { partitions: req.partitions, timeoutMs: req.timeoutMs, cache });
    plan = auto.plan;
    explanations = auto.explanations;
    planSource = '--auto';
  } else if (req.plan) {
    plan = req.plan.plan;
    planSource = req.plan.source;
  } else {
    plan = { steps: [] };
    planSource = '(no plan)';
  }

  const work = req.out ?? mkdtempSync(join(tmpdir(), 'compartment-certify-'));
  const temporary = req.out === undefined;
  const base = basename(req.file).replace(/\.ded$/, '');
  const header = (what: string): string[] => [
    `${what} of ${req.file} by compartment (plan: ${planSource}).`,
    ...plan.steps.map((s, i) => `step ${i + 1}: ${s.rewrite} ${s.component}${'reply' in s ? ` ${s.state} on ${s.reply}` : ''}${'into' in s && s.into ? ` -> ${s.into}` : ''}${'key' in s && typeof s.key !== 'string' ? ` by ${Object.entries(s.key).map(([r, k]) => `${r}=${k}`).join(',')}` : ''}${'replicas' in s && s.replicas ? ` x${s.replicas}` : ''}`),
  ];
  const scripts = new Map<string, string>();
  const steps: StepReport[] = [];
  let state = initial;
  let verdict: CertifyVerdict = 'certified';
  let reason: string | undefined;
  try {
    for (const [index, step] of plan.steps.entries()) {
      const resolved = resolveStep(state, step, index, req.partitions);
      if (!resolved.ok) return { ok: false, diagnostics: resolved.diagnostics };
      const { rewrite, site, refusal } = resolved.resolved;
      const title = stepTitle(site, rewrite.name, state);
      progress(`step ${index + 1}: ${title}`);
      const pre = refusal ? { holds: false, checks: refusal } : preconditionOf(rewrite, state, site);
      const info = { index, step, rewrite: rewrite.name, title, ...(step.why === undefined ? {} : { why: step.why }) };
      if (!pre.holds) {
        const failed = pre.checks.filter((c) => !c.holds);
        // A decoupling refused for its rules' kind: Z3 decides their monotonicity, with the facts a late arrival flips.
        let counterexample: Refusal['counterexample'];
        let records: ObligationRecord[] = [];
        let cexFacts: readonly ModelFact[] = [];
        if (site.kind === 'decouple') {
          const evidence = await decoupleRefusalEvidence(state, site, failed, cache, req.timeoutMs, req.rlimit);
          for (const r of evidence.solved) scripts.set(`step${index + 1}.${r.obligation.id}`, r.obligation.smt);
          records = evidence.solved.map((r) => record(r, index));
          counterexample = evidence.counterexample;
          cexFacts = evidence.facts;
          if (evidence.unknown) {
            // The refusal would rest on Z3 alone, and Z3 could not decide: unknown, never a pass (and no counterexample to run).
            const u = evidence.unknown;
            steps.push({ ...info, rewrite: rewrite.name, title: refusal ? title.replace(/^decouple-\w+/, 'decouple (no kind applies)') : title, checks: pre.checks, obligations: records, facts: [], verdict: 'unknown', notes: [] });
            verdict = 'unknown';
            reason = `step ${index + 1}: Z3 could not decide ${u.obligation.id} (${u.verdict.kind === 'unknown' ? u.verdict.reason : ''}), on which the refusal of the decoupling rests; unknown is never a pass`;
            break;
          }
        }
        const simulation = await simulateRefused(req, rewrite, state, site, work, index, model, workload, temporary, { facts: cexFacts, original: initial.program });
        const name = refusal ? 'decouple' : rewrite.name;
        steps.push({ ...info, rewrite: rewrite.name, title: refusal ? title.replace(/^decouple-\w+/, 'decouple (no kind applies)') : title, checks: pre.checks, obligations: records, facts: [], verdict: 'refused', notes: [], refusal: { failedChecks: failed, ...(counterexample ? { counterexample } : {}), ...simulation } });
        verdict = 'refuted';
        reason = counterexample
          ? `step ${index + 1} (${name} ${site.component}) is refused: Z3 refutes ${counterexample.obligation} (rule \`${counterexample.ruleText}\` is not monotonic: a late fact takes its head back); the checks: ${failed.map((c) => c.reasons[0] ?? c.sentence).join('; ')}`
          : `step ${index + 1} (${name} ${site.component}) is refused: ${failed.map((c) => c.reasons[0] ?? c.sentence).join('; ')}`;
        break;
      }
      const obligations: StepObligations = await (rewrite as { obligations(s: ProgramState, x: Site): Promise<StepObligations> }).obligations(state, site);
      const results = await cache.discharge(obligations.obligations, req.timeoutMs, obligations.decided, req.rlimit);
      for (const r of results) scripts.set(`step${index + 1}.${r.obligation.id}`, r.obligation.smt);
      const records = results.map((r) => record(r, index));
      const refuted = results.find((r) => r.verdict.kind === 'refuted');
      const unknown = results.find((r) => r.verdict.kind === 'unknown');
      if (refuted) {
        const refusalInfo = await explainRefutation(req, rewrite, state, site, refuted, results, work, index, model, workload, temporary, initial.program);
        steps.push({ ...info, checks: obligations.checks, obligations: records, facts: obligations.facts, verdict: 'refused', notes: [], refusal: refusalInfo });
        verdict = 'refuted';
        const shown = results.find((r) => r.obligation.id === refusalInfo.counterexample?.obligation) ?? refuted;
        reason = `step ${index + 1} (${rewrite.name} ${site.component}) is refuted by Z3: ${shown.obligation.sentence}`;
        break;
      }
      if (unknown) {
        steps.push({ ...info, checks: obligations.checks, obligations: records, facts: obligations.facts, verdict: 'unknown', notes: [] });
        verdict = 'unknown';
        reason = `step ${index + 1}: Z3 could not decide ${unknown.obligation.id} (${unknown.verdict.kind === 'unknown' ? unknown.verdict.reason : ''}); unknown is never a pass`;
        break;
      }
      const next = applySite(rewrite, state, site);
      steps.push({ ...info, checks: obligations.checks, obligations: records, facts: obligations.facts, verdict: 'certified', notes: next.notes });
      state = next.state;
    }

    // The final program, and the dynamic half.
    const differential: DiffSummary[] = [];
    let emitted: EmittedFiles | null = null;
    if (verdict === 'certified') {
      emitted = emitProgram(join(work, `${base}-rewritten.ded`), state, {
        from: req.file,
        header: header(plan.steps.length ? 'Rewritten' : 'Left alone (no step applies): a copy'),
        ...(model === undefined ? {} : { model }),
        workload,
      });
      const against = [{ file: req.file, deploy: req.deploy }, ...(req.compare ?? []).map((f) => ({ file: f, deploy: undefined }))];
      for (const [i, a] of against.entries()) {
        progress(`differential test: ${a.file} vs the rewritten program (${req.runs} runs)`);
        const d = runDifferential({
          original: a.file,
          ...(a.deploy === undefined ? {} : { deployOriginal: a.deploy }),
          rewritten: emitted.program,
          runs: req.runs,
          seed: req.seed,
          ...(req.walks === undefined ? {} : { walks: req.walks }),
          ...(temporary ? {} : { outDir: join(work, i === 0 ? 'counterexample' : `counterexample-vs-${basename(a.file).replace(/\.ded$/, '')}`) }),
        });
        if (!d.ok) return { ok: false, diagnostics: d.diagnostics };
        differential.push(d.summary);
        if (d.summary.verdict === 'counterexample' && verdict === 'certified') {
          verdict = 'refuted';
          reason = `the differential tester found a difference between ${a.file} and the rewritten program: ${d.summary.headline}`;
        } else if (d.summary.verdict === 'inconclusive' && verdict === 'certified') {
          verdict = 'unknown';
          reason = `the differential test against ${a.file} is inconclusive: ${d.summary.headline}`;
        }
      }
    }
    const solver = `z3-solver ${await z3Version()}`;
    const report: CertifyReport = {
      file: req.file,
      deployment: deploySource,
      planSource,
      plan,
      explanations,
      steps,
      final: state,
      initial,
      differential,
      verdict,
      ...(reason === undefined ? {} : { reason }),
      solver,
      timeoutMs: req.timeoutMs,
      ...(req.rlimit === undefined ? {} : { rlimit: req.rlimit }),
      files: { emitted: temporary ? null : emitted, certificate: null, plan: null, proofs: null },
      elapsedMs: performance.now() - started,
    };
    if (temporary) return { ok: true, report };
    return { ok: true, report: writeCertificate(work, report, scripts) };
  } finally {
    if (temporary) rmSync(work, { recursive: true, force: true });
  }
}

/** Applies a refused step anyway and runs the differential tester on it: the simulator run that shows the difference. */
async function simulateRefused(
  req: CertifyRequest,
  rewrite: AnyRewrite,
  state: ProgramState,
  site: Site,
  work: string,
  index: number,
  model: string | undefined,
  workload: string | null,
  temporary: boolean,
  /** Z3's counterexample facts (in `state`'s terms) and the original program: the run is driven by inputs standing for them. */
  cex?: { readonly facts: readonly ModelFact[]; readonly original: CheckedProgram },
): Promise<Pick<Refusal, 'simulation' | 'simulationNote' | 'counterexampleRun' | 'counterexampleNote'>> {
  let forced: ProgramState;
  try {
    forced = applySite(rewrite, state, site).state;
  } catch (e) {
    return { simulationNote: `the step cannot be applied even to show it (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
  const dir = join(work, `refused-step-${index + 1}`);
  const files = emitProgram(join(dir, `${basename(req.file).replace(/\.ded$/, '')}-refused-step-${index + 1}.ded`), forced, {
    from: req.file,
    header: [`The REFUSED step ${index + 1} (${rewrite.name} ${site.component}) applied anyway, to show what it breaks. NOT certified; do not deploy.`],
    ...(model === undefined ? {} : { model }),
    workload,
  });
  req.onProgress?.(`step ${index + 1} refused; running it anyway in the simulator to show the difference`);
  let counterexampleNote: string | undefined;
  // The original against the program with the refused step forced, on Z3's inputs first, else on the program's own.
  const request: DiffRequest = {
    original: req.file,
    ...(req.deploy === undefined ? {} : { deployOriginal: req.deploy }),
    rewritten: files.program,
    ...(temporary ? { label: `the program with step ${index + 1} forced (--out DIR keeps it)` } : { outDir: dir }),
    runs: req.runs,
    seed: req.seed,
    ...(req.walks === undefined ? {} : { walks: req.walks }),
  };
  if (cex && cex.facts.length > 0) {
    const c = runOnCounterexample({
      ...request,
      facts: cex.facts,
      program: state.program,
      originalProgram: cex.original,
      ownWorkload: workload,
      dir,
    });
    if (c.ok) return { simulation: c.summary, counterexampleRun: temporary ? { ...c.run, file: `${basename(c.run.file)} (not kept: --out DIR keeps it)` } : c.run };
    counterexampleNote = c.note;
  } else counterexampleNote = 'Z3 gave no counterexample facts for this step';
  const d = runDifferential(request);
  if (!d.ok) return { simulationNote: `the differential tester could not load the forced program: ${d.diagnostics.map((x) => x.message).join('; ')}`, counterexampleNote };
  return { simulation: d.summary, counterexampleNote };
}

async function explainRefutation(
  req: CertifyRequest,
  rewrite: AnyRewrite,
  state: ProgramState,
  site: Site,
  refuted: Solved,
  results: readonly Solved[],
  work: string,
  index: number,
  model: string | undefined,
  workload: string | null,
  temporary: boolean,
  original: CheckedProgram,
): Promise<Refusal> {
  let counterexample: PartitionCounterexample | undefined;
  let shownId: string | undefined;
  let divergence: Divergence | undefined;
  if (site.kind === 'partition' && !site.partial && refuted.verdict.kind === 'refuted' && 'rule' in refuted.obligation) {
    const ctx = contextOf(state.program, state.deployment.edb);
    const fds: Fd[] = results.flatMap((r) => ('fd' in r.obligation ? [(r.obligation as unknown as { fd: Fd }).fd] : []));
    // Aggregation groups and joins first: the split they show is the usual mistake; negations and heads follow from it.
    const priority = (k: string): number => ['partition-group', 'partition-join', 'partition-negation', 'partition-head'].indexOf(k);
    const partRefuted = results.filter((r) => r.verdict.kind === 'refuted' && 'rule' in r.obligation && 'facts' in r.obligation).sort((a, b) => priority(a.obligation.kind) - priority(b.obligation.kind));
    for (const r of partRefuted) {
      if (r.verdict.kind !== 'refuted') continue;
      const o = r.obligation as unknown as PartitionObligation;
      const cex = counterexampleOf(o, r.verdict.model, state.program.rules[o.rule]!.text);
      if (!counterexample) {
        counterexample = cex;
        shownId = o.id;
      }
      const d = await findDivergence(ctx, cex, site.policy, fds, withPartitions(state.deployment, site.component, site.partitions), { timeoutMs: req.timeoutMs });
      if (d) {
        counterexample = cex;
        shownId = o.id;
        divergence = d;
        break;
      }
    }
  }
  // The run is driven by the facts shown to diverge (renamed until the real hash splits them), else by Z3's.
  const facts: ModelFact[] = divergence ? divergence.facts.map((f) => ({ relation: f.relation, tuple: f.tuple })) : (counterexample?.facts ?? []).map((f) => ({ relation: f.relation, tuple: f.tuple }));
  const sim = await simulateRefused(req, rewrite, state, site, work, index, model, workload, temporary, { facts, original });
  return {
    failedChecks: [],
    ...(counterexample && shownId ? { counterexample: { obligation: shownId, ruleText: counterexample.ruleText, lines: describeCounterexample(counterexample), partition: counterexample } } : {}),
    ...(divergence ? { divergence } : {}),
    ...sim,
  };
}

function withPartitions(d: Deployment, component: string, partitions: number): Deployment {
  const components = new Map(d.components);
  const p = components.get(component);
  if (p) components.set(component, { instances: p.instances, partitions });
  return { components, edb: d.edb };
}

/** certificate.json, plan.json and one `.smt2` per obligation under `proofs/`. */
function writeCertificate(dir: string, report: CertifyReport, scripts: ReadonlyMap<string, string>): CertifyReport {
  mkdirSync(join(dir, 'proofs'), { recursive: true });
  for (const s of report.steps) {
    for (const o of s.obligations) {
      const script = scripts.get(`step${s.index + 1}.${o.id}`);
      if (script === undefined) continue;
      const expected = o.verdict === 'proved' ? 'unsat' : o.verdict === 'refuted' ? 'sat' : 'unknown';
      writeFileSync(join(dir, o.file), [`; compartment obligation ${o.id} (certify step ${s.index + 1}: ${s.rewrite} ${s.step.component})`, `; ${o.sentence}`, `; expected: ${expected} (${o.verdict})`, ''].join('\n') + script);
    }
  }
  const planFile = join(dir, 'plan.json');
  writeFileSync(planFile, JSON.stringify(report.plan, null, 2) + '\n');
  const certificate = join(dir, 'certificate.json');
  writeFileSync(certificate, JSON.stringify(certificateJson(report), null, 2) + '\n');
  return { ...report, files: { ...report.files, certificate, plan: planFile, proofs: join(dir, 'proofs') } };
}

/** The certificate: every check and obligation with its verdict, the differential summaries with seeds and counts. */
export function certificateJson(r: CertifyReport): unknown {
  return {
    program: r.file,
    deployment: r.deployment,
    plan: r.planSource,
    verdict: r.verdict,
    ...(r.reason === undefined ? {} : { reason: r.reason }),
    solver: r.solver,
    timeoutMs: r.timeoutMs,
    ...(r.rlimit === undefined ? {} : { rlimit: r.rlimit }),
    rewritten: r.files.emitted,
    explanations: r.explanations,
    // The syntactic facts (monotonic, functional, state machine, independence) of both programs, as proofs/ records them.
    analysisFacts: { original: analysisFacts(r.initial.program), rewritten: analysisFacts(r.final.program) },
    steps: r.steps.map((s) => ({
      step: s.index + 1,
      rewrite: s.rewrite,
      title: s.title,
      ...(s.why === undefined ? {} : { why: s.why }),
      verdict: s.verdict,
      checks: s.checks.map((c) => ({ id: c.id, sentence: c.sentence, verdict: c.holds ? 'holds' : 'fails', method: 'dependency graph (no solver)', reasons: c.reasons })),
      obligations: s.obligations.map((o) => ({ ...o, expected: o.verdict === 'proved' ? 'unsat' : o.verdict === 'refuted' ? 'sat' : 'unknown' })),
      facts: s.facts,
      notes: s.notes,
      ...(s.refusal
        ? {
            refusal: {
              failedChecks: s.refusal.failedChecks.map((c) => ({ id: c.id, reasons: c.reasons })),
              ...(s.refusal.counterexample ? { counterexample: s.refusal.counterexample } : {}),
              ...(s.refusal.divergence ? { divergence: s.refusal.divergence } : {}),
              ...(s.refusal.counterexampleRun ? { simulationWorkload: { basis: s.refusal.counterexampleRun.basis, file: s.refusal.counterexampleRun.file, fromZ3: s.refusal.counterexampleRun.workload.inputs, untraced: s.refusal.counterexampleRun.workload.untraced, notes: s.refusal.counterexampleRun.workload.notes, ...(s.refusal.counterexampleRun.added === undefined ? {} : { added: s.refusal.counterexampleRun.added, ownWorkload: s.refusal.counterexampleRun.ownWorkload, alone: s.refusal.counterexampleRun.alone }) } } : {}),
              ...(s.refusal.counterexampleNote ? { simulationWorkloadNote: s.refusal.counterexampleNote } : {}),
              ...(s.refusal.simulation ? { simulation: s.refusal.simulation.json } : {}),
              ...(s.refusal.simulationNote ? { simulationNote: s.refusal.simulationNote } : {}),
            },
          }
        : {}),
    })),
    differential: r.differential.map((d) => ({ original: d.original, rewritten: d.rewritten, verdict: d.verdict, runs: d.runs, seed: d.seed, schedules: d.schedules, distinctRewritten: d.distinctRewritten, distinctOriginal: d.distinctOriginal, originalRuns: d.originalRuns, elapsedMs: Math.round(d.elapsedMs) })),
    elapsedMs: Math.round(r.elapsedMs),
  };
}

