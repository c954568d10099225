/**
 * Terms over a relation's attributes: what a partition key, a functional
 * dependency's definition and a co-partition function are written in.
 * `attr` names an attribute of the relation the term is about; `edb` is the
 * value of a unary `.edb` relation that holds exactly one fact (a deployment
 * constant, e.g. `buckets`).
 */
import type { ArithOp, TypeName } from '../syntax/ast.js';
import type { Value } from '../ir/types.js';

export type Term =
  | { readonly kind: 'attr'; readonly index: number; readonly name: string; readonly type: TypeName }
  | { readonly kind: 'const'; readonly value: Value; readonly type: TypeName }
  | { readonly kind: 'edb'; readonly relation: string; readonly type: TypeName }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Term[]; readonly type: TypeName }
  | { readonly kind: 'binary'; readonly op: ArithOp; readonly left: Term; readonly right: Term; readonly type: 'int' };

const PREC: Record<ArithOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2 };

/** Canonical text: `hash(value) % buckets`, `txn`, `"commit"`. */
export function printTerm(t: Term): string {
  switch (t.kind) {
    case 'attr':
      return t.name;
    case 'edb':
      return t.relation;
    case 'const':
      return typeof t.value === 'string' ? JSON.stringify(t.value) : String(t.value);
    case 'call':
      return `${t.fn}(${t.args.map(printTerm).join(', ')})`;
    case 'binary': {
      const wrap = (x: Term, right: boolean): string => {
        const s = printTerm(x);
        if (x.kind !== 'binary') return s;
        const p = PREC[x.op];
        return p < PREC[t.op] || (right && p === PREC[t.op]) ? `(${s})` : s;
      };
      return `${wrap(t.left, false)} ${t.op} ${wrap(t.right, true)}`;
    }
  }
}

export function termEquals(a: Term, b: Term): boolean {
  return printTerm(a) === printTerm(b) && a.type === b.type;
}

/** Attribute indexes a term reads. */
export function termAttrs(t: Term, out: Set<number> = new Set()): Set<number> {
  if (t.kind === 'attr') out.add(t.index);
  else if (t.kind === 'call') t.args.forEach((a) => termAttrs(a, out));
  else if (t.kind === 'binary') {
    termAttrs(t.left, out);
    termAttrs(t.right, out);
  }
  return out;
}

/** Unary `.edb` relations a term reads. */
export function termEdbs(t: Term, out: Set<string> = new Set()): Set<string> {
  if (t.kind === 'edb') out.add(t.relation);
  else if (t.kind === 'call') t.args.forEach((a) => termEdbs(a, out));
  else if (t.kind === 'binary') {
    termEdbs(t.left, out);
    termEdbs(t.right, out);
  }
  return out;
}

/** Replace every `attr` by `f(attr)`. */
export function mapAttrs(t: Term, f: (a: Extract<Term, { kind: 'attr' }>) => Term): Term {
  switch (t.kind) {
    case 'attr':
      return f(t);
    case 'call':
      return { ...t, args: t.args.map((a) => mapAttrs(a, f)) };
    case 'binary':
      return { ...t, left: mapAttrs(t.left, f), right: mapAttrs(t.right, f) };
    default:
      return t;
  }
}
