/**
 * Functional dependencies, each with its definition: `verified: value ->
 * bucket` because every fact of `verified` has `bucket = hash(value) %
 * buckets`. They come from `.fn` and `hash` assignments, from attributes that
 * always share a variable (the definition is the other attribute), and by
 * inheritance through rule bodies (a body atom's FDs define head variables).
 *
 * Recursion is handled the way the literature does: the candidates of every
 * defining rule are united (and closed transitively, by assuming the
 * candidates of body relations and collecting again until nothing new
 * appears), then intersected: a candidate survives only when every rule that
 * defines the relation derives it, assuming the surviving candidates of its
 * body relations, until stable. Z3 then checks each survivor inductively
 * (src/certify/fd-check.ts). An FD holds of every fact of the relation at any
 * node and tick; `.input` relations have none.
 */
import type { CheckedProgram, IrRule } from '../ir/types.js';
import { closure, translate, type Defs } from './express.js';
import type { AnalysisContext } from './scope.js';
import { printTerm, termAttrs, type Term } from './term.js';

export interface Fd {
  readonly relation: string;
  /** Attribute indexes the definition reads (the FD's left side). */
  readonly from: readonly number[];
  /** The determined attribute. */
  readonly to: number;
  /** `attr[to] = def` for every fact; `def` reads only `from` and constants. */
  readonly def: Term;
}

export function fdId(fd: Fd, program: CheckedProgram): string {
  const rel = program.relations.get(fd.relation)!;
  const from = fd.from.map((i) => rel.attrs[i]!.name).join(',') || '()';
  return `${fd.relation}:${from}->${rel.attrs[fd.to]!.name}`;
}

export function printFd(fd: Fd, program: CheckedProgram): string {
  const rel = program.relations.get(fd.relation)!;
  const from = fd.from.map((i) => rel.attrs[i]!.name).join(', ') || '()';
  return `${fd.relation}: ${from} -> ${rel.attrs[fd.to]!.name}  (${rel.attrs[fd.to]!.name} = ${printTerm(fd.def)})`;
}

const key = (fd: Fd): string => `${fd.relation}/${fd.to}/${printTerm(fd.def)}`;

/** The rules defining each relation, anywhere in the program. */
export function definingRules(program: CheckedProgram): Map<string, IrRule[]> {
  const out = new Map<string, IrRule[]>();
  for (const r of program.rules) {
    const list = out.get(r.head.relation) ?? [];
    list.push(r);
    out.set(r.head.relation, list);
  }
  return out;
}

function group(fds: Iterable<Fd>): Map<string, Fd[]> {
  const m = new Map<string, Fd[]>();
  for (const fd of fds) {
    const list = m.get(fd.relation) ?? [];
    list.push(fd);
    m.set(fd.relation, list);
  }
  return m;
}

/** The candidate FDs one rule gives its head, assuming `assumed` of its body. */
function ruleCandidates(rule: IrRule, assumed: ReadonlyMap<string, readonly Fd[]>, ctx: AnalysisContext): Fd[] {
  const rel = ctx.program.relations.get(rule.head.relation);
  if (!rel) return [];
  const args = rule.head.args;
  const out: Fd[] = [];
  const seeds: (number | null)[] = [null, ...args.map((_, i) => i)];
  for (const s of seeds) {
    const seed: Defs = new Map();
    if (s !== null) {
      const a = args[s];
      if (a?.kind !== 'var') continue;
      seed.set(a.slot, { kind: 'attr', index: s, name: rel.attrs[s]!.name, type: rel.attrs[s]!.type });
    }
    const defs = closure(rule, seed, assumed, ctx);
    args.forEach((a, y) => {
      if (y === s || a.kind === 'aggregate' || y === rule.head.aggregateIndex) return;
      const t = translate(a, defs);
      if (!t) return;
      out.push({ relation: rel.name, from: [...termAttrs(t)].sort((p, q) => p - q), to: y, def: t });
    });
  }
  return out;
}

/** Whether `rule` derives `fd` of its head, assuming `assumed` of its body. */
export function ruleDerives(rule: IrRule, fd: Fd, assumed: ReadonlyMap<string, readonly Fd[]>, ctx: AnalysisContext): boolean {
  const rel = ctx.program.relations.get(fd.relation)!;
  const seed: Defs = new Map();
  for (const i of fd.from) {
    const a = rule.head.args[i];
    if (a?.kind !== 'var') return false;
    const prev = seed.get(a.slot);
    if (prev) return false;
    seed.set(a.slot, { kind: 'attr', index: i, name: rel.attrs[i]!.name, type: rel.attrs[i]!.type });
  }
  const target = rule.head.args[fd.to];
  if (!target || target.kind === 'aggregate') return false;
  const t = translate(target, closure(rule, seed, assumed, ctx));
  return t !== undefined && printTerm(t) === printTerm(fd.def);
}

/**
 * The FDs of every relation that some rule derives (not `.input`s), as the
 * syntactic greatest fixpoint. Relations in `only` (when given) and the
 * relations they depend on are computed; the rest are skipped.
 */
export function inferFds(ctx: AnalysisContext): Fd[] {
  const program = ctx.program;
  const defining = definingRules(program);
  const derivable = (name: string): boolean => program.relations.get(name)?.kind !== 'input' && (defining.get(name)?.length ?? 0) > 0;

  // Union, closed transitively: collect with everything found so far assumed.
  let all = new Map<string, Fd>();
  for (let round = 0; round < 4; round++) {
    const assumed = group(all.values());
    const before = all.size;
    for (const r of program.rules) {
      if (!derivable(r.head.relation)) continue;
      for (const fd of ruleCandidates(r, assumed, ctx)) if (!all.has(key(fd))) all.set(key(fd), fd);
    }
    if (all.size === before) break;
  }
  // Intersection: every defining rule must derive it, until stable.
  let changed = true;
  while (changed) {
    changed = false;
    const assumed = group(all.values());
    const next = new Map<string, Fd>();
    for (const [k, fd] of all) {
      const rules = defining.get(fd.relation) ?? [];
      if (rules.every((r) => ruleDerives(r, fd, assumed, ctx))) next.set(k, fd);
      else changed = true;
    }
    all = next;
  }
  return [...all.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

export function fdsByRelation(fds: readonly Fd[]): Map<string, Fd[]> {
  return group(fds);
}
