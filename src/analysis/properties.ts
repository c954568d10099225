/**
 * Properties of a rule set that decide which rewrite applies (see the rewrite
 * catalog in ARCHITECTURE.md): monotonic, functional, state machine, and
 * independence of two rule sets. Each verdict carries its reasons, so a
 * report can say why not.
 */
import type { CheckedProgram, IrRule } from '../ir/types.js';
import { atoms, isConstant, localHeads, scopeInputs, type Scope } from './scope.js';

export interface Property {
  readonly holds: boolean;
  /** Why not (empty when it holds); or, when it holds, what it relies on. */
  readonly reasons: readonly string[];
}

const prop = (reasons: string[], notes: string[] = []): Property => ({ holds: reasons.length === 0, reasons: [...new Set(reasons.length ? reasons : notes)] });

/**
 * Monotonic (CALM): no negation of a relation that can change, and no
 * aggregation over one, except `count`/`max` results used only as thresholds
 * (`n >= k`, or equality with a constant-derived value such as a quorum
 * size), which only ever become true as the set grows.
 */
export function monotonic(program: CheckedProgram, scope: Scope): Property {
  const reasons: string[] = [];
  const notes: string[] = [];
  const thresholdOk = new Set<string>();
  for (const r of scope.rules) {
    if (r.head.aggregateIndex === undefined) continue;
    const agg = r.head.args[r.head.aggregateIndex];
    const overConst = atoms(r).every((a) => isConstant(program, a.relation));
    if (overConst) continue;
    if (agg?.kind !== 'aggregate' || (agg.fn !== 'count' && agg.fn !== 'max')) {
      reasons.push(`rule \`${r.text}\` aggregates with ${agg?.kind === 'aggregate' ? agg.fn : '?'} over facts that change`);
      continue;
    }
    const bad = thresholdUses(program, scope, r.head.relation, r.head.aggregateIndex);
    if (bad.length > 0) reasons.push(...bad);
    else thresholdOk.add(r.head.relation);
  }
  for (const r of scope.rules) {
    for (const a of atoms(r)) {
      if (a.negated && !isConstant(program, a.relation)) reasons.push(`rule \`${r.text}\` negates \`${a.relation}\``);
    }
  }
  if (thresholdOk.size > 0) notes.push(`threshold tests over growing aggregates: ${[...thresholdOk].join(', ')}`);
  const unpersisted = scopeInputs(program, scope).filter((i) => !persistsUnconditionally(scope.rules, i));
  if (unpersisted.length > 0) notes.push(`inputs not persisted (monotonic decoupling persists them on arrival): ${unpersisted.join(', ')}`);
  return prop(reasons, notes);
}

/** Uses of an aggregate attribute that are not threshold tests. */
function thresholdUses(program: CheckedProgram, scope: Scope, relation: string, index: number): string[] {
  const out: string[] = [];
  for (const r of scope.rules) {
    for (const a of atoms(r)) {
      if (a.relation !== relation) continue;
      if (a.negated) {
        out.push(`rule \`${r.text}\` negates aggregate \`${relation}\``);
        continue;
      }
      const arg = a.args[index];
      if (arg?.kind !== 'var') continue;
      const slot = arg.slot;
      const inHead = r.head.args.some((h) => h.kind === 'var' && h.slot === slot);
      if (inHead) out.push(`rule \`${r.text}\` passes on the running aggregate of \`${relation}\``);
      for (const l of r.body) {
        if (l.kind === 'compare') {
          const left = l.left.kind === 'var' && l.left.slot === slot;
          const right = l.right.kind === 'var' && l.right.slot === slot;
          if (!left && !right) continue;
          const grows = (left && (l.op === '>=' || l.op === '>')) || (right && (l.op === '<=' || l.op === '<'));
          if (!grows) out.push(`rule \`${r.text}\` compares the aggregate of \`${relation}\` with ${l.op}, not a threshold`);
        } else if (l.kind === 'atom' && l !== a && l.args.some((x) => x.kind === 'var' && x.slot === slot)) {
          if (!isConstant(program, l.relation) && localHeads(scope).has(l.relation) === false) {
            out.push(`rule \`${r.text}\` joins the aggregate of \`${relation}\` with \`${l.relation}\``);
          }
        } else if (l.kind === 'assign' && l.value.kind !== 'const' && JSON.stringify(l.value).includes(`"slot":${slot}`)) {
          out.push(`rule \`${r.text}\` computes with the aggregate of \`${relation}\``);
        }
      }
    }
  }
  return out;
}

function persistsUnconditionally(rules: readonly IrRule[], relation: string): boolean {
  return rules.some(
    (r) =>
      r.kind === 'next' &&
      r.head.relation === relation &&
      r.body.length === 1 &&
      r.body[0]?.kind === 'atom' &&
      !r.body[0].negated &&
      r.body[0].relation === relation,
  );
}

/** Functional: no negation or aggregation over changing facts, and at most one changing relation per rule body. */
export function functional(program: CheckedProgram, scope: Scope): Property {
  const reasons: string[] = [];
  for (const r of scope.rules) {
    const changing = atoms(r).filter((a) => !isConstant(program, a.relation));
    if (changing.some((a) => a.negated)) reasons.push(`rule \`${r.text}\` has a negation`);
    if (r.head.aggregateIndex !== undefined && changing.length > 0) reasons.push(`rule \`${r.text}\` aggregates`);
    const positive = new Set(changing.filter((a) => !a.negated).map((a) => a.relation));
    if (positive.size > 1) reasons.push(`rule \`${r.text}\` joins ${positive.size} relations (${[...positive].join(', ')})`);
  }
  return prop(reasons);
}

export { stateMachine } from './state-machine.js';

export interface Independence {
  /** Neither reads what the other derives, and they share no changing relation. */
  readonly mutual: boolean;
  /** `a` reads nothing `b` derives. */
  readonly aIgnoresB: boolean;
  /** `b` reads nothing `a` derives. */
  readonly bIgnoresA: boolean;
  readonly reasons: readonly string[];
}

export function independence(program: CheckedProgram, a: readonly IrRule[], b: readonly IrRule[], ignore: ReadonlySet<string> = new Set()): Independence {
  const heads = (rs: readonly IrRule[]): Set<string> => new Set(rs.filter((r) => r.kind !== 'async').map((r) => r.head.relation));
  const reads = (rs: readonly IrRule[]): Set<string> => new Set(rs.flatMap((r) => atoms(r).map((x) => x.relation)).filter((x) => !isConstant(program, x) && !ignore.has(x)));
  const ha = heads(a);
  const hb = heads(b);
  const ra = reads(a);
  const rb = reads(b);
  const reasons: string[] = [];
  const aReadsB = [...ra].filter((x) => hb.has(x));
  const bReadsA = [...rb].filter((x) => ha.has(x));
  const shared = [...ra].filter((x) => rb.has(x) && !ha.has(x) && !hb.has(x));
  if (aReadsB.length) reasons.push(`the first reads ${aReadsB.join(', ')}, derived by the second`);
  if (bReadsA.length) reasons.push(`the second reads ${bReadsA.join(', ')}, derived by the first`);
  if (shared.length) reasons.push(`both read ${shared.join(', ')}`);
  return { mutual: reasons.length === 0, aIgnoresB: aReadsB.length === 0, bIgnoresA: bReadsA.length === 0, reasons };
}
