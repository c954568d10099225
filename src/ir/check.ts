/**
 * The checker: from a parsed program to the checked IR, or to the list of
 * everything wrong with it. It never throws on bad input.
 */
import { error, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { PersistDecl, Program } from '../syntax/ast.js';
import type { Span } from '../syntax/span.js';
import { BUILTIN_FUNCTIONS, BUILTIN_RELATIONS, COMPONENT_RELATION_ATTRS, RESERVED_WORDS } from './builtins.js';
import { dependencyGraph } from './graph.js';
import { resolveRule, type Scope } from './resolve-rule.js';
import { stratify } from './stratify.js';
import type { CheckedProgram, ComponentInfo, FnInfo, IrRule, IrVar, Relation } from './types.js';

export interface CheckResult {
  /** Present exactly when there are no errors. */
  readonly program?: CheckedProgram;
  readonly diagnostics: Diagnostic[];
}

export function check(ast: Program): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic): void => void diagnostics.push(d);
  const relations = new Map<string, Relation>();
  const functions = new Map<string, FnInfo>(BUILTIN_FUNCTIONS);
  const componentSpans = new Map<string, Span>();
  const firstSeen = new Map<string, Span>();
  const componentsSeen = new Set<string>();

  const claim = (name: string, span: Span, what: string): boolean => {
    if (RESERVED_WORDS.has(name)) {
      report(error('reserved-name', `\`${name}\` is a reserved word and cannot name ${what}`, span));
      return false;
    }
    if (BUILTIN_RELATIONS.has(name) || BUILTIN_FUNCTIONS.has(name)) {
      report(error('duplicate-declaration', `\`${name}\` is built in and cannot be declared again`, span));
      return false;
    }
    const prev = firstSeen.get(name);
    if (prev) {
      report(error('duplicate-declaration', `\`${name}\` is declared twice`, span, [`first declared at line ${prev.line}, column ${prev.col}`]));
      return false;
    }
    firstSeen.set(name, span);
    return true;
  };

  // Declarations are global and may come anywhere; components may be reopened.
  for (const item of ast.items) {
    if (item.kind === 'relation') {
      if (!claim(item.name, item.nameSpan, 'a relation')) continue;
      checkAttrNames(item.attrs, report);
      relations.set(item.name, { name: item.name, kind: item.role, attrs: item.attrs.map(({ name, type }) => ({ name, type })), span: item.nameSpan, persisted: false });
    } else if (item.kind === 'fn') {
      if (!claim(item.name, item.nameSpan, 'a function')) continue;
      functions.set(item.name, { name: item.name, params: item.params.map((p) => p.type), result: item.result, builtin: false, span: item.nameSpan });
    } else if (item.kind === 'component' && !componentsSeen.has(item.name)) {
      // Reopening a component is fine; a refused name is reported the first time only.
      componentsSeen.add(item.name);
      if (claim(item.name, item.nameSpan, 'a component')) componentSpans.set(item.name, item.nameSpan);
    }
  }
  for (const [name, attrs] of BUILTIN_RELATIONS) relations.set(name, { name, kind: 'builtin', attrs, persisted: false });
  for (const name of componentSpans.keys()) {
    relations.set(name, { name, kind: 'builtin', attrs: COMPONENT_RELATION_ATTRS, persisted: false });
  }

  // A repeated `.persist r` changes nothing: warn, and make r's rules once.
  const persists: PersistDecl[] = [];
  const persistSpans = new Map<string, Span>();
  for (const p of ast.items) {
    if (p.kind !== 'persist') continue;
    const first = persistSpans.get(p.relation);
    if (first) {
      report({
        ...error('duplicate-declaration', `\`.persist ${p.relation}\` appears twice; the second has no effect`, p.nameSpan, [
          `first at line ${first.line}, column ${first.col}`,
        ]),
        severity: 'warning',
      });
      continue;
    }
    persistSpans.set(p.relation, p.nameSpan);
    persists.push(p);
    const rel = relations.get(p.relation);
    if (!rel) report(error('unknown-relation', `\`.persist\` names unknown relation \`${p.relation}\``, p.nameSpan));
    else if (rel.kind === 'edb' || rel.kind === 'builtin') {
      report(error('bad-head', `\`${p.relation}\` comes from the deployment and is constant; it needs no \`.persist\``, p.nameSpan));
    } else relations.set(rel.name, { ...rel, persisted: true });
  }

  // Rules, in source order; each belongs to the most recent `.component`.
  const scope: Scope = { relations, functions, components: new Set(componentSpans.keys()) };
  const rules: IrRule[] = [];
  const ruleIdsOf = new Map<string, number[]>([...componentSpans.keys()].map((c) => [c, []]));
  let current: string | undefined;
  let nextId = 0;
  let failed = false;
  for (const item of ast.items) {
    if (item.kind === 'component') {
      current = item.name;
      continue;
    }
    if (item.kind !== 'rule') continue;
    if (current === undefined) {
      report(error('rule-outside-component', 'a rule must follow a `.component NAME` line saying where it runs', item.head.span));
    }
    if (current === undefined || !componentSpans.has(current)) {
      // (A component whose name was refused has its own diagnostic already.)
      failed = true;
      continue;
    }
    const r = resolveRule(item, current, nextId++, scope);
    diagnostics.push(...r.diagnostics);
    if (r.rule) {
      rules.push(r.rule);
      ruleIdsOf.get(current)!.push(r.rule.id);
    } else failed = true;
  }

  // `.persist r` keeps r's facts into the next tick in every component that uses r.
  for (const p of persists) {
    const rel = relations.get(p.relation);
    if (!rel?.persisted) continue;
    for (const component of componentSpans.keys()) {
      const uses = rules.some((r) => r.component === component && mentions(r, rel.name));
      if (!uses) continue;
      const rule = persistRule(rel, component, nextId++, p.span);
      rules.push(rule);
      ruleIdsOf.get(component)!.push(rule.id);
    }
  }

  const components = new Map<string, ComponentInfo>();
  const strataOf = new Map<string, ReadonlyMap<string, number>>();
  for (const [name, span] of componentSpans) {
    const own = rules.filter((r) => r.component === name);
    const s = stratify(name, own);
    diagnostics.push(...s.diagnostics);
    strataOf.set(name, s.stratumOf);
    components.set(name, { name, span, rules: ruleIdsOf.get(name)!, strata: s.strata });
  }

  diagnostics.sort((a, b) => (a.span?.offset ?? 0) - (b.span?.offset ?? 0));
  if (failed || hasErrors(diagnostics)) return { diagnostics };
  const stratified = rules.map((r) => (r.kind === 'sync' ? { ...r, stratum: strataOf.get(r.component)!.get(r.head.relation)! } : r));
  return {
    program: {
      ast,
      relations,
      functions,
      components,
      rules: stratified,
      graph: dependencyGraph(stratified, relations.keys()),
    },
    diagnostics,
  };
}

