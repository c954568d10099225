/**
 * The syntax tree of a `.ded` file. Every node carries the span it was parsed
 * from; two trees are compared for equality with `stripSpans` (see equal.ts).
 */
import type { Span } from './span.js';

export const TYPES = ['int', 'string', 'bool', 'loc'] as const;
export type TypeName = (typeof TYPES)[number];

export const AGGREGATES = ['count', 'sum', 'min', 'max'] as const;
export type AggregateFn = (typeof AGGREGATES)[number];

export const ARITH_OPS = ['+', '-', '*', '/', '%'] as const;
export type ArithOp = (typeof ARITH_OPS)[number];

export const CMP_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type CmpOp = (typeof CMP_OPS)[number];

/** `:-` this tick, `:+` next tick, `:~` later, at another node. */
export type RuleOp = ':-' | ':+' | ':~';

// ---------------------------------------------------------------- expressions

export interface VarExpr { readonly kind: 'var'; readonly name: string; readonly span: Span }
/** `_`: a fresh unnamed variable. */
export interface WildcardExpr { readonly kind: 'wildcard'; readonly span: Span }
export interface IntExpr { readonly kind: 'int'; readonly value: number; readonly span: Span }
export interface StringExpr { readonly kind: 'string'; readonly value: string; readonly span: Span }
export interface BoolExpr { readonly kind: 'bool'; readonly value: boolean; readonly span: Span }
export interface CallExpr { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly span: Span }
export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: ArithOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}
/** `count<p>`: legal only as a whole argument of a rule head. */
export interface AggregateExpr {
  readonly kind: 'aggregate';
  readonly fn: AggregateFn;
  readonly arg: VarExpr;
  readonly span: Span;
}

export type Expr = VarExpr | WildcardExpr | IntExpr | StringExpr | BoolExpr | CallExpr | BinaryExpr | AggregateExpr;
export type ConstExpr = IntExpr | StringExpr | BoolExpr;

// ---------------------------------------------------------------- rules

export interface Head {
  readonly relation: string;
  readonly relationSpan: Span;
  /** `h@d(...)`: the destination variable of an asynchronous rule. */
  readonly dest?: VarExpr;
  readonly args: readonly Expr[];
  readonly span: Span;
}

/** `r(x, _, 3)` or `!r(x, _)`. */
export interface AtomLit {
  readonly kind: 'atom';
  readonly negated: boolean;
  readonly relation: string;
  readonly relationSpan: Span;
  readonly args: readonly Expr[];
  readonly span: Span;
}

/** `x < y`, `a != b`, `n == 3`. */
export interface CompareLit {
  readonly kind: 'compare';
  readonly op: CmpOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `n = m + 1`: binds `n` if it is not yet bound, otherwise tests equality. */
export interface AssignLit {
  readonly kind: 'assign';
  readonly target: Expr;
  readonly value: Expr;
  readonly span: Span;
}

export type BodyLit = AtomLit | CompareLit | AssignLit;

export interface Rule {
  readonly kind: 'rule';
  readonly head: Head;
  readonly op: RuleOp;
  readonly body: readonly BodyLit[];
  readonly span: Span;
}

// ---------------------------------------------------------------- declarations

export interface AttrDecl { readonly name: string; readonly type: TypeName; readonly span: Span }

/** `.input`, `.output`, `.decl`, `.edb`. */
export type RelationRole = 'input' | 'output' | 'decl' | 'edb';

export interface RelationDecl {
  readonly kind: 'relation';
  readonly role: RelationRole;
  readonly name: string;
  readonly nameSpan: Span;
  readonly attrs: readonly AttrDecl[];
  readonly span: Span;
}

/** `.fn sign(x: string) -> string` */
export interface FnDecl {
  readonly kind: 'fn';
  readonly name: string;
  readonly nameSpan: Span;
  readonly params: readonly AttrDecl[];
  readonly result: TypeName;
  readonly span: Span;
}

/** `.persist r`: sugar for `r(x1..xn) :+ r(x1..xn)` wherever r is used. */
export interface PersistDecl { readonly kind: 'persist'; readonly relation: string; readonly nameSpan: Span; readonly span: Span }

/** `.component NAME`: the rules that follow run on every instance of NAME. */
export interface ComponentDecl { readonly kind: 'component'; readonly name: string; readonly nameSpan: Span; readonly span: Span }

export type Item = RelationDecl | FnDecl | PersistDecl | ComponentDecl | Rule;

/** A whole file, items in source order. Comments are not kept. */
export interface Program { readonly items: readonly Item[] }
