/**
 * The law every rewrite must keep: on random programs, every site the engine
 * proposes (and, for partitionings, Z3 proves), applied, gives a program the
 * differential tester cannot tell from the original. The programs are
 * pipelines: a front that clients address, with random branches that forward,
 * transform, keep state locally or hand facts to a back component that
 * answers at once or counts to a threshold (a guarded, non-monotonic part).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { REWRITES } from '../../src/rewrite/catalog.js';
import { applySite } from '../../src/rewrite/apply.js';
import { ObligationCache } from '../../src/rewrite/solve.js';
import type { ProgramState, Site } from '../../src/rewrite/types.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { differential, expectOrdinaryProgram, state } from './support.js';
import { branchArb, programOf, tripArb } from './pipelines.js';
import { carry } from '../../src/rewrite/carry.js';

afterAll(async () => {
  await shutdownZ3();
});

const cache = new ObligationCache();

async function proved(rw: (typeof REWRITES)[number], s: ProgramState, site: Site): Promise<boolean> {
  const o = await (rw as { obligations(x: ProgramState, y: Site): ReturnType<typeof rw.obligations> }).obligations(s, site);
  const results = await cache.discharge(o.obligations, 10_000, o.decided);
  return o.checks.every((c) => c.holds) && results.every((r) => r.verdict.kind === 'proved');
}

describe('every proposed rewrite keeps what clients observe', () => {
  it('on random pipelines: proposed, proved, applied, and no difference found', async () => {
    let applied = 0;
    const byRewrite = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(branchArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 1000 }), async (branches, seed) => {
        const s = state(programOf(branches), { components: { front: { instances: 1 }, back: { instances: 1 }, relay: { instances: 2 } } });
        for (const rw of REWRITES) {
          const sites = (rw as { find(x: ProgramState): (Site)[] }).find(s).slice(0, 2);
          for (const site of sites) {
            if (!(await proved(rw, s, site))) continue;
            const out = applySite(rw, s, site).state;
            expectOrdinaryProgram(out);
            // The original is searched as the CLI does (its bounds), so an observation it can make but rarely does is found, not reported.
            const v = differential(s, out, 6, seed, null, { maxStates: 20_000, walks: 20_000, samples: 30 });
            expect(v.verdict === 'counterexample' ? `${rw.name} at ${site.component}: ${JSON.stringify(v.counterexample.failure).slice(0, 300)}\n${out.text}` : 'ok').toBe('ok');
            applied++;
            byRewrite.set(rw.name, (byRewrite.get(rw.name) ?? 0) + 1);
          }
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 8), seed: Number(process.env.PROP_SEED ?? 42) },
    );
    expect(applied).toBeGreaterThan(6);
    // The pipelines include a part that feeds back, so both asymmetric decouplings are exercised too.
    expect(byRewrite.get('decouple-asymmetric') ?? 0).toBeGreaterThan(0);
    expect(byRewrite.get('decouple-batched') ?? 0).toBeGreaterThan(0);
  });

  it('carrying, on random pipelines with round trips whose answers read the front state: proposed, proved (Z3 proves the FD), applied, and no difference found', async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(branchArb, { maxLength: 2 }), fc.array(tripArb, { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 1000 }), async (others, trips, seed) => {
        const s = state(programOf([...trips, ...others]), { components: { front: { instances: 1 }, back: { instances: 1 }, relay: { instances: 2 } } });
        const sites = carry.find(s);
        // Every trip's state is proposed (its key and value are a function of the input: an FD, not an assumption).
        expect(sites.length).toBeGreaterThanOrEqual(trips.length);
        for (const site of sites.slice(0, 2)) {
          expect(await proved(carry, s, site)).toBe(true);
          const o = await carry.obligations(s, site);
          expect(o.facts).toEqual([]);
          expect(o.obligations.length).toBeGreaterThan(0);
          const out = applySite(carry, s, site).state;
          expectOrdinaryProgram(out);
          const v = differential(s, out, 6, seed, null, { maxStates: 20_000, walks: 20_000, samples: 30 });
          expect(v.verdict === 'counterexample' ? `carry at ${site.state}: ${JSON.stringify(v.counterexample.failure).slice(0, 300)}\n${out.text}` : 'ok').toBe('ok');
          applied++;
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 6), seed: Number(process.env.PROP_SEED ?? 42) },
    );
    expect(applied).toBeGreaterThan(5);
  });
});
