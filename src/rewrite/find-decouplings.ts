/**
 * Proposing decouplings: which rule sets of a component could move to a
 * component of their own. Two kinds of candidates:
 *
 * * units: the rules connected through the relations they derive and read
 *   (sinks such as a durable log written from several places, and relations
 *   derived from constants alone, connect nothing), so moving a unit leaves
 *   no relation split;
 * * downstream-closed sets: a rule with every rule that reads what it derives
 *   (the rest never reads the moved part).
 *
 * For a component clients address (it reads an `.input`), moving all of its
 * rules is a candidate too: it stays as a proxy that forwards client inputs
 * (unless it only forwards already). Forwarding the engine made is never
 * moved on its own.
 * A candidate is proposed by a rewrite when its precondition holds.
 */
import type { IrRule } from '../ir/types.js';
import { atoms, componentScope, isConstant, replicatedRelations } from '../analysis/scope.js';
import { isPersistence } from './ast.js';
import { decouplePrecondition, decoupleSiteProblems, freshName, takenNames, type DecoupleKind } from './decouple.js';
import type { DecoupleSite, ProgramState } from './types.js';

/** The component's own rules: not `.persist`-generated, not unconditional persistence, not constant-only helpers. */
export function movableRules(state: ProgramState, component: string): IrRule[] {
  const program = state.program;
  const scope = componentScope(program, component);
  const replicated = replicatedRelations(program, scope);
  return scope.rules.filter((r) => !r.fromPersist && !(r.source && isPersistence(r.source)) && !(r.kind !== 'async' && replicated.has(r.head.relation)));
}

export function clientFacing(state: ProgramState, component: string): boolean {
  return componentScope(state.program, component).rules.some((r) => atoms(r).some((a) => state.program.relations.get(a.relation)?.kind === 'input'));
}

/** Local relations of the component that some rule of it reads (not sinks). */
function readLocals(state: ProgramState, component: string): Set<string> {
  const program = state.program;
  const rules = componentScope(program, component).rules.filter((r) => !r.fromPersist && !(r.source && isPersistence(r.source)));
  const local = new Set(rules.filter((r) => r.kind !== 'async').map((r) => r.head.relation));
  const read = new Set(rules.flatMap((r) => atoms(r).map((a) => a.relation)));
  return new Set([...local].filter((x) => read.has(x)));
}

