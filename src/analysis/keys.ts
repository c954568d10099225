/**
 * Candidate partition keys of a component: distribution policies (a key term
 * per relation) under which every join, aggregation group, anti-join and
 * locally derived head stays on one partition. Found by propagation: a key
 * chosen for one relation fixes where each rule reading it runs, which fixes
 * the keys of the other relations in that rule — through a shared variable
 * (co-hashing) or through an assignment or FD that defines the location from
 * the other atom's attributes (`store` by `hash(value) % buckets` because
 * `verified` is by `bucket` and `bucket = hash(value) % buckets`). The search
 * is syntactic; Z3 decides (src/certify/partition.ts).
 */
import type { IrAtom, IrHeadArg, IrRule } from '../ir/types.js';
import { translate } from './express.js';
import type { Fd } from './fds.js';
import { atoms, isConstant, localHeads, replicatedRelations, scopeInputs, type AnalysisContext, type Scope } from './scope.js';
import { compoundItems, compoundKey, mapAttrs, printKey, printTerm, termAttrs, type Term } from './term.js';

/** A key term per relation; relations without one are replicated or need none. */
export type Policy = ReadonlyMap<string, Term>;

export function printPolicy(p: Policy): string {
  return [...p].map(([r, t]) => `${r}=${printKey(t)}`).join(',');
}

/** Relations of the scope whose facts are spread over partitions and so need a key. */
export function keyedRelations(ctx: AnalysisContext, scope: Scope): { needed: string[]; optional: string[]; replicated: string[]; free: string[] } {
  const program = ctx.program;
  const rep = replicatedRelations(program, scope);
  const read = new Set<string>();
  for (const r of scope.rules) for (const a of atoms(r)) if (!isConstant(program, a.relation)) read.add(a.relation);
  const inputs = new Set(scopeInputs(program, scope));
  const located = (r: string): boolean => inputs.has(r) || !rep.has(r);
  // Free: every rule reading it reads nothing else that is located, negates nothing,
  // aggregates nothing and derives nothing here: any partition may take its facts.
  const free = [...inputs].filter((x) =>
    scope.rules
      .filter((r) => atoms(r).some((a) => a.relation === x))
      .every((r) => r.kind === 'async' && r.head.aggregateIndex === undefined && atoms(r).filter((a) => !isConstant(program, a.relation) && located(a.relation)).length === 1 && atoms(r).every((a) => !a.negated || isConstant(program, a.relation))),
  );
  const needed = [...read].filter((r) => located(r) && !free.includes(r)).sort();
  const optional = [...localHeads(scope)].filter((r) => !read.has(r) && !rep.has(r)).sort();
  return { needed, optional, replicated: [...rep].filter((r) => !inputs.has(r)).sort(), free: free.sort() };
}

/** A term over rule slots: `attr` terms whose index is a slot. */
type SlotTerm = Term;

function slotVar(slot: number, name: string, type: Term['type']): SlotTerm {
  return { kind: 'attr', index: slot, name: `${name}#${slot}`, type };
}

/** Definitions of rule variables by other variables: assignments, `==`, body FDs, singleton EDBs. */
function expansions(rule: IrRule, fds: ReadonlyMap<string, readonly Fd[]>, ctx: AnalysisContext): Map<number, SlotTerm> {
  const all = new Map<number, SlotTerm>();
  const vars = new Map<number, SlotTerm>();
  for (let s = 0; s < rule.slotCount; s++) vars.set(s, slotVar(s, rule.slotNames[s] ?? `v${s}`, 'int'));
  const asTerm = (e: Parameters<typeof translate>[0]): SlotTerm | undefined => translate(e, typedVars(rule));
  for (const l of rule.body) {
    if (l.kind === 'assign') {
      const t = asTerm(l.value);
      if (t && !all.has(l.target.slot)) all.set(l.target.slot, t);
    } else if (l.kind === 'compare' && l.op === '==' && l.left.kind === 'var' && !all.has(l.left.slot)) {
      const t = asTerm(l.right);
      if (t) all.set(l.left.slot, t);
    } else if (l.kind === 'atom' && !l.negated) {
      if (ctx.singletons.has(l.relation) && l.args[0]?.kind === 'var' && !all.has(l.args[0].slot)) {
        all.set(l.args[0].slot, { kind: 'edb', relation: l.relation, type: l.args[0].type });
      }
      for (const fd of fds.get(l.relation) ?? []) {
        const target = l.args[fd.to];
        if (target?.kind !== 'var' || all.has(target.slot)) continue;
        const t = atRule(fd.def, l, rule);
        if (t) all.set(target.slot, t);
      }
    }
  }
  return all;
}

