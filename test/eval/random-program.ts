/**
 * Random small well-formed `.ded` programs for the agreement property: a few
 * int relations, `:-` rules with joins, constants, wildcards, comparisons,
 * assignments (some of which can fail), negation and aggregates, stratified
 * by construction, plus `:+` and `:~` rules, and random input facts.
 *
 * Termination: recursive rules may compute new ints, but every generated
 * expression either reduces modulo a constant or divides, so the values
 * stay in a finite set; expressions that overflow are errors, not new values.
 */
import fc from 'fast-check';
import type { Tuple } from '../../src/ir/types.js';

type Gen = fc.GeneratorValue;

interface Rel {
  readonly name: string;
  readonly arity: number;
  /** Stratum level for derived relations; -1 for inputs and EDB. */
  readonly level: number;
}

export interface RandomCase {
  readonly text: string;
  /** Given facts of each tick (tick 1 and 2 unless asked for more; each tick also gets the last one's `next`). */
  readonly facts: readonly Record<string, Tuple[]>[];
  readonly edb: Record<string, Tuple[]>;
}

const VARS = ['x', 'y', 'z', 'w'];

/** A uniform integer in [min, max] (fast-check's default bias favours the ends, which skews choices). */
function uniform(g: Gen, min: number, max: number): number {
  return g((c: { min: number; max: number }) => fc.noBias(fc.integer(c)), { min, max });
}

function pick<T>(g: Gen, xs: readonly T[]): T {
  return xs[uniform(g, 0, xs.length - 1)] as T;
}

function chance(g: Gen, percent: number): boolean {
  return uniform(g, 0, 99) < percent;
}

function smallInt(g: Gen): number {
  return uniform(g, -1, 3);
}

/** An operand: a bound variable or a small constant. */
function operand(g: Gen, bound: readonly string[]): string {
  return bound.length > 0 && chance(g, 90) ? pick(g, bound) : String(smallInt(g));
}

/** A value expression over bound variables that stays in a finite set of ints. */
function valueExpr(g: Gen, bound: readonly string[]): string {
  const a = operand(g, bound);
  const b = operand(g, bound);
  switch (uniform(g, 0, 13)) {
    case 0:
    case 1:
      return `(${a} + ${b}) % 4`;
    case 2:
      return `(${a} - ${b}) % 3`;
    case 3:
      return `(${a} * ${b}) % 5`;
    case 4:
      return `${a} / ${chance(g, 30) ? b : '2'}`; // may divide by zero
    case 5:
      return `${a} % ${chance(g, 30) ? b : '3'}`; // may take a modulo by zero
    case 6:
      return `hash(${a}) % 3`;
    case 7:
      return `hash(${a}) * hash(${b}) * 4096`; // overflows
    default:
      return a;
  }
}

function atom(g: Gen, rel: Rel, bound: Set<string>, negated: boolean): string {
  const args: string[] = [];
  for (let i = 0; i < rel.arity; i++) {
    const r = uniform(g, 0, 99);
    if (negated) {
      const b = [...bound];
      args.push(r < 60 && b.length > 0 ? pick(g, b) : r < 85 ? String(smallInt(g)) : '_');
    } else if (r < 82 || (i === 0 && args.every((a) => !/^[a-z]/.test(a)))) {
      const v = pick(g, VARS);
      args.push(v);
    } else if (r < 93) args.push(String(smallInt(g)));
    else args.push('_');
  }
  if (!negated) for (const a of args) if (VARS.includes(a)) bound.add(a);
  return `${negated ? '!' : ''}${rel.name}(${args.join(', ')})`;
}

/**
 * A rule body. Positive atoms come from `pos`, negated ones from `neg`;
 * returns the literals and the variables they bind.
 */
function body(g: Gen, pos: readonly Rel[], neg: readonly Rel[], first?: Rel): { lits: string[]; bound: string[] } {
  const bound = new Set<string>();
  const lits: string[] = [];
  const nAtoms = pick(g, [1, 1, 2, 2, 2, 3]);
  const fromBase = pos.filter((r) => r.level < 0);
  for (let i = 0; i < nAtoms; i++) {
    const rel = i === 0 && first ? first : i === 0 && fromBase.length > 0 && chance(g, 50) ? pick(g, fromBase) : pick(g, pos);
    lits.push(atom(g, rel, bound, false));
  }
  const extra: string[] = [];
  if (chance(g, 35)) {
    extra.push(`n = ${valueExpr(g, [...bound])}`);
    bound.add('n');
  }
  if (chance(g, 40)) {
    const op = pick(g, ['<', '<=', '>', '>=', '==', '!=']);
    const left = operand(g, [...bound]);
    const others = [...bound].filter((v) => v !== left);
    const right = others.length > 0 && chance(g, 80) ? pick(g, others) : String(smallInt(g));
    extra.push(`${chance(g, 8) ? `${left} / ${operand(g, [...bound])}` : left} ${op} ${right}`);
  }
  if (neg.length > 0 && chance(g, 35)) extra.push(atom(g, pick(g, neg), bound, true));
  // Usually after the atoms; sometimes written anywhere (every variable is
  // still bound somewhere in the body), which moves guards before or after
  // the literals that can fail and exercises the evaluation order.
  const anywhere = chance(g, 30);
  for (const e of extra) {
    if (anywhere) lits.splice(uniform(g, 0, lits.length), 0, e);
    else lits.push(e);
  }
  return { lits, bound: [...bound] };
}