/** Units: rules connected through shared relations (sinks and constant-only relations connect nothing). */
export function units(state: ProgramState, component: string): IrRule[][] {
  const program = state.program;
  const rules = movableRules(state, component);
  const replicated = replicatedRelations(program, componentScope(program, component));
  const locals = readLocals(state, component);
  const links = (r: IrRule): string[] => {
    const out = atoms(r)
      .map((a) => a.relation)
      .filter((x) => !isConstant(program, x) && !replicated.has(x));
    if (r.kind !== 'async' && locals.has(r.head.relation)) out.push(r.head.relation);
    return out;
  };
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  rules.forEach((r, i) => {
    for (const x of links(r)) {
      const o = owner.get(x);
      if (o === undefined) owner.set(x, i);
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, IrRule[]>();
  rules.forEach((r, i) => {
    const g = find(i);
    groups.set(g, [...(groups.get(g) ?? []), r]);
  });
  return [...groups.values()];
}

/**
 * For each rule, the smallest set holding it that `grows` cannot extend:
 * `grows(members)` says which further rules the set must take in.
 */
function closures(rules: readonly IrRule[], grows: (members: readonly IrRule[]) => (r: IrRule) => boolean): IrRule[][] {
  const out = new Map<string, IrRule[]>();
  for (const start of rules) {
    const set = new Set([start.id]);
    let changed = true;
    while (changed) {
      changed = false;
      const takes = grows(rules.filter((r) => set.has(r.id)));
      for (const r of rules) {
        if (!set.has(r.id) && takes(r)) {
          set.add(r.id);
          changed = true;
        }
      }
    }
    const chosen = rules.filter((r) => set.has(r.id));
    out.set(chosen.map((r) => r.id).join(','), chosen);
  }
  return [...out.values()];
}

/** Downstream-closed sets: a rule with every rule that reads (or also derives) what the set derives. */
export function downstreamClosures(state: ProgramState, component: string): IrRule[][] {
  const locals = readLocals(state, component);
  return closures(movableRules(state, component), (members) => {
    const heads = new Set(members.filter((r) => r.kind !== 'async' && locals.has(r.head.relation)).map((r) => r.head.relation));
    return (r) => (r.kind !== 'async' && heads.has(r.head.relation)) || atoms(r).some((a) => heads.has(a.relation));
  });
}

/**
 * Upstream-closed sets: a rule with every rule that derives what the set
 * reads (or also derives). Moved, such a set reads nothing the rest derives,
 * while the rest may read what it derives: the candidates of the asymmetric
 * decouplings (the rest reads back), which downstream closures never are.
 */
export function upstreamClosures(state: ProgramState, component: string): IrRule[][] {
  const program = state.program;
  return closures(movableRules(state, component), (members) => {
    const wanted = new Set([...members.flatMap((r) => atoms(r).map((a) => a.relation)).filter((x) => !isConstant(program, x)), ...members.filter((r) => r.kind !== 'async').map((r) => r.head.relation)]);
    return (r) => r.kind !== 'async' && wanted.has(r.head.relation);
  });
}

/** An asynchronous rule that sends one changing relation's facts on unchanged (constants only pick the destination). */
export function isPureForward(state: ProgramState, r: IrRule): boolean {
  if (r.kind !== 'async') return false;
  const changing = atoms(r).filter((a) => !isConstant(state.program, a.relation));
  const a = changing[0];
  if (changing.length !== 1 || !a || a.negated || a.args.length !== r.head.args.length) return false;
  return a.args.every((x, i) => {
    const h = r.head.args[i];
    return x.kind === 'var' && h?.kind === 'var' && h.slot === x.slot;
  });
}

/** A name for the new component: `C_core` for everything, else `C_` + what the moved rules send (or derive). */
export function defaultInto(state: ProgramState, component: string, moved: readonly IrRule[], taken?: Set<string>): string {
  const all = movableRules(state, component);
  const names = taken ?? takenNames(state.program);
  let suffix: string;
  if (moved.length === all.length) suffix = 'core';
  else {
    const sent = moved.find((r) => r.kind === 'async');
    suffix = (sent ?? moved.find((r) => state.program.relations.get(r.head.relation)?.kind !== 'output') ?? moved[0]!).head.relation;
  }
  return freshName(new Set(names), `${component}_${suffix}`);
}

export interface CandidateOptions {
  /** Upstream-closed sets too (the moved part may feed back): for the asymmetric decouplings. */
  readonly upstream?: boolean;
}

/** Every candidate of the component (units, closures, and everything for a client-facing one), each as a site. */
export function decouplingCandidates(state: ProgramState, component: string, options: CandidateOptions = {}): DecoupleSite[] {
  const all = movableRules(state, component);
  if (all.length === 0) return [];
  const seen = new Set<string>();
  const out: DecoupleSite[] = [];
  // Forwarding the engine made (`x__to_C`) is not work to move: another hop gains nothing.
  const engineForward = (r: IrRule): boolean => isPureForward(state, r) && /__to_/.test(r.head.relation);
  // A client-facing component that only forwards is a proxy already: no proxy in front of it.
  const proxyOnly = all.every((r) => isPureForward(state, r));
  const consider = (rules: readonly IrRule[]): void => {
    if (rules.length === 0 || rules.every(engineForward)) return;
    if (rules.length === all.length && (!clientFacing(state, component) || proxyOnly)) return;
    const key = rules.map((r) => r.id).sort((a, b) => a - b).join(',');
    if (seen.has(key)) return;
    seen.add(key);
    const site: DecoupleSite = { kind: 'decouple', component, rules: rules.map((r) => r.id), into: defaultInto(state, component, rules) };
    if (decoupleSiteProblems(state, component, site.rules, site.into).length === 0) out.push(site);
  };
  const us = units(state, component);
  if (us.length > 1) us.forEach(consider);
  downstreamClosures(state, component).forEach(consider);
  if (options.upstream) upstreamClosures(state, component).forEach(consider);
  consider(all);
  return out.sort((a, b) => a.rules.length - b.rules.length);
}

export function findDecouplings(state: ProgramState, kind: DecoupleKind): DecoupleSite[] {
  return findDecouplingsBy(state, (site) => decouplePrecondition(state, site, kind).holds);
}

/** Every candidate site (of unpartitioned components) that `holds` accepts. */
export function findDecouplingsBy(state: ProgramState, holds: (site: DecoupleSite) => boolean, options: CandidateOptions = {}): DecoupleSite[] {
  const out: DecoupleSite[] = [];
  for (const component of state.program.components.keys()) {
    if ((state.deployment.components.get(component)?.partitions ?? 1) > 1) continue;
    for (const site of decouplingCandidates(state, component, options)) {
      if (holds(site)) out.push(site);
    }
  }
  return out;
}
