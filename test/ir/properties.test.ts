/**
 * Random well-formed programs (every variable bound, every type right, body
 * literals in random order) against an independent oracle: the checker
 * refuses exactly the programs with recursion through negation or
 * aggregation inside one component, and otherwise gives safe body orders and
 * correct strata.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/ir/check.js';
import { parse } from '../../src/syntax/parser.js';
import { slotProblem, strataProblem, unsafeOrder } from '../support/ir.js';

const RELS = ['r0', 'r1', 'r2', 'r3', 'r4'];
const VARS = ['a', 'b', 'c'];

interface GenRule {
  readonly component: number;
  readonly op: ':-' | ':+';
  readonly head: string;
  readonly aggregate: boolean;
  readonly positive: readonly { rel: string; args: readonly [string, string] }[];
  readonly negative: readonly { rel: string; args: readonly [string, string] }[];
  readonly compare: boolean;
  readonly assign: boolean;
  readonly order: readonly number[];
  readonly headVars: readonly [number, number];
}

const atomArb = (rels: readonly string[]) =>
  fc.record({ rel: fc.constantFrom(...rels), args: fc.tuple(fc.constantFrom(...VARS), fc.constantFrom(...VARS)) });

const ruleArb: fc.Arbitrary<GenRule> = fc.record({
  component: fc.integer({ min: 0, max: 1 }),
  op: fc.oneof({ weight: 4, arbitrary: fc.constant(':-' as const) }, { weight: 1, arbitrary: fc.constant(':+' as const) }),
  head: fc.constantFrom(...RELS),
  aggregate: fc.boolean(),
  positive: fc.array(atomArb(['e', ...RELS]), { minLength: 1, maxLength: 3 }),
  negative: fc.array(atomArb(['e', ...RELS]), { maxLength: 2 }),
  compare: fc.boolean(),
  assign: fc.boolean(),
  order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  headVars: fc.tuple(fc.nat(), fc.nat()),
});

/** The rule's text; negated atoms and tests only use variables some positive atom binds. */
function ruleText(r: GenRule): string {
  const bound = [...new Set(r.positive.flatMap((a) => a.args))];
  const pick = (i: number) => bound[i % bound.length]!;
  const lits = [
    ...r.positive.map((a) => `${a.rel}(${a.args.join(', ')})`),
    ...r.negative.map((a, i) => `!${a.rel}(${pick(i)}, ${a.args[1] === 'c' ? '_' : pick(i + 1)})`),
    ...(r.compare ? [`${pick(0)} < ${pick(1)} + 1`] : []),
    ...(r.assign ? [`z = ${pick(1)} * 2`] : []),
  ];
  const keyed = lits.map((l, i) => ({ l, k: r.order[i] ?? i }));
  keyed.sort((x, y) => x.k - y.k);
  const vars = r.assign ? [...bound, 'z'] : bound;
  const h0 = vars[r.headVars[0] % vars.length]!;
  const h1 = vars[r.headVars[1] % vars.length]!;
  return `${r.head}(${h0}, ${r.aggregate ? `count<${h1}>` : h1}) ${r.op} ${keyed.map((x) => x.l).join(', ')}`;
}

function programText(rules: readonly GenRule[]): string {
  const decls = ['.edb e(x: int, y: int)', ...RELS.map((r) => `.decl ${r}(x: int, y: int)`)];
  const comps = [0, 1].map((c) => [`.component k${c}`, ...rules.filter((r) => r.component === c).map(ruleText)].join('\n'));
  return `${decls.join('\n')}\n${comps.join('\n')}\n`;
}

/** Components in which some sync rule's negated or aggregated dependency lies on a cycle of sync rules. */
function cyclicComponents(rules: readonly GenRule[]): Set<string> {
  const out = new Set<string>();
  for (const c of [0, 1]) {
    const sync = rules.filter((r) => r.component === c && r.op === ':-');
    const succ = new Map<string, Set<string>>();
    const strict: [string, string][] = [];
    for (const r of sync) {
      for (const a of r.positive) {
        (succ.get(a.rel) ?? succ.set(a.rel, new Set()).get(a.rel)!).add(r.head);
        if (r.aggregate) strict.push([a.rel, r.head]);
      }
      for (const a of r.negative) {
        (succ.get(a.rel) ?? succ.set(a.rel, new Set()).get(a.rel)!).add(r.head);
        strict.push([a.rel, r.head]);
      }
    }
    const reaches = (from: string, to: string): boolean => {
      const seen = new Set([from]);
      const stack = [from];
      while (stack.length) {
        const n = stack.pop()!;
        if (n === to) return true;
        for (const m of succ.get(n) ?? []) if (!seen.has(m)) seen.add(m), stack.push(m);
      }
      return false;
    };
    if (strict.some(([u, v]) => reaches(v, u))) out.add(`k${c}`);
  }
  return out;
}

describe('checking random well-formed programs', () => {
  it('refuses exactly the programs with a strict cycle in one component; otherwise orders and stratifies correctly', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 7 }), (rules) => {
        const text = programText(rules);
        const parsed = parse(text);
        expect(parsed.diagnostics).toEqual([]);
        const c = check(parsed.program);
        const cyclic = cyclicComponents(rules);
        const cycleIn = new Set(c.diagnostics.map((d) => /in component `(\w+)`/.exec(d.message)?.[1]));
        expect(c.diagnostics.every((d) => d.code === 'stratification-cycle'), text).toBe(true);
        expect(cycleIn, text).toEqual(cyclic);
        if (cyclic.size) {
          refused++;
          expect(c.program).toBeUndefined();
          return;
        }
        accepted++;
        const p = c.program!;
        expect(p.rules).toHaveLength(rules.length);
        for (const r of p.rules) {
          expect(unsafeOrder(r)).toBeUndefined();
          expect(slotProblem(r)).toBeUndefined();
        }
        expect(strataProblem(p), text).toBeUndefined();
      }),
      { numRuns: 300 },
    );
    // Both outcomes must actually be exercised.
    expect(accepted).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(30);
  });
});
