/**
 * Stratification within a tick. Only `:-` rules of one component run together
 * in a tick, so each component is stratified on its own: a relation that a
 * rule negates or aggregates over must be complete (in a lower stratum) before
 * the rule runs. Recursion through negation or aggregation is reported with
 * the cycle it goes around.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../syntax/span.js';
import type { IrRule } from './types.js';

interface Edge {
  readonly from: string;
  readonly to: string;
  /** Negated body atom, or a head that aggregates. */
  readonly strict: boolean;
  readonly rule: IrRule;
  readonly span: Span;
}

export interface Strata {
  /** Derived relations, stratum by stratum. */
  readonly strata: string[][];
  readonly stratumOf: ReadonlyMap<string, number>;
  readonly diagnostics: Diagnostic[];
}

export function stratify(component: string, rules: readonly IrRule[]): Strata {
  const sync = rules.filter((r) => r.kind === 'sync');
  const edges: Edge[] = [];
  for (const r of sync) {
    const agg = r.head.aggregateIndex !== undefined;
    for (const l of r.body) {
      if (l.kind !== 'atom') continue;
      edges.push({ from: l.relation, to: r.head.relation, strict: l.negated || agg, rule: r, span: l.span });
    }
  }
  const nodes = [...new Set([...edges.flatMap((e) => [e.from, e.to]), ...sync.map((r) => r.head.relation)])];
  const out = new Map<string, Edge[]>(nodes.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)!.push(e);

  const sccs = tarjan(nodes, (n) => out.get(n)!.map((e) => e.to));
  const sccOf = new Map<string, number>();
  sccs.forEach((c, i) => c.forEach((n) => sccOf.set(n, i)));

  const diagnostics: Diagnostic[] = [];
  const reported = new Set<number>();
  for (const e of edges) {
    const c = sccOf.get(e.from)!;
    if (!e.strict || c !== sccOf.get(e.to) || reported.has(c)) continue;
    reported.add(c);
    diagnostics.push(cycleDiagnostic(component, e, findPath(e.to, e.from, c, sccOf, out)));
  }

  // Tarjan yields components in reverse topological order, so walk it backwards:
  // every component's predecessors have their final level before it is read.
  const level = new Array<number>(sccs.length).fill(0);
  for (let i = sccs.length - 1; i >= 0; i--) {
    for (const n of sccs[i]!) {
      for (const e of out.get(n)!) {
        const j = sccOf.get(e.to)!;
        if (j !== i) level[j] = Math.max(level[j]!, level[i]! + (e.strict ? 1 : 0));
      }
    }
  }
  const derived = new Set(sync.map((r) => r.head.relation));
  const stratumOf = new Map<string, number>();
  for (const n of derived) stratumOf.set(n, level[sccOf.get(n)!]!);
  // Renumber densely so strata has no empty levels.
  const used = [...new Set(stratumOf.values())].sort((a, b) => a - b);
  const dense = new Map(used.map((v, i) => [v, i]));
  const strata: string[][] = used.map(() => []);
  for (const n of nodes) {
    if (!derived.has(n)) continue;
    const s = dense.get(stratumOf.get(n)!)!;
    stratumOf.set(n, s);
    strata[s]!.push(n);
  }
  return { strata, stratumOf, diagnostics };
}

/** Edges from `start` to `goal` inside one strongly connected component (BFS, so the shortest). */
function findPath(start: string, goal: string, scc: number, sccOf: Map<string, number>, out: Map<string, Edge[]>): Edge[] {
  const prev = new Map<string, Edge | null>([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const n = queue.shift()!;
    if (n === goal) break;
    for (const e of out.get(n)!) {
      if (sccOf.get(e.to) !== scc || prev.has(e.to)) continue;
      prev.set(e.to, e);
      queue.push(e.to);
    }
  }
  const path: Edge[] = [];
  for (let n = goal; n !== start; ) {
    const e = prev.get(n);
    if (!e) break;
    path.unshift(e);
    n = e.from;
  }
  return path;
}

function cycleDiagnostic(component: string, strict: Edge, rest: Edge[]): Diagnostic {
  const cycle = [strict, ...rest];
  // A negated atom in an aggregating rule is shown as negation, as the message calls it.
  const arrow = (e: Edge): string => (!e.strict ? ' -> ' : isNegatedUse(e) ? ' -not-> ' : ' -aggregate-> ');
  let chain = cycle[0]!.from;
  for (const e of cycle) chain += arrow(e) + e.to;
  const what = strict.rule.head.aggregateIndex !== undefined && !isNegatedUse(strict) ? 'aggregation' : 'negation';
  const rulesInCycle = [...new Set(cycle.map((e) => e.rule))];
  return error(
    'stratification-cycle',
    `recursion through ${what} within one tick in component \`${component}\`: ${chain}`,
    strict.span,
    [
      ...rulesInCycle.map((r) => `line ${r.span.line}: ${r.text}`),
      'break the cycle with `:+` (next tick) or `:~` (asynchronous) on one of these rules',
    ],
  );
}

function isNegatedUse(e: Edge): boolean {
  return e.rule.body.some((l) => l.kind === 'atom' && l.negated && l.relation === e.from && l.span === e.span);
}

/** Strongly connected components, in reverse topological order. */
function tarjan(nodes: readonly string[], succ: (n: string) => readonly string[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  // Iterative, so deep dependency chains cannot overflow the call stack.
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const ss = succ(frame.node);
      if (frame.next < ss.length) {
        const m = ss[frame.next++]!;
        if (!index.has(m)) {
          index.set(m, counter);
          low.set(m, counter++);
          stack.push(m);
          onStack.add(m);
          work.push({ node: m, next: 0 });
        } else if (onStack.has(m)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(m)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const comp: string[] = [];
        let m: string;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          comp.push(m);
        } while (m !== frame.node);
        result.push(comp);
      }
    }
  }
  return result;
}
