/**
 * Expressing a rule's variables through others: the closure of what a set of
 * known variables determines in one rule body, through assignments, equality
 * tests, `.fn` and `hash` calls, singleton `.edb` constants and the
 * functional dependencies of the body atoms. FD inference, co-partition
 * dependencies and the key search all stand on it.
 */
import type { IrExpr, IrRule } from '../ir/types.js';
import type { AnalysisContext } from './scope.js';
import { mapAttrs, type Term } from './term.js';
import type { Fd } from './fds.js';

/** Slot → the term it equals, over the seed's terms. */
export type Defs = Map<number, Term>;

export function translate(e: IrExpr, defs: Defs): Term | undefined {
  switch (e.kind) {
    case 'var':
      return defs.get(e.slot);
    case 'const':
      return { kind: 'const', value: e.value, type: e.type };
    case 'call': {
      const args: Term[] = [];
      for (const a of e.args) {
        const t = translate(a, defs);
        if (!t) return undefined;
        args.push(t);
      }
      return { kind: 'call', fn: e.fn, args, type: e.type };
    }
    case 'binary': {
      const left = translate(e.left, defs);
      const right = translate(e.right, defs);
      return left && right ? { kind: 'binary', op: e.op, left, right, type: 'int' } : undefined;
    }
  }
}

/**
 * Everything the seed determines in `rule`'s body. `fds` are the FDs assumed
 * of body relations (by relation name).
 */
export function closure(rule: IrRule, seed: Defs, fds: ReadonlyMap<string, readonly Fd[]>, ctx: AnalysisContext): Defs {
  const defs: Defs = new Map(seed);
  for (const l of rule.body) {
    if (l.kind === 'atom' && !l.negated && ctx.singletons.has(l.relation)) {
      const a = l.args[0];
      const rel = ctx.program.relations.get(l.relation)!;
      if (a?.kind === 'var' && !defs.has(a.slot)) defs.set(a.slot, { kind: 'edb', relation: l.relation, type: rel.attrs[0]!.type });
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    const define = (slot: number, t: Term | undefined): void => {
      if (t && !defs.has(slot)) {
        defs.set(slot, t);
        changed = true;
      }
    };
    for (const l of rule.body) {
      if (l.kind === 'assign') define(l.target.slot, translate(l.value, defs));
      else if (l.kind === 'compare' && l.op === '==') {
        if (l.left.kind === 'var') define(l.left.slot, translate(l.right, defs));
        if (l.right.kind === 'var') define(l.right.slot, translate(l.left, defs));
      } else if (l.kind === 'atom' && !l.negated) {
        for (const fd of fds.get(l.relation) ?? []) {
          const target = l.args[fd.to];
          if (target?.kind !== 'var' || defs.has(target.slot)) continue;
          let ok = true;
          const t = mapAttrs(fd.def, (attr) => {
            const arg = l.args[attr.index];
            const v = arg?.kind === 'var' ? defs.get(arg.slot) : arg?.kind === 'const' ? ({ kind: 'const', value: arg.value, type: arg.type } as Term) : undefined;
            if (!v) {
              ok = false;
              return attr;
            }
            return v;
          });
          if (ok) define(target.slot, t);
        }
      }
    }
  }
  return defs;
}
