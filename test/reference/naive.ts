/**
 * A deliberately simple reference evaluator for one tick, used only by tests
 * and the benchmark to check the real evaluator (src/eval/evaluator.ts).
 *
 * It follows LANGUAGE.md literally: facts are sets of tuples keyed by their
 * JSON text; each stratum's `:-` rules are re-evaluated over ALL facts, body
 * literal by literal in the language's evaluation order (`evaluationOrder`,
 * which fixes where run-time errors can happen) with nested loops and no indexes,
 * until a pass adds nothing; then the `:+` and `:~` rules run once. It shares
 * only the value semantics (hashing, arithmetic, comparison, aggregate
 * folding) with the real evaluator, so that the two can disagree about
 * everything else.
 */
import type { CheckedProgram, IrExpr, IrHeadArg, IrLiteral, IrRule, Tuple, Value } from '../../src/ir/types.js';
import type { FnImpl, ObservedOutput, SentMessage, TickInput, TickOutcome } from '../../src/eval/types.js';
import { fnHash, hash } from '../../src/eval/hash.js';
import { arith, arithErrorMessage, compareOp, foldAggregate } from '../../src/eval/values.js';
import { evaluationOrder } from '../../src/eval/plan.js';

/** Optional limits for the benchmark. */
export interface NaiveOptions {
  /** Give up (throw {@link NaiveTimeout}) once this many milliseconds have passed. */
  readonly deadlineMs?: number;
}

/** Thrown when {@link NaiveOptions.deadlineMs} is exceeded. */
export class NaiveTimeout extends Error {}

class Failure {
  constructor(
    readonly rule: number,
    readonly message: string,
  ) {}
}

/** A fact and the lowest id of a rule that derived it this tick (-1: given). */
interface Entry {
  readonly tuple: Tuple;
  origin: number;
}

type Db = Map<string, Map<string, Entry>>;
type Binding = (Value | undefined)[];