function typedVars(rule: IrRule): Map<number, Term> {
  const m = new Map<number, Term>();
  const visit = (e: IrHeadArg): void => {
    if (e.kind === 'var') m.set(e.slot, slotVar(e.slot, e.name, e.type));
    else if (e.kind === 'call') e.args.forEach(visit);
    else if (e.kind === 'binary') {
      visit(e.left);
      visit(e.right);
    } else if (e.kind === 'aggregate') visit(e.arg);
  };
  for (const l of rule.body) {
    if (l.kind === 'atom') l.args.forEach((a) => a.kind !== 'wildcard' && visit(a));
    else if (l.kind === 'compare') {
      visit(l.left);
      visit(l.right);
    } else {
      visit(l.target);
      visit(l.value);
    }
  }
  rule.head.args.forEach(visit);
  return m;
}

/** A relation's key term, placed on an atom of a rule (attributes → the atom's arguments). */
export function atRule(key: Term, atom: IrAtom, rule: IrRule): SlotTerm | undefined {
  let ok = true;
  const t = mapAttrs(key, (a) => {
    const arg = atom.args[a.index];
    if (arg?.kind === 'var') return slotVar(arg.slot, arg.name, arg.type);
    if (arg?.kind === 'const') return { kind: 'const', value: arg.value, type: arg.type };
    ok = false;
    return a;
  });
  void rule;
  return ok ? t : undefined;
}

function atHead(key: Term, rule: IrRule): SlotTerm | undefined {
  const vars = typedVars(rule);
  let ok = true;
  const t = mapAttrs(key, (a) => {
    const arg = rule.head.args[a.index];
    if (!arg || arg.kind === 'aggregate' || a.index === rule.head.aggregateIndex) {
      ok = false;
      return a;
    }
    const x = translate(arg, vars);
    if (!x) ok = false;
    return x ?? a;
  });
  return ok ? t : undefined;
}

function normalize(t: SlotTerm, exp: ReadonlyMap<number, SlotTerm>, depth = 0): SlotTerm {
  if (depth > 8) return t;
  return mapAttrs(t, (a) => {
    const d = exp.get(a.index);
    return d ? normalize(d, exp, depth + 1) : a;
  });
}

interface Member {
  readonly relation: string;
  /** Place a key term of the relation in the rule, or undefined (wildcard, aggregate). */
  readonly place: (key: Term) => SlotTerm | undefined;
  /** Relation-level terms that place to `loc`. */
  readonly express: (loc: SlotTerm) => Term[];
}

