/**
 * Co-partition function soundness: for a CD found where two relations join
 * in a rule, Z3 checks that the rule's body (with the proved FDs) forces the
 * one side's attribute to equal the function of the other side's attributes.
 */
import { coPartitionDeps, type Cd } from '../analysis/cds.js';
import { keyedRelations } from '../analysis/keys.js';
import { componentScope } from '../analysis/scope.js';
import { fdsByRelation, type Fd } from '../analysis/fds.js';
import type { AnalysisContext } from '../analysis/scope.js';
import { printTerm } from '../analysis/term.js';
import { encodeRule, encodeTerm, type EncodeEnv } from '../smt/encode.js';
import { and, eq, not, Script, symbol } from '../smt/script.js';
import type { IrAtom } from '../ir/types.js';
import { discharge, type CheckOptions, type Obligation, type ObligationResult } from './obligation.js';

export interface CdObligation extends Obligation {
  readonly kind: 'cd-sound';
  readonly cd: Cd;
}

export function cdObligation(ctx: AnalysisContext, cd: Cd, fds: readonly Fd[]): CdObligation {
  const program = ctx.program;
  const rule = program.rules[cd.rule]!;
  const env: EncodeEnv = { program, singletons: ctx.singletons, constants: ctx.constants, fds: fdsByRelation(fds) };
  const toRel = program.relations.get(cd.to)!;
  const id = `cd.r${cd.rule}.${symbol(cd.to)}.${symbol(toRel.attrs[cd.attr]!.name)}.from.${symbol(cd.from)}`;
  const sentence = `Wherever \`${cd.from}\` and \`${cd.to}\` join in rule \`${rule.text}\`, ${cd.to}.${toRel.attrs[cd.attr]!.name} = ${printTerm(cd.fn)} of the \`${cd.from}\` fact.`;
  const s = new Script();
  s.comment(`${id}: ${sentence}`);
  const copy = encodeRule(s, env, rule, 'a');
  const idx = (rel: string): number => rule.body.findIndex((l) => l.kind === 'atom' && !l.negated && (l as IrAtom).relation === rel);
  const fromArgs = copy.atomArgs.get(idx(cd.from))!;
  const toArgs = copy.atomArgs.get(idx(cd.to))!;
  s.assert(and([copy.body, not(eq(toArgs[cd.attr]!, encodeTerm(s, env, cd.fn, (i) => fromArgs[i]!)))]), 'a join where the function does not hold');
  return { id, kind: 'cd-sound', sentence, smt: s.text(), cd };
}

export async function checkCds(ctx: AnalysisContext, cds: readonly Cd[], fds: readonly Fd[], options: CheckOptions = {}): Promise<ObligationResult<CdObligation>[]> {
  return discharge(cds.map((cd) => cdObligation(ctx, cd, fds)), options);
}

/** The CDs of a component worth checking: between relations that are spread over partitions (not the ones every partition derives alike). */
export function componentCds(ctx: AnalysisContext, component: string, fds: readonly Fd[]): Cd[] {
  const scope = componentScope(ctx.program, component);
  const kr = keyedRelations(ctx, scope);
  return coPartitionDeps(ctx, scope, fdsByRelation(fds)).filter((c) => !kr.replicated.includes(c.from) && !kr.replicated.includes(c.to));
}