function headArgs(g: Gen, arity: number, bound: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < arity; i++) args.push(bound.length > 0 && chance(g, 85) ? pick(g, bound) : String(smallInt(g)));
  return args;
}

function randomTuples(g: Gen, arity: number, max: number, values: () => number): Tuple[] {
  const n = uniform(g, 0, max);
  const out: Tuple[] = [];
  for (let i = 0; i < n; i++) out.push(Array.from({ length: arity }, values));
  return out;
}

/** Draws a random program and inputs for `ticks` ticks. */
export function randomCase(g: Gen, ticks = 2): RandomCase {
  const inputs: Rel[] = [
    { name: 'b0', arity: 2, level: -1 },
    { name: 'b1', arity: 1, level: -1 },
  ];
  const edbRel: Rel = { name: 'k', arity: 1, level: -1 };
  const nDerived = uniform(g, 2, 5);
  const derived: Rel[] = [];
  for (let i = 0; i < nDerived; i++) {
    derived.push({ name: `d${i}`, arity: pick(g, [1, 2, 2]), level: uniform(g, 0, 2) });
  }
  const outputs = new Set(derived.filter(() => chance(g, 30)).map((r) => r.name));
  const decl = (r: Rel, kind: string, type = 'int'): string =>
    `.${kind} ${r.name}(${Array.from({ length: r.arity }, (_, i) => `a${i}: ${type}`).join(', ')})`;
  const lines = [
    ...inputs.map((r) => decl(r, 'input')),
    '.input node(p: loc)',
    decl(edbRel, 'edb'),
    ...derived.map((r) => decl(r, outputs.has(r.name) ? 'output' : 'decl')),
    '.component n',
  ];
  const base = [...inputs, edbRel];

  for (const h of derived) {
    const nRules = pick(g, [1, 2, 2]);
    for (let j = 0; j < nRules; j++) {
      const lower = derived.filter((r) => r.level < h.level);
      const aggregated = chance(g, 25);
      // The first rule reads lower strata only (so the relation is seldom
      // empty); later ones may recurse, often through the head itself.
      const pos = aggregated || j === 0 ? [...base, ...lower] : [...base, ...derived.filter((r) => r.level <= h.level)];
      const first = !aggregated && j > 0 && chance(g, 50) ? h : undefined;
      const { lits, bound } = body(g, pos, [...base, ...lower], first);
      let args: string[];
      if (aggregated && bound.length > 0) {
        args = headArgs(g, h.arity - 1, bound);
        const fn = pick(g, ['count', 'sum', 'min', 'max']);
        args.splice(uniform(g, 0, h.arity - 1), 0, `${fn}<${pick(g, bound)}>`);
      } else args = headArgs(g, h.arity, bound);
      lines.push(`${h.name}(${args.join(', ')}) :- ${lits.join(', ')}`);
    }
  }
  const all = [...base, ...derived];
  const targets = [...inputs, ...derived];
  const nNext = uniform(g, 0, 2);
  for (let j = 0; j < nNext; j++) {
    const h = pick(g, targets);
    const { lits, bound } = body(g, all, all);
    lines.push(`${h.name}(${headArgs(g, h.arity, bound).join(', ')}) :+ ${lits.join(', ')}`);
  }
  const nAsync = uniform(g, 0, 2);
  for (let j = 0; j < nAsync; j++) {
    const h = pick(g, targets);
    const { lits, bound } = body(g, all, all);
    lines.push(`${h.name}@p(${headArgs(g, h.arity, bound).join(', ')}) :~ ${lits.join(', ')}, node(p)`);
  }

  const value = (): number => smallInt(g);
  const tickFacts = (): Record<string, Tuple[]> => {
    const f: Record<string, Tuple[]> = {
      b0: randomTuples(g, 2, 12, value),
      b1: randomTuples(g, 1, 5, value),
      node: (['n1', 'n2'] as const).filter(() => chance(g, 70)).map((p) => [p]),
    };
    for (const r of derived) if (chance(g, 20)) f[r.name] = randomTuples(g, r.arity, 3, value);
    return f;
  };
  return {
    text: lines.join('\n') + '\n',
    facts: Array.from({ length: ticks }, tickFacts),
    edb: { k: randomTuples(g, 1, 3, value) },
  };
}
