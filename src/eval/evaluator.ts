/**
 * The tick evaluator: one tick of one node of a component, as LANGUAGE.md
 * ("One tick of one node") defines it.
 *
 * A component is compiled once ({@link compileComponent}): every rule gets a
 * join plan for a full evaluation and, for recursive rules, one per delta
 * position. Each tick then loads the given facts, evaluates the `:-` rules to
 * fixpoint stratum by stratum (semi-naive within a stratum, joins through
 * hash indexes built lazily per relation and column set, values interned to
 * integers), and finally runs the `:+` and `:~` rules once.
 *
 * Determinism: the result depends only on the input. When several rules
 * derive the same fact, the lowest rule id is reported (`ObservedOutput.rule`,
 * `SentMessage.rule`); a fact that was given is reported with `rule: null`
 * even if a rule derives it too. When a tick has several run-time errors,
 * which one is reported is unspecified, but whether there is one is not:
 * a literal that can fail (arithmetic: division or remainder by zero,
 * overflow) runs on exactly the bindings that satisfy the literals before it
 * in the rule's evaluation order (plan.ts, `evaluationOrder`), which never
 * puts it before a literal written before it in the body (unless that
 * literal needs a variable it binds), whatever the join order.
 *
 * Result shape: `facts` and `next` hold only relations with at least one
 * fact, each tuple once; `facts` includes the given facts and excludes EDB
 * and built-in relations (`.edb`, `self`, component lists, ...; a relation
 * the program does not know is EDB if it came in `TickInput.edb`). Given
 * tuples are returned as the same objects. Tuples are in derivation order,
 * which is deterministic but not part of the contract: compare as sets.
 */
import type { CheckedProgram, IrRule, Tuple, Value } from '../ir/types.js';
import type {
  CarriedFacts,
  EvalError,
  Fact,
  FactMap,
  FnImpl,
  ObservedOutput,
  SentMessage,
  StepInput,
  StepOutcome,
  StepResult,
  TickInput,
  TickOutcome,
  TickResult,
} from './types.js';
import type { AggregateFn } from '../syntax/ast.js';
import { Interner, InternerFull } from './intern.js';
import { InternedFacts, type InternedRelation } from './interned.js';
import { Table } from './table.js';
import { CExpr, CallKind, ExprKind, Range, Step, StepKind } from './steps.js';
import { SlotLayout, compileExpr, evaluationOrder, planBody, type PlanEnv } from './plan.js';
import { arith, arithErrorMessage, compareOp, foldAggregate } from './values.js';
import { fnHash, hash } from './hash.js';

/**
 * A compiled component: call {@link ComponentEvaluator.tick} once per tick,
 * or, to keep a node's facts interned between its ticks,
 * {@link ComponentEvaluator.step} with the `next` of the node's previous step.
 */
export interface ComponentEvaluator {
  readonly component: string;
  /** Evaluates one tick. Pure: the outcome depends only on `input`. */
  tick(input: TickInput): TickOutcome;
  /**
   * Evaluates one tick like `tick` (see {@link StepInput} for the
   * equivalent `TickInput`), taking the carried and constant facts in
   * interned form and returning the carried ones that way. Pure as well:
   * the outcome depends only on the facts the input holds. The outputs,
   * messages and next facts are those `tick` gives, in the same order.
   */
  step(input: StepInput): StepOutcome;
  /**
   * Interns facts once for many steps (a node's constant facts, or facts to
   * carry into its first tick); duplicates are dropped. Throws (a bug) on a
   * tuple whose length is not its relation's arity.
   */
  prepare(facts: FactMap): CarriedFacts;
}

// The step kinds as plain module constants: read in the machine's hottest
// switch, where a property read of an imported enum (when the enum is not
// inlined by the compiler) costs more than the step.
const SCAN_RANGE = StepKind.ScanRange;
const SCAN_INDEX = StepKind.ScanIndex;
const NEG_TUPLE = StepKind.NegTuple;
const NEG_INDEX = StepKind.NegIndex;
const NEG_ANY = StepKind.NegAny;
const SLOTS_EQ = StepKind.SlotsEq;
const SLOTS_NE = StepKind.SlotsNe;
const COMPARE = StepKind.Compare;
const ASSIGN = StepKind.Assign;
const CHECK = StepKind.Check;
const RANGE_DELTA = Range.Delta;
const RANGE_OLD = Range.Old;
const EXPR_SLOT = ExprKind.Slot;
const EXPR_BINARY = ExprKind.Binary;
const EXPR_CALL = ExprKind.Call;
const CALL_HASH = CallKind.Hash;
const CALL_IMPL = CallKind.Impl;

