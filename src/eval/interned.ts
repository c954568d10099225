/**
 * Facts kept in the evaluator's interned form between ticks: the facts a tick
 * carries to the node's next tick (`:+` heads) and a node's constant EDB
 * facts. Handing them back to the evaluator skips re-interning every value on
 * every tick, and comparing two of them compares integers.
 *
 * A set is immutable. It remembers the value table (`vals`) its ids index, so
 * it stays readable after the evaluator's interner is truncated (truncation
 * gives the interner a new table and leaves the old one to the sets that still
 * use it); the evaluator re-interns a set from an older table when it loads it.
 */
import type { Tuple, Value } from '../ir/types.js';
import type { CarriedFacts } from './types.js';
import { encodeValue } from './hash.js';
import { Table } from './table.js';

/** The facts of one relation: `count` rows of `arity` ids, row-major. */
export interface InternedRelation {
  readonly name: string;
  readonly arity: number;
  readonly count: number;
  /** Row-major ids (a plain array, or a view of a table's buffer that no one changes). */
  readonly data: ArrayLike<number>;
}

export class InternedFacts implements CarriedFacts {
  readonly size: number;
  private decoded: Map<string, Tuple[]> | null = null;
  private lastRebase: InternedFacts | null = null;
  /** Each relation as a filled table, built on first request (for sets loaded on every tick). */
  private tables: Table[] | null = null;

  constructor(
    /** The value of each id used in `rels` (owned by the interner that made it; only ever appended to). */
    readonly vals: readonly Value[],
    /** Relations with at least one fact, each row once unless documented otherwise by the maker. */
    readonly rels: readonly InternedRelation[],
    /**
     * Relations already kept as tables holding exactly their rows (the
     * evaluator's own carried facts, the large ones), by index in `rels`:
     * loading one is a copy, not a rehash.
     */
    private readonly prebuilt: ReadonlyMap<number, Table> = new Map(),
  ) {
    let n = 0;
    for (const r of rels) n += r.count;
    this.size = n;
  }

  /** Relation `i` as a table, if it was handed over as one (do not change it). */
  prebuiltTable(i: number): Table | undefined {
    return this.prebuilt.get(i);
  }

  facts(): ReadonlyMap<string, readonly Tuple[]> {
    if (this.decoded !== null) return this.decoded;
    const out = new Map<string, Tuple[]>();
    const vals = this.vals;
    for (const r of this.rels) {
      const ar = r.arity;
      const d = r.data;
      const tuples = new Array<Tuple>(r.count);
      for (let t = 0; t < r.count; t++) {
        const row = new Array<Value>(ar);
        for (let k = 0; k < ar; k++) row[k] = vals[d[t * ar + k] as number] as Value;
        tuples[t] = row;
      }
      out.set(r.name, tuples);
    }
    this.decoded = out;
    return out;
  }

  /** Relation `i` of `rels` as a table (built once; do not change it). */
  tableOf(i: number): Table {
    if (this.tables === null) {
      this.tables = this.rels.map((r) => {
        const t = new Table(r.arity);
        const row = new Int32Array(Math.max(r.arity, 1));
        for (let k = 0; k < r.count; k++) {
          for (let j = 0; j < r.arity; j++) row[j] = r.data[k * r.arity + j] as number;
          t.insert(row, 0, -1);
        }
        return t;
      });
    }
    return this.tables[i] as Table;
  }

  /**
   * The same facts with ids of the value table `vals`, `intern` giving the id
   * of a value there. The last result is remembered, so constant facts used
   * on every tick are re-interned once per value table.
   */
  rebased(vals: readonly Value[], intern: (v: Value) => number): InternedFacts {
    const last = this.lastRebase;
    if (last !== null && last.vals === vals) return last;
    const rels = this.rels.map((r) => {
      const data = new Array<number>(r.data.length);
      for (let i = 0; i < data.length; i++) data[i] = intern(this.vals[r.data[i] as number] as Value);
      return { name: r.name, arity: r.arity, count: r.count, data };
    });
    const out = new InternedFacts(vals, rels);
    this.lastRebase = out;
    return out;
  }

  sameAs(other: CarriedFacts): boolean {
    if (other === this) return true;
    if (other.size !== this.size) return false;
    if (other instanceof InternedFacts && other.vals === this.vals) {
      // One value table: equal ids are equal values. Usually the relations and
      // rows come in the same order; compare as sets when they do not.
      if (other.rels.length !== this.rels.length) return false;
      const byName = new Map<string, InternedRelation>();
      for (const r of other.rels) byName.set(r.name, r);
      for (const a of this.rels) {
        const b = byName.get(a.name);
        if (b === undefined || b.count !== a.count || b.arity !== a.arity) return false;
        if (!sameRowSet(a, b)) return false;
      }
      return true;
    }
    return factsKey(this.facts()) === factsKey(other.facts());
  }
}

/** Whether two relations of one value table hold the same rows (each row at most once in each). */
function sameRowSet(a: InternedRelation, b: InternedRelation): boolean {
  const n = a.count * a.arity;
  let same = true;
  for (let i = 0; i < n; i++) {
    if (a.data[i] !== b.data[i]) {
      same = false;
      break;
    }
  }
  if (same) return true;
  const rows = new Set<string>();
  for (let t = 0; t < b.count; t++) rows.add(rowKey(b, t));
  for (let t = 0; t < a.count; t++) if (!rows.has(rowKey(a, t))) return false;
  return true;
}

/** Row `t` of a relation as a string key. */
function rowKey(r: InternedRelation, t: number): string {
  return Array.prototype.slice.call(r.data, t * r.arity, (t + 1) * r.arity).join(',');
}

/** A key equal for fact maps holding the same facts in any order. */
function factsKey(m: ReadonlyMap<string, readonly Tuple[]>): string {
  const keys: string[] = [];
  for (const [name, ts] of m) for (const t of ts) keys.push(JSON.stringify([name, ...t.map(encodeValue)]));
  keys.sort();
  return keys.filter((k, i) => i === 0 || k !== keys[i - 1]).join('\n');
}
