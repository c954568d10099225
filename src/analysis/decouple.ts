/**
 * Decoupling opportunities: rule sets that could move to a component of
 * their own, and which rewrite of the catalog would move them. A candidate
 * (C2) is closed downstream: every rule that reads what C2 derives, and every
 * rule that derives the same relation, is in it, so the rest (C1) never reads
 * C2's outputs.
 */
import type { CheckedProgram, IrRule } from '../ir/types.js';
import { functional, independence, monotonic, stateMachine, type Independence, type Property } from './properties.js';
import { atoms, replicatedRelations, type Scope } from './scope.js';

export type DecouplingKind = 'mutually-independent' | 'monotonic' | 'functional' | 'asymmetric';

export interface Decoupling {
  /** Rule ids moved out (C2). */
  readonly rules: readonly number[];
  /** Relations C2 derives. */
  readonly derives: readonly string[];
  /** Rewrites whose precondition holds, strongest first. */
  readonly rewrites: readonly DecouplingKind[];
  /** Why the others do not apply. */
  readonly notes: readonly string[];
  /** The preconditions as decided: the moved rules (C2) against the rest (C1), and C2's own properties. */
  readonly checks: {
    readonly independence: Independence;
    readonly monotonic: Property;
    readonly functional: Property;
    readonly stateMachine: Property;
  };
}

function closeDownstream(scope: Scope, start: IrRule, replicated: ReadonlySet<string>): IrRule[] {
  const set = new Set<number>([start.id]);
  let changed = true;
  while (changed) {
    changed = false;
    const heads = new Set(scope.rules.filter((r) => set.has(r.id) && r.kind !== 'async').map((r) => r.head.relation));
    for (const r of scope.rules) {
      if (set.has(r.id)) continue;
      const sameHead = r.kind !== 'async' && heads.has(r.head.relation);
      if (sameHead || atoms(r).some((a) => heads.has(a.relation))) {
        set.add(r.id);
        changed = true;
      }
    }
  }
  // Relations derived from constants alone go along with their readers (each side may derive its own copy).
  const reads = new Set(scope.rules.filter((r) => set.has(r.id)).flatMap((r) => atoms(r).map((a) => a.relation)));
  for (const r of scope.rules) if (r.kind !== 'async' && replicated.has(r.head.relation) && reads.has(r.head.relation)) set.add(r.id);
  return scope.rules.filter((r) => set.has(r.id));
}

export function decouplings(program: CheckedProgram, scope: Scope): Decoupling[] {
  const seen = new Set<string>();
  const out: Decoupling[] = [];
  const replicated = replicatedRelations(program, scope);
  for (const r of scope.rules) {
    if (r.kind !== 'async' && replicated.has(r.head.relation)) continue;
    const c2 = closeDownstream(scope, r, replicated);
    if (c2.length === scope.rules.length) continue;
    const key = c2.map((x) => x.id).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    const ids = new Set(c2.map((x) => x.id));
    const c1 = scope.rules.filter((x) => !ids.has(x.id));
    const ind = independence(program, c1, c2, replicated);
    const sub: Scope = { component: scope.component, rules: c2 };
    const mono = monotonic(program, sub);
    const func = functional(program, sub);
    const sm = stateMachine(program, sub);
    const rewrites: DecouplingKind[] = [];
    const notes: string[] = [];
    const why = (name: string, p: Property): void => void (p.holds || notes.push(`not ${name}: ${p.reasons[0] ?? ''}`));
    if (ind.mutual) rewrites.push('mutually-independent');
    else notes.push(`not mutually independent: ${ind.reasons.join('; ')}`);
    if (mono.holds) rewrites.push('monotonic');
    else why('monotonic', mono);
    if (func.holds) rewrites.push('functional');
    else why('functional', func);
    if (ind.bIgnoresA && sm.holds && (mono.holds || func.holds)) rewrites.push('asymmetric');
    else if (!sm.holds) why('a state machine', sm);
    out.push({
      rules: c2.map((x) => x.id),
      derives: [...new Set(c2.filter((x) => x.kind !== 'async').map((x) => x.head.relation))].sort(),
      rewrites,
      notes,
      checks: { independence: ind, monotonic: mono, functional: func, stateMachine: sm },
    });
  }
  return out.sort((a, b) => a.rules.length - b.rules.length);
}
