/**
 * The state-machine analysis against the evaluator, on random programs: when
 * it says a component is a state machine, then in every tick where no input
 * arrives (after inputs in the first ticks) the component sends and outputs
 * nothing and carries exactly the facts it was given to the next tick.
 *
 * The programs are random subsets of rule templates over one input
 * `in(x, y)`: copies into state, guarded and unguarded persistence, guards
 * derived from state or from inputs, a count with a one-shot decision latched
 * by the state it sets, sends and outputs from inputs, from state and from
 * the decision, and a counter that advances on its own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSource } from '../support/compile.js';
import { componentScope } from '../../src/analysis/scope.js';
import { stateMachineAnalysis } from '../../src/analysis/state-machine.js';
import { compileComponent } from '../../src/eval/evaluator.js';
import type { Tuple } from '../../src/ir/types.js';

const DECLS = `.input in(x: int, y: int)
.output o(x: int)
.decl d(x: int, y: int)
.decl s(x: int, y: int)
.decl t(x: int)
.decl n(x: int, k: int)
.decl dec(x: int)
.decl done(x: int)
.decl ping(x: int)
.component c`;

const TEMPLATES = [
  'd(x, y) :- in(x, y)',
  's(x, y) :- in(x, y)',
  's(x, y) :+ d(x, y)',
  's(x, y) :+ in(x, y)',
  's(x, y) :+ s(x, y)',
  's(x, y) :+ s(x, y), !t(x)',
  's(x, y) :+ s(x, y), !dec(x)',
  't(x) :- s(x, y), y > 1',
  't(x) :- in(x, _)',
  'n(x, count<y>) :- s(x, y)',
  'dec(x) :- n(x, k), k >= 2, !done(x)',
  'done(x) :+ dec(x)',
  'done(x) :+ done(x)',
  'o(x) :- dec(x)',
  'o(x) :- s(x, y)',
  'o(x) :- d(x, _)',
  'ping@me(x) :~ t(x), self(me)',
  'ping@me(x) :~ in(x, _), self(me)',
  'd(x, y) :- s(x, y), !t(x)',
  's(x, y) :+ s(x, z), y = z + 1, y < 50',
];

const canon = (m: ReadonlyMap<string, readonly Tuple[]>): string => JSON.stringify([...m].filter(([, v]) => v.length > 0).map(([k, v]) => [k, v.map((t) => JSON.stringify(t)).sort()]).sort());

/**
 * Around the two latches (a one-shot decision blocked by the state it sets,
 * and state dropped on the decision that read it): the core is always there,
 * the rest is a random subset.
 */
const LATCH_CORE = ['s(x, y) :- in(x, y)', 'n(x, count<y>) :- s(x, y)', 'dec(x) :- n(x, k), k >= 2, !done(x)', 'done(x) :+ dec(x)', 'done(x) :+ done(x)'];
const LATCHES = [
  'd(x, y) :- in(x, y)',
  's(x, y) :+ d(x, y)',
  's(x, y) :+ s(x, y)',
  's(x, y) :+ s(x, y), !dec(x)',
  's(x, y) :+ s(x, y), !done(x)',
  'dec(x) :- n(x, k), k >= 2',
  'o(x) :- dec(x)',
  'ping@me(x) :~ dec(x), self(me)',
  'o(x) :- n(x, k), k >= 2',
];

interface Tally {
  holds: number;
  fails: number;
  latched: number;
  active: number;
}

/** Runs random subsets of `templates`; fails if a component the analysis calls a state machine is active in a tick without input. */
function agree(templates: readonly string[], seed: number, numRuns: number, core: readonly string[] = []): Tally {
  const tally: Tally = { holds: 0, fails: 0, latched: 0, active: 0 };
  fc.assert(
    fc.property(
      fc.subarray([...templates], { minLength: 2 }).map((xs) => [...core, ...xs]),
      fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { minLength: 1, maxLength: 5 }),
      fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { maxLength: 3 }),
      (rules, first, second) => {
        const program = compileSource(`${DECLS}\n${rules.join('\n')}\n`);
        const verdict = stateMachineAnalysis(program, componentScope(program, 'c'));
        const ev = compileComponent(program, 'c');
        const edb = new Map<string, Tuple[]>([['self', [['c#0']]], ['c', [['c#0']]]]);
        let carried: ReadonlyMap<string, readonly Tuple[]> = new Map();
        const quietActivity: string[] = [];
        for (let tick = 0; tick < 7; tick++) {
          const inputs = tick === 0 ? first : tick === 1 ? second : [];
          const given = new Map<string, Tuple[]>([...carried].map(([k, v]) => [k, [...v]]));
          if (inputs.length) given.set('in', [...(given.get('in') ?? []), ...inputs]);
          const out = ev.tick({ facts: given, edb });
          if (!out.ok) throw new Error(JSON.stringify(out.error));
          if (inputs.length === 0) {
            if (out.result.sent.length + out.result.outputs.length > 0) quietActivity.push(`tick ${tick}: sends or outputs ${out.result.sent.length + out.result.outputs.length}`);
            if (canon(out.result.next) !== canon(given)) quietActivity.push(`tick ${tick}: state changes`);
          }
          carried = out.result.next;
        }
        if (quietActivity.length) tally.active++;
        if (verdict.holds) {
          tally.holds++;
          if (verdict.latched.size > 0) tally.latched++;
          expect(quietActivity, `state machine by the analysis, but active without input:\n${rules.join('\n')}\ninputs ${JSON.stringify([first, second])}`).toEqual([]);
        } else tally.fails++;
      },
    ),
    { numRuns, seed },
  );
  return tally;
}

describe('state-machine verdicts agree with evaluation', () => {
  it('a state machine is quiet (no sends, outputs or state change) in every tick without input', () => {
    const t = agree(TEMPLATES, 20261121, 300);
    // The property must be exercised both ways.
    expect(t.holds).toBeGreaterThan(30);
    expect(t.fails).toBeGreaterThan(30);
    expect(t.active).toBeGreaterThan(10);
  });

  it('also where a latch is what makes it one', () => {
    const t = agree(LATCHES, 20261122, 300, LATCH_CORE);
    expect(t.latched).toBeGreaterThan(10);
    expect(t.fails).toBeGreaterThan(30);
  });
});
