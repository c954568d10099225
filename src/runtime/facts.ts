/** Comparing fact maps, to tell when a node's tick left it at rest. */
import type { Tuple } from '../ir/types.js';
import type { FactMap } from '../eval/types.js';
import { tupleKey } from '../sim/facts.js';

function sameValues(a: Tuple, b: Tuple): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two lists hold the same tuples as sets (either may repeat a tuple). */
export function sameTupleSet(a: readonly Tuple[], b: readonly Tuple[]): boolean {
  if (a.length === b.length) {
    let same = true;
    for (let i = 0; i < a.length && same; i++) same = sameValues(a[i] as Tuple, b[i] as Tuple);
    if (same) return true;
  }
  const ka = new Set(a.map(tupleKey));
  const kb = new Set(b.map(tupleKey));
  if (ka.size !== kb.size) return false;
  for (const k of ka) if (!kb.has(k)) return false;
  return true;
}

/** Whether two fact maps hold the same facts (relations with no facts count as absent). */
export function sameFacts(a: FactMap, b: FactMap): boolean {
  let na = 0;
  for (const [relation, ts] of a) {
    if (ts.length === 0) continue;
    na++;
    const other = b.get(relation);
    if (other === undefined || !sameTupleSet(ts, other)) return false;
  }
  let nb = 0;
  for (const ts of b.values()) if (ts.length > 0) nb++;
  return na === nb;
}
