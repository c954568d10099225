/**
 * Rules and terms as formulas. A rule body becomes a conjunction over fresh
 * constants (one per variable, per copy of the rule): shared variables are
 * one constant, constants are literals, `.fn` symbols and `hash` are
 * uninterpreted functions, arithmetic is integer arithmetic (`/` and `%`
 * truncate, as the evaluator does). Constant relations: a unary `.edb`
 * relation with one fact is a named constant, `self` is the node's address,
 * every other `.edb` or built-in relation is an uninterpreted predicate (the
 * same facts on every node). Facts of other relations are free, except that
 * they satisfy the functional dependencies assumed of their relation.
 */
import type { CheckedProgram, IrAtom, IrExpr, IrRule, Value } from '../ir/types.js';
import type { TypeName } from '../syntax/ast.js';
import type { Fd } from '../analysis/fds.js';
import type { Term } from '../analysis/term.js';
import { and, eq, literal, not, sortOf, symbol, type Script, type Sort } from './script.js';

export interface EncodeEnv {
  readonly program: CheckedProgram;
  /** Unary `.edb` relations with exactly one fact. */
  readonly singletons: ReadonlySet<string>;
  /** Their values, when known: used as literals (keeps `% buckets` linear). */
  readonly constants?: ReadonlyMap<string, Value>;
  /** FDs assumed of every fact, by relation. */
  readonly fds: ReadonlyMap<string, readonly Fd[]>;
}

/** One copy of a rule in a script. */
export interface RuleCopy {
  readonly rule: IrRule;
  readonly tag: string;
  /** SMT constant of each variable slot. */
  readonly slots: readonly string[];
  /** Arguments of each body literal that is an atom (by body index); wildcards get fresh constants. */
  readonly atomArgs: ReadonlyMap<number, readonly string[]>;
  /** The body, as one formula. */
  readonly body: string;
}

function slotTypes(rule: IrRule): TypeName[] {
  const types: TypeName[] = new Array<TypeName>(rule.slotCount).fill('int');
  const visit = (e: { kind: string; slot?: number; type?: TypeName; args?: readonly unknown[]; left?: unknown; right?: unknown; arg?: unknown }): void => {
    if (e.kind === 'var' && e.slot !== undefined && e.type) types[e.slot] = e.type;
    if (e.args) (e.args as typeof e[]).forEach(visit);
    if (e.left) visit(e.left as typeof e);
    if (e.right) visit(e.right as typeof e);
    if (e.arg) visit(e.arg as typeof e);
  };
  for (const l of rule.body) {
    if (l.kind === 'atom') l.args.forEach((a) => visit(a));
    else if (l.kind === 'compare') {
      visit(l.left);
      visit(l.right);
    } else {
      visit(l.target);
      visit(l.value);
    }
  }
  rule.head.args.forEach((a) => visit(a));
  if (rule.head.dest) visit(rule.head.dest);
  return types;
}

export function fnSymbol(s: Script, program: CheckedProgram, fn: string, argSorts: readonly Sort[], result: TypeName): string {
  if (fn === 'hash' && program.functions.get('hash')?.builtin !== false) {
    return s.declareFun(`hash_${argSorts[0] ?? 'Int'}`, argSorts, 'Int');
  }
  return s.declareFun(`fn_${symbol(fn)}`, argSorts, sortOf(result));
}

export function encodeExpr(s: Script, env: EncodeEnv, e: IrExpr, slots: readonly string[]): string {
  switch (e.kind) {
    case 'var':
      return slots[e.slot]!;
    case 'const':
      return literal(e.value);
    case 'call': {
      const args = e.args.map((a) => encodeExpr(s, env, a, slots));
      const f = fnSymbol(s, env.program, e.fn, e.args.map((a) => sortOf(a.type)), e.type);
      return `(${f} ${args.join(' ')})`;
    }
    case 'binary':
      return arith(e.op, encodeExpr(s, env, e.left, slots), encodeExpr(s, env, e.right, slots));
  }
}

function arith(op: string, a: string, b: string): string {
  return op === '/' ? `(tdiv ${a} ${b})` : op === '%' ? `(trem ${a} ${b})` : `(${op} ${a} ${b})`;
}

