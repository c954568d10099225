/**
 * Monotonicity of moved rules as Z3 obligations (the side condition of
 * monotonic decoupling, CALM). A rule is monotonic when adding facts never
 * takes back what it derived. For a rule that negates a changing relation,
 * the question Z3 gets is the violation itself:
 *
 *   are there facts I (one binding of the rule's positive atoms, the negated
 *   fact absent) and one more fact n (a fact the negation must see) such that
 *   the head is derived from I, and no binding of the rule derives that head
 *   from I ∪ {n}?
 *
 * `unsat` proves the rule monotonic in that negation (whatever the facts);
 * `sat` gives I, n and the head: on a component that receives n later than
 * the rest (the new channel of a decoupling), the head is derived before n
 * arrives where the original, holding n in the same tick, derives nothing.
 *
 * For an aggregation whose running value is used other than as a threshold,
 * the added facts are a second binding in the same group, with an aggregated
 * value that changes the result (`count`: a new member; `max`: a larger one;
 * `min`: a smaller one; `sum`: a non-zero one): the head with the value from
 * I is no longer derived from I' ⊇ I.
 *
 * "Not derived from I'" is encoded exactly for the finite I': a universally
 * quantified second copy of the rule whose positive atoms must each be one of
 * I's facts (or n) and whose negated atoms must miss them all.
 */
import type { CheckedProgram, IrRule, Value } from '../ir/types.js';
import { encodeRule, headArgs, encodeExpr, type EncodeEnv, type RuleCopy } from '../smt/encode.js';
import { and, eq, not, or, Script, sortOf, symbol } from '../smt/script.js';
import { parseValue } from '../smt/z3.js';
import { isConstant } from '../analysis/scope.js';
import type { SmtModel } from '../smt/verdict.js';

/** A fact of a monotonicity counterexample, as the model's terms. */
export interface MonotonicFactSpec {
  readonly relation: string;
  readonly args: readonly string[];
  readonly sorts: readonly string[];
  /** `before`: in I; `late`: the fact added to I (arriving late); `head`: derived from I, not from I ∪ late. */
  readonly role: 'before' | 'late' | 'head';
}

export interface MonotonicObligation {
  readonly id: string;
  readonly kind: 'decouple-monotonic';
  readonly sentence: string;
  readonly smt: string;
  readonly rule: number;
  /** The relation whose late facts are asked about. */
  readonly relation: string;
  /** It crosses the new channel (forwarded, or derived from what is forwarded): its facts really may arrive late. */
  readonly crosses: boolean;
  readonly facts: readonly MonotonicFactSpec[];
}

export interface MonotonicSite {
  readonly program: CheckedProgram;
  readonly env: Pick<EncodeEnv, 'singletons' | 'constants'>;
  /** Where the rules move from and to (for ids and sentences). */
  readonly component: string;
  readonly into: string;
  /** The moved rules. */
  readonly rules: readonly IrRule[];
  /** Relations whose facts reach the moved rules later than before (forwarded, and what the moved rules derive from them). */
  readonly late: ReadonlySet<string>;
  /** Aggregate head relations whose running value is used other than as a threshold (the syntactic check's findings). */
  readonly nonThresholdAggregates: ReadonlySet<string>;
}

const sortsOf = (program: CheckedProgram, relation: string): string[] => program.relations.get(relation)!.attrs.map((a) => sortOf(a.type));

interface Fact {
  readonly relation: string;
  readonly args: readonly string[];
}

const sameFact = (a: readonly string[], b: readonly string[]): string => and(a.map((x, i) => eq(x, b[i]!)));

/** The constants of a copy, to be bound by a quantifier (slots and wildcard placeholders). */
function copyConstants(copy: RuleCopy, program: CheckedProgram): { name: string; sort: string }[] {
  const types = new Map<string, string>();
  copy.slots.forEach((c) => types.set(c, ''));
  const out: { name: string; sort: string }[] = [];
  const slotSorts = slotSortsOf(copy.rule);
  copy.slots.forEach((c, i) => out.push({ name: c, sort: slotSorts[i]! }));
  copy.rule.body.forEach((l, i) => {
    if (l.kind !== 'atom') return;
    const args = copy.atomArgs.get(i)!;
    const sorts = sortsOf(program, l.relation);
    l.args.forEach((a, j) => {
      if (a.kind === 'wildcard' && !types.has(args[j]!)) {
        types.set(args[j]!, sorts[j]!);
        out.push({ name: args[j]!, sort: sorts[j]! });
      }
    });
  });
  return out;
}

function slotSortsOf(rule: IrRule): string[] {
  const sorts: string[] = new Array<string>(rule.slotCount).fill('Int');
  const visit = (e: unknown): void => {
    if (!e || typeof e !== 'object') return;
    const o = e as { kind?: string; slot?: number; type?: 'int' | 'bool' | 'string' | 'loc' };
    if (o.kind === 'var' && o.slot !== undefined && o.type) sorts[o.slot] = sortOf(o.type);
    for (const v of Object.values(e)) if (v && typeof v === 'object') visit(v);
  };
  visit(rule.body);
  visit(rule.head);
  return sorts;
}

