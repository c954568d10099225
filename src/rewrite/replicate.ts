/**
 * Replication of a monotonic component: C runs as N replicas per instance,
 * and every rule that sends C a message sends it to every replica (the
 * broadcast of the literature's replication rewrite). Each replica then sees
 * every message the original node saw, in its own order; since C is
 * monotonic (CALM), every order leads to the same facts, so every replica
 * derives what the original derives, and its outputs are the original's.
 * What replicas send is sent once per replica: sound when a copy that
 * arrives again changes nothing, i.e. it goes to clients as `.output` facts
 * (observations are sets) or to rules that derive from it only outputs and
 * facts kept for good (see `duplicateSensitive`). Most protocols count what
 * they receive (a vote, an ack) and are not of this kind: the precondition
 * refuses them, and the differential tester agrees (voting's participants
 * replicated make the leader reply twice).
 *
 * Replicas are deployed with the partitioning machinery: N partitions of the
 * component, every arriving relation keyed `*` (to every partition), so the
 * senders' routing is `partition_of(c, _, q)`. `self` is the instance's
 * logical address on every replica, so replicas send identical facts.
 */
import type { CheckedProgram } from '../ir/types.js';
import { monotonic } from '../analysis/properties.js';
import { atoms, componentScope, contextOf, isConstant } from '../analysis/scope.js';
import { monotonicObligations } from '../certify/monotonic-check.js';
import type { DistributionPolicy } from '../certify/policy.js';
import { analyzePartition, applyPartition, arriving, partitionSiteProblems } from './partition.js';
import type { Check, PartitionSite, Precondition, ProgramState, Rewrite } from './types.js';

/** The replication site: every relation that arrives at `component` goes to each of its `replicas`. */
export function replicateSite(state: ProgramState, component: string, replicas: number): PartitionSite {
  const everywhere = new Set(arriving(state.program, component).filter((x) => state.program.relations.get(x)?.kind !== 'input'));
  const policy: DistributionPolicy = { keys: new Map(), everywhere };
  return { kind: 'partition', component, policy, given: `* (every replica)`, partitions: replicas };
}

/** Kept for good once derived: `.persist` or an unguarded `H :+ H`. */
function keptForGood(program: CheckedProgram, relation: string): boolean {
  if (program.relations.get(relation)?.persisted) return true;
  return program.rules.some(
    (r) => r.kind === 'next' && r.head.relation === relation && r.body.length === 1 && r.body[0]?.kind === 'atom' && !r.body[0].negated && r.body[0].relation === relation && r.head.args.every((h, i) => {
      const b = (r.body[0] as { args: readonly { kind: string; slot?: number }[] }).args[i];
      return h.kind === 'var' && b?.kind === 'var' && b.slot === h.slot;
    }),
  );
}

/**
 * Why a copy of what the component sends, arriving again later, could change
 * what its receivers do (empty: it cannot). A receiving rule is safe when its
 * head is an `.output` (observed as a set) or kept for good (a copy derives a
 * fact already held), and it negates only relations kept for good that the
 * same message makes (the "seen" idiom: `!got(d)` with `got(d) :+ deliver(d)`);
 * a receiving rule that sends passes the copy on, and its receivers are
 * checked the same way.
 */
function duplicateSensitive(program: CheckedProgram, component: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const queue = [...new Set(componentScope(program, component).rules.filter((r) => r.kind === 'async').map((r) => r.head.relation))];
  while (queue.length > 0) {
    const sent = queue.shift()!;
    if (seen.has(sent) || program.relations.get(sent)?.kind === 'output') continue;
    seen.add(sent);
    for (const r of program.rules) {
      if (r.fromPersist || !atoms(r).some((a) => !a.negated && a.relation === sent)) continue;
      if (r.component === component && r.kind !== 'async') continue;
      const madeBySent = (rel: string): boolean => program.rules.some((m) => m.component === r.component && m.head.relation === rel && atoms(m).some((a) => !a.negated && a.relation === sent));
      const badNeg = atoms(r).filter((a) => a.negated && !isConstant(program, a.relation) && !(keptForGood(program, a.relation) && madeBySent(a.relation)));
      if (badNeg.length > 0) out.push(`rule \`${r.text}\` (${r.component}) reads \`${sent}\` and negates \`${badNeg[0]!.relation}\`: a copy arriving later may find it changed`);
      const head = r.head.relation;
      if (r.kind === 'async') queue.push(head);
      else if (program.relations.get(head)?.kind !== 'output' && !keptForGood(program, head)) {
        out.push(`rule \`${r.text}\` (${r.component}) derives \`${head}\` from \`${sent}\`, and \`${head}\` is not kept for good: a copy arriving in a later tick derives it again${r.head.aggregateIndex !== undefined ? ' (and counts apart)' : ''}`);
      }
    }
  }
  return out;
}

