/** The relation dependency graph: one edge per (body atom, rule head). */
import type { DepEdge, DepGraph, IrRule } from './types.js';

export function dependencyGraph(rules: readonly IrRule[], relations: Iterable<string>): DepGraph {
  const edges: DepEdge[] = [];
  for (const r of rules) {
    const aggregated = r.head.aggregateIndex !== undefined;
    for (const l of r.body) {
      if (l.kind !== 'atom') continue;
      edges.push({
        from: l.relation,
        to: r.head.relation,
        rule: r.id,
        component: r.component,
        kind: r.kind,
        negated: l.negated,
        aggregated,
      });
    }
  }
  return { relations: [...relations], edges };
}
