/**
 * Partition-local obligations: for a component, a distribution policy and
 * every rule of the component, Z3 is asked whether two joined body facts, two
 * facts of one aggregation group, an atom and its negated partner, or a
 * locally derived head and its body can land on different partitions. A fact
 * lands on `part(key)`, `part` uninterpreted, so only equal keys are known to
 * meet. Constant relations, relations sent to every partition (`rel=*`) and
 * relations the component derives from constants alone are on every
 * partition. A relation with no key lands anywhere (`loc_r(fact)`).
 */
import type { IrAtom, IrRule, Value } from '../ir/types.js';
import { fdsByRelation, type Fd } from '../analysis/fds.js';
import { atoms, componentScope, isConstant, replicatedRelations, type AnalysisContext } from '../analysis/scope.js';
import { printTerm } from '../analysis/term.js';
import { encodeRule, encodeTerm, fdConstraints, headArgs, type EncodeEnv, type RuleCopy } from '../smt/encode.js';
import { and, eq, not, or, Script, sortOf, symbol } from '../smt/script.js';
import { parseValue } from '../smt/z3.js';
import type { SmtModel } from '../smt/verdict.js';
import { discharge, shortHash, type CheckOptions, type Obligation, type ObligationResult } from './obligation.js';
import { printDistribution, type DistributionPolicy } from './policy.js';

/** A fact of a counterexample, as the model's terms; `role` says why it is there. */
export interface FactSpec {
  readonly relation: string;
  readonly args: readonly string[];
  readonly sorts: readonly string[];
  readonly role: 'body' | 'partner' | 'head' | 'other-group';
  /** The key, as written in the policy (or why there is none). */
  readonly key: string;
}

export interface PartitionObligation extends Obligation {
  readonly component: string;
  readonly rule: number;
  readonly facts: readonly FactSpec[];
  /** With `unfold`: the rule copies of the query and the facts entering the component that it unfolds to. */
  readonly witness?: WitnessSpec;
}

export interface WitnessSpec {
  readonly copies: readonly { readonly rule: number; readonly slots: readonly string[] }[];
  readonly inputs: readonly FactSpec[];
}

export interface ObligationOptions {
  /**
   * Replace facts the component derives by the body of a rule deriving them,
   * down to facts that enter the component (for turning a refutation into
   * inputs; not for certificates).
   */
  readonly unfold?: boolean;
}

/** A fact of a counterexample with values. */
export interface CexFact {
  readonly relation: string;
  readonly tuple: readonly Value[];
  readonly role: FactSpec['role'];
  readonly key: string;
}

export interface PartitionCounterexample {
  readonly component: string;
  readonly rule: number;
  readonly ruleText: string;
  readonly kind: PartitionObligation['kind'];
  readonly facts: readonly CexFact[];
}

export function policyTag(p: DistributionPolicy): string {
  return shortHash(printDistribution(p));
}

/** Does the component read `self_partition` (it is written for partitions and has no unpartitioned meaning)? */
export function partitionAware(ctx: AnalysisContext, component: string): IrRule | undefined {
  return componentScope(ctx.program, component).rules.find((r) => atoms(r).some((a) => a.relation === 'self_partition'));
}

