/**
 * Join planning: turns a checked rule into step lists, one for a full
 * evaluation and one per semi-naive delta position.
 *
 * Where a run-time error can happen is fixed first, by {@link evaluationOrder}:
 * an order of the body in which a literal that can fail (an assignment or
 * comparison with arithmetic: division or remainder by zero, overflow) comes
 * after every literal written before it in the source (unless one of those
 * needs a variable only it binds). Such a literal is a barrier of the plan:
 * the literals before it in that order stay before it and those after stay
 * after, so it is evaluated on exactly the bindings that satisfy the literals
 * before it in that order, and whether a tick fails does not depend on the
 * join order. Between barriers, positive atoms are reordered for the join
 * (the delta atom first, then the atom with the most bound arguments) and
 * tests are placed as soon as their variables are bound.
 */
import type { FnImpl } from './types.js';
import type { IrAtom, IrExpr, IrLiteral, IrRule, Value } from '../ir/types.js';
import type { Interner } from './intern.js';
import type { Table } from './table.js';
import { CallKind, CExpr, ExprKind, Range, Step, StepKind, step } from './steps.js';

/** What the planner needs from the machine. */
export interface PlanEnv {
  readonly interner: Interner;
  /** The table of a relation (created on demand with this arity). */
  table(relation: string, arity: number): Table;
  /** Relations derived in the stratum being planned (read with delta ranges). */
  readonly current: ReadonlySet<string>;
  readonly fns: ReadonlyMap<string, FnImpl>;
  /** Whether `hash` is the built-in function in this program. */
  isBuiltinHash(fn: string): boolean;
}

/** Slot layout of one rule: its variables, then its constants. */
export class SlotLayout {
  /** Interned id of each constant slot, from `rule.slotCount` on. */
  readonly constIds: number[] = [];
  private readonly byId = new Map<number, number>();
  constructor(
    readonly rule: IrRule,
    private readonly interner: Interner,
  ) {}

  /** The slot holding constant `v`. */
  constSlot(v: Value): number {
    const id = this.interner.id(v);
    let s = this.byId.get(id);
    if (s === undefined) {
      s = this.rule.slotCount + this.constIds.length;
      this.constIds.push(id);
      this.byId.set(id, s);
    }
    return s;
  }

  get size(): number {
    return this.rule.slotCount + this.constIds.length;
  }

  /** A fresh binding array with the constant slots filled. */
  binding(): Int32Array {
    const b = new Int32Array(Math.max(this.size, 1));
    for (let i = 0; i < this.constIds.length; i++) b[this.rule.slotCount + i] = this.constIds[i] as number;
    return b;
  }
}

/** Compiles an expression; constants go to slots of `layout`. */
export function compileExpr(e: IrExpr, layout: SlotLayout, env: PlanEnv): CExpr {
  switch (e.kind) {
    case 'var':
      return new CExpr(ExprKind.Slot, e.slot, '+', null, null, CallKind.Hash, '', [], e.type, null);
    case 'const':
      return new CExpr(ExprKind.Slot, layout.constSlot(e.value), '+', null, null, CallKind.Hash, '', [], e.type, null);
    case 'binary':
      return new CExpr(
        ExprKind.Binary,
        -1,
        e.op,
        compileExpr(e.left, layout, env),
        compileExpr(e.right, layout, env),
        CallKind.Hash,
        '',
        [],
        'int',
        null,
      );
    case 'call': {
      const args = e.args.map((a) => compileExpr(a, layout, env));
      const impl = env.fns.get(e.fn);
      const kind = impl ? CallKind.Impl : env.isBuiltinHash(e.fn) ? CallKind.Hash : CallKind.FnHash;
      return new CExpr(ExprKind.Call, -1, '+', null, null, kind, e.fn, args, e.type, impl ?? null);
    }
  }
}

/** Whether evaluating `e` can fail (any arithmetic can overflow or divide by zero). */
export function exprCanFail(e: IrExpr): boolean {
  switch (e.kind) {
    case 'binary':
      return true;
    case 'call':
      return e.args.some(exprCanFail);
    default:
      return false;
  }
}

export function literalCanFail(l: IrLiteral): boolean {
  switch (l.kind) {
    case 'atom':
      return false;
    case 'compare':
      return exprCanFail(l.left) || exprCanFail(l.right);
    case 'assign':
      return exprCanFail(l.value);
  }
}

