/**
 * The parts of sealed partitioning's combiner that both of its forms share
 * (src/rewrite/partition-sealed.ts, and partition-sealed-rounds.ts for groups
 * sealed by a guard): summing the partitions' reports in partition order,
 * moving the rules that read the aggregate to the combiner, and assembling
 * the program and deployment.
 */
import type { BodyLit, Expr, Item, Rule } from '../syntax/ast.js';
import type { CheckedProgram, IrRule } from '../ir/types.js';
import { logicalAddress } from '../sim/address.js';
import type { ComponentPlacement, Deployment } from '../sim/deployment.js';
import { assemble, assign, atom, binary, freshVar, head, int, rule, ruleVars, sections, v, wildcard } from './ast.js';
import { finish } from './engine.js';
import type { ProgramState } from './types.js';

/** The relations of the summing chain. */
export interface SumNames {
  /** `reported(j, g...)`: partition j reported for group g. */
  readonly reported: string;
  /** `some(g...)`: some partition reported for group g (`some(true)` without group attributes). */
  readonly some: string;
  /** `at(g..., j, x)`: partition j's value for group g, 0 when it reported nothing. */
  readonly at: string;
  /** `upto(g..., j, t)`: the sum over partitions 0..j. */
  readonly upto: string;
  /** The edb pairing each node of the partitioned component with its combiner. */
  readonly pair: string;
}

/**
 * Rules of the combiner that sum, per group, the newest value each partition
 * reported (`valueRel(j, g..., x)`) into the aggregate `aggHead`: a partition
 * that reported nothing of the group counts 0, so it never blocks the merge.
 */
export function sumOverPartitions(
  n: SumNames,
  valueRel: string,
  aggHead: string,
  valueName: string,
  groupVars: (vars: Set<string>) => string[],
  withValue: (g: readonly string[], value: Expr) => Expr[],
): Rule[] {
  const vars = new Set<string>();
  const j = freshVar(vars, 'j');
  const g = groupVars(vars);
  const x = freshVar(vars, valueName);
  const t = freshVar(vars, 't');
  const t0 = freshVar(vars, 't0');
  const h = freshVar(vars, 'h');
  const k = freshVar(vars, 'k');
  const me = freshVar(vars, 'me');
  const o = freshVar(vars, 'o');
  const gs = g.map(v);
  const someArgs = g.length ? gs : [{ kind: 'bool', value: true, span: v('x').span } as Expr];
  return [
    rule(head(n.reported, [v(j), ...gs]), ':-', [atom(valueRel, [v(j), ...gs, wildcard()])]),
    rule(head(n.some, someArgs), ':-', [atom(valueRel, [wildcard(), ...gs, wildcard()])]),
    rule(head(n.at, [...gs, v(j), v(x)]), ':-', [atom(valueRel, [v(j), ...gs, v(x)])]),
    rule(head(n.at, [...gs, v(j), int(0)]), ':-', [atom(n.some, someArgs), atom('self', [v(me)]), atom(n.pair, [v(o), v(me)]), atom('partition_of', [v(o), v(j), wildcard()]), atom(n.reported, [v(j), ...gs], true)]),
    rule(head(n.upto, [...gs, int(0), v(x)]), ':-', [atom(n.at, [...gs, int(0), v(x)])]),
    rule(head(n.upto, [...gs, v(j), v(t)]), ':-', [atom(n.upto, [...gs, v(h), v(t0)]), assign(j, binary('+', v(h), int(1))), atom(n.at, [...gs, v(j), v(x)]), assign(t, binary('+', v(t0), v(x)))]),
    rule(head(aggHead, withValue(g, v(t))), ':-', [atom(n.upto, [...gs, v(h), v(t)]), atom('self', [v(me)]), atom(n.pair, [v(o), v(me)]), atom('partition_count', [v(o), v(k)]), assign(h, binary('-', v(k), int(1)))]),
  ];
}

/**
 * The program with `component`'s rules replaced by `partitionRules` and a new
 * component `combiner` holding `combinerRules` plus the rules that read the
 * aggregate (`moved`, unchanged but for `self`, which still means the
 * partitioned component's node: the one paired with this combiner), one
 * combiner per instance, paired by `pair`.
 */
export function withCombiner(
  state: ProgramState,
  program: CheckedProgram,
  x: { component: string; combiner: string; instances: number; pair: string; moved: readonly IrRule[]; decls: readonly Item[]; partitionRules: Rule[]; combinerRules: Rule[]; tag: string },
): ProgramState {
  const sec = sections(state.ast);
  const irById = new Map(program.rules.map((r) => [r.id, r]));
  const combinerRules = [...x.combinerRules];
  for (const ir of x.moved) {
    const src = irById.get(ir.id)!.source!;
    const vars = ruleVars(src);
    const body: BodyLit[] = [];
    for (const l of src.body) {
      if (l.kind === 'atom' && l.relation === 'self' && !l.negated && l.args[0]?.kind === 'var') {
        const me = freshVar(vars, 'me');
        body.push(atom('self', [v(me)]), atom(x.pair, [l.args[0], v(me)]));
      } else body.push(l);
    }
    combinerRules.push({ ...src, body });
  }
  const components = sec.components.flatMap((c) => (c.name === x.component ? [{ name: x.component, rules: x.partitionRules }, { name: x.combiner, rules: combinerRules }] : [c]));
  const placements = new Map<string, ComponentPlacement>();
  for (const c of components) placements.set(c.name, state.deployment.components.get(c.name) ?? { instances: x.instances, partitions: 1 });
  const edb = new Map(state.deployment.edb);
  edb.set(x.pair, Array.from({ length: x.instances }, (_, i) => [logicalAddress(x.component, i), logicalAddress(x.combiner, i)]));
  const deployment: Deployment = { components: placements, edb };
  return finish({ ast: assemble({ decls: [...sec.decls, ...x.decls], components }), deployment, notes: [] }, x.tag);
}