function members(rule: IrRule, needs: (r: string) => boolean, ctx: AnalysisContext, exp: ReadonlyMap<number, SlotTerm>): Member[] {
  const program = ctx.program;
  const out: Member[] = [];
  const norm = (t: SlotTerm | undefined): string | undefined => (t ? printTerm(normalize(t, exp)) : undefined);
  const expressVia = (relation: string, argTerms: (SlotTerm | undefined)[], loc: SlotTerm): Term[] => {
    const rel = program.relations.get(relation)!;
    const want = printTerm(normalize(loc, exp));
    const found = new Map<string, Term>();
    argTerms.forEach((t, i) => {
      if (t && norm(t) === want) {
        const k: Term = { kind: 'attr', index: i, name: rel.attrs[i]!.name, type: rel.attrs[i]!.type };
        found.set(printTerm(k), k);
      }
    });
    // The location as a term over this member's argument variables.
    const byVar = new Map<string, number>();
    argTerms.forEach((t, i) => {
      if (t?.kind === 'attr' && !byVar.has(t.name)) byVar.set(t.name, i);
    });
    const nl = normalize(loc, exp);
    if (nl.kind !== 'attr') {
      let ok = true;
      const k = mapAttrs(nl, (a) => {
        const i = byVar.get(a.name);
        if (i === undefined) {
          ok = false;
          return a;
        }
        return { kind: 'attr', index: i, name: rel.attrs[i]!.name, type: rel.attrs[i]!.type };
      });
      if (ok && termAttrs(k).size > 0) found.set(printTerm(k), k);
    }
    return [...found.values()];
  };
  const vars = typedVars(rule);
  for (const a of atoms(rule)) {
    if (isConstant(program, a.relation) || !needs(a.relation)) continue;
    const argTerms = a.args.map((x) => (x.kind === 'var' ? slotVar(x.slot, x.name, x.type) : x.kind === 'const' ? ({ kind: 'const', value: x.value, type: x.type } as Term) : undefined));
    out.push({ relation: a.relation, place: (k) => atRule(k, a, rule), express: (loc) => expressVia(a.relation, argTerms, loc) });
  }
  if (rule.kind !== 'async' && needs(rule.head.relation)) {
    const argTerms = rule.head.args.map((x, i) => (x.kind === 'aggregate' || i === rule.head.aggregateIndex ? undefined : translate(x, vars)));
    out.push({ relation: rule.head.relation, place: (k) => atHead(k, rule), express: (loc) => expressVia(rule.head.relation, argTerms, loc) });
  }
  return out;
}

export interface KeySearchOptions {
  /** Keys fixed in advance (a partial policy to complete). */
  readonly fixed?: Policy;
  /** Most policies returned. Default 8. */
  readonly limit?: number;
  /**
   * Also try compound keys, `(a, b)` of two attributes of a relation, after
   * the single ones. A compound key is local only where each of its
   * attributes is, so it never finds a partitioning no single attribute
   * gives; it spreads facts that share one attribute (ids every client
   * reuses) over more partitions.
   */
  readonly compound?: boolean;
  /** Keep searching past `limit` to count what the cap leaves out (`KeySearch.more`). Default false: stop at the cap. */
  readonly countMore?: boolean;
}

export interface KeySearch {
  /** At most `limit` policies, single-attribute seeds first. */
  readonly policies: Policy[];
  /** Further policies found but not listed (the cap was hit); counted only with `countMore`. */
  readonly more: number;
  /** False when the search budget ran out, or it stopped at the cap without counting: there may be more than `more`. */
  readonly exhaustive: boolean;
}

/**
 * Complete policies under which every rule of the scope is syntactically
 * local. With `fixed`, only completions of it.
 */
export function findKeys(ctx: AnalysisContext, scope: Scope, fds: ReadonlyMap<string, readonly Fd[]>, options: KeySearchOptions = {}): Policy[] {
  return searchKeys(ctx, scope, fds, options).policies;
}