/**
 * The interner is truncated to the plans' constants when it holds this many
 * more values: it is shared by every tick of the evaluator (every node and
 * run of a simulation), and a large map makes each lookup slower.
 */
const INTERNER_SLACK = 1 << 16;

/**
 * Compiles the rules of `component` of a checked program. `fns` binds `.fn`
 * functions to implementations; unbound ones evaluate with `fnHash`.
 * Throws only on a bug (an unknown component, or a program the checker should
 * have rejected, such as negation within a stratum). `tick` throws only on a
 * bug too: a given fact whose length is not its relation's arity, or an
 * exception from a bound `.fn` implementation (passed through). A tick that
 * derives without end (a recursive rule making ever new values) stops with an
 * error naming the rule, at its facts budget (`maxFacts`) or, without one,
 * when the interner is full (`MAX_INTERNED` distinct values).
 */
export function compileComponent(
  program: CheckedProgram,
  component: string,
  fns: ReadonlyMap<string, FnImpl> = new Map(),
  limits: EvaluatorLimits = {},
): ComponentEvaluator {
  return new Machine(program, component, fns, limits);
}

/** Limits of an evaluator itself (the per-tick facts budget is `TickInput.maxFacts`). */
export interface EvaluatorLimits {
  /** Most distinct values the interner holds (default `MAX_INTERNED`, near what a Map can hold); smaller in tests. */
  readonly maxValues?: number;
}

/** A run-time error, thrown inside the machine and returned by `tick`. */
class TickAbort {
  constructor(readonly error: EvalError) {}
}

/** Where a relation's facts live during a tick. */
interface RelState {
  readonly name: string;
  readonly table: Table;
  /** EDB or built-in: read by rules, never reported in `facts`. */
  readonly edb: boolean;
  readonly output: boolean;
  /**
   * The given tuple objects, by tuple id (given tuples are loaded first):
   * `given[0 .. givenCount)`, null for a tuple that came interned (decode
   * it). Entries from `givenCount` on are stale (not cleared, to save work).
   */
  readonly given: (Tuple | null)[];
  givenCount: number;
  /** A rule of the component reads or derives it (known when the component is compiled). */
  read: boolean;
}

interface Aggregation {
  readonly fn: AggregateFn;
  /** Column of the aggregate in the sink tuple. */
  readonly col: number;
  /** (group columns..., value) per distinct binding. */
  readonly collect: Table;
}

interface HeadPlan {
  /** Where head tuples go (for `:~`: column 0 is the destination). */
  readonly sink: Table;
  /** Expressions of the sink columns (aggregated heads: group columns, then the aggregated variable). */
  readonly exprs: readonly CExpr[];
  /** Facts inserted in the sink count against the tick's facts budget (`:-` and `:+` heads; not messages). */
  readonly counted: boolean;
  readonly scratch: Int32Array;
  readonly agg: Aggregation | null;
}

interface RulePlan {
  readonly rule: IrRule;
  readonly binding: Int32Array;
  readonly full: readonly Step[];
  /** Semi-naive variants: run when `table` has a non-empty delta. */
  readonly deltas: readonly { readonly table: Table; readonly steps: readonly Step[] }[];
  readonly head: HeadPlan;
  /**
   * For a rule that copies a relation unchanged (`r(x, y) :+ r(x, y)`, as
   * `.persist` makes): that relation's table, copied row by row in order
   * without binding variables (the same inserts the plan would make).
   */
  readonly copyOf: Table | null;
}

interface Stratum {
  readonly tables: readonly Table[];
  readonly rules: readonly RulePlan[];
}

class Machine implements ComponentEvaluator {
  readonly component: string;
  private readonly program: CheckedProgram;
  private readonly interner: Interner;
  /** `interner.values` (replaced when the interner is truncated). */
  private vals: Value[];
  private readonly rels = new Map<string, RelState>();
  private readonly relList: RelState[] = [];
  private readonly strata: Stratum[] = [];
  private readonly effects: RulePlan[] = [];
  private readonly nextTables = new Map<string, Table>();
  private readonly sentTables = new Map<string, Table>();
  /** Interned ids below this are constants of the plans and survive every tick. */
  private readonly keepIds: number;
  private scratch = new Int32Array(8);
  private readonly argBuf: Value[] = [];
  /** The rule being evaluated, for error reports (-1: none yet this tick). */
  private curRule = -1;
  /** Facts of this tick so far that count against the budget: given and derived (EDB and messages excluded), and carried to the next tick. */
  private factCount = 0;
  /** The tick's facts budget. */
  private maxFacts = Infinity;