/** Positive atoms of changing relations (by body index) with their arguments in a copy. */
function changingAtoms(program: CheckedProgram, copy: RuleCopy, negated: boolean): { index: number; fact: Fact }[] {
  const out: { index: number; fact: Fact }[] = [];
  copy.rule.body.forEach((l, i) => {
    if (l.kind === 'atom' && l.negated === negated && !isConstant(program, l.relation)) out.push({ index: i, fact: { relation: l.relation, args: copy.atomArgs.get(i)! } });
  });
  return out;
}

/**
 * "No binding of the rule derives `head` from `facts`": a universally
 * quantified copy whose positive changing atoms are each one of `facts` and
 * whose negated ones miss them all cannot have `head` as its head.
 */
function notDerivable(s: Script, env: EncodeEnv, rule: IrRule, tag: string, facts: readonly Fact[], head: readonly string[], dest: string | undefined, aggregateIndex: number | undefined): string {
  const b = encodeRule(s, env, rule, tag);
  const pos = changingAtoms(env.program, b, false).map(({ fact }) => or(facts.filter((f) => f.relation === fact.relation).map((f) => sameFact(fact.args, f.args))));
  const neg = changingAtoms(env.program, b, true).map(({ fact }) => and(facts.filter((f) => f.relation === fact.relation).map((f) => not(sameFact(fact.args, f.args)))));
  const bHead = rule.head.args.map((a, i) => (i === aggregateIndex || a.kind === 'aggregate' ? undefined : encodeExpr(s, env, a, b.slots)));
  const heads = bHead.flatMap((x, i) => (x === undefined ? [] : [eq(x, head[i]!)]));
  if (dest !== undefined && rule.head.dest) heads.push(eq(b.slots[rule.head.dest.slot]!, dest));
  const bound = copyConstants(b, env.program);
  const inner = and([b.body, ...pos, ...neg, ...heads]);
  return bound.length === 0 ? not(inner) : `(forall (${bound.map((x) => `(${x.name} ${x.sort})`).join(' ')}) ${not(inner)})`;
}

function negationObligation(site: MonotonicSite, rule: IrRule, index: number): MonotonicObligation {
  const program = site.program;
  const env: EncodeEnv = { program, singletons: site.env.singletons, ...(site.env.constants ? { constants: site.env.constants } : {}), fds: new Map() };
  const lit = rule.body[index]!;
  if (lit.kind !== 'atom') throw new Error('bug: not an atom');
  const crosses = site.late.has(lit.relation);
  const s = new Script();
  const id = `decouple.${symbol(site.component)}.${symbol(site.into)}.r${rule.id}.mono${index}`;
  const sentence = `Rule \`${rule.text}\` is monotonic in \`${lit.relation}\`: no facts from which it derives its head stop deriving it when a fact of \`${lit.relation}\` is added${crosses ? ` (\`${lit.relation}\` crosses the new channel ${site.component} -> ${site.into}: its facts may arrive after the rest)` : ''}.`;
  s.comment(`${id}: ${sentence}`);
  s.comment('A violation: facts I (one binding of the positive atoms) derive the head; I plus one fact n of the negated relation does not.');
  const a = encodeRule(s, env, rule, 'a');
  const before = changingAtoms(program, a, false).map((x) => x.fact);
  const late: Fact = { relation: lit.relation, args: a.atomArgs.get(index)! };
  const head = headArgs(s, env, a);
  const dest = rule.head.dest ? a.slots[rule.head.dest.slot]! : undefined;
  s.assert(a.body, 'the rule fires on I (its positive facts and tests hold)');
  for (const n of changingAtoms(program, a, true)) {
    const clash = before.filter((f) => f.relation === n.fact.relation).map((f) => not(sameFact(n.fact.args, f.args)));
    if (clash.length) s.assert(and(clash), `its negation of \`${n.fact.relation}\` sees no fact of I`);
  }
  s.assert(notDerivable(s, env, rule, 'b', [...before, late], head, dest, rule.head.aggregateIndex), `no binding derives the same head from I plus n = ${lit.relation}(...)`);
  const facts: MonotonicFactSpec[] = [
    ...before.map((f) => ({ relation: f.relation, args: f.args, sorts: sortsOf(program, f.relation), role: 'before' as const })),
    { relation: late.relation, args: late.args, sorts: sortsOf(program, late.relation), role: 'late' },
    { relation: rule.head.relation, args: head, sorts: sortsOf(program, rule.head.relation), role: 'head' },
  ];
  return { id, kind: 'decouple-monotonic', sentence, smt: s.text(), rule: rule.id, relation: lit.relation, crosses, facts };
}