export function partitionObligations(ctx: AnalysisContext, component: string, policy: DistributionPolicy, fds: readonly Fd[], options: ObligationOptions = {}): PartitionObligation[] {
  const program = ctx.program;
  const scope = componentScope(program, component);
  const replicated = replicatedRelations(program, scope);
  const env: EncodeEnv = { program, singletons: ctx.singletons, constants: ctx.constants, fds: fdsByRelation(fds) };
  const tag = policyTag(policy);
  const out: PartitionObligation[] = [];
  const idOf = (rule: IrRule, kind: string): string => `part.${symbol(component)}.${tag}.r${rule.id}.${kind}`;
  const preamble = (s: Script, id: string, sentence: string, rule: IrRule): void => {
    s.comment(`${id}: ${sentence}`);
    s.comment(`Policy: ${printDistribution(policy)}`);
    s.comment(`Rule ${rule.id} (${component}): ${rule.text}`);
    if (fds.length) s.comment(`Assumed FDs (proved separately): ${fds.map((f) => `${f.relation}.${program.relations.get(f.relation)!.attrs[f.to]!.name} = ${printTerm(f.def)}`).join('; ')}`);
  };

  const aware = partitionAware(ctx, component);
  if (aware) {
    const s = new Script();
    const id = `part.${symbol(component)}.${tag}.oblivious`;
    const sentence = `Component \`${component}\` does not read \`self_partition\`, so running it on partitions can be compared with running it whole (rule \`${aware.text}\` reads it).`;
    s.comment(`${id}: ${sentence}`);
    s.assert('true', 'the rule reads self_partition: no unpartitioned meaning to compare with');
    return [{ id, kind: 'partition-oblivious', sentence, smt: s.text(), component, rule: aware.id, facts: [] }];
  }

  const located = (relation: string): boolean => !isConstant(program, relation) && !policy.everywhere.has(relation) && !(replicated.has(relation) && !policy.keys.has(relation));
  const keyText = (relation: string): string => {
    const k = policy.keys.get(relation);
    return k ? printTerm(k) : 'no key: may be on any partition';
  };
  const location = (s: Script, relation: string, args: readonly string[]): string => {
    const key = policy.keys.get(relation);
    if (key) {
      const sort = sortOf(key.type);
      const part = s.declareFun(`part_${sort}`, [sort], 'Int');
      return `(${part} ${encodeTerm(s, env, key, (i) => args[i]!)})`;
    }
    const rel = program.relations.get(relation)!;
    const f = s.declareFun(`loc_${symbol(relation)}`, rel.attrs.map((a) => sortOf(a.type)), 'Int');
    return args.length ? `(${f} ${args.join(' ')})` : f;
  };
  const sortsOf = (relation: string): string[] => program.relations.get(relation)!.attrs.map((a) => sortOf(a.type));
  const spec = (relation: string, args: readonly string[], role: FactSpec['role']): FactSpec => ({ relation, args, sorts: sortsOf(relation), role, key: keyText(relation) });

  const derivedHere = new Set(scope.rules.filter((r) => r.kind === 'sync').map((r) => r.head.relation));
  /** Unfolding: state per script. */
  let copies: { rule: number; slots: string[] }[] = [];
  let inputs: FactSpec[] = [];
  let unfoldCount = 0;
  let unfoldRole: FactSpec['role'] = 'body';
  const unfoldAtom = (s: Script, relation: string, args: readonly string[], depth: number): string => {
    if (!options.unfold) return 'true';
    const rules = derivedHere.has(relation) && depth < 4 ? scope.rules.filter((r) => r.kind === 'sync' && r.head.relation === relation && !atoms(r).some((a) => a.relation === relation)) : [];
    const def = rules[0];
    if (!def) {
      if (!isConstant(program, relation)) inputs.push(spec(relation, args, unfoldRole));
      return 'true';
    }
    const u = encodeRule(s, env, def, `u${unfoldCount++}`);
    copies.push({ rule: def.id, slots: [...u.slots] });
    const h = headArgs(s, env, u);
    const parts = [u.body, ...h.map((x, i) => eq(x, args[i]!))];
    def.body.forEach((l, i) => {
      if (l.kind === 'atom' && !l.negated && !isConstant(program, l.relation)) parts.push(unfoldAtom(s, l.relation, u.atomArgs.get(i)!, depth + 1));
    });
    return and(parts);
  };
  const unfoldCopy = (s: Script, c: RuleCopy): string => {
    if (!options.unfold) return 'true';
    copies.push({ rule: c.rule.id, slots: [...c.slots] });
    const parts: string[] = [];
    c.rule.body.forEach((l, i) => {
      if (l.kind === 'atom' && !l.negated && !isConstant(program, l.relation)) parts.push(unfoldAtom(s, l.relation, c.atomArgs.get(i)!, 0));
    });
    return and(parts);
  };

  for (const rule of scope.rules) {
    const posIdx = rule.body.map((l, i) => [l, i] as const).filter(([l]) => l.kind === 'atom' && !l.negated && located((l as IrAtom).relation));
    const negIdx = rule.body.map((l, i) => [l, i] as const).filter(([l]) => l.kind === 'atom' && l.negated && located((l as IrAtom).relation));
    const rel = (i: number): string => (rule.body[i] as IrAtom).relation;
    const build = (kind: PartitionObligation['kind'], suffix: string, sentence: string, f: (s: Script, a: RuleCopy) => { assert: string; facts: FactSpec[] }): void => {
      const s = new Script();
      const id = idOf(rule, suffix);
      preamble(s, id, sentence, rule);
      copies = [];
      inputs = [];
      const a = encodeRule(s, env, rule, 'a');
      const { assert, facts } = f(s, a);
      s.assert(assert, 'a violation');
      if (options.unfold) {
        s.assert(unfoldCopy(s, a), 'unfolded: the facts entering the component');
        for (const fact of facts) if (fact.role === 'partner') s.assert(unfoldAtom(s, fact.relation, fact.args, 0));
      }
      const witness = options.unfold ? { copies, inputs } : undefined;
      out.push({ id, kind, sentence, smt: s.text(), component, rule: rule.id, facts, ...(witness ? { witness } : {}) });
    };
    const locs = (s: Script, c: RuleCopy): string[] => posIdx.map(([, i]) => location(s, rel(i), c.atomArgs.get(i)!));
    const together = (ls: readonly string[]): string => and(ls.slice(1).map((l) => eq(ls[0]!, l)));
    const bodyFacts = (c: RuleCopy, role: FactSpec['role'] = 'body'): FactSpec[] => posIdx.map(([, i]) => spec(rel(i), c.atomArgs.get(i)!, role));

    if (posIdx.length >= 2) {
      build('partition-join', 'join', `In rule \`${rule.text}\`, the joined facts of ${[...new Set(posIdx.map(([, i]) => `\`${rel(i)}\``))].join(', ')} always land on one partition.`, (s, a) => {
        const ls = locs(s, a);
        return { assert: and([a.body, not(together(ls))]), facts: bodyFacts(a) };
      });
    }
    negIdx.forEach(([, ni], n) => {
      const nrel = rel(ni);
      build('partition-negation', `neg${n}`, `In rule \`${rule.text}\`, a fact of \`${nrel}\` that the negation \`!${nrel}(...)\` must see lands on the partition where the rule runs.`, (s, a) => {
        const partner = a.atomArgs.get(ni)!;
        const ls = locs(s, a);
        const here = ls[0] ?? s.fresh('anywhere', 'Int');
        return {
          assert: and([a.body, together(ls), ...fdConstraints(s, env, nrel, partner), not(eq(here, location(s, nrel, partner)))]),
          facts: [...bodyFacts(a), spec(nrel, partner, 'partner')],
        };
      });
    });
    if (rule.head.aggregateIndex !== undefined && posIdx.length > 0) {
      build('partition-group', 'group', `In rule \`${rule.text}\`, all facts of one aggregation group land on one partition.`, (s, a) => {
        const b = encodeRule(s, env, rule, 'b');
        unfoldRole = 'other-group';
        if (options.unfold) s.assert(unfoldCopy(s, b));
        unfoldRole = 'body';
        const ha = headArgs(s, env, a);
        const hb = headArgs(s, env, b);
        const group = ha.map((x, i) => (i === rule.head.aggregateIndex ? null : eq(x, hb[i]!))).filter((x): x is string => x !== null);
        const la = locs(s, a);
        const lb = locs(s, b);
        // For a witness, the two members must also differ in what is aggregated (else the split may not show).
        const aggArg = rule.head.args[rule.head.aggregateIndex!];
        const distinct = options.unfold && aggArg?.kind === 'aggregate' ? [not(eq(a.slots[aggArg.arg.slot]!, b.slots[aggArg.arg.slot]!))] : [];
        return {
          assert: and([a.body, b.body, ...group, ...distinct, together(la), together(lb), not(eq(la[0]!, lb[0]!))]),
          facts: [...bodyFacts(a), ...bodyFacts(b, 'other-group')],
        };
      });
    }
    if (rule.kind !== 'async' && posIdx.length > 0 && located(rule.head.relation) && (policy.keys.has(rule.head.relation) || readsLocally(scope.rules, rule.head.relation))) {
      build('partition-head', 'head', `Rule \`${rule.text}\` derives \`${rule.head.relation}\` on the partition its key says.`, (s, a) => {
        const ls = locs(s, a);
        const h = headArgs(s, env, a);
        return { assert: and([a.body, together(ls), not(eq(ls[0]!, location(s, rule.head.relation, h)))]), facts: [...bodyFacts(a), spec(rule.head.relation, h, 'head')] };
      });
    }
  }
  return out;
}

