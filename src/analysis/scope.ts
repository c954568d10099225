/**
 * What the analyses look at: the rules of one component (or any subset of
 * them), the relations they read and write, and the deployment facts the
 * analyses may rely on (which unary `.edb` relations hold exactly one fact).
 */
import type { CheckedProgram, IrAtom, IrRule, Relation, Value } from '../ir/types.js';

export interface AnalysisContext {
  readonly program: CheckedProgram;
  /**
   * Unary `.edb` relations known to hold exactly one fact (from the
   * deployment). Their value is a constant every node agrees on, so it may
   * appear in keys and FD definitions.
   */
  readonly singletons: ReadonlySet<string>;
  /** The value of each singleton (the certificate is for this deployment's constants). */
  readonly constants: ReadonlyMap<string, Value>;
}

export function contextOf(program: CheckedProgram, edb?: ReadonlyMap<string, readonly (readonly Value[])[]>): AnalysisContext {
  const singletons = new Set<string>();
  const constants = new Map<string, Value>();
  for (const [name, rows] of edb ?? new Map<string, readonly (readonly Value[])[]>()) {
    const rel = program.relations.get(name);
    const v = rows[0]?.[0];
    if (rel && rel.kind === 'edb' && rel.attrs.length === 1 && rows.length === 1 && v !== undefined) {
      singletons.add(name);
      constants.set(name, v);
    }
  }
  return { program, singletons, constants };
}

export interface Scope {
  readonly component: string;
  readonly rules: readonly IrRule[];
}

export function componentScope(program: CheckedProgram, component: string): Scope {
  const info = program.components.get(component);
  if (!info) throw new Error(`bug: no component ${component}`);
  return { component, rules: info.rules.map((id) => program.rules[id]!) };
}

/** `.edb` and built-in relations: the same constant facts on every node of the component. */
export function isConstant(program: CheckedProgram, relation: string): boolean {
  const k = program.relations.get(relation)?.kind;
  return k === 'edb' || k === 'builtin';
}

export function atoms(rule: IrRule): IrAtom[] {
  return rule.body.filter((l): l is IrAtom => l.kind === 'atom');
}

/** Relations whose facts live at the scope's node and are derived there (sync and next heads). */
export function localHeads(scope: Scope): Set<string> {
  return new Set(scope.rules.filter((r) => r.kind !== 'async').map((r) => r.head.relation));
}

/** Relations the scope reads that it does not derive itself, constants excluded: its inputs. */
export function scopeInputs(program: CheckedProgram, scope: Scope): string[] {
  const derived = localHeads(scope);
  const out = new Set<string>();
  for (const r of scope.rules) for (const a of atoms(r)) if (!derived.has(a.relation) && !isConstant(program, a.relation)) out.add(a.relation);
  return [...out].sort();
}

/**
 * What the scope makes that others can see: facts sent with `:~`, `.output`
 * facts it derives, and relations it derives that rules outside it read.
 */
export function scopeOutputs(program: CheckedProgram, scope: Scope): string[] {
  const ids = new Set(scope.rules.map((r) => r.id));
  const out = new Set<string>();
  for (const r of scope.rules) {
    const rel = program.relations.get(r.head.relation);
    if (r.kind === 'async' || rel?.kind === 'output') out.add(r.head.relation);
    else if (program.rules.some((o) => !ids.has(o.id) && o.component === scope.component && atoms(o).some((a) => a.relation === r.head.relation))) {
      out.add(r.head.relation);
    }
  }
  return [...out].sort();
}

/**
 * Relations derived in the scope only from constants (e.g. `size(count<p>) :-
 * participant(p)`): every partition derives the same facts, so they need no key.
 */
export function replicatedRelations(program: CheckedProgram, scope: Scope): Set<string> {
  const derived = localHeads(scope);
  const rep = new Set<string>([...derived]);
  const inputs = new Set(scopeInputs(program, scope));
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of scope.rules) {
      if (r.kind === 'async' || !rep.has(r.head.relation)) continue;
      const ok = atoms(r).every((a) => isConstant(program, a.relation) || (rep.has(a.relation) && !inputs.has(a.relation)));
      if (!ok || r.body.some((l) => l.kind === 'atom' && l.relation === 'self_partition')) {
        rep.delete(r.head.relation);
        changed = true;
      }
    }
  }
  return rep;
}

export function relationOf(program: CheckedProgram, name: string): Relation {
  const r = program.relations.get(name);
  if (!r) throw new Error(`bug: unknown relation ${name}`);
  return r;
}
