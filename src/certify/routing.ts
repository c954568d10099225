/**
 * The distribution policy a hand-written partitioned program already uses,
 * read from its senders: a rule that sends `h` through
 * `partition_of(addr, j, q)` with `j = hash(E) % k` routes `h` by key `E`
 * (over `h`'s attributes); with `partition_of(addr, _, q)` it sends `h` to
 * every partition. Keys of relations the component derives are completed by
 * the key search, so the whole policy can be checked.
 */
import type { CheckedProgram, IrAtom, IrExpr, IrRule } from '../ir/types.js';
import { translate, type Defs } from '../analysis/express.js';
import { findKeys, keyedRelations } from '../analysis/keys.js';
import { componentScope, type AnalysisContext } from '../analysis/scope.js';
import { printTerm, type Term } from '../analysis/term.js';
import type { Fd } from '../analysis/fds.js';
import type { DistributionPolicy } from './policy.js';

export interface RoutedRelation {
  readonly relation: string;
  /** The key, or `everywhere`. */
  readonly key: Term | 'everywhere' | 'unknown';
  readonly rule: number;
}

function routeOf(rule: IrRule, program: CheckedProgram, component: string): RoutedRelation | undefined {
  const dest = rule.head.dest;
  if (!dest) return undefined;
  const pof = rule.body.find((l): l is IrAtom => l.kind === 'atom' && !l.negated && l.relation === 'partition_of' && l.args[2]?.kind === 'var' && l.args[2].slot === dest.slot);
  if (!pof) return undefined;
  const addr = pof.args[0];
  const addrOf = rule.body.find((l): l is IrAtom => l.kind === 'atom' && l.relation === component && addr?.kind === 'var' && l.args[0]?.kind === 'var' && l.args[0].slot === addr.slot);
  if (!addrOf) return undefined;
  const j = pof.args[1];
  if (j?.kind === 'wildcard') return { relation: rule.head.relation, key: 'everywhere', rule: rule.id };
  if (j?.kind !== 'var') return { relation: rule.head.relation, key: 'unknown', rule: rule.id };
  const assign = rule.body.find((l) => l.kind === 'assign' && l.target.slot === j.slot);
  if (assign?.kind !== 'assign' || assign.value.kind !== 'binary' || assign.value.op !== '%') return { relation: rule.head.relation, key: 'unknown', rule: rule.id };
  let e: IrExpr = assign.value.left;
  if (e.kind === 'call' && e.fn === 'hash' && e.args.length === 1) e = e.args[0]!;
  const rel = program.relations.get(rule.head.relation)!;
  const defs: Defs = new Map();
  rule.head.args.forEach((a, i) => {
    if (a.kind === 'var' && !defs.has(a.slot)) defs.set(a.slot, { kind: 'attr', index: i, name: rel.attrs[i]!.name, type: rel.attrs[i]!.type });
  });
  const key = translate(e, defs);
  return { relation: rule.head.relation, key: key ?? 'unknown', rule: rule.id };
}

/** How the program's senders route each relation into `component`. */
export function routedRelations(program: CheckedProgram, component: string): RoutedRelation[] {
  const out: RoutedRelation[] = [];
  for (const rule of program.rules) {
    if (rule.kind !== 'async') continue;
    const r = routeOf(rule, program, component);
    if (r) out.push(r);
  }
  return out;
}

export interface InferredPolicy {
  readonly policy: DistributionPolicy;
  readonly routed: readonly RoutedRelation[];
  /** Relations routed two different ways, or by a key that is not a term of the message. */
  readonly problems: readonly string[];
}

/** The policy `component` is deployed with: senders' routing, completed for derived relations. */
export function inferPolicy(ctx: AnalysisContext, component: string, fds: ReadonlyMap<string, readonly Fd[]>): InferredPolicy {
  const routed = routedRelations(ctx.program, component);
  const keys = new Map<string, Term>();
  const everywhere = new Set<string>();
  const problems: string[] = [];
  for (const r of routed) {
    if (r.key === 'unknown') {
      problems.push(`rule ${r.rule} routes \`${r.relation}\` by something that is not a term of the message`);
      continue;
    }
    if (r.key === 'everywhere') {
      everywhere.add(r.relation);
      continue;
    }
    const prev = keys.get(r.relation);
    if (prev && printTerm(prev) !== printTerm(r.key)) problems.push(`\`${r.relation}\` is routed both by ${printTerm(prev)} and by ${printTerm(r.key)}`);
    else keys.set(r.relation, r.key);
  }
  return { policy: completePolicy(ctx, component, { keys, everywhere }, fds), routed, problems };
}

/**
 * Completes a partial policy with keys for the relations the component
 * derives: the key search's first completion when there is one, else keys
 * propagated greedily through the rules that derive them (so a wrong policy
 * is refuted where it is wrong, not where a key is missing).
 */
export function completePolicy(ctx: AnalysisContext, component: string, partial: DistributionPolicy, fds: ReadonlyMap<string, readonly Fd[]>): DistributionPolicy {
  const scope = componentScope(ctx.program, component);
  const found = findKeys(ctx, scope, fds, { fixed: partial.keys, limit: 1 });
  if (found[0]) return { keys: found[0], everywhere: partial.everywhere };
  const keys = new Map(partial.keys);
  let changed = true;
  while (changed) {
    changed = false;
    for (const rule of scope.rules) {
      const r = rule.head.relation;
      if (rule.kind === 'async' || keys.has(r) || partial.everywhere.has(r)) continue;
      const k = findKeys(ctx, { component, rules: [rule] }, fds, { fixed: keys, limit: 1 })[0]?.get(r);
      if (k) {
        keys.set(r, k);
        changed = true;
      }
    }
  }
  return { keys, everywhere: partial.everywhere };
}