function exprSlots(e: IrExpr, out: number[]): number[] {
  switch (e.kind) {
    case 'var':
      out.push(e.slot);
      break;
    case 'binary':
      exprSlots(e.left, out);
      exprSlots(e.right, out);
      break;
    case 'call':
      for (const a of e.args) exprSlots(a, out);
      break;
    default:
      break;
  }
  return out;
}

/** Slots a non-binding literal needs bound before it runs. */
function neededSlots(l: IrLiteral): number[] {
  switch (l.kind) {
    case 'atom':
      return l.args.flatMap((a) => (a.kind === 'var' ? [a.slot] : []));
    case 'compare':
      return exprSlots(l.right, exprSlots(l.left, []));
    case 'assign':
      return exprSlots(l.value, []);
  }
}

function isPositiveAtom(l: IrLiteral): l is IrAtom {
  return l.kind === 'atom' && !l.negated;
}

/** Slots a literal binds when it runs with `bound` already bound. */
function boundBy(l: IrLiteral, bound: ReadonlySet<number>): number[] {
  if (isPositiveAtom(l)) return l.args.flatMap((a) => (a.kind === 'var' && !bound.has(a.slot) ? [a.slot] : []));
  if (l.kind === 'assign' && !bound.has(l.target.slot)) return [l.target.slot];
  return [];
}

/**
 * The order in which the body's literals are evaluated, as far as run-time
 * errors can tell: starting from the body as written (literal spans give the
 * source order; the checker's order breaks ties), repeatedly take
 *
 * 1. the first literal, in written order, that is a test (comparison,
 *    assignment, negated atom) whose variables are bound and, if it can fail,
 *    has no literal written before it left;
 * 2. otherwise the first positive atom left;
 * 3. otherwise (every literal left waits for a variable that only a literal
 *    that can fail binds) the first test whose variables are bound.
 *
 * So a literal that can fail never runs before a literal written before it,
 * unless that literal needs a variable it binds (`y > 2, y = x / 2`): a guard
 * written before a division always protects it. A guard written after it is
 * not guaranteed to (it runs first only if it is ready while the division
 * still waits for an earlier literal). Pure tests still run as early as
 * possible.
 * The planner keeps this order across every literal that can fail, and the
 * reference evaluator evaluates the body in exactly this order.
 */
export function evaluationOrder(rule: IrRule): IrLiteral[] {
  const written = rule.body
    .map((l, i) => ({ l, i }))
    .sort((a, b) => a.l.span.offset - b.l.span.offset || a.i - b.i)
    .map((x) => x.l);
  const remaining = written.slice();
  const bound = new Set<number>();
  const out: IrLiteral[] = [];
  const ready = (l: IrLiteral): boolean => neededSlots(l).every((s) => bound.has(s));
  while (remaining.length > 0) {
    let k = remaining.findIndex((l, j) => !isPositiveAtom(l) && ready(l) && (j === 0 || !literalCanFail(l)));
    if (k < 0) k = remaining.findIndex(isPositiveAtom);
    if (k < 0) k = remaining.findIndex(ready);
    if (k < 0) throw new Error(`bug: rule ${rule.id} (${rule.text}) has literals whose variables are never bound`);
    const [l] = remaining.splice(k, 1) as [IrLiteral];
    for (const s of boundBy(l, bound)) bound.add(s);
    out.push(l);
  }
  return out;
}

/**
 * Plans `rule`'s body, given in its {@link evaluationOrder}. `delta` is the
 * index in `body` of the atom read as the delta (null: a full evaluation);
 * positive atoms of current-stratum relations before it read old facts, those
 * after it all facts.
 */
export function planBody(rule: IrRule, body: readonly IrLiteral[], delta: number | null, layout: SlotLayout, env: PlanEnv): Step[] {
  const out: Step[] = [];
  const bound = new Set<number>();

  // Split the body at literals that can fail.
  const segments: number[][] = [[]];
  for (let i = 0; i < body.length; i++) {
    const l = body[i] as IrLiteral;
    if (literalCanFail(l)) segments.push([i], []);
    else (segments[segments.length - 1] as number[]).push(i);
  }

  const placeAtom = (i: number): void => {
    const atom = body[i] as IrAtom;
    out.push(atomStep(atom, i, delta, bound, layout, env));
  };

  for (const seg of segments) {
    const first = seg[0];
    if (seg.length === 1 && first !== undefined && literalCanFail(body[first] as IrLiteral)) {
      out.push(testStep(body[first] as IrLiteral, bound, layout, env));
      continue;
    }
    const remaining = new Set(seg);
    if (delta !== null && remaining.has(delta)) {
      placeAtom(delta);
      remaining.delete(delta);
    }
    for (;;) {
      // Place every test whose variables are bound, in written order.
      let progress = true;
      while (progress) {
        progress = false;
        for (const i of remaining) {
          const l = body[i] as IrLiteral;
          if (isPositiveAtom(l)) continue;
          if (neededSlots(l).every((s) => bound.has(s))) {
            out.push(testStep(l, bound, layout, env));
            remaining.delete(i);
            progress = true;
          }
        }
      }
      let best = -1;
      let bestScore = -1;
      for (const i of remaining) {
        const l = body[i] as IrLiteral;
        if (!isPositiveAtom(l)) continue;
        const score = l.args.filter((a) => a.kind === 'const' || (a.kind === 'var' && bound.has(a.slot))).length;
        if (score > bestScore) {
          best = i;
          bestScore = score;
        }
      }
      if (best < 0) break;
      placeAtom(best);
      remaining.delete(best);
    }
    if (remaining.size > 0) {
      throw new Error(`bug: rule ${rule.id} (${rule.text}) has literals whose variables are never bound`);
    }
  }
  return out;
}

