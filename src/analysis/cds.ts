/**
 * Co-partition dependencies: for two relations joined in a rule, an
 * attribute of one that is a function of the other's attributes in every
 * join (`hashset.bucket = hash(verified.value) % buckets` where they meet).
 * Sharing a variable is the identity case. A partition key on one side
 * carries over to the other through them.
 */
import type { IrRule } from '../ir/types.js';
import { closure, type Defs } from './express.js';
import type { Fd } from './fds.js';
import { atoms, isConstant, type AnalysisContext, type Scope } from './scope.js';
import { printTerm, type Term } from './term.js';

export interface Cd {
  readonly rule: number;
  /** `to[attr] = fn(from attributes)` wherever they join in `rule`. */
  readonly from: string;
  readonly to: string;
  readonly attr: number;
  readonly fn: Term;
}

export function printCd(cd: Cd, ctx: AnalysisContext): string {
  const a = ctx.program.relations.get(cd.to)!.attrs[cd.attr]!.name;
  return `${cd.to}.${a} = ${printTermQualified(cd.fn, cd.from)}`;
}

function printTermQualified(t: Term, rel: string): string {
  return printTerm(t).replace(/\b([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()/g, (m) => (/^(true|false)$/.test(m) ? m : `${rel}.${m}`));
}

export function coPartitionDeps(ctx: AnalysisContext, scope: Scope, fds: ReadonlyMap<string, readonly Fd[]>): Cd[] {
  const out: Cd[] = [];
  const seen = new Set<string>();
  const consider = (rule: IrRule): void => {
    const pos = atoms(rule).filter((a) => !a.negated && !isConstant(ctx.program, a.relation));
    for (const from of pos) {
      for (const to of pos) {
        if (from === to) continue;
        const rel = ctx.program.relations.get(from.relation)!;
        const seed: Defs = new Map();
        from.args.forEach((x, i) => {
          if (x.kind === 'var' && !seed.has(x.slot)) seed.set(x.slot, { kind: 'attr', index: i, name: rel.attrs[i]!.name, type: rel.attrs[i]!.type });
        });
        const defs = closure(rule, seed, fds, ctx);
        to.args.forEach((x, j) => {
          if (x.kind !== 'var') return;
          const t = defs.get(x.slot);
          if (!t || t.kind === 'edb' || t.kind === 'const') return;
          const cd: Cd = { rule: rule.id, from: from.relation, to: to.relation, attr: j, fn: t };
          const k = `${cd.from}>${cd.to}.${j}=${printTerm(t)}`;
          if (!seen.has(k)) {
            seen.add(k);
            out.push(cd);
          }
        });
      }
    }
  };
  scope.rules.forEach(consider);
  return out;
}