  constructor(program: CheckedProgram, component: string, fns: ReadonlyMap<string, FnImpl>, limits: EvaluatorLimits) {
    this.interner = new Interner(limits.maxValues);
    this.program = program;
    this.component = component;
    this.vals = this.interner.values;
    const info = program.components.get(component);
    if (!info) throw new Error(`bug: no component '${component}' in the program`);
    const hashFn = program.functions.get('hash');
    const current = new Set<string>();
    const env: PlanEnv = {
      interner: this.interner,
      table: (name, arity) => this.rel(name, arity).table,
      current,
      fns,
      isBuiltinHash: (fn) => fn === 'hash' && (hashFn === undefined || hashFn.builtin),
    };

    const rules = info.rules.map((id) => {
      const r = program.rules[id];
      if (!r || r.id !== id) throw new Error(`bug: rule ${id} missing or misnumbered`);
      return r;
    });
    const sync = rules.filter((r) => r.kind === 'sync');
    const nStrata = Math.max(info.strata.length, ...sync.map((r) => r.stratum + 1));
    for (let s = 0; s < nStrata; s++) {
      const members = sync.filter((r) => r.stratum === s);
      current.clear();
      for (const name of info.strata[s] ?? []) current.add(name);
      for (const r of members) current.add(r.head.relation);
      const plans = members.map((r) => this.planRule(r, env, current));
      const tables = [...current].map((name) => this.rel(name, this.arityOf(name, members)).table);
      this.strata.push({ tables, rules: plans });
    }
    current.clear();
    for (const r of rules) if (r.kind !== 'sync') this.effects.push(this.planRule(r, env, current));
    this.keepIds = this.interner.size;
    for (const rs of this.relList) rs.read = true;
  }

  // ------------------------------------------------------------ compilation

  private arityOf(name: string, rules: readonly IrRule[]): number {
    const known = this.program.relations.get(name);
    if (known) return known.attrs.length;
    const r = rules.find((x) => x.head.relation === name);
    return r ? r.head.args.length : 0;
  }

  /** The state of relation `name`, created on first use. */
  private rel(name: string, arity: number, fromEdb = false): RelState {
    let rs = this.rels.get(name);
    if (!rs) {
      const known = this.program.relations.get(name);
      const kind = known?.kind;
      rs = {
        name,
        table: new Table(known ? known.attrs.length : arity),
        edb: kind === 'edb' || kind === 'builtin' || (kind === undefined && fromEdb),
        output: kind === 'output',
        given: [],
        givenCount: 0,
        read: false,
      };
      this.rels.set(name, rs);
      this.relList.push(rs);
    }
    return rs;
  }

  private planRule(rule: IrRule, env: PlanEnv, current: ReadonlySet<string>): RulePlan {
    const layout = new SlotLayout(rule, this.interner);
    const body = evaluationOrder(rule);
    const recursive: number[] = [];
    body.forEach((l, i) => {
      if (l.kind !== 'atom' || !current.has(l.relation)) return;
      if (l.negated) throw new Error(`bug: rule ${rule.id} negates '${l.relation}' of its own stratum`);
      recursive.push(i);
    });
    if (rule.head.aggregateIndex !== undefined && recursive.length > 0) {
      throw new Error(`bug: rule ${rule.id} aggregates over '${rule.head.relation}''s own stratum`);
    }
    const full = planBody(rule, body, null, layout, env);
    const deltas = recursive.map((i) => {
      const atom = body[i];
      if (atom?.kind !== 'atom') throw new Error('unreachable');
      return { table: this.rel(atom.relation, atom.args.length).table, steps: planBody(rule, body, i, layout, env) };
    });
    const head = this.planHead(rule, layout, env);
    const copied = rule.kind === 'next' ? copiedRelation(rule) : null;
    const copyOf = copied === null ? null : this.rel(copied, rule.head.args.length).table;
    return { rule, binding: layout.binding(), full, deltas, head, copyOf };
  }

