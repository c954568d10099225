/**
 * The automatic planner (`--auto`): finds and applies a plan by itself, and
 * says why it made each choice.
 *
 * 0. Carrying. Where a component's rules read its state only once a reply
 *    of a round trip on the same key is back, and carrying that state on the
 *    round trip (src/rewrite/carry.ts) splits the component into more
 *    independent parts, the state is carried first (2PC's ender).
 * 1. Decoupling. A component clients address (it reads an `.input`) keeps
 *    only the forwarding of their inputs: its units (rules connected through
 *    the relations they share) move out one by one, each to a component of
 *    its own (`C_core` when there is one unit). Any other component with
 *    several units keeps the first and gives each other unit a component.
 *    Then, wherever rules only fan client requests out (they read nothing but
 *    forwarded client inputs and are functional), they move out too, so the
 *    fan-out can be partitioned apart from the state it precedes.
 * 2. Partitioning. Every component clients do not address is partitioned by
 *    the first candidate key (src/analysis/keys.ts) whose obligations Z3
 *    proves, preferring attributes that many arriving relations share (so
 *    one request stays on one partition of every component) and ints.
 *
 * Every step goes through the same resolution, precondition and
 * transformation as a written plan.
 */
import { atoms, isConstant } from '../analysis/scope.js';
import { partitionAware } from '../certify/partition.js';
import { applySite, stepOfSite, type AppliedStep } from './apply.js';
import { rewriteByName } from './catalog.js';
import { decouplePrecondition, decoupleSiteProblems, type DecoupleKind } from './decouple.js';
import { clientFacing, defaultInto, downstreamClosures, isPureForward, movableRules, units } from './find-decouplings.js';
import { partitionCandidates, type AttrPreference } from './find-partitionings.js';
import { analysisContext, arriving, type PartitionKind } from './partition.js';
import type { Plan, PlanStep } from './plan.js';
import { ObligationCache } from './solve.js';
import type { CarrySite, DecoupleSite, PartitionSite, ProgramState, RewriteName } from './types.js';
import { analyzeCarry, carry, carryPrecondition, carrySites } from './carry.js';
import type { IrRule } from '../ir/types.js';

export interface AutoOptions {
  readonly partitions?: number;
  readonly timeoutMs?: number;
  readonly cache?: ObligationCache;
  /** Candidate policies tried per component. Default 6. */
  readonly keyLimit?: number;
}

export interface AutoResult {
  readonly plan: Plan;
  readonly steps: readonly AppliedStep[];
  readonly final: ProgramState;
  /** One line per decision, including what was left alone and why. */
  readonly explanations: readonly string[];
}