/** `findKeys`, saying how many policies the cap left out. */
export function searchKeys(ctx: AnalysisContext, scope: Scope, fds: ReadonlyMap<string, readonly Fd[]>, options: KeySearchOptions = {}): KeySearch {
  const limit = options.limit ?? 8;
  const { needed, optional } = keyedRelations(ctx, scope);
  const needs = new Set([...needed, ...optional]);
  if (scope.rules.some((r) => atoms(r).some((a) => a.relation === 'self_partition'))) return { policies: [], more: 0, exhaustive: true };
  const rules = scope.rules.filter((r) => !r.fromPersist);
  const ruleInfo = rules.map((r) => {
    const exp = expansions(r, fds, ctx);
    return { rule: r, exp, members: members(r, (x) => needs.has(x), ctx, exp) };
  });
  const results = new Map<string, Policy>();
  /** Found beyond the cap (counted, not kept). */
  const extra = new Set<string>();
  const compoundSeen = new Set<string>();
  let budget = 5000;
  let exhausted = false;
  let capped = false;

  const propagate = (policy: Map<string, Term>): Map<string, Term>[] | 'conflict' | 'done' => {
    for (const { exp, members: ms } of ruleInfo) {
      // One located fact alone never needs to meet another.
      if (ms.length < 2) continue;
      const keyed = ms.filter((m) => policy.has(m.relation));
      if (keyed.length === 0) continue;
      const placed = keyed.map((m) => m.place(policy.get(m.relation)!));
      if (placed.some((p) => p === undefined)) return 'conflict';
      const loc = placed[0]!;
      const want = printTerm(normalize(loc, exp));
      if (placed.some((p) => printTerm(normalize(p!, exp)) !== want)) return 'conflict';
      const open = ms.find((m) => !policy.has(m.relation));
      if (!open) continue;
      const options = open.express(loc);
      if (options.length === 0) return 'conflict';
      return options.map((k) => new Map([...policy, [open.relation, k]]));
    }
    return 'done';
  };

  const attrKeys = (relation: string, compound: boolean): Term[] => {
    const rel = ctx.program.relations.get(relation)!;
    const single = rel.attrs.map((a, i): Term => ({ kind: 'attr', index: i, name: a.name, type: a.type }));
    if (!compound) return single;
    return single.flatMap((a, i) => single.slice(i + 1).map((b) => compoundKey([a, b])));
  };

  const dfs = (policy: Map<string, Term>, compound: boolean): void => {
    if (results.size >= limit && !options.countMore) {
      capped = true;
      return;
    }
    if (--budget < 0) {
      exhausted = true;
      return;
    }
    const step = propagate(policy);
    if (step === 'conflict') return;
    if (step !== 'done') {
      for (const p of step) dfs(p, compound);
      return;
    }
    const missing = needed.find((r) => !policy.has(r));
    if (missing) {
      for (const k of attrKeys(missing, compound)) dfs(new Map([...policy, [missing, k]]), compound);
      return;
    }
    if (compound) {
      // A compound key with a constant item (`(txn, "prepared")`) or one item twice spreads no better than a single one.
      const items = [...policy.values()].map((k) => (compoundItems(k) ?? [k]).map(printTerm));
      if (items.some((xs) => xs.length > 1 && (new Set(xs).size < xs.length || xs.some((x) => !/[A-Za-z_]/.test(x) || x.startsWith('"'))))) return;
      // `(a, b)` and `(b, a)` spread alike: list one.
      const sig = [...policy].map(([r, k]) => `${r}=${(compoundItems(k) ?? [k]).map(printTerm).sort().join('|')}`).sort().join(',');
      if (compoundSeen.has(sig)) return;
      compoundSeen.add(sig);
    }
    const ordered = new Map([...policy].sort(([a], [b]) => a.localeCompare(b)));
    const text = printPolicy(ordered);
    if (results.has(text)) return;
    if (results.size < limit) results.set(text, ordered);
    else extra.add(text);
  };

  const fixed = new Map(options.fixed ?? []);
  if (fixed.size > 0) dfs(fixed, false);
  else {
    // Inputs first (co-hashing on what arrives), then derived relations, whose
    // keys reach the inputs through assignments and FDs.
    const inputs = scopeInputs(ctx.program, scope).filter((r) => needs.has(r));
    const seeds = [...inputs, ...needed.filter((r) => !inputs.includes(r)), ...(needed.length === 0 ? optional : [])];
    for (const compound of options.compound ? [false, true] : [false]) {
      for (const r of seeds) for (const k of attrKeys(r, compound)) dfs(new Map([[r, k]]), compound);
    }
  }
  return { policies: [...results.values()], more: extra.size, exhaustive: !exhausted && !capped };
}
