/**
 * The law behind partition certificates, on random programs and random
 * policies: when Z3 proves a policy, the component evaluated as one node and
 * as partitions gives the same messages and outputs on random inputs; when Z3
 * refutes it, the counterexample becomes inputs on which they differ.
 *
 * The programs: one component reading two inputs a(x, y, z) and b(x, y, z)
 * (ints), with joins, anti-joins and aggregations into outputs; a policy keys
 * a and b on one attribute each, or (second property) on a compound key of
 * two attributes each, with joins on two shared attributes added.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSource } from '../support/compile.js';
import { contextOf } from '../../src/analysis/scope.js';
import { checkPartitionObligations } from '../../src/certify/partition.js';
import { compareRuns, findDivergence } from '../../src/certify/witness.js';
import { validateDeployment } from '../../src/sim/index.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { compoundKey, printKey, type Term } from '../../src/analysis/term.js';
import type { DistributionPolicy } from '../../src/certify/policy.js';

afterAll(async () => {
  await shutdownZ3();
});

const V = ['x', 'y', 'z'];
const ATTRS = ['p', 'q', 'r'];

type RuleSpec =
  | { kind: 'join'; i: number; j: number; out: [number, number] }
  | { kind: 'anti'; i: number; j: number }
  | { kind: 'agg'; g: number; w: number }
  | { kind: 'join2'; i: [number, number]; j: [number, number] };

const ruleSpec: fc.Arbitrary<RuleSpec> = fc.oneof(
  fc.record({ kind: fc.constant('join' as const), i: fc.nat(2), j: fc.nat(2), out: fc.tuple(fc.nat(2), fc.nat(2)) }),
  fc.record({ kind: fc.constant('anti' as const), i: fc.nat(2), j: fc.nat(2) }),
  fc.record({ kind: fc.constant('agg' as const), g: fc.nat(2), w: fc.nat(2) }).filter((r) => r.g !== r.w),
);

function programText(rules: readonly RuleSpec[]): string {
  const lines = ['.input a(p: int, q: int, r: int)', '.input b(p: int, q: int, r: int)'];
  const body: string[] = [];
  rules.forEach((r, n) => {
    if (r.kind === 'join') {
      lines.push(`.output o${n}(u: int, v: int)`);
      // b's position j holds a's variable at position i; its other positions are its own.
      const bArgs = V.map((_, k) => (k === r.j ? `a${r.i}` : `b${k}`));
      const vars = [...V.map((_, k) => `a${k}`), ...bArgs];
      body.push(`o${n}(${vars[r.out[0]]}, ${bArgs[r.out[1]]}) :- a(a0, a1, a2), b(${bArgs.join(', ')})`);
    } else if (r.kind === 'anti') {
      lines.push(`.output o${n}(u: int, v: int, w: int)`);
      const bArgs = V.map((_, k) => (k === r.j ? `a${r.i}` : '_'));
      body.push(`o${n}(a0, a1, a2) :- a(a0, a1, a2), !b(${bArgs.join(', ')})`);
    } else if (r.kind === 'join2') {
      // b's positions j[0], j[1] hold a's variables at i[0], i[1].
      lines.push(`.output o${n}(u: int, v: int)`);
      const bArgs = V.map((_, k) => (k === r.j[0] ? `a${r.i[0]}` : k === r.j[1] ? `a${r.i[1]}` : `b${k}`));
      body.push(`o${n}(a0, ${bArgs.find((x) => x.startsWith('b')) ?? 'a0'}) :- a(a0, a1, a2), b(${bArgs.join(', ')})`);
    } else {
      lines.push(`.output o${n}(g: int, n: int)`);
      body.push(`o${n}(a${r.g}, count<a${r.w}>) :- a(a0, a1, a2)`);
    }
  });
  return [...lines, '.component c', ...body].join('\n') + '\n';
}

const attr = (i: number): Term => ({ kind: 'attr', index: i, name: ATTRS[i]!, type: 'int' });
const fact = fc.tuple(fc.constantFrom('a', 'b'), fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)));

describe('partition certificates agree with evaluation', () => {
  it('proved ⇒ same outputs on random inputs; refuted ⇒ the counterexample diverges', async () => {
    let proved = 0;
    let refuted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(ruleSpec, { minLength: 1, maxLength: 2 }), fc.nat(2), fc.nat(2), fc.boolean(), fc.array(fact, { maxLength: 12 }), async (rules, ka0, kb0, aligned, facts) => {
        // Half the policies fit the first rule (so some are proved).
        const first = rules[0]!;
        const ka = aligned ? (first.kind === 'agg' ? first.g : first.kind === 'join2' ? first.i[0] : first.i) : ka0;
        const kb = aligned && first.kind !== 'agg' ? (first.kind === 'join2' ? first.j[0] : first.j) : kb0;
        const program = compileSource(programText(rules));
        const deployment = validateDeployment({ components: { c: { instances: 1, partitions: 3 } } }, program).deployment!;
        const ctx = contextOf(program, deployment.edb);
        const policy: DistributionPolicy = { keys: new Map([['a', attr(ka)], ['b', attr(kb)]]), everywhere: new Set() };
        const check = await checkPartitionObligations(ctx, 'c', policy, []);
        if (check.results.every((r) => r.verdict.kind === 'proved')) {
          proved++;
          const d = compareRuns(program, 'c', policy, deployment, facts.map(([relation, tuple]) => ({ relation, tuple })), 3);
          expect(d, `proved policy a=${ATTRS[ka]},b=${ATTRS[kb]} diverges on ${JSON.stringify(facts)}`).toBeNull();
        } else {
          refuted++;
          expect(check.counterexamples.length).toBeGreaterThan(0);
          const found = [];
          for (const cex of check.counterexamples) {
            const d = await findDivergence(ctx, cex, policy, [], deployment, { partitions: 3 });
            found.push(d !== null);
            expect(d, `${cex.kind} in \`${cex.ruleText}\` under a=${ATTRS[ka]},b=${ATTRS[kb]}: no divergent run`).not.toBeNull();
          }
        }
      }),
      { numRuns: 60, seed: 20261121 },
    );
    expect(proved).toBeGreaterThan(3);
    expect(refuted).toBeGreaterThan(3);
  });
});

describe('compound keys agree with evaluation', () => {
  // a and b keyed by a pair of their attributes, `(p, q)`: routed by hash(p) * 31 + hash(q).
  const pair = fc.tuple(fc.nat(2), fc.nat(2)).filter(([i, j]) => i !== j);
  // A join on two shared attributes: the rule a compound key can keep local.
  const join2: fc.Arbitrary<RuleSpec> = fc.record({ kind: fc.constant('join2' as const), i: pair, j: pair });
  it('proved ⇒ same outputs on random inputs; refuted ⇒ the counterexample diverges', async () => {
    let proved = 0;
    let refuted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(join2, ruleSpec), { minLength: 1, maxLength: 2 }), pair, pair, fc.boolean(), fc.array(fact, { maxLength: 12 }), async (rules, pa, pb, aligned, facts) => {
        // Half the policies fit the first rule when it is a two-attribute join.
        const first = rules[0]!;
        const [[a1, a2], [b1, b2]] = aligned && first.kind === 'join2' ? [first.i, first.j] : [pa, pb];
        const program = compileSource(programText(rules));
        const deployment = validateDeployment({ components: { c: { instances: 1, partitions: 3 } } }, program).deployment!;
        const ctx = contextOf(program, deployment.edb);
        const policy: DistributionPolicy = { keys: new Map([['a', compoundKey([attr(a1), attr(a2)])], ['b', compoundKey([attr(b1), attr(b2)])]]), everywhere: new Set() };
        const text = `a=${printKey(policy.keys.get('a')!)},b=${printKey(policy.keys.get('b')!)}`;
        const check = await checkPartitionObligations(ctx, 'c', policy, []);
        if (check.results.every((r) => r.verdict.kind === 'proved')) {
          proved++;
          const d = compareRuns(program, 'c', policy, deployment, facts.map(([relation, tuple]) => ({ relation, tuple })), 3);
          expect(d, `proved policy ${text} diverges on ${JSON.stringify(facts)}`).toBeNull();
        } else {
          refuted++;
          expect(check.counterexamples.length).toBeGreaterThan(0);
          for (const cex of check.counterexamples) {
            const d = await findDivergence(ctx, cex, policy, [], deployment, { partitions: 3 });
            expect(d, `${cex.kind} in \`${cex.ruleText}\` under ${text}: no divergent run`).not.toBeNull();
          }
        }
      }),
      { numRuns: 40, seed: 20261122 },
    );
    expect(proved).toBeGreaterThan(2);
    expect(refuted).toBeGreaterThan(3);
  });
});