  private planHead(rule: IrRule, layout: SlotLayout, env: PlanEnv): HeadPlan {
    const h = rule.head;
    const exprs: CExpr[] = [];
    if (rule.kind === 'async') {
      if (!h.dest) throw new Error(`bug: async rule ${rule.id} has no destination`);
      exprs.push(compileExpr(h.dest, layout, env));
    }
    let sink: Table;
    const arity = h.args.length;
    if (rule.kind === 'sync') sink = this.rel(h.relation, arity).table;
    else if (rule.kind === 'next') sink = tableIn(this.nextTables, h.relation, arity);
    else sink = tableIn(this.sentTables, h.relation, arity + 1);
    let agg: Aggregation | null = null;
    let value: CExpr | null = null;
    let fn: AggregateFn = 'count';
    let col = -1;
    for (const a of h.args) {
      if (a.kind === 'aggregate') {
        fn = a.fn;
        col = exprs.length;
        value = compileExpr(a.arg, layout, env);
      } else exprs.push(compileExpr(a, layout, env));
    }
    if (value !== null) {
      exprs.push(value);
      agg = { fn, col, collect: new Table(exprs.length) };
    }
    return { sink, exprs, counted: rule.kind !== 'async', scratch: new Int32Array(Math.max(exprs.length, sink.arity, 1)), agg };
  }

  // ------------------------------------------------------------ one tick

  tick(input: TickInput): TickOutcome {
    this.reset(input.maxFacts);
    try {
      this.load(input.facts, false);
      this.load(input.edb, true);
      this.checkGiven();
      this.evaluate();
    } catch (e) {
      return { ok: false, error: this.aborted(e) };
    }
    return { ok: true, result: this.result() };
  }

  step(input: StepInput): StepOutcome {
    this.reset(input.maxFacts);
    try {
      // The order of `tick`'s input: carried facts, then delivered ones, then constants.
      if (input.carried !== null) this.loadInterned(this.current(input.carried), false);
      this.loadDelivered(input.delivered);
      this.loadInterned(this.current(input.edb), true);
      this.checkGiven();
      this.evaluate();
    } catch (e) {
      return { ok: false, error: this.aborted(e) };
    }
    return { ok: true, result: this.stepResult() };
  }

  /** The error a tick ended with, from what it threw (rethrown when it is a bug). */
  private aborted(e: unknown): EvalError {
    if (e instanceof TickAbort) return e.error;
    if (e instanceof InternerFull) {
      return {
        rule: this.curRule,
        message: `the tick made more than ${e.capacity} distinct values (the most the evaluator holds)${this.curRule >= 0 ? ': the rule derives without end' : ''}`,
        limit: { kind: 'values', limit: e.capacity },
      };
    }
    throw e;
  }

  /** Ends the tick when its given facts alone are over the budget. */
  private checkGiven(): void {
    if (this.factCount > this.maxFacts) this.overBudget(-1);
  }

  /** Ends the tick: one more fact than its budget, while `rule` (-1: none) was deriving. */
  private overBudget(rule: number): never {
    const limit = this.maxFacts;
    const what = rule < 0 ? 'given to the tick' : 'in one tick (true in it plus carried to the next)';
    throw new TickAbort({ rule, message: `more than ${limit} facts ${what}`, limit: { kind: 'facts', limit, reached: this.factCount } });
  }

  prepare(facts: FactMap): CarriedFacts {
    const rels: InternedRelation[] = [];
    for (const [name, tuples] of facts) {
      const first = tuples[0];
      if (first === undefined) continue;
      const ar = this.program.relations.get(name)?.attrs.length ?? first.length;
      const t = new Table(ar);
      const sc = new Int32Array(Math.max(ar, 1));
      for (const tuple of tuples) {
        if (tuple.length !== ar) {
          throw new Error(`bug: a fact of '${name}' has ${tuple.length} values, the relation has ${ar} attributes`);
        }
        for (let k = 0; k < ar; k++) sc[k] = this.interner.id(tuple[k] as Value);
        t.insert(sc, 0, -1);
      }
      rels.push({ name, arity: ar, count: t.count, data: rowsOf(t) });
    }
    return new InternedFacts(this.interner.values, rels);
  }

  /** Runs the rules on the loaded facts; throws a `TickAbort` on a run-time error or the budget. */
  private evaluate(): void {
    // Every round reads [0, hi): given facts are all there from the start. A
    // stratum's own tables are reset when it starts; earlier strata leave
    // theirs at lo = hi = count, and later ones have not been touched yet.
    for (const rs of this.relList) rs.table.lo = rs.table.hi = rs.table.count;
    for (const s of this.strata) this.runStratum(s);
    for (const rs of this.relList) rs.table.lo = rs.table.hi = rs.table.count;
    for (const rp of this.effects) {
      this.curRule = rp.rule.id;
      if (rp.copyOf !== null) this.copyRows(rp.copyOf, rp.head.sink, rp.rule.id);
      else this.runRule(rp, rp.full);
    }
  }