function readsLocally(rules: readonly IrRule[], relation: string): boolean {
  return rules.some((r) => atoms(r).some((a) => a.relation === relation));
}

export function counterexampleOf(o: PartitionObligation, model: SmtModel, ruleText: string): PartitionCounterexample {
  const value = (term: string, sort: string): Value => {
    const lit = parseValue(term);
    if (lit !== undefined) return lit;
    const v = model[term];
    if (v !== undefined) return v;
    return sort === 'Int' ? 0 : sort === 'Bool' ? false : '';
  };
  return {
    component: o.component,
    rule: o.rule,
    ruleText,
    kind: o.kind,
    facts: o.facts.map((f) => ({ relation: f.relation, tuple: f.args.map((a, i) => value(a, f.sorts[i]!)), role: f.role, key: f.key })),
  };
}

export interface PartitionCheck {
  readonly component: string;
  readonly policy: DistributionPolicy;
  readonly results: ObligationResult<PartitionObligation>[];
  readonly counterexamples: PartitionCounterexample[];
}

export async function checkPartitionObligations(ctx: AnalysisContext, component: string, policy: DistributionPolicy, fds: readonly Fd[], options: CheckOptions = {}): Promise<PartitionCheck> {
  const results = await discharge(partitionObligations(ctx, component, policy, fds), options);
  const counterexamples: PartitionCounterexample[] = [];
  for (const r of results) {
    if (r.verdict.kind === 'refuted') counterexamples.push(counterexampleOf(r.obligation, r.verdict.model, ctx.program.rules[r.obligation.rule]!.text));
  }
  return { component, policy, results, counterexamples };
}

export { not, or };