export async function autoPlan(initial: ProgramState, options: AutoOptions = {}): Promise<AutoResult> {
  const partitions = options.partitions ?? 2;
  const cache = options.cache ?? new ObligationCache();
  let state = initial;
  const steps: AppliedStep[] = [];
  const planSteps: PlanStep[] = [];
  const explain: string[] = [];
  const clientCarried = new Set([...state.program.relations.values()].filter((r) => r.kind === 'input').map((r) => r.name));
  // Relations this planner made to forward others: the rules sending them are proxies, not work to move.
  const forwards = new Set<string>();
  const isForwarder = (r: IrRule): boolean => r.kind === 'async' && forwards.has(r.head.relation);

  const decouple = (site: DecoupleSite, why: string): boolean => {
    const kinds: DecoupleKind[] = ['independent', 'functional', 'monotonic'];
    const kind = kinds.find((k) => decouplePrecondition(state, site, k).holds);
    if (!kind) return false;
    const name: RewriteName = `decouple-${kind}`;
    const rewrite = rewriteByName(name);
    const precondition = decouplePrecondition(state, site, kind);
    const step = stepOfSite(site, state, name, `${why} (${kind === 'independent' ? 'mutually independent' : kind})`);
    const next = applySite(rewrite, state, site);
    for (const [from, to] of next.forwarded) {
      forwards.add(to);
      if (clientCarried.has(from)) clientCarried.add(to);
    }
    steps.push({ index: steps.length, step, rewrite: name, site, precondition, notes: next.notes, before: state, after: next.state });
    planSteps.push(step);
    explain.push(`step ${steps.length}: ${step.why}`);
    state = next.state;
    return true;
  };
  const siteOf = (component: string, rules: readonly IrRule[]): DecoupleSite | null => {
    const into = defaultInto(state, component, rules);
    const ids = rules.map((r) => r.id);
    return decoupleSiteProblems(state, component, ids, into).length === 0 ? { kind: 'decouple', component, rules: ids, into } : null;
  };
  const refusal = (site: DecoupleSite): string =>
    (['independent', 'functional', 'monotonic'] as const)
      .map((k) => decouplePrecondition(state, site, k).checks.find((c) => !c.holds))
      .filter((c) => c !== undefined)
      .map((c) => c.reasons[0] ?? c.sentence)
      .filter((x, i, xs) => xs.indexOf(x) === i)
      .join('; ');

  const describe = (rules: readonly IrRule[]): string => {
    const sent = [...new Set(rules.filter((r) => r.kind === 'async').map((r) => r.head.relation))];
    const derived = [...new Set(rules.filter((r) => r.kind !== 'async').map((r) => r.head.relation))];
    return sent.length ? `send ${sent.map((x) => `\`${x}\``).join(', ')}` : `derive ${derived.map((x) => `\`${x}\``).join(', ')}`;
  };

  /** Does some candidate key of the component have every obligation proved? */
  const partitionable = async (at: ProgramState, component: string): Promise<boolean> => {
    for (const kind of ['cohash', 'dependencies'] as const) {
      for (const site of partitionCandidates(at, component, kind, partitions, undefined, options.keyLimit ?? 6)) {
        const rewrite = rewriteByName(`partition-${kind}`);
        const o = await (rewrite as { obligations(s: ProgramState, x: PartitionSite): ReturnType<typeof rewrite.obligations> }).obligations(at, site);
        const results = await cache.discharge(o.obligations, options.timeoutMs, o.decided);
        if (results.every((r) => r.verdict.kind === 'proved')) return true;
      }
    }
    return false;
  };

  /** Independent parts of a component (units that are not only forwarding). */
  const parts = (at: ProgramState, component: string): number => units(at, component).filter((u) => !u.every(isForwarder)).length;

  /**
   * Carrying state through a round trip, where it is what keeps a component
   * whole: the carries on one reply are tried together (2PC's `outcome` reads
   * both `client_of` and `decided`), and kept only when the component then
   * falls into more independent parts, which the decoupling below separates.
   */
  /** Sites whose precondition holds and whose obligations (an FD, when one is inferred) Z3 proves. */
  const provedCarries = async (at: ProgramState, C: string, R?: string): Promise<CarrySite[]> => {
    const out: CarrySite[] = [];
    for (const x of carrySites(at, C, R)) {
      if (x.state.includes('__via_')) continue;
      const o = await carry.obligations(at, x);
      const results = await cache.discharge(o.obligations, options.timeoutMs, o.decided);
      if (results.every((r) => r.verdict.kind === 'proved')) out.push(x);
    }
    return out;
  };
  const carryToSplit = async (C: string): Promise<void> => {
    const tried = new Set<string>();
    for (;;) {
      const n = parts(state, C);
      const candidates = await provedCarries(state, C);
      let kept = false;
      for (const R of [...new Set(candidates.map((x) => x.reply))]) {
        let trial = state;
        const trialSteps: { site: CarrySite; before: ProgramState; after: ProgramState; notes: readonly string[] }[] = [];
        for (;;) {
          const site = (await provedCarries(trial, C, R)).find((x) => !trialSteps.some((t) => t.site.state === x.state));
          if (!site || trialSteps.length >= 8) break;
          const next = applySite(carry, trial, site);
          trialSteps.push({ site, before: trial, after: next.state, notes: next.notes });
          trial = next.state;
        }
        if (trialSteps.length === 0) continue;
        const m = parts(trial, C);
        const what = trialSteps.map((t) => `\`${t.site.state}\``).join(' and ');
        if (m <= n) {
          const key = `${R}:${what}`;
          if (!tried.has(key)) explain.push(`${C}: carrying ${what} on the round trip answered by \`${R}\` would not split ${C} (${n} part${n === 1 ? '' : 's'} either way); not applied`);
          tried.add(key);
          continue;
        }
        for (const t of trialSteps) {
          const readers = [...new Set(analyzeCarry(t.before, t.site).readers.map((r) => `\`${r.head.relation}\``))];
          const why = `${C}'s ${readers.join(', ')} ${readers.length === 1 ? 'rules read' : 'rules read'} \`${t.site.state}\` only once \`${R}\` came back for the same key; carrying ${what} on that round trip lets them read the reply instead of ${C}'s state, so ${C} falls into ${m} independent parts (was ${n}) that can be decoupled`;
          const step = stepOfSite(t.site, t.before, 'carry', why);
          steps.push({ index: steps.length, step, rewrite: 'carry', site: t.site, precondition: carryPrecondition(t.before, t.site), notes: t.notes, before: t.before, after: t.after });
          planSteps.push(step);
          explain.push(`step ${steps.length}: ${why}`);
        }
        state = trial;
        kept = true;
        break;
      }
      if (!kept) return;
    }
  };

  // ---------------------------------------------------------------- 1. decoupling
  const queue = [...state.program.components.keys()];
  const done = new Set<string>();
  while (queue.length > 0) {
    const C = queue.shift()!;
    if (done.has(C)) continue;
    done.add(C);
    if ((state.deployment.components.get(C)?.partitions ?? 1) > 1) {
      explain.push(`${C}: already partitioned; left alone`);
      continue;
    }
    const aware = partitionAware(analysisContext(state), C);
    if (aware) {
      explain.push(`${C}: written for partitions (reads self_partition in \`${aware.text}\`); left alone`);
      continue;
    }
    await carryToSplit(C);
    const before = new Set(state.program.components.keys());
    const refused = new Set<string>();
    const facing = clientFacing(state, C);
    // Units move out one at a time (rule ids change with every step).
    for (;;) {
      const us = units(state, C).filter((u) => !u.every(isForwarder));
      const firstId = Math.min(...movableRules(state, C).map((r) => r.id));
      const candidates = facing ? us : us.length > 1 ? us.filter((u) => !u.some((r) => r.id === firstId)) : [];
      const next = candidates.find((u) => !refused.has(u.map((r) => r.text).join('\n')));
      if (!next) break;
      const site = siteOf(C, next);
      const whole = next.length === movableRules(state, C).length;
      if (facing && whole && site) {
        // A proxy in front only pays off when what moves behind it can be partitioned.
        const why = next.every((r) => isPureForward(state, r))
          ? 'it only forwards client inputs already'
          : (await partitionable(applySite(rewriteByName('decouple-independent'), state, site).state, site.into))
            ? null
            : `its rules behind a proxy could not be partitioned either (no candidate key of ${site.into} is proved)`;
        if (why !== null) {
          refused.add(next.map((r) => r.text).join('\n'));
          explain.push(`${C}: clients address it; not put behind a proxy: ${why}`);
          continue;
        }
      }
      const why = facing
        ? `clients address ${C}, so it keeps only forwarding their inputs; ${next.length === movableRules(state, C).length ? `its rules` : `the rules that ${describe(next)}`} move to ${site?.into ?? '?'} so they can be partitioned`
        : `${C} holds independent parts; the part that ${describe(next).replace(/^send /, "sends ").replace(/^derive /, "derives ")} moves to ${site?.into ?? '?'}`;
      if (!site || !decouple(site, why)) {
        refused.add(next.map((r) => r.text).join('\n'));
        explain.push(`${C}: the rules connected to \`${next[0]!.head.relation}\` cannot move: ${site ? refusal(site) : 'no valid site'}`);
      }
    }
    // Fan-out of client requests: functional rules that read only forwarded client inputs.
    for (;;) {
      const own = movableRules(state, C);
      const fanOut = downstreamClosures(state, C)
        .filter((set) => set.length < own.length)
        .filter((set) => {
          const derived = new Set(set.filter((r) => r.kind !== 'async').map((r) => r.head.relation));
          const read = set.flatMap((r) => atoms(r).map((a) => a.relation)).filter((x) => !isConstant(state.program, x) && !derived.has(x));
          return read.length > 0 && read.every((x) => clientCarried.has(x)) && !set.every(isForwarder);
        })
        .map((set) => siteOf(C, set))
        .filter((s): s is DecoupleSite => s !== null && decouplePrecondition(state, s, 'functional').holds)
        .sort((a, b) => a.rules.length - b.rules.length);
      const site = fanOut[0];
      if (!site) break;
      const first = state.program.rules[site.rules[0]!]!;
      if (!decouple(site, `\`${first.text}\` only fans client requests out; it moves to ${site.into} so that fan-out is partitioned on its own`)) break;
    }
    for (const c of state.program.components.keys()) if (!before.has(c)) queue.push(c);
  }

  // ---------------------------------------------------------------- 2. partitioning
  // Attribute names shared by many arriving relations are preferred keys.
  const score = new Map<string, number>();
  for (const c of state.program.components.keys()) {
    if (clientFacing(state, c)) continue;
    for (const x of arriving(state.program, c)) for (const a of state.program.relations.get(x)?.attrs ?? []) score.set(a.name, (score.get(a.name) ?? 0) + 2);
  }
  const attrScore = (name: string, type: string): number => (score.get(name) ?? 0) + (type === 'int' ? 1 : 0);
  const prefer: AttrPreference = (_r, attrs) => {
    let best = 0;
    attrs.forEach((a, i) => {
      if (attrScore(a.name, a.type) > attrScore(attrs[best]!.name, attrs[best]!.type)) best = i;
    });
    return best;
  };
  const policyScore = (site: PartitionSite): number => {
    let s = 0;
    for (const [rel, t] of site.policy.keys) {
      if (!arriving(state.program, site.component).includes(rel)) continue;
      s += t.kind === 'attr' ? attrScore(t.name, t.type) : 0;
    }
    return s;
  };
  for (const C of [...state.program.components.keys()]) {
    if ((state.deployment.components.get(C)?.partitions ?? 1) > 1) continue;
    if (partitionAware(analysisContext(state), C)) continue;
    if (clientFacing(state, C)) {
      explain.push(`${C}: not partitioned: clients address it directly (it reads ${arriving(state.program, C).filter((x) => state.program.relations.get(x)?.kind === 'input').join(', ')}), and their addresses would change`);
      continue;
    }
    if (movableRules(state, C).length === 0) continue;
    let chosen: { site: PartitionSite; kind: PartitionKind } | null = null;
    let firstFailure: string | undefined;
    for (const kind of ['cohash', 'dependencies'] as const) {
      const candidates = partitionCandidates(state, C, kind, partitions, prefer, options.keyLimit ?? 6).sort((a, b) => policyScore(b) - policyScore(a));
      for (const site of candidates) {
        const rewrite = rewriteByName(`partition-${kind}`);
        const obligations = await (rewrite as { obligations(s: ProgramState, x: PartitionSite): ReturnType<typeof rewrite.obligations> }).obligations(state, site);
        const results = await cache.discharge(obligations.obligations, options.timeoutMs, obligations.decided);
        const bad = results.find((r) => r.verdict.kind !== 'proved');
        if (!bad) {
          chosen = { site, kind };
          break;
        }
        firstFailure ??= `${site.given}: ${bad.verdict.kind} ${bad.obligation.sentence}`;
      }
      if (chosen) break;
    }
    if (!chosen) {
      explain.push(`${C}: not partitioned: ${firstFailure ? `no candidate key is proved (first: ${firstFailure})` : 'no candidate key keeps its rules local'}`);
      continue;
    }
    const { site, kind } = chosen;
    const name: RewriteName = `partition-${kind}`;
    const rewrite = rewriteByName(name);
    const precondition = (rewrite as { precondition(s: ProgramState, x: PartitionSite): ReturnType<typeof rewrite.precondition> }).precondition(state, site);
    const why = `${C} is partitioned by ${site.given} (${kind === 'cohash' ? 'co-hashing' : 'with dependencies'}): Z3 proves every join, group, negation and derived head stays on one partition`;
    const step = stepOfSite(site, state, name, why);
    const next = applySite(rewrite, state, site);
    steps.push({ index: steps.length, step, rewrite: name, site, precondition, notes: next.notes, before: state, after: next.state });
    planSteps.push(step);
    explain.push(`step ${steps.length}: ${why}`);
    state = next.state;
  }
  if (steps.length === 0) explain.push('nothing to rewrite: the program is left alone');
  return { plan: { description: 'found by compartment --auto', steps: planSteps }, steps, final: state, explanations: explain };
}