  /** `facts` with ids of the interner's current value table (re-interned once if they are older or foreign). */
  private current(facts: CarriedFacts): InternedFacts {
    if (!(facts instanceof InternedFacts)) throw new Error('bug: carried facts not made by an evaluator');
    if (facts.vals === this.vals) return facts;
    return facts.rebased(this.vals, (v) => this.interner.id(v));
  }

  /** Empties the tables for a tick whose facts budget is `maxFacts` (none when undefined). */
  private reset(maxFacts: number | undefined): void {
    this.maxFacts = maxFacts ?? Infinity;
    for (const rs of this.relList) {
      if (rs.table.count > 0) rs.table.clear();
      rs.givenCount = 0;
    }
    for (const t of this.nextTables.values()) if (t.count > 0) t.clear();
    for (const t of this.sentTables.values()) if (t.count > 0) t.clear();
    this.curRule = -1;
    this.factCount = 0;
    if (this.interner.size > this.keepIds + INTERNER_SLACK) {
      this.interner.truncate(this.keepIds);
      this.vals = this.interner.values;
    }
  }

  private load(facts: ReadonlyMap<string, readonly Tuple[]>, fromEdb: boolean): void {
    for (const [name, tuples] of facts) {
      const first = tuples[0];
      if (first === undefined) continue;
      const rs = this.rel(name, first.length, fromEdb);
      const t = rs.table;
      const ar = t.arity;
      if (this.scratch.length < ar) this.scratch = new Int32Array(ar * 2);
      const sc = this.scratch;
      for (const tuple of tuples) {
        if (tuple.length !== ar) {
          throw new Error(`bug: a fact of '${name}' has ${tuple.length} values, the relation has ${ar} attributes`);
        }
        for (let k = 0; k < ar; k++) sc[k] = this.interner.id(tuple[k] as Value);
        if (t.insert(sc, 0, -1) >= 0) {
          rs.given[rs.givenCount++] = tuple;
          if (!rs.edb) this.factCount++;
        }
      }
    }
  }

  /**
   * Loads facts interned with the current value table. Constant facts (loaded
   * on every tick) are copied as whole tables into the empty tables of EDB
   * relations; the result is the same as inserting their rows.
   */
  private loadInterned(facts: InternedFacts, fromEdb: boolean): void {
    const rels = facts.rels;
    for (let i = 0; i < rels.length; i++) {
      const r = rels[i] as InternedRelation;
      if (fromEdb && this.unread(r.name)) continue;
      const rs = this.rel(r.name, r.arity, fromEdb);
      const t = rs.table;
      const ar = t.arity;
      if (ar !== r.arity) throw new Error(`bug: interned facts of '${r.name}' have ${r.arity} values, the relation has ${ar} attributes`);
      if (fromEdb && rs.edb && t.count === 0) {
        // EDB facts are never reported, so no given tuples are kept for them.
        t.loadFrom(facts.tableOf(i));
        continue;
      }
      const kept = fromEdb || t.count !== 0 ? undefined : facts.prebuiltTable(i);
      if (kept !== undefined) {
        // Carried facts into an empty table (they load first): a copy of the table they were kept in.
        t.loadFrom(kept);
        for (let k = 0; k < t.count; k++) rs.given[rs.givenCount++] = null;
        if (!rs.edb) this.factCount += t.count;
        continue;
      }
      const d = r.data;
      if (this.scratch.length < ar) this.scratch = new Int32Array(ar * 2);
      const sc = this.scratch;
      for (let k = 0, base = 0; k < r.count; k++, base += ar) {
        for (let j = 0; j < ar; j++) sc[j] = d[base + j] as number;
        if (t.insert(sc, 0, -1) >= 0) {
          rs.given[rs.givenCount++] = null;
          if (!rs.edb) this.factCount++;
        }
      }
    }
  }

  /**
   * Whether constant facts of `name` can be skipped: a declared EDB or built-in
   * relation that no rule of the component reads (it is never reported).
   */
  private unread(name: string): boolean {
    const rs = this.rels.get(name);
    if (rs !== undefined) return rs.edb && !rs.read;
    const kind = this.program.relations.get(name)?.kind;
    return kind === 'edb' || kind === 'builtin';
  }

