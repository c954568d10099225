/**
 * The compiled form of a rule body: a flat list of steps run by the machine
 * (machine.ts), one nested loop per scan. Every step has the same shape so the
 * machine's dispatch stays monomorphic.
 */
import type { ArithOp, CmpOp, TypeName } from '../syntax/ast.js';
import type { Value } from '../ir/types.js';
import type { HashIndex, Table } from './table.js';

export const enum StepKind {
  /** Loop over the tuple ids of a range, checking key columns by comparison. */
  ScanRange,
  /** Loop over the group of a hash index that matches the key. */
  ScanIndex,
  /** Fails if the (fully bound) tuple is in the table. */
  NegTuple,
  /** Fails if the index has a group for the key. */
  NegIndex,
  /** Fails if the table has any tuple. */
  NegAny,
  /** Slot equality / inequality (ids compare like values). */
  SlotsEq,
  SlotsNe,
  /** A comparison on values. */
  Compare,
  /** Binds a slot to the value of an expression. */
  Assign,
  /** Fails unless a bound slot equals the value of an expression. */
  Check,
}

/** Which tuple ids of a table a scan reads in the current round. */
export const enum Range {
  /** `[0, hi)`: everything known at the start of the round. */
  Full,
  /** `[0, lo)`: facts known before the last round. */
  Old,
  /** `[lo, hi)`: facts new in the last round. */
  Delta,
}

export const enum ExprKind {
  /** A rule variable or a constant: both live in binding slots. */
  Slot,
  Binary,
  Call,
}

export const enum CallKind {
  /** The built-in `hash`. */
  Hash,
  /** A `.fn` bound by the deployment. */
  Impl,
  /** An unbound `.fn`: {@link fnHash}. */
  FnHash,
}

/** A compiled expression. */
export class CExpr {
  constructor(
    readonly kind: ExprKind,
    readonly slot: number,
    readonly op: ArithOp,
    readonly left: CExpr | null,
    readonly right: CExpr | null,
    readonly callKind: CallKind,
    readonly fn: string,
    readonly args: readonly CExpr[],
    readonly type: TypeName,
    readonly impl: ((...args: Value[]) => Value) | null,
  ) {}
}

/** One step of a compiled body. Unused fields hold neutral values. */
export class Step {
  constructor(
    readonly kind: StepKind,
    readonly table: Table | null,
    readonly index: HashIndex | null,
    readonly range: Range,
    /** Columns compared with (or looked up by) `keySlots`. */
    readonly keyCols: Int32Array,
    readonly keySlots: Int32Array,
    /** Columns copied into fresh slots. */
    readonly bindCols: Int32Array,
    readonly bindSlots: Int32Array,
    /** Columns that must equal a slot bound earlier in the same atom (`r(x, x)`). */
    readonly eqCols: Int32Array,
    readonly eqSlots: Int32Array,
    readonly cmp: CmpOp,
    readonly left: CExpr | null,
    readonly right: CExpr | null,
    /** Assign / Check target slot. */
    readonly slot: number,
    /** Slots compared by SlotsEq / SlotsNe. */
    readonly a: number,
    readonly b: number,
  ) {}
}

const EMPTY = new Int32Array(0);

/** A step with every field neutral except those given. */
export function step(kind: StepKind, fields: Partial<Omit<Step, 'kind'>>): Step {
  return new Step(
    kind,
    fields.table ?? null,
    fields.index ?? null,
    fields.range ?? Range.Full,
    fields.keyCols ?? EMPTY,
    fields.keySlots ?? EMPTY,
    fields.bindCols ?? EMPTY,
    fields.bindSlots ?? EMPTY,
    fields.eqCols ?? EMPTY,
    fields.eqSlots ?? EMPTY,
    fields.cmp ?? '==',
    fields.left ?? null,
    fields.right ?? null,
    fields.slot ?? -1,
    fields.a ?? -1,
    fields.b ?? -1,
  );
}