function atomStep(
  atom: IrAtom,
  pos: number,
  delta: number | null,
  bound: Set<number>,
  layout: SlotLayout,
  env: PlanEnv,
): Step {
  const keyCols: number[] = [];
  const keySlots: number[] = [];
  const bindCols: number[] = [];
  const bindSlots: number[] = [];
  const eqCols: number[] = [];
  const eqSlots: number[] = [];
  const fresh = new Set<number>();
  atom.args.forEach((a, col) => {
    if (a.kind === 'const') {
      keyCols.push(col);
      keySlots.push(layout.constSlot(a.value));
    } else if (a.kind === 'var') {
      if (bound.has(a.slot)) {
        keyCols.push(col);
        keySlots.push(a.slot);
      } else if (fresh.has(a.slot)) {
        eqCols.push(col);
        eqSlots.push(a.slot);
      } else {
        fresh.add(a.slot);
        bindCols.push(col);
        bindSlots.push(a.slot);
      }
    }
  });
  for (const s of fresh) bound.add(s);
  const table = env.table(atom.relation, atom.args.length);
  let range = Range.Full;
  if (delta !== null && env.current.has(atom.relation)) {
    range = pos === delta ? Range.Delta : pos < delta ? Range.Old : Range.Full;
  }
  const fields = {
    table,
    range,
    keyCols: Int32Array.from(keyCols),
    keySlots: Int32Array.from(keySlots),
    bindCols: Int32Array.from(bindCols),
    bindSlots: Int32Array.from(bindSlots),
    eqCols: Int32Array.from(eqCols),
    eqSlots: Int32Array.from(eqSlots),
  };
  if (range === Range.Delta || keyCols.length === 0) return step(StepKind.ScanRange, fields);
  return step(StepKind.ScanIndex, { ...fields, index: table.index(keyCols) });
}

/** A step for a negated atom, a comparison or an assignment. */
function testStep(l: IrLiteral, bound: Set<number>, layout: SlotLayout, env: PlanEnv): Step {
  switch (l.kind) {
    case 'atom': {
      const table = env.table(l.relation, l.args.length);
      const keyCols: number[] = [];
      const keySlots: number[] = [];
      l.args.forEach((a, col) => {
        if (a.kind === 'const') {
          keyCols.push(col);
          keySlots.push(layout.constSlot(a.value));
        } else if (a.kind === 'var') {
          keyCols.push(col);
          keySlots.push(a.slot);
        }
      });
      if (keyCols.length === 0) return step(StepKind.NegAny, { table });
      const ks = Int32Array.from(keySlots);
      if (keyCols.length === l.args.length) return step(StepKind.NegTuple, { table, keySlots: ks });
      return step(StepKind.NegIndex, { table, index: table.index(keyCols), keySlots: ks });
    }
    case 'compare': {
      const left = compileExpr(l.left, layout, env);
      const right = compileExpr(l.right, layout, env);
      if (left.kind === ExprKind.Slot && right.kind === ExprKind.Slot && (l.op === '==' || l.op === '!=')) {
        return step(l.op === '==' ? StepKind.SlotsEq : StepKind.SlotsNe, { a: left.slot, b: right.slot });
      }
      return step(StepKind.Compare, { cmp: l.op, left, right });
    }
    case 'assign': {
      const value = compileExpr(l.value, layout, env);
      const slot = l.target.slot;
      if (bound.has(slot)) return step(StepKind.Check, { slot, left: value });
      bound.add(slot);
      return step(StepKind.Assign, { slot, left: value });
    }
  }
}