/** One tick of one node of `component`, computed naively. Same contract as `ComponentEvaluator.tick`. */
export function naiveTick(
  program: CheckedProgram,
  component: string,
  input: TickInput,
  fns: ReadonlyMap<string, FnImpl> = new Map(),
  options: NaiveOptions = {},
): TickOutcome {
  const info = program.components.get(component);
  if (!info) throw new Error(`no component ${component}`);
  const rules = info.rules.map((id) => program.rules[id] as IrRule);
  const start = Date.now();
  let steps = 0;
  const checkTime = (): void => {
    if (options.deadlineMs !== undefined && Date.now() - start > options.deadlineMs) throw new NaiveTimeout('naive evaluator timed out');
  };

  const db: Db = new Map();
  const add = (relation: string, tuple: Tuple, origin: number): boolean => {
    let set = db.get(relation);
    if (!set) db.set(relation, (set = new Map()));
    const key = JSON.stringify(tuple);
    const old = set.get(key);
    if (old) {
      old.origin = Math.min(old.origin, origin);
      return false;
    }
    set.set(key, { tuple: [...tuple], origin });
    return true;
  };
  for (const [name, tuples] of input.facts) for (const t of tuples) add(name, t, -1);
  for (const [name, tuples] of input.edb) for (const t of tuples) add(name, t, -1);

  const isEdb = (name: string): boolean => {
    const kind = program.relations.get(name)?.kind;
    return kind === 'edb' || kind === 'builtin' || (kind === undefined && input.edb.has(name));
  };

  const call = (fn: string, args: Value[], type: IrExpr['type']): Value => {
    const impl = fns.get(fn);
    if (impl) return impl(...args);
    if (fn === 'hash' && program.functions.get('hash')?.builtin !== false) return hash(args[0] as Value);
    return fnHash(fn, args, type);
  };

  const evalExpr = (rule: IrRule, e: IrExpr | IrHeadArg, b: Binding): Value => {
    switch (e.kind) {
      case 'var':
        return b[e.slot] as Value;
      case 'const':
        return e.value;
      case 'binary': {
        const l = evalExpr(rule, e.left, b) as number;
        const r = evalExpr(rule, e.right, b) as number;
        const x = arith(e.op, l, r);
        if (Number.isNaN(x)) throw new Failure(rule.id, arithErrorMessage(e.op, l, r));
        return x;
      }
      case 'call':
        return call(
          e.fn,
          e.args.map((a) => evalExpr(rule, a, b)),
          e.type,
        );
      case 'aggregate':
        throw new Error('aggregate evaluated as an expression');
    }
  };

  const bodies = new Map<IrRule, IrLiteral[]>();
  const bodyOf = (rule: IrRule): IrLiteral[] => {
    let body = bodies.get(rule);
    if (!body) {
      body = evaluationOrder(rule);
      bodies.set(rule, body);
    }
    return body;
  };

  /** Every binding that satisfies the body (in evaluation order) from literal `i` on, extending `b`. */
  const bindings = (rule: IrRule, i: number, b: Binding, out: Binding[]): void => {
    const lit = bodyOf(rule)[i];
    if (lit === undefined) {
      out.push(b);
      return;
    }
    switch (lit.kind) {
      case 'atom': {
        let found = false;
        for (const { tuple } of db.get(lit.relation)?.values() ?? []) {
          if ((++steps & 0xffff) === 0) checkTime();
          const nb = [...b];
          let ok = true;
          lit.args.forEach((a, k) => {
            const v = tuple[k] as Value;
            if (a.kind === 'const') ok &&= a.value === v;
            else if (a.kind === 'var') {
              if (nb[a.slot] === undefined) nb[a.slot] = v;
              else ok &&= nb[a.slot] === v;
            }
          });
          if (!ok) continue;
          found = true;
          if (!lit.negated) bindings(rule, i + 1, nb, out);
        }
        if (lit.negated && !found) bindings(rule, i + 1, b, out);
        return;
      }
      case 'compare':
        if (compareOp(lit.op, evalExpr(rule, lit.left, b), evalExpr(rule, lit.right, b))) bindings(rule, i + 1, b, out);
        return;
      case 'assign': {
        const v = evalExpr(rule, lit.value, b);
        const cur = b[lit.target.slot];
        if (cur === undefined) {
          const nb = [...b];
          nb[lit.target.slot] = v;
          bindings(rule, i + 1, nb, out);
        } else if (cur === v) bindings(rule, i + 1, b, out);
        return;
      }
    }
  };

  /** The head tuples of `rule` over the current facts; for `:~` rules the destination comes first. */
  const heads = (rule: IrRule): Tuple[] => {
    checkTime();
    const all: Binding[] = [];
    bindings(rule, 0, new Array<Value | undefined>(rule.slotCount).fill(undefined), all);
    const withDest = (b: Binding, args: Value[]): Value[] => (rule.head.dest ? [b[rule.head.dest.slot] as Value, ...args] : args);
    const aggIndex = rule.head.aggregateIndex;
    if (aggIndex === undefined) {
      return all.map((b) => withDest(b, rule.head.args.map((a) => evalExpr(rule, a, b))));
    }
    const agg = rule.head.args[aggIndex];
    if (agg?.kind !== 'aggregate') throw new Error('aggregateIndex does not point at an aggregate');
    // group key -> (group tuple with a hole, distinct values)
    const groups = new Map<string, { row: Value[]; values: Map<string, Value> }>();
    for (const b of all) {
      const row = withDest(
        b,
        rule.head.args.map((a, k) => (k === aggIndex ? 0 : evalExpr(rule, a, b))),
      );
      const key = JSON.stringify(row);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { row, values: new Map() }));
      const v = b[agg.arg.slot] as Value;
      g.values.set(JSON.stringify(v), v);
    }
    const out: Tuple[] = [];
    for (const { row, values } of groups.values()) {
      const r = foldAggregate(agg.fn, [...values.values()]);
      if (!r.ok) throw new Failure(rule.id, r.message);
      const t = [...row];
      t[aggIndex + (rule.head.dest ? 1 : 0)] = r.value;
      out.push(t);
    }
    return out;
  };

  const next = new Map<string, Map<string, Tuple>>();
  const sent = new Map<string, SentMessage>();
  try {
    const sync = rules.filter((r) => r.kind === 'sync');
    const maxStratum = Math.max(-1, ...sync.map((r) => r.stratum));
    for (let s = 0; s <= maxStratum; s++) {
      let changed = true;
      while (changed) {
        changed = false;
        for (const r of sync) {
          if (r.stratum !== s) continue;
          for (const t of heads(r)) if (add(r.head.relation, t, r.id)) changed = true;
        }
      }
    }
    for (const r of rules) {
      if (r.kind === 'next') {
        let set = next.get(r.head.relation);
        if (!set) next.set(r.head.relation, (set = new Map()));
        for (const t of heads(r)) set.set(JSON.stringify(t), t);
      } else if (r.kind === 'async') {
        for (const [dest, ...tuple] of heads(r)) {
          const key = JSON.stringify([dest, r.head.relation, tuple]);
          const old = sent.get(key);
          if (!old || r.id < old.rule) sent.set(key, { dest: dest as Value, relation: r.head.relation, tuple, rule: r.id });
        }
      }
    }
  } catch (e) {
    if (e instanceof Failure) return { ok: false, error: { rule: e.rule, message: e.message } };
    throw e;
  }

  const facts = new Map<string, Tuple[]>();
  const outputs: ObservedOutput[] = [];
  for (const [name, set] of db) {
    if (isEdb(name) || set.size === 0) continue;
    facts.set(name, [...set.values()].map((e) => e.tuple));
    if (program.relations.get(name)?.kind === 'output') {
      for (const e of set.values()) outputs.push({ relation: name, tuple: e.tuple, rule: e.origin < 0 ? null : e.origin });
    }
  }
  const nextOut = new Map<string, Tuple[]>();
  for (const [name, set] of next) if (set.size > 0) nextOut.set(name, [...set.values()]);
  return { ok: true, result: { facts, next: nextOut, sent: [...sent.values()], outputs } };
}
