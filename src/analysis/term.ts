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

/**
 * A key on several attributes at once, written `(client, id)` in policies and
 * reports: `hash(client) * 31 + hash(id)` (and so on, folding from the left),
 * a function of the tuple that the rewrite can route by, the evaluator can
 * compute and Z3 can encode like any other key. Equal tuples always get equal
 * keys, which is all locality needs.
 */
export function compoundKey(items: readonly Term[]): Term {
  const h = (t: Term): Term => ({ kind: 'call', fn: 'hash', args: [t], type: 'int' });
  let acc = h(items[0]!);
  for (const t of items.slice(1)) acc = { kind: 'binary', op: '+', left: { kind: 'binary', op: '*', left: acc, right: { kind: 'const', value: 31, type: 'int' }, type: 'int' }, right: h(t), type: 'int' };
  return acc;
}

/** The items of a compound key, or undefined for any other term. */
export function compoundItems(t: Term): Term[] | undefined {
  const hashed = (x: Term): Term | undefined => (x.kind === 'call' && x.fn === 'hash' && x.args.length === 1 ? x.args[0] : undefined);
  if (t.kind !== 'binary' || t.op !== '+') return undefined;
  const last = hashed(t.right);
  const l = t.left;
  if (!last || l.kind !== 'binary' || l.op !== '*' || l.right.kind !== 'const' || l.right.value !== 31) return undefined;
  const first = hashed(l.left);
  if (first) return [first, last];
  const more = compoundItems(l.left);
  return more ? [...more, last] : undefined;
}

/** A key as policies write it: `(client, id)` for a compound key, else the term. */
export function printKey(t: Term): string {
  const items = compoundItems(t);
  return items ? `(${items.map(printTerm).join(', ')})` : printTerm(t);
}
