/**
 * Building and reshaping syntax trees for rewrites. A rewritten program is an
 * ordinary AST: it prints, parses back to the same tree (spans aside) and
 * checks clean. New nodes carry `NO_SPAN`; the rewrite engine re-parses the
 * printed text before anything else reads the result.
 *
 * `Sections` is a program regrouped: every declaration in source order, then
 * each component's rules (a component reopened in the file is merged).
 */
import type { AtomLit, AttrDecl, BodyLit, ComponentDecl, Expr, Head, Item, PersistDecl, Program, RelationDecl, RelationRole, Rule, RuleOp, TypeName, VarExpr } from '../syntax/ast.js';
import { RESERVED_WORDS } from '../ir/builtins.js';
import { NO_SPAN } from '../syntax/span.js';
import { ruleVarOccurrences } from '../syntax/vars.js';

const span = NO_SPAN;

export interface Section {
  readonly name: string;
  readonly rules: Rule[];
}

export interface Sections {
  /** Relation, function and `.persist` declarations, in source order. */
  readonly decls: Item[];
  /** Components in the order they first appear. */
  readonly components: Section[];
}

export function sections(p: Program): Sections {
  const decls: Item[] = [];
  const components: Section[] = [];
  let current: Section | undefined;
  for (const item of p.items) {
    if (item.kind === 'component') {
      current = components.find((c) => c.name === item.name);
      if (!current) {
        current = { name: item.name, rules: [] };
        components.push(current);
      }
    } else if (item.kind === 'rule') {
      // The checker refuses rules outside a component; a checked program has none.
      if (!current) throw new Error('bug: a rule outside any component in a checked program');
      current.rules.push(item);
    } else decls.push(item);
  }
  return { decls, components };
}

export function assemble(s: Sections): Program {
  const items: Item[] = [...s.decls];
  for (const c of s.components) {
    items.push(componentDecl(c.name));
    items.push(...c.rules);
  }
  return { items };
}

// ---------------------------------------------------------------- constructors

export const v = (name: string): VarExpr => ({ kind: 'var', name, span });
export const wildcard = (): Expr => ({ kind: 'wildcard', span });
export const int = (value: number): Expr => ({ kind: 'int', value, span });
export const str = (value: string): Expr => ({ kind: 'string', value, span });
export const bool = (value: boolean): Expr => ({ kind: 'bool', value, span });
export const call = (fn: string, args: readonly Expr[]): Expr => ({ kind: 'call', fn, args, span });
export const binary = (op: '+' | '-' | '*' | '/' | '%', left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right, span });

export function atom(relation: string, args: readonly Expr[], negated = false): AtomLit {
  return { kind: 'atom', negated, relation, relationSpan: span, args, span };
}

export function assign(target: string, value: Expr): BodyLit {
  return { kind: 'assign', target: v(target), value, span };
}

export function head(relation: string, args: readonly Expr[], dest?: string): Head {
  return { relation, relationSpan: span, ...(dest === undefined ? {} : { dest: v(dest) }), args, span };
}

export function rule(h: Head, op: RuleOp, body: readonly BodyLit[]): Rule {
  if (body.length === 0) throw new Error(`bug: a rule for ${h.relation} with an empty body`);
  return { kind: 'rule', head: h, op, body, span };
}

export function relationDecl(role: RelationRole, name: string, attrs: readonly { name: string; type: TypeName }[]): RelationDecl {
  const as: AttrDecl[] = attrs.map((a) => ({ name: a.name, type: a.type, span }));
  return { kind: 'relation', role, name, nameSpan: span, attrs: as, span };
}

export function persistDecl(relation: string): PersistDecl {
  return { kind: 'persist', relation, nameSpan: span, span };
}

export function componentDecl(name: string): ComponentDecl {
  return { kind: 'component', name, nameSpan: span, span };
}

// ---------------------------------------------------------------- reading rules

/** Every variable name a rule uses (head, destination, body). */
export function ruleVars(r: Rule): Set<string> {
  return new Set(ruleVarOccurrences(r).map((v) => v.name));
}

/**
 * A variable name not yet in `taken` (which it joins): `base`, else `base1`,
 * `base2`, ... Never a reserved word.
 */
export function freshVar(taken: Set<string>, base: string): string {
  let name = base;
  for (let i = 1; taken.has(name) || RESERVED_WORDS.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** How many times variable `name` occurs in the rule (head, destination and body). */
export function varOccurrences(r: Rule, name: string): number {
  return ruleVarOccurrences(r).filter((v) => v.name === name).length;
}

/** The rule with every body atom of a relation in `map` renamed. */
export function renameBodyRelations(r: Rule, map: ReadonlyMap<string, string>): Rule {
  if (map.size === 0) return r;
  const body = r.body.map((l) => (l.kind === 'atom' && map.has(l.relation) ? { ...l, relation: map.get(l.relation)! } : l));
  return { ...r, body };
}

/** Is the rule `r(x1..xn) :+ r(x1..xn)` with distinct variables (unconditional persistence)? */
export function isPersistence(r: Rule): boolean {
  if (r.op !== ':+' || r.body.length !== 1) return false;
  const b = r.body[0]!;
  if (b.kind !== 'atom' || b.negated || b.relation !== r.head.relation || b.args.length !== r.head.args.length) return false;
  const names = new Set<string>();
  return b.args.every((a, i) => {
    const h = r.head.args[i];
    if (a.kind !== 'var' || h?.kind !== 'var' || h.name !== a.name || names.has(a.name)) return false;
    names.add(a.name);
    return true;
  });
}

/** Declares attributes with distinct names (a later duplicate gets a digit). */
export function distinctAttrs(attrs: readonly { name: string; type: TypeName }[]): { name: string; type: TypeName }[] {
  const seen = new Set<string>();
  return attrs.map((x) => {
    let name = x.name;
    for (let i = 2; seen.has(name); i++) name = `${x.name}${i}`;
    seen.add(name);
    return { name, type: x.type };
  });
}

/**
 * A variable name made from an attribute name: attributes may be named like
 * reserved words (`count`) or start with a capital, which a variable cannot.
 */
export function attrVar(name: string): string {
  if (RESERVED_WORDS.has(name)) return `${name}_`;
  return /^[a-z_][A-Za-z0-9_]*$/.test(name) ? name : `v_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