/** A term over a relation's attributes, with attribute i given by `attr(i)`. */
export function encodeTerm(s: Script, env: EncodeEnv, t: Term, attr: (i: number) => string): string {
  switch (t.kind) {
    case 'attr':
      return attr(t.index);
    case 'const':
      return literal(t.value);
    case 'edb': {
      const v = env.constants?.get(t.relation);
      return v !== undefined ? literal(v) : s.declareConst(`edb_${symbol(t.relation)}`, sortOf(t.type));
    }
    case 'call': {
      const args = t.args.map((a) => encodeTerm(s, env, a, attr));
      return `(${fnSymbol(s, env.program, t.fn, t.args.map((a) => sortOf(a.type)), t.type)} ${args.join(' ')})`;
    }
    case 'binary':
      return arith(t.op, encodeTerm(s, env, t.left, attr), encodeTerm(s, env, t.right, attr));
  }
}

/** The FD equations of one fact of `relation` with argument terms `args`. */
export function fdConstraints(s: Script, env: EncodeEnv, relation: string, args: readonly string[]): string[] {
  return (env.fds.get(relation) ?? []).map((fd) => eq(args[fd.to]!, encodeTerm(s, env, fd.def, (i) => args[i]!)));
}

function constantAtom(s: Script, env: EncodeEnv, atom: IrAtom, args: readonly string[]): string | null {
  const rel = env.program.relations.get(atom.relation);
  if (!rel || (rel.kind !== 'edb' && rel.kind !== 'builtin')) return null;
  const sorts = rel.attrs.map((a) => sortOf(a.type));
  if (atom.relation === 'self') return eq(args[0]!, s.declareConst('self_node', 'String'));
  if (env.singletons.has(atom.relation)) {
    const v = env.constants?.get(atom.relation);
    return eq(args[0]!, v !== undefined ? literal(v) : s.declareConst(`edb_${symbol(atom.relation)}`, sorts[0]!));
  }
  const p = s.declareFun(`rel_${symbol(atom.relation)}`, sorts, 'Bool');
  return args.length === 0 ? p : `(${p} ${args.join(' ')})`;
}

/**
 * Declares one copy of `rule` (constants suffixed with `tag`) and returns its
 * body formula: positive and constant atoms, tests and assignments; negated
 * atoms of changing relations are left out (they only say what is absent).
 */
export function encodeRule(s: Script, env: EncodeEnv, rule: IrRule, tag: string): RuleCopy {
  const types = slotTypes(rule);
  const slots = types.map((t, i) => s.declareConst(`${tag}_${symbol(rule.slotNames[i] ?? `v${i}`)}_${i}`, sortOf(t)));
  const parts: string[] = [];
  const atomArgs = new Map<number, string[]>();
  rule.body.forEach((l, i) => {
    if (l.kind === 'atom') {
      const args = l.args.map((a) => (a.kind === 'var' ? slots[a.slot]! : a.kind === 'const' ? literal(a.value) : s.fresh(`${tag}_w`, sortOf(a.type))));
      atomArgs.set(i, args);
      const c = constantAtom(s, env, l, args);
      if (c !== null) parts.push(l.negated ? not(c) : c);
      else if (!l.negated) parts.push(...fdConstraints(s, env, l.relation, args));
    } else if (l.kind === 'compare') {
      const a = encodeExpr(s, env, l.left, slots);
      const b = encodeExpr(s, env, l.right, slots);
      parts.push(compare(l.op, a, b, l.left.type));
    } else {
      parts.push(eq(slots[l.target.slot]!, encodeExpr(s, env, l.value, slots)));
    }
  });
  return { rule, tag, slots, atomArgs, body: and(parts) };
}

function compare(op: string, a: string, b: string, type: TypeName): string {
  if (op === '==') return eq(a, b);
  if (op === '!=') return not(eq(a, b));
  if (type === 'int') return `(${op} ${a} ${b})`;
  // Strings and locs order lexicographically.
  const lt = (x: string, y: string): string => `(str.< ${x} ${y})`;
  const le = (x: string, y: string): string => `(str.<= ${x} ${y})`;
  return op === '<' ? lt(a, b) : op === '<=' ? le(a, b) : op === '>' ? lt(b, a) : le(b, a);
}

/** Head argument terms of a copy (aggregate positions get a fresh constant). */
export function headArgs(s: Script, env: EncodeEnv, copy: RuleCopy): string[] {
  const rel = env.program.relations.get(copy.rule.head.relation)!;
  return copy.rule.head.args.map((a, i) => (a.kind === 'aggregate' ? s.fresh(`${copy.tag}_agg`, sortOf(rel.attrs[i]!.type)) : encodeExpr(s, env, a, copy.slots)));
}