  private loadDelivered(facts: readonly Fact[]): void {
    for (let i = 0; i < facts.length; i++) {
      const f = facts[i] as Fact;
      const tuple = f.tuple;
      const rs = this.rel(f.relation, tuple.length, false);
      const t = rs.table;
      const ar = t.arity;
      if (tuple.length !== ar) {
        throw new Error(`bug: a fact of '${f.relation}' has ${tuple.length} values, the relation has ${ar} attributes`);
      }
      if (this.scratch.length < ar) this.scratch = new Int32Array(ar * 2);
      const sc = this.scratch;
      for (let k = 0; k < ar; k++) sc[k] = this.interner.id(tuple[k] as Value);
      if (t.insert(sc, 0, -1) >= 0) {
        rs.given[rs.givenCount++] = tuple;
        if (!rs.edb) this.factCount++;
      }
    }
  }

  private runStratum(s: Stratum): void {
    for (const t of s.tables) t.lo = t.hi = t.count;
    for (const rp of s.rules) this.runRule(rp, rp.full);
    for (;;) {
      let changed = false;
      for (const t of s.tables) {
        t.lo = t.hi;
        t.hi = t.count;
        if (t.hi > t.lo) changed = true;
      }
      if (!changed) return;
      for (const rp of s.rules) {
        for (const d of rp.deltas) if (d.table.hi > d.table.lo) this.runRule(rp, d.steps);
      }
    }
  }

  private runRule(rp: RulePlan, steps: readonly Step[]): void {
    this.curRule = rp.rule.id;
    const agg = rp.head.agg;
    if (agg === null) {
      this.run(rp, steps, 0);
      return;
    }
    agg.collect.clear();
    this.run(rp, steps, 0);
    this.finishAggregate(rp, agg);
  }

  /** Inserts every row of `from` into `to`, in order, as derived by `rule`. */
  private copyRows(from: Table, to: Table, rule: number): void {
    const ar = from.arity;
    const n = from.count;
    if (to.count === 0 && to.arity === ar) {
      // The first rule into this next-tick table: copy the rows and their hash set.
      if (this.factCount + n > this.maxFacts) {
        this.factCount = this.maxFacts + 1;
        this.overBudget(rule);
      }
      to.loadFrom(from, rule);
      this.factCount += n;
      return;
    }
    for (let id = 0; id < n; id++) {
      if (to.insert(from.data, id * ar, rule) >= 0 && ++this.factCount > this.maxFacts) this.overBudget(rule);
    }
  }

  /**
   * Runs `steps[i..]` for the current binding, then emits the head. Only a
   * scan (which may bind many rows) recurses, once per row, into the steps
   * after it; the steps that keep or drop the one binding they are given
   * (assignments, comparisons, negations) run in a loop, so a long body of
   * them (e.g. a chain of thousands of `x2 = hash(x1)`) does not deepen the
   * stack.
   */
  private run(rp: RulePlan, steps: readonly Step[], i: number): void {
    const b = rp.binding;
    for (;; i++) {
      const st = steps[i];
      if (st === undefined) {
        this.emit(rp);
        return;
      }
      switch (st.kind) {
        case SCAN_RANGE: {
          const t = st.table as Table;
          const lo = st.range === RANGE_DELTA ? t.lo : 0;
          const hi = st.range === RANGE_OLD ? t.lo : t.hi;
          const ar = t.arity;
          const kc = st.keyCols;
          const ks = st.keySlots;
          const bc = st.bindCols;
          const bs = st.bindSlots;
          const ec = st.eqCols;
          const es = st.eqSlots;
          outer: for (let id = lo; id < hi; id++) {
            const d = t.data;
            const base = id * ar;
            for (let k = 0; k < kc.length; k++) if (d[base + (kc[k] as number)] !== b[ks[k] as number]) continue outer;
            for (let k = 0; k < bc.length; k++) b[bs[k] as number] = d[base + (bc[k] as number)] as number;
            for (let k = 0; k < ec.length; k++) if (d[base + (ec[k] as number)] !== b[es[k] as number]) continue outer;
            this.run(rp, steps, i + 1);
          }
          return;
        }
        case SCAN_INDEX: {
          const t = st.table as Table;
          const ix = st.index as NonNullable<Step['index']>;
          ix.sync();
          const g = ix.find(b, st.keySlots);
          if (g < 0) return;
          const hi = st.range === RANGE_OLD ? t.lo : t.hi;
          const ar = t.arity;
          const bc = st.bindCols;
          const bs = st.bindSlots;
          const ec = st.eqCols;
          const es = st.eqSlots;
          outer: for (let id = ix.head[g] as number; id !== -1 && id < hi; id = ix.next[id] as number) {
            const d = t.data;
            const base = id * ar;
            for (let k = 0; k < bc.length; k++) b[bs[k] as number] = d[base + (bc[k] as number)] as number;
            for (let k = 0; k < ec.length; k++) if (d[base + (ec[k] as number)] !== b[es[k] as number]) continue outer;
            this.run(rp, steps, i + 1);
          }
          return;
        }
        case NEG_TUPLE:
          if ((st.table as Table).find(b, st.keySlots) >= 0) return;
          break;
        case NEG_INDEX: {
          const ix = st.index as NonNullable<Step['index']>;
          ix.sync();
          if (ix.find(b, st.keySlots) >= 0) return;
          break;
        }
        case NEG_ANY:
          if ((st.table as Table).count !== 0) return;
          break;
        case SLOTS_EQ:
          if (b[st.a] !== b[st.b]) return;
          break;
        case SLOTS_NE:
          if (b[st.a] === b[st.b]) return;
          break;
        case COMPARE:
          if (!compareOp(st.cmp, this.value(st.left as CExpr, b), this.value(st.right as CExpr, b))) return;
          break;
        case ASSIGN:
          b[st.slot] = this.id(st.left as CExpr, b);
          break;
        case CHECK:
          if (b[st.slot] !== this.id(st.left as CExpr, b)) return;
          break;
      }
    }
  }

