/**
 * The checked program: relations resolved and typed, variables numbered, every
 * rule's body in a safe evaluation order, strata per component, and the
 * relation dependency graph. Analyses, rewrites and the evaluator read this.
 */
import type { AggregateFn, ArithOp, CmpOp, Program, Rule, TypeName } from '../syntax/ast.js';
import type { Span } from '../syntax/span.js';

/** A run-time value. `loc` values are strings (node or client addresses). */
export type Value = number | string | boolean;
export type Tuple = readonly Value[];

export interface Attr { readonly name: string; readonly type: TypeName }

/**
 * Where a relation's facts come from. `builtin` relations (`self`, one per
 * component, `partition_of`, ...) are supplied by the deployment, like `edb`.
 */
export type RelationKind = 'input' | 'output' | 'decl' | 'edb' | 'builtin';

export interface Relation {
  readonly name: string;
  readonly kind: RelationKind;
  readonly attrs: readonly Attr[];
  /** The declaration (absent for built-ins). */
  readonly span?: Span;
  /** Declared with `.persist`. */
  readonly persisted: boolean;
}

export interface FnInfo {
  readonly name: string;
  /** Parameter types; `null` means one argument of any type (`hash`). */
  readonly params: readonly TypeName[] | null;
  readonly result: TypeName;
  readonly builtin: boolean;
  readonly span?: Span;
}

// ---------------------------------------------------------------- rule parts

/** A variable, numbered within its rule: slot i of the rule's binding array. */
export interface IrVar { readonly kind: 'var'; readonly slot: number; readonly name: string; readonly type: TypeName }
export interface IrConst { readonly kind: 'const'; readonly value: Value; readonly type: TypeName }
export interface IrWildcard { readonly kind: 'wildcard'; readonly type: TypeName }
export interface IrCall { readonly kind: 'call'; readonly fn: string; readonly args: readonly IrExpr[]; readonly type: TypeName }
export interface IrBinary {
  readonly kind: 'binary';
  readonly op: ArithOp;
  readonly left: IrExpr;
  readonly right: IrExpr;
  readonly type: 'int';
}

export type IrExpr = IrVar | IrConst | IrCall | IrBinary;
/** An argument of a body atom. */
export type IrArg = IrVar | IrConst | IrWildcard;

/**
 * A positive atom binds every variable of it not bound before; a negated atom
 * only tests (its variables are bound before it, wildcards aside).
 */
export interface IrAtom {
  readonly kind: 'atom';
  readonly negated: boolean;
  readonly relation: string;
  readonly args: readonly IrArg[];
  readonly span: Span;
}
/** Both sides are bound when it is evaluated. */
export interface IrCompare { readonly kind: 'compare'; readonly op: CmpOp; readonly left: IrExpr; readonly right: IrExpr; readonly span: Span }
/** Binds `target` (unbound until here) to the value of `value`. */
export interface IrAssign { readonly kind: 'assign'; readonly target: IrVar; readonly value: IrExpr; readonly span: Span }

export type IrLiteral = IrAtom | IrCompare | IrAssign;

export interface IrAggregate { readonly kind: 'aggregate'; readonly fn: AggregateFn; readonly arg: IrVar; readonly type: TypeName }
export type IrHeadArg = IrExpr | IrAggregate;

export interface IrHead {
  readonly relation: string;
  /** Destination of an async rule: a bound `loc` variable. */
  readonly dest?: IrVar;
  readonly args: readonly IrHeadArg[];
  /** Index in `args` of the aggregate, if the head has one. */
  readonly aggregateIndex?: number;
}

export type RuleKind = 'sync' | 'next' | 'async';

export interface IrRule {
  /** Index in `CheckedProgram.rules`; stable for a given program text. */
  readonly id: number;
  readonly component: string;
  readonly kind: RuleKind;
  readonly head: IrHead;
  /**
   * The body in a safe evaluation order: each literal's needed variables are
   * bound by the literals before it. (Source order is in `source`.)
   */
  readonly body: readonly IrLiteral[];
  /** Number of variable slots (named variables; wildcards take none). */
  readonly slotCount: number;
  readonly slotNames: readonly string[];
  /** Sync rules: stratum of the head within the component. Others: -1. */
  readonly stratum: number;
  readonly span: Span;
  /** Canonical text of the rule, for traces and messages. */
  readonly text: string;
  /** The rule as written; absent for rules made from `.persist`. */
  readonly source?: Rule;
  /** Set on rules generated from a `.persist r` declaration. */
  readonly fromPersist?: boolean;
}

// ---------------------------------------------------------------- graph

export interface DepEdge {
  /** Body relation. */
  readonly from: string;
  /** Head relation. */
  readonly to: string;
  readonly rule: number;
  readonly component: string;
  readonly kind: RuleKind;
  readonly negated: boolean;
  /** The head aggregates over this body. */
  readonly aggregated: boolean;
}

export interface DepGraph {
  readonly relations: readonly string[];
  readonly edges: readonly DepEdge[];
}

export interface ComponentInfo {
  readonly name: string;
  readonly span: Span;
  /** Ids of the rules of this component, in source order. */
  readonly rules: readonly number[];
  /**
   * Relations derived by sync rules of this component, stratum by stratum:
   * everything in strata[i] depends only positively on strata[<= i] and
   * negatively or through aggregation on strata[< i].
   */
  readonly strata: readonly (readonly string[])[];
}

export interface CheckedProgram {
  readonly ast: Program;
  readonly relations: ReadonlyMap<string, Relation>;
  readonly functions: ReadonlyMap<string, FnInfo>;
  readonly components: ReadonlyMap<string, ComponentInfo>;
  readonly rules: readonly IrRule[];
  readonly graph: DepGraph;
}
