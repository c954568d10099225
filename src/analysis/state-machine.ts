/**
 * State machines: a rule set whose state changes, and which sends or
 * outputs, only in a tick where an input arrives (a *quiet* tick is one
 * where none does). Asymmetric decoupling and partial partitioning rely on
 * it. Two kinds of dependency on the inputs are traced, through `:-` rules
 * (same tick), `:+` rules (the next tick) and persistence:
 *
 * - *existence dependency* (E): the relation is empty in every quiet tick.
 *   Inputs are; so is a `:-` relation each of whose rules reads an E relation,
 *   and a *latched* one: each rule negates a never-dropped state `s` on the
 *   key that a `s :+ r` rule then adds (`decision(t, d) :- ..., !decided(t, _)`
 *   with `decided(t, d) :+ decision(t, d)`), and otherwise reads only facts
 *   that do not grow in a quiet tick: whatever it derived in the tick before
 *   is blocked by then, and nothing new can appear.
 * - *no-change dependency*: in a quiet tick a persisted relation carries
 *   exactly its current facts to the next tick. It must be persisted (a
 *   `:+` relation without a persistence rule loses in a quiet tick what it
 *   got the tick before), every `:+` rule that adds to it must read an E
 *   relation, and every guard of its persistence
 *   (`s :+ s, !g`) must be E, or must not grow in a quiet tick while `s`
 *   receives nothing but E facts (whatever `g` blocks then was blocked the
 *   tick before).
 *
 * Everything the rule set sends (`:~`) or outputs must have an existence
 * dependency. Auxiliary classes: *non-growing* (QNG: in a quiet tick, a
 * subset of the tick before) and *non-shrinking* (NS: never loses a fact).
 * Relations are classified by a greatest fixpoint, so recursion through
 * `:-` keeps a class unless some rule breaks it.
 */
import type { CheckedProgram, IrAtom, IrRule } from '../ir/types.js';
import type { Property } from './properties.js';
import { atoms, isConstant, replicatedRelations, scopeInputs, type Scope } from './scope.js';

/** `s(x..) :+ s(x..), guards`: the rule keeps facts of its head (its own atom is `self`). */
function selfAtom(r: IrRule): IrAtom | undefined {
  if (r.kind !== 'next') return undefined;
  return atoms(r).find(
    (a) =>
      !a.negated &&
      a.relation === r.head.relation &&
      a.args.length === r.head.args.length &&
      a.args.every((x, i) => {
        const h = r.head.args[i];
        return x.kind === 'var' && h?.kind === 'var' && h.slot === x.slot;
      }),
  );
}

const varAt = (args: readonly { kind: string; slot?: number }[], i: number): number | undefined => {
  const a = args[i];
  return a?.kind === 'var' ? a.slot : undefined;
};

export interface StateMachineAnalysis extends Property {
  /** Relations with an existence dependency on the inputs (empty in a quiet tick). */
  readonly existence: readonly string[];
  /** Relations that are latched (empty in a quiet tick although they read state), and how. */
  readonly latched: ReadonlyMap<string, string>;
}