const idOf = (site: PartitionSite, what: string): string => `replicate.${site.component}.${what}`;

export function replicatePrecondition(state: ProgramState, site: PartitionSite): Precondition {
  const program = state.program;
  const a = analyzePartition(state, site);
  const mono = monotonic(program, componentScope(program, site.component));
  const dup = duplicateSensitive(program, site.component);
  const checks: Check[] = [
    {
      id: idOf(site, 'not-client-facing'),
      sentence: `Clients do not address \`${site.component}\` directly (it reads no .input relation), so only rules send to it, and they can send to every replica.`,
      holds: a.clientInputs.length === 0,
      reasons: a.clientInputs.length ? a.clientInputs.map((x) => `it reads the client input \`${x}\`; clients would have to send to every replica (decouple the rules that read it first)`) : ['no .input relation read'],
    },
    {
      id: idOf(site, 'broadcast'),
      sentence: `Every rule that sends \`${site.component}\` a message can send it to every replica.`,
      holds: a.unroutable.length === 0,
      reasons: a.unroutable.length ? a.unroutable : [`sent to every replica: ${a.arriving.filter((x) => site.policy.everywhere.has(x)).map((x) => `\`${x}\``).join(', ') || 'nothing arrives'}`],
    },
    {
      id: idOf(site, 'monotonic'),
      sentence: `The rules of \`${site.component}\` are monotonic (CALM), so every replica, whatever order its messages arrive in, derives the same facts.`,
      holds: mono.holds,
      reasons: mono.reasons,
    },
    {
      id: idOf(site, 'idempotent-outputs'),
      sentence: `What \`${site.component}\` sends arrives once per replica, and a copy changes nothing: it is an .output (observed as a set), or its receivers derive from it only outputs and facts kept for good (and pass it on to receivers of the same kind).`,
      holds: dup.length === 0,
      reasons: dup.length ? dup : ['every receiver reads it as a set'],
    },
  ];
  return { holds: checks.every((c) => c.holds), checks };
}

export const replicate: Rewrite<PartitionSite> = {
  name: 'replicate',
  summary: 'run a monotonic component as N replicas, every message sent to every replica; its outputs, sent once per replica, must be read as sets',
  find: (state, options) =>
    [...state.program.components.keys()].flatMap((c) => {
      const n = options?.partitions ?? 2;
      if (partitionSiteProblems(state, c, n).length > 0 || arriving(state.program, c).length === 0) return [];
      const site = replicateSite(state, c, n);
      return replicatePrecondition(state, site).holds ? [site] : [];
    }),
  precondition: replicatePrecondition,
  obligations: async (state, site) => {
    // The component's negations and running aggregates as Z3 obligations (none when it is monotonic).
    const ctx = contextOf(state.program, state.deployment.edb);
    const rules = componentScope(state.program, site.component).rules.filter((r) => !r.fromPersist);
    const obligations = monotonicObligations({
      program: state.program,
      env: { singletons: ctx.singletons, constants: ctx.constants },
      component: site.component,
      into: 'replicas',
      rules,
      late: site.policy.everywhere,
      nonThresholdAggregates: new Set(),
    });
    return {
      checks: replicatePrecondition(state, site).checks,
      obligations,
      decided: new Map(),
      facts: [`${site.component} runs as ${site.partitions} replicas per instance; every message to it goes to every replica`],
    };
  },
  apply: (state, site) => {
    const applied = applyPartition(state, site);
    const notes = applied.notes.map((n) =>
      n
        .replace(`${site.component} runs as ${site.partitions} partitions per instance, policy `, `${site.component} runs as ${site.partitions} replicas per instance (deployed as partitions), each message to every replica: `)
        .replace(/to (\S+)'s partitions by \* \(every partition\)/, "to every replica of $1"),
    );
    return { ...applied, notes };
  },
};
