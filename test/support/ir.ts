/** Invariants of the checked IR, shared by the IR tests and the fuzz tests. */
import type { CheckedProgram, IrExpr, IrHeadArg, IrLiteral, IrRule } from '../../src/ir/types.js';

function exprSlots(e: IrExpr | IrHeadArg, out: number[] = []): number[] {
  switch (e.kind) {
    case 'var':
      out.push(e.slot);
      break;
    case 'aggregate':
      out.push(e.arg.slot);
      break;
    case 'call':
      e.args.forEach((a) => exprSlots(a, out));
      break;
    case 'binary':
      exprSlots(e.left, out);
      exprSlots(e.right, out);
      break;
    case 'const':
      break;
  }
  return out;
}

/**
 * Why `rule`'s body is not in a safe evaluation order, or undefined: every
 * variable a negation, comparison, assignment value, the head or the
 * destination reads must be bound by an earlier positive atom or assignment,
 * and an assignment's target must not be bound before it.
 */
export function unsafeOrder(rule: IrRule): string | undefined {
  const bound = new Set<number>();
  const need = (slots: number[], what: string, l?: IrLiteral): string | undefined => {
    const missing = slots.filter((s) => !bound.has(s));
    return missing.length ? `${what} reads unbound ${missing.map((s) => rule.slotNames[s]).join(', ')}${l ? ` (literal ${rule.body.indexOf(l)})` : ''} in ${rule.text}` : undefined;
  };
  for (const l of rule.body) {
    let problem: string | undefined;
    switch (l.kind) {
      case 'atom':
        if (l.negated) problem = need(l.args.flatMap((a) => (a.kind === 'var' ? [a.slot] : [])), 'negated atom', l);
        else for (const a of l.args) if (a.kind === 'var') bound.add(a.slot);
        break;
      case 'compare':
        problem = need([...exprSlots(l.left), ...exprSlots(l.right)], 'comparison', l);
        break;
      case 'assign':
        problem = need(exprSlots(l.value), 'assignment', l);
        if (!problem && bound.has(l.target.slot)) problem = `assignment rebinds ${l.target.name} in ${rule.text}`;
        bound.add(l.target.slot);
        break;
    }
    if (problem) return problem;
  }
  return need(rule.head.args.flatMap((a) => exprSlots(a)), 'head') ?? (rule.head.dest ? need([rule.head.dest.slot], 'destination') : undefined);
}

/** Every slot index used in `rule` is below slotCount and named consistently. */
export function slotProblem(rule: IrRule): string | undefined {
  if (rule.slotNames.length !== rule.slotCount) return `slotNames has ${rule.slotNames.length} names for ${rule.slotCount} slots`;
  const vars: { slot: number; name: string }[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x !== null && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.kind === 'var' && typeof o.slot === 'number') vars.push({ slot: o.slot, name: String(o.name) });
      for (const [k, v] of Object.entries(o)) if (k !== 'source' && k !== 'span') visit(v);
    }
  };
  visit({ head: rule.head, body: rule.body });
  for (const v of vars) {
    if (v.slot < 0 || v.slot >= rule.slotCount) return `slot ${v.slot} of ${v.name} out of range in ${rule.text}`;
    if (rule.slotNames[v.slot] !== v.name) return `slot ${v.slot} is ${rule.slotNames[v.slot]}, not ${v.name}, in ${rule.text}`;
  }
  return undefined;
}

/**
 * Why the strata of `p` are wrong, or undefined: within each component, a
 * sync rule's head is at or above every relation of its body derived in the
 * same component, and strictly above those it negates or aggregates over;
 * every sync rule's `stratum` is its head's stratum; other rules have -1.
 */
export function strataProblem(p: CheckedProgram): string | undefined {
  for (const comp of p.components.values()) {
    const stratum = new Map<string, number>();
    comp.strata.forEach((s, i) => s.forEach((rel) => stratum.set(rel, i)));
    if (comp.strata.some((s) => s.length === 0)) return `empty stratum in ${comp.name}`;
    for (const id of comp.rules) {
      const r = p.rules[id]!;
      if (r.id !== id || r.component !== comp.name) return `rule ${id} listed under ${comp.name} but is ${r.component}#${r.id}`;
      if (r.kind !== 'sync') {
        if (r.stratum !== -1) return `${r.kind} rule ${r.text} has stratum ${r.stratum}`;
        continue;
      }
      const h = stratum.get(r.head.relation);
      if (h === undefined) return `${r.head.relation} derived in ${comp.name} but in no stratum`;
      if (r.stratum !== h) return `rule ${r.text} has stratum ${r.stratum}, its head is in ${h}`;
      const strict = r.head.aggregateIndex !== undefined;
      for (const l of r.body) {
        if (l.kind !== 'atom') continue;
        const b = stratum.get(l.relation);
        if (b === undefined) continue;
        if ((strict || l.negated) && !(b < h)) return `${r.text}: ${l.relation} (stratum ${b}) must be below ${r.head.relation} (${h})`;
        if (!(b <= h)) return `${r.text}: ${l.relation} (stratum ${b}) must not be above ${r.head.relation} (${h})`;
      }
    }
  }
  return undefined;
}