export function stateMachineAnalysis(program: CheckedProgram, scope: Scope): StateMachineAnalysis {
  const rules = scope.rules;
  const inputs = new Set(scopeInputs(program, scope));
  const sync = new Map<string, IrRule[]>();
  const next = new Map<string, IrRule[]>();
  for (const r of rules) {
    if (r.kind === 'async') continue;
    const m = r.kind === 'sync' ? sync : next;
    m.set(r.head.relation, [...(m.get(r.head.relation) ?? []), r]);
  }
  const state = new Set(next.keys());
  // Derived by `:-` from constants alone (`size(count<p>) :- participant(p)`): the same in every tick.
  const fixed = new Set([...replicatedRelations(program, scope)].filter((r) => !inputs.has(r) && !state.has(r)));
  for (let again = true; again; ) {
    again = false;
    for (const r of [...fixed]) {
      if ((sync.get(r) ?? []).some((x) => atoms(x).some((a) => !isConstant(program, a.relation) && !fixed.has(a.relation)))) {
        fixed.delete(r);
        again = true;
      }
    }
  }
  const constant = (r: string): boolean => isConstant(program, r) || fixed.has(r);
  const adders = (s: string): IrRule[] => (next.get(s) ?? []).filter((r) => !selfAtom(r));
  const keepers = (s: string): IrRule[] => (next.get(s) ?? []).filter((r) => selfAtom(r));
  const changing = (r: IrRule, negated: boolean): IrAtom[] => atoms(r).filter((a) => a.negated === negated && !constant(a.relation));
  /** Kept by a persistence rule with no guard and no other condition: never loses a fact. */
  const keptForever = (s: string): boolean => keepers(s).some((r) => changing(r, true).length === 0 && changing(r, false).length === 1);

  const locals = new Set([...sync.keys(), ...state]);
  const all = new Set([...inputs, ...locals]);
  // Greatest fixpoint: start with every relation in every class, remove until stable.
  const E = new Set([...inputs, ...[...sync.keys()].filter((r) => !state.has(r))]);
  const QNG = new Set(all);
  const NS = new Set([...locals].filter((r) => !inputs.has(r)));
  const latchedBy = new Map<string, string>();

  const hasE = (r: IrRule): boolean => changing(r, false).some((a) => E.has(a.relation));
  /** Facts that can disappear from `b` between ticks come in whole groups of the aggregate rule `r` reading `atom`. */
  const wholeGroups = (r: IrRule, atom: IrAtom): boolean => {
    const b = atom.relation;
    if (QNG.has(b) && NS.has(b)) return true;
    if (!state.has(b) || (sync.get(b) ?? []).some((x) => !hasE(x))) return false;
    const groupSlots = new Set(r.head.args.flatMap((h, i) => (i !== r.head.aggregateIndex && h.kind === 'var' ? [h.slot] : [])));
    return keepers(b).every((k) => {
      const self = selfAtom(k)!;
      // Positions of the kept fact that decide whether it is dropped.
      const decisive = new Set<number>();
      for (const g of atoms(k)) {
        if (g === self || constant(g.relation)) continue;
        for (const x of g.args) if (x.kind === 'var') self.args.forEach((y, i) => y.kind === 'var' && y.slot === x.slot && decisive.add(i));
      }
      return [...decisive].every((i) => {
        const v = varAt(atom.args, i);
        return v !== undefined && groupSlots.has(v);
      });
    });
  };
  const qngRule = (r: IrRule): boolean => {
    if (hasE(r)) return true;
    if (!changing(r, false).every((a) => QNG.has(a.relation))) return false;
    if (!changing(r, true).every((a) => NS.has(a.relation))) return false;
    if (r.head.aggregateIndex !== undefined && !changing(r, false).every((a) => wholeGroups(r, a))) return false;
    return true;
  };
  /** The never-dropped state that blocks, the tick after, every fact `r` derives (see the module comment). */
  const latch = (r: IrRule): string | undefined => {
    if (!qngRule(r)) return undefined;
    for (const n of changing(r, true)) {
      const s = n.relation;
      if (!state.has(s) || !keptForever(s)) continue;
      const ok = adders(s).some((add) => {
        const body = atoms(add).filter((a) => !constant(a.relation));
        const src = body[0];
        if (body.length !== 1 || !src || src.negated || src.relation !== r.head.relation) return false;
        return n.args.every((x, i) => {
          if (x.kind === 'wildcard') return true;
          if (x.kind !== 'var') return false;
          const p = r.head.args.findIndex((h) => h.kind === 'var' && h.slot === x.slot);
          const w = varAt(src.args, p);
          const h = add.head.args[i];
          return p >= 0 && w !== undefined && h?.kind === 'var' && h.slot === w;
        });
      });
      if (ok) return `by \`${s}\``;
    }
    return undefined;
  };

  /**
   * Where `b`'s facts come only from a state `s` carried past a guard `!g`:
   * for each position of `g`, the position of `b` holding the same value.
   */
  const carried = (b: string, depth = 0): { state: string; guard: string; at: number[] } | undefined => {
    if (depth > 4) return undefined;
    if (state.has(b)) {
      if (adders(b).length > 0 || (sync.get(b) ?? []).some((x) => !hasE(x))) return undefined;
      const ks = keepers(b);
      if (ks.length !== 1) return undefined;
      const k = ks[0]!;
      const self = selfAtom(k)!;
      const guards = changing(k, true);
      if (guards.length !== 1 || changing(k, false).length !== 1) return undefined;
      const g = guards[0]!;
      const at = g.args.map((x) => (x.kind === 'var' ? self.args.findIndex((y) => y.kind === 'var' && y.slot === x.slot) : x.kind === 'wildcard' ? -2 : -1));
      return at.includes(-1) ? undefined : { state: b, guard: g.relation, at };
    }
    const rs = sync.get(b) ?? [];
    if (rs.length !== 1) return undefined;
    const r = rs[0]!;
    const src = changing(r, false);
    if (src.length !== 1 || changing(r, true).length > 0) return undefined;
    const inner = carried(src[0]!.relation, depth + 1);
    if (!inner) return undefined;
    const at = inner.at.map((p) => {
      if (p === -2) return -2;
      const v = varAt(src[0]!.args, p);
      return v === undefined ? -1 : r.head.args.findIndex((h, i) => i !== r.head.aggregateIndex && h.kind === 'var' && h.slot === v);
    });
    return at.includes(-1) ? undefined : { ...inner, at };
  };
  /** A rule of `g` whose body is among `r`'s literals (renamed), and the renaming. */
  const implied = (r: IrRule, g: string): { rule: IrRule; map: Map<number, number> } | undefined => {
    for (const gr of sync.get(g) ?? []) {
      if (gr.body.some((l) => l.kind !== 'atom')) continue;
      const map = new Map<number, number>();
      const ok = atoms(gr).every((ga) =>
        atoms(r).some((ra) => {
          if (ra.relation !== ga.relation || ra.negated !== ga.negated || ra.args.length !== ga.args.length) return false;
          const trial = new Map(map);
          const fits = ga.args.every((x, i) => {
            const y = ra.args[i]!;
            if (x.kind === 'wildcard') return true;
            if (x.kind === 'const' || y.kind === 'const') return x.kind === 'const' && y.kind === 'const' && x.value === y.value;
            if (x.kind !== 'var' || y.kind !== 'var') return false;
            const prev = trial.get(x.slot);
            if (prev !== undefined && prev !== y.slot) return false;
            trial.set(x.slot, y.slot);
            return true;
          });
          if (fits) trial.forEach((v, k) => map.set(k, v));
          return fits;
        }),
      );
      if (ok) return { rule: gr, map };
    }
    return undefined;
  };
  /**
   * Latched through a dropped guard: `r` reads `b`, whose facts come only
   * from a state `s` kept while `!g` holds on a key, and whenever `r` fires
   * some rule derives `g` on that key in the same tick (its body is among
   * `r`'s), so what `r` read is gone from `s` by the next tick
   * (`reply :~ tally(c, i, ..), ...` with `done(c, i) :- tally(c, i, ..), ...`
   * and `votes :+ votes, !done(c, i)`).
   */
  const dropLatch = (r: IrRule): string | undefined => {
    if (!qngRule(r)) return undefined;
    for (const a of changing(r, false)) {
      const c = carried(a.relation);
      if (!c) continue;
      const imp = implied(r, c.guard);
      if (!imp) continue;
      const ok = c.at.every((p, j) => {
        if (p === -2) return true;
        const h = imp.rule.head.args[j];
        const gv = h?.kind === 'var' ? h.slot : undefined;
        const rv = varAt(a.args, p);
        return gv !== undefined && rv !== undefined && imp.map.get(gv) === rv;
      });
      if (ok) return `(what it reads from \`${c.state}\` is dropped on \`${c.guard}\`)`;
    }
    return undefined;
  };

  let changed = true;
  while (changed) {
    changed = false;
    const drop = (set: Set<string>, r: string): void => {
      if (set.delete(r)) changed = true;
    };
    for (const r of [...E]) {
      if (inputs.has(r)) continue;
      latchedBy.delete(r);
      for (const rule of sync.get(r) ?? []) {
        if (hasE(rule)) continue;
        const s = latch(rule) ?? dropLatch(rule);
        if (s) latchedBy.set(r, s);
        else {
          drop(E, r);
          latchedBy.delete(r);
          break;
        }
      }
    }
    for (const r of [...QNG]) {
      if (E.has(r) || constant(r)) continue;
      if (inputs.has(r)) continue;
      const ok = state.has(r) ? adders(r).length === 0 && (sync.get(r) ?? []).every(qngRule) : (sync.get(r) ?? []).every(qngRule);
      if (!ok) drop(QNG, r);
    }
    for (const r of [...NS]) {
      if (constant(r)) continue;
      const ok = state.has(r)
        ? keptForever(r)
        : (sync.get(r) ?? []).every((x) => x.head.aggregateIndex === undefined && changing(x, false).every((a) => NS.has(a.relation)) && changing(x, true).every((a) => QNG.has(a.relation)));
      if (!ok) drop(NS, r);
    }
  }

  const reasons: string[] = [];
  const notE = (r: IrRule): string => {
    const pos = changing(r, false).map((a) => a.relation);
    return pos.length ? [...new Set(pos)].map((x) => `\`${x}\``).join(', ') : 'constants alone';
  };
  for (const s of [...state].sort()) {
    const onlyE = adders(s).length === 0 && (sync.get(s) ?? []).every(hasE);
    if (keepers(s).length === 0) {
      const add = adders(s)[0]!;
      reasons.push(`\`${s}\` is not persisted: what rule \`${add.text}\` adds holds for one tick and is gone the next, which may bring no input (no-change dependency)`);
    }
    for (const r of next.get(s) ?? []) {
      const self = selfAtom(r);
      if (!self) {
        if (!hasE(r)) reasons.push(`rule \`${r.text}\` adds to \`${s}\` from ${notE(r)}, which can hold in a tick with no input (no-change dependency)`);
        continue;
      }
      for (const g of changing(r, true)) {
        if (E.has(g.relation) || (QNG.has(g.relation) && onlyE)) continue;
        const why = !QNG.has(g.relation) ? `\`${g.relation}\` can gain facts in a tick with no input (it is added to by \`:+\` or derived from such facts)` : `\`${s}\` also receives facts that are not inputs`;
        reasons.push(`rule \`${r.text}\` drops \`${s}\` on \`${g.relation}\`, and ${why}, so \`${s}\` can change in a tick with no input (no-change dependency)`);
      }
      for (const h of changing(r, false)) {
        if (h === self || (NS.has(h.relation) && onlyE)) continue;
        reasons.push(`rule \`${r.text}\` keeps \`${s}\` only while \`${h.relation}\` holds, which can change in a tick with no input (no-change dependency)`);
      }
    }
  }
  for (const r of rules) {
    const output = r.kind === 'sync' && program.relations.get(r.head.relation)?.kind === 'output';
    if (r.kind !== 'async' && !output) continue;
    if (hasE(r) || (r.kind === 'sync' && latch(r) !== undefined) || dropLatch(r) !== undefined) continue;
    reasons.push(`rule \`${r.text}\` ${r.kind === 'async' ? 'sends' : `outputs \`${r.head.relation}\``} from ${notE(r)}, which can hold in a tick with no input (existence dependency)`);
  }
  const notes = [...latchedBy].sort().map(([r, how]) => `\`${r}\` is latched ${how}, so it holds only in ticks where an input arrives`);
  return { holds: reasons.length === 0, reasons: reasons.length ? reasons : notes, existence: [...E].sort(), latched: latchedBy };
}

export function stateMachine(program: CheckedProgram, scope: Scope): Property {
  const a = stateMachineAnalysis(program, scope);
  return { holds: a.holds, reasons: a.reasons };
}