  private emit(rp: RulePlan): void {
    const h = rp.head;
    const b = rp.binding;
    const sc = h.scratch;
    const ex = h.exprs;
    for (let k = 0; k < ex.length; k++) {
      const e = ex[k] as CExpr;
      sc[k] = e.kind === EXPR_SLOT ? (b[e.slot] as number) : this.id(e, b);
    }
    if (h.agg !== null) h.agg.collect.insert(sc, 0, rp.rule.id);
    else if (h.sink.insert(sc, 0, rp.rule.id) >= 0 && h.counted && ++this.factCount > this.maxFacts) this.overBudget(rp.rule.id);
  }

  /** Folds each group of an aggregated head and emits one fact per group. */
  private finishAggregate(rp: RulePlan, agg: Aggregation): void {
    const c = agg.collect;
    if (c.count === 0) return;
    const nGroup = c.arity - 1;
    const groupCols: number[] = [];
    for (let k = 0; k < nGroup; k++) groupCols.push(k);
    const ix = c.index(groupCols);
    ix.sync();
    const sc = rp.head.scratch;
    const values: Value[] = [];
    for (let g = 0; g < ix.groupCount; g++) {
      values.length = 0;
      for (let id = ix.head[g] as number; id !== -1; id = ix.next[id] as number) {
        values.push(this.vals[c.data[id * c.arity + nGroup] as number] as Value);
      }
      const r = foldAggregate(agg.fn, values);
      if (!r.ok) throw new TickAbort({ rule: rp.rule.id, message: r.message });
      const base = (ix.head[g] as number) * c.arity;
      let k = 0;
      for (let col = 0; col <= nGroup; col++) {
        sc[col] = col === agg.col ? this.interner.id(r.value) : (c.data[base + k++] as number);
      }
      if (rp.head.sink.insert(sc, 0, rp.rule.id) >= 0 && rp.head.counted && ++this.factCount > this.maxFacts) this.overBudget(rp.rule.id);
    }
  }

  // ------------------------------------------------------------ expressions

  /** The interned id of `e`'s value. */
  private id(e: CExpr, b: Int32Array): number {
    if (e.kind === EXPR_SLOT) return b[e.slot] as number;
    return this.interner.id(this.value(e, b));
  }

  private value(e: CExpr, b: Int32Array): Value {
    switch (e.kind) {
      case EXPR_SLOT:
        return this.vals[b[e.slot] as number] as Value;
      case EXPR_BINARY: {
        const l = this.value(e.left as CExpr, b) as number;
        const r = this.value(e.right as CExpr, b) as number;
        const x = arith(e.op, l, r);
        if (x !== x) throw new TickAbort({ rule: this.curRule, message: arithErrorMessage(e.op, l, r) });
        return x;
      }
      case EXPR_CALL: {
        if (e.callKind === CALL_HASH) return hash(this.value(e.args[0] as CExpr, b));
        const args: Value[] = [];
        for (const a of e.args) args.push(this.value(a, b));
        if (e.callKind === CALL_IMPL) return (e.impl as FnImpl)(...args);
        return fnHash(e.fn, args, e.type);
      }
    }
  }

  // ------------------------------------------------------------ the result

