/**
 * Z3 checks the inferred FDs inductively: assuming every candidate FD of
 * every relation, each rule that defines r must give its head r's FD
 * (`head[to] = def(head)`). Candidates that fail are dropped and the rest are
 * checked again, until stable. What survives holds of every fact ever
 * derived, at any node and tick, by induction on derivations.
 */
import { definingRules, fdId, fdsByRelation, type Fd } from '../analysis/fds.js';
import type { AnalysisContext } from '../analysis/scope.js';
import { printTerm } from '../analysis/term.js';
import { encodeRule, encodeTerm, headArgs, type EncodeEnv } from '../smt/encode.js';
import { and, not, eq, or, Script } from '../smt/script.js';
import { discharge, type CheckOptions, type Obligation, type ObligationResult } from './obligation.js';

export interface FdObligation extends Obligation {
  readonly kind: 'fd-preserved';
  readonly fd: Fd;
}

export function fdObligation(ctx: AnalysisContext, fd: Fd, assumed: readonly Fd[]): FdObligation {
  const program = ctx.program;
  const env: EncodeEnv = { program, singletons: ctx.singletons, constants: ctx.constants, fds: fdsByRelation(assumed) };
  const s = new Script();
  const rel = program.relations.get(fd.relation)!;
  const id = `fd.${fdId(fd, program).replace(/[^A-Za-z0-9_,.-]/g, '.')}`;
  const sentence = `Every fact of \`${fd.relation}\` has ${rel.attrs[fd.to]!.name} = ${printTerm(fd.def)}: each rule deriving it keeps this, assuming the FDs of its body.`;
  s.comment(`${id}: ${sentence}`);
  s.comment('Assumed FDs: ' + (assumed.map((f) => fdId(f, program)).join(', ') || 'none'));
  const cases: string[] = [];
  (definingRules(program).get(fd.relation) ?? []).forEach((rule, n) => {
    const copy = encodeRule(s, env, rule, `r${rule.id}`);
    const head = headArgs(s, env, copy);
    s.comment(`case ${n}: rule ${rule.id}: ${rule.text}`);
    cases.push(and([copy.body, not(eq(head[fd.to]!, encodeTerm(s, env, fd.def, (i) => head[i]!)))]));
  });
  s.assert(or(cases), 'some rule derives a fact that breaks the FD');
  return { id, kind: 'fd-preserved', sentence, smt: s.text(), fd };
}

export interface FdCheck {
  /** FDs proved (jointly inductive). */
  readonly proved: Fd[];
  /** The last round's results: every obligation of the surviving set, plus the ones dropped on the way. */
  readonly results: ObligationResult<FdObligation>[];
}

export async function checkFds(ctx: AnalysisContext, candidates: readonly Fd[], options: CheckOptions = {}): Promise<FdCheck> {
  let current = [...candidates];
  const dropped: ObligationResult<FdObligation>[] = [];
  for (;;) {
    const results = await discharge(
      current.map((fd) => fdObligation(ctx, fd, current)),
      options,
    );
    const failed = results.filter((r) => r.verdict.kind !== 'proved');
    if (failed.length === 0) return { proved: current, results: [...dropped, ...results] };
    dropped.push(...failed);
    const bad = new Set(failed.map((r) => r.obligation.fd));
    current = current.filter((fd) => !bad.has(fd));
  }
}

/** The FDs relevant to a set of relations: theirs, and those of every relation their defining rules read. */
export function relevantFds(ctx: AnalysisContext, all: readonly Fd[], relations: Iterable<string>): Fd[] {
  const defining = definingRules(ctx.program);
  const seen = new Set<string>();
  const todo = [...relations];
  while (todo.length) {
    const r = todo.pop()!;
    if (seen.has(r)) continue;
    seen.add(r);
    for (const rule of defining.get(r) ?? []) for (const l of rule.body) if (l.kind === 'atom') todo.push(l.relation);
  }
  return all.filter((fd) => seen.has(fd.relation));
}