function checkAttrNames(attrs: readonly { name: string; span: Span }[], report: (d: Diagnostic) => void): void {
  const seen = new Set<string>();
  for (const a of attrs) {
    if (seen.has(a.name)) report(error('duplicate-declaration', `attribute \`${a.name}\` appears twice`, a.span));
    seen.add(a.name);
  }
}

function mentions(r: IrRule, relation: string): boolean {
  return r.head.relation === relation || r.body.some((l) => l.kind === 'atom' && l.relation === relation);
}

/** `r(a1, ..., an) :+ r(a1, ..., an)`, with the attribute names as variables. */
function persistRule(rel: Relation, component: string, id: number, span: Span): IrRule {
  const vars: IrVar[] = rel.attrs.map((a, slot) => ({ kind: 'var', slot, name: a.name, type: a.type }));
  const args = vars.map((v) => v.name).join(', ');
  return {
    id,
    component,
    kind: 'next',
    head: { relation: rel.name, args: vars },
    body: [{ kind: 'atom', negated: false, relation: rel.name, args: vars, span }],
    slotCount: vars.length,
    slotNames: vars.map((v) => v.name),
    stratum: -1,
    span,
    text: `${rel.name}(${args}) :+ ${rel.name}(${args})`,
    fromPersist: true,
  };
}