  private decode(t: Table, id: number): Tuple {
    const ar = t.arity;
    const base = id * ar;
    const out = new Array<Value>(ar);
    for (let k = 0; k < ar; k++) out[k] = this.vals[t.data[base + k] as number] as Value;
    return out;
  }

  private result(): TickResult {
    const facts = new Map<string, Tuple[]>();
    const outputs: ObservedOutput[] = [];
    for (const rs of this.relList) {
      const t = rs.table;
      if (rs.edb || t.count === 0) continue;
      const tuples: Tuple[] = new Array<Tuple>(t.count);
      for (let id = 0; id < t.count; id++) tuples[id] = (id < rs.givenCount ? rs.given[id] : null) ?? this.decode(t, id);
      facts.set(rs.name, tuples);
      if (rs.output) {
        for (let id = 0; id < t.count; id++) {
          const o = t.origin[id] as number;
          outputs.push({ relation: rs.name, tuple: tuples[id] as Tuple, rule: o < 0 ? null : o });
        }
      }
    }
    const next = new Map<string, Tuple[]>();
    for (const [name, t] of this.nextTables) {
      if (t.count === 0) continue;
      const tuples: Tuple[] = [];
      for (let id = 0; id < t.count; id++) tuples.push(this.decode(t, id));
      next.set(name, tuples);
    }
    return { facts, next, sent: this.sentMessages(), outputs };
  }

  /** The result of `step`: like {@link result}, without decoding the facts or the next ones. */
  private stepResult(): StepResult {
    let factCount = 0;
    const outputs: ObservedOutput[] = [];
    for (const rs of this.relList) {
      const t = rs.table;
      if (rs.edb || t.count === 0) continue;
      factCount += t.count;
      if (!rs.output) continue;
      for (let id = 0; id < t.count; id++) {
        const o = t.origin[id] as number;
        const tuple = (id < rs.givenCount ? rs.given[id] : null) ?? this.decode(t, id);
        outputs.push({ relation: rs.name, tuple, rule: o < 0 ? null : o });
      }
    }
    const rels: InternedRelation[] = [];
    const tables = new Map<number, Table>();
    for (const [name, t] of this.nextTables) {
      if (t.count === 0) continue;
      // A large carried relation is handed over as a table (its rows are a view of the table's buffer), so the next tick copies it rather than rehashing every row.
      if (t.count >= PREBUILT_ROWS) {
        const copy = new Table(t.arity);
        copy.loadFrom(t);
        tables.set(rels.length, copy);
        rels.push({ name, arity: t.arity, count: t.count, data: copy.data.subarray(0, t.count * t.arity) });
      } else rels.push({ name, arity: t.arity, count: t.count, data: rowsOf(t) });
    }
    return { next: new InternedFacts(this.vals, rels, tables), sent: this.sentMessages(), outputs, factCount };
  }

  private sentMessages(): SentMessage[] {
    const sent: SentMessage[] = [];
    for (const [relation, t] of this.sentTables) {
      for (let id = 0; id < t.count; id++) {
        const row = this.decode(t, id);
        sent.push({ dest: row[0] as Value, relation, tuple: row.slice(1), rule: t.origin[id] as number });
      }
    }
    return sent;
  }
}

/**
 * The relation a rule copies unchanged: a body of one positive atom whose
 * arguments are distinct variables, and a head of the same relation arity
 * listing them in the same order. Null for any other rule.
 */
function copiedRelation(rule: IrRule): string | null {
  const [atom, ...rest] = rule.body;
  if (atom === undefined || rest.length > 0 || atom.kind !== 'atom' || atom.negated) return null;
  const h = rule.head;
  if (h.aggregateIndex !== undefined || h.args.length !== atom.args.length) return null;
  const seen = new Set<number>();
  for (let k = 0; k < atom.args.length; k++) {
    const a = atom.args[k];
    const x = h.args[k];
    if (a?.kind !== 'var' || x?.kind !== 'var' || x.slot !== a.slot || seen.has(a.slot)) return null;
    seen.add(a.slot);
  }
  return atom.relation;
}

/** A copy of a table's rows (a plain array: many small typed arrays cost more to allocate). */
/** Carried relations of at least this many rows are handed to the next tick as tables (below it, inserting the rows costs less than copying the buffers). */
const PREBUILT_ROWS = 256;

function rowsOf(t: Table): number[] {
  const n = t.count * t.arity;
  const d = t.data;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = d[i] as number;
  return out;
}

function tableIn(m: Map<string, Table>, name: string, arity: number): Table {
  let t = m.get(name);
  if (!t) {
    t = new Table(arity);
    m.set(name, t);
  }
  return t;
}