function aggregateObligation(site: MonotonicSite, rule: IrRule): MonotonicObligation | null {
  const program = site.program;
  const k = rule.head.aggregateIndex;
  const agg = k === undefined ? undefined : rule.head.args[k];
  if (k === undefined || agg?.kind !== 'aggregate') return null;
  const env: EncodeEnv = { program, singletons: site.env.singletons, ...(site.env.constants ? { constants: site.env.constants } : {}), fds: new Map() };
  const s = new Script();
  const body = rule.body.flatMap((l) => (l.kind === 'atom' && !l.negated && !isConstant(program, l.relation) ? [l.relation] : []));
  const relation = body.find((r) => site.late.has(r)) ?? body[0] ?? rule.head.relation;
  const crosses = body.some((r) => site.late.has(r));
  const id = `decouple.${symbol(site.component)}.${symbol(site.into)}.r${rule.id}.agg`;
  const sentence = `Rule \`${rule.text}\` is monotonic: no facts from which it derives its ${agg.fn} stop deriving that value when more facts of its group arrive${crosses ? ` (\`${relation}\` crosses the new channel ${site.component} -> ${site.into})` : ''}; its running value is used other than as a threshold.`;
  s.comment(`${id}: ${sentence}`);
  const a = encodeRule(s, env, rule, 'a');
  const c = encodeRule(s, env, rule, 'c');
  const headA = headArgs(s, env, a);
  const group = rule.head.args.flatMap((x, i) => (i === k || x.kind === 'aggregate' ? [] : [eq(encodeExpr(s, env, x, a.slots), encodeExpr(s, env, x, c.slots))]));
  const va = a.slots[agg.arg.slot]!;
  const vc = c.slots[agg.arg.slot]!;
  const changes = agg.fn === 'count' ? not(eq(va, vc)) : agg.fn === 'max' ? `(> ${vc} ${va})` : agg.fn === 'min' ? `(< ${vc} ${va})` : not(eq(vc, '0'));
  s.assert(a.body, 'one binding: the aggregate over I');
  s.assert(c.body, 'a second binding: the facts that arrive later');
  s.assert(and(group), 'in the same group');
  s.assert(changes, `with a value that changes the ${agg.fn}`);
  s.assert(eq(headA[k]!, agg.fn === 'count' ? '1' : va), `the head derived from I carries the ${agg.fn} over I`);
  const before = changingAtoms(program, a, false).map((x) => x.fact);
  const later = changingAtoms(program, c, false).map((x) => x.fact);
  for (const n of [...changingAtoms(program, a, true), ...changingAtoms(program, c, true)]) {
    const clash = [...before, ...later].filter((f) => f.relation === n.fact.relation).map((f) => not(sameFact(n.fact.args, f.args)));
    if (clash.length) s.assert(and(clash), `the negation of \`${n.fact.relation}\` sees none of the facts`);
  }
  const facts: MonotonicFactSpec[] = [
    ...before.map((f) => ({ relation: f.relation, args: f.args, sorts: sortsOf(program, f.relation), role: 'before' as const })),
    ...later.map((f) => ({ relation: f.relation, args: f.args, sorts: sortsOf(program, f.relation), role: 'late' as const })),
    { relation: rule.head.relation, args: headA, sorts: sortsOf(program, rule.head.relation), role: 'head' },
  ];
  return { id, kind: 'decouple-monotonic', sentence, smt: s.text(), rule: rule.id, relation, crosses, facts };
}

/**
 * One obligation per negation of a changing relation in a moved rule, and
 * one per aggregation whose running value is used other than as a
 * threshold. Those that cross the new channel come first.
 */
export function monotonicObligations(site: MonotonicSite): MonotonicObligation[] {
  const out: MonotonicObligation[] = [];
  for (const rule of site.rules) {
    rule.body.forEach((l, i) => {
      if (l.kind === 'atom' && l.negated && !isConstant(site.program, l.relation)) out.push(negationObligation(site, rule, i));
    });
    if (rule.head.aggregateIndex !== undefined && site.nonThresholdAggregates.has(rule.head.relation) && rule.body.some((l) => l.kind === 'atom' && !isConstant(site.program, l.relation))) {
      const o = aggregateObligation(site, rule);
      if (o) out.push(o);
    }
  }
  return [...out.filter((o) => o.crosses), ...out.filter((o) => !o.crosses)];
}

/** The facts of a refuted monotonicity obligation, with the model's values. */
export function monotonicCounterexample(o: MonotonicObligation, model: SmtModel): { relation: string; tuple: Value[]; role: MonotonicFactSpec['role'] }[] {
  const value = (term: string, sort: string): Value => {
    const lit = parseValue(term);
    if (lit !== undefined) return lit;
    const v = model[term];
    if (v !== undefined) return v;
    return sort === 'Int' ? 0 : sort === 'Bool' ? false : '';
  };
  return o.facts.map((f) => ({ relation: f.relation, tuple: f.args.map((x, i) => value(x, f.sorts[i]!)), role: f.role }));
}
