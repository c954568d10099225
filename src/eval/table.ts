/**
 * Storage for the facts of one relation during a tick: an append-only array of
 * interned tuples with set semantics, and hash indexes on column subsets that
 * are brought up to date lazily when a join reads them.
 *
 * Tuple `t` occupies `data[t * arity .. (t + 1) * arity)`. Tuple ids grow in
 * insertion order, which is what semi-naive evaluation uses to tell old facts
 * from new ones: a round reads ids in `[0, lo)` (old), `[lo, hi)` (delta) or
 * `[0, hi)` (full).
 */

/** Mixes one 32-bit value into a running hash. */
export function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x5bd1e995);
  return h ^ (h >>> 15);
}

/** Final avalanche of a running hash. */
export function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 13), 0x85ebca6b);
  return h ^ (h >>> 16);
}

const SEED = 0x2545f491;

export class Table {
  readonly arity: number;
  /** Interned columns, row-major. */
  data: Int32Array;
  /**
   * Per tuple: the lowest id of a rule that derived it this tick, or -1 when
   * the tuple was given at the start of the tick.
   */
  origin: Int32Array;
  count = 0;
  /** Start (`lo`) and end (`hi`) of the current round's delta; see the file comment. */
  lo = 0;
  hi = 0;
  /**
   * Open-addressing set: pairs (tuple id + 1, hash); id 0 marks an empty pair
   * (the hash of an empty pair is meaningless).
   */
  private slots: Int32Array;
  /** Per tuple: the index in `slots` of its pair, so a sparse table clears without a full fill. */
  private pos: Int32Array;
  private readonly indexes: HashIndex[] = [];

  constructor(arity: number) {
    this.arity = arity;
    this.data = new Int32Array(Math.max(arity, 1) * 16);
    this.origin = new Int32Array(16);
    this.pos = new Int32Array(16);
    this.slots = new Int32Array(32);
  }

  /** Empties the table (and its indexes), keeping small buffers for reuse. */
  clear(): void {
    // Large buffers are kept for the next tick unless this tick used few of
    // them: a relation that stays large (persisted state) is not regrown and
    // rehashed from 16 slots every tick.
    if (this.slots.length > 4096 && this.count * 64 < this.slots.length) {
      this.slots = new Int32Array(32);
      this.data = new Int32Array(Math.max(this.arity, 1) * 16);
      this.origin = new Int32Array(16);
      this.pos = new Int32Array(16);
    } else if (this.count * 16 < this.slots.length) {
      const slots = this.slots;
      const pos = this.pos;
      for (let t = 0; t < this.count; t++) slots[pos[t] as number] = 0;
    } else this.slots.fill(0);
    this.count = 0;
    this.lo = 0;
    this.hi = 0;
    for (const ix of this.indexes) ix.clear();
  }

  /**
   * Makes this empty table hold exactly what `src` (of the same arity) holds,
   * as if its tuples had been inserted by `rule` (-1: given) in the same
   * order: the rows and the hash set are copied, not rebuilt. Indexes are
   * left empty.
   */
  loadFrom(src: Table, rule = -1): void {
    if (this.count !== 0 || src.arity !== this.arity) throw new Error('bug: loadFrom into a non-empty table or across arities');
    const n = src.count;
    if (this.data.length < src.data.length) this.data = new Int32Array(src.data.length);
    this.data.set(src.data);
    if (this.origin.length < src.origin.length) {
      this.origin = new Int32Array(src.origin.length);
      this.pos = new Int32Array(src.origin.length);
    }
    this.origin.fill(rule, 0, n);
    this.pos.set(src.pos);
    if (this.slots.length !== src.slots.length) this.slots = new Int32Array(src.slots.length);
    this.slots.set(src.slots);
    this.count = n;
  }

  /** The hash index on `cols` (created on first request, filled when read). */
  index(cols: readonly number[]): HashIndex {
    for (const ix of this.indexes) {
      if (ix.cols.length === cols.length && ix.cols.every((c, i) => c === cols[i])) return ix;
    }
    const ix = new HashIndex(this, cols);
    this.indexes.push(ix);
    return ix;
  }

  /**
   * Adds the tuple `src[off .. off + arity)` derived by `rule` (-1: given).
   * Returns its id if it is new, or -1 if it was already there (then its
   * origin becomes the lower of the two).
   */
  insert(src: Int32Array, off: number, rule: number): number {
    const ar = this.arity;
    let h = SEED;
    for (let k = 0; k < ar; k++) h = mix(h, src[off + k] as number);
    h = finish(h);
    const slots = this.slots;
    const mask = slots.length - 2;
    const data = this.data;
    let i = (h << 1) & mask;
    for (;;) {
      const s = slots[i] as number;
      if (s === 0) break;
      if (slots[i + 1] === h) {
        const base = (s - 1) * ar;
        let k = 0;
        while (k < ar && data[base + k] === src[off + k]) k++;
        if (k === ar) {
          const t = s - 1;
          if (rule < (this.origin[t] as number)) this.origin[t] = rule;
          return -1;
        }
      }
      i = (i + 2) & mask;
    }
    const t = this.count;
    if ((t + 1) * ar > data.length || t + 1 > this.origin.length) this.grow();
    const d = this.data;
    const base = t * ar;
    for (let k = 0; k < ar; k++) d[base + k] = src[off + k] as number;
    this.origin[t] = rule;
    this.pos[t] = i;
    this.count = t + 1;
    slots[i] = t + 1;
    slots[i + 1] = h;
    if (this.count * 4 > slots.length) this.rehash();
    return t;
  }

  /** The id of the tuple whose columns equal `b[keySlots[k]]` in order, or -1. */
  find(b: Int32Array, keySlots: Int32Array): number {
    const ar = this.arity;
    let h = SEED;
    for (let k = 0; k < ar; k++) h = mix(h, b[keySlots[k] as number] as number);
    h = finish(h);
    const slots = this.slots;
    const mask = slots.length - 2;
    const data = this.data;
    let i = (h << 1) & mask;
    for (;;) {
      const s = slots[i] as number;
      if (s === 0) return -1;
      if (slots[i + 1] === h) {
        const base = (s - 1) * ar;
        let k = 0;
        while (k < ar && data[base + k] === b[keySlots[k] as number]) k++;
        if (k === ar) return s - 1;
      }
      i = (i + 2) & mask;
    }
  }

  private grow(): void {
    const cap = this.origin.length * 2;
    const d = new Int32Array(Math.max(this.arity, 1) * cap);
    d.set(this.data);
    this.data = d;
    const o = new Int32Array(cap);
    o.set(this.origin);
    this.origin = o;
    const p = new Int32Array(cap);
    p.set(this.pos);
    this.pos = p;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 2;
    for (let j = 0; j < old.length; j += 2) {
      const s = old[j] as number;
      if (s === 0) continue;
      const h = old[j + 1] as number;
      let i = (h << 1) & mask;
      while (slots[i] !== 0) i = (i + 2) & mask;
      slots[i] = s;
      slots[i + 1] = h;
      this.pos[s - 1] = i;
    }
    this.slots = slots;
  }
}

/**
 * A hash index of a table on a list of columns: tuples with equal values in
 * those columns form a group, chained in increasing tuple id. Tuples added to
 * the table since the last read are indexed by {@link HashIndex.sync}.
 */
export class HashIndex {
  readonly cols: readonly number[];
  private readonly table: Table;
  /** Tuples indexed so far (ids below this are in the chains). */
  private built = 0;
  /** Open-addressing map: pairs (group + 1, key hash); group 0 marks an empty pair. */
  private slots = new Int32Array(32);
  private groups = 0;
  /** Per group: a tuple of the group (for key comparison), first and last tuple. */
  private rep = new Int32Array(16);
  /** Per group: the index in `slots` of its pair (see `Table.pos`). */
  private gpos = new Int32Array(16);
  head = new Int32Array(16);
  private tail = new Int32Array(16);
  /** Per tuple: the next tuple of its group, or -1. */
  next = new Int32Array(16);

  constructor(table: Table, cols: readonly number[]) {
    this.table = table;
    this.cols = cols;
  }

  clear(): void {
    if (this.slots.length > 4096 && this.groups * 64 < this.slots.length) {
      this.slots = new Int32Array(32);
      this.rep = new Int32Array(16);
      this.gpos = new Int32Array(16);
      this.head = new Int32Array(16);
      this.tail = new Int32Array(16);
      this.next = new Int32Array(16);
    } else if (this.groups * 16 < this.slots.length) {
      const slots = this.slots;
      const gpos = this.gpos;
      for (let g = 0; g < this.groups; g++) slots[gpos[g] as number] = 0;
    } else this.slots.fill(0);
    this.built = 0;
    this.groups = 0;
  }

  /** Number of groups (distinct keys) indexed. */
  get groupCount(): number {
    return this.groups;
  }

  /** A tuple of group `g` (its key columns are the group's key). */
  representative(g: number): number {
    return this.rep[g] as number;
  }

  /** Indexes the tuples added to the table since the last call. */
  sync(): void {
    const count = this.table.count;
    if (this.built === count) return;
    if (this.next.length < count) {
      let cap = this.next.length * 2;
      while (cap < count) cap *= 2;
      const n = new Int32Array(cap);
      n.set(this.next);
      this.next = n;
    }
    const cols = this.cols;
    const nc = cols.length;
    const ar = this.table.arity;
    for (let t = this.built; t < count; t++) {
      const data = this.table.data;
      const base = t * ar;
      let h = SEED;
      for (let k = 0; k < nc; k++) h = mix(h, data[base + (cols[k] as number)] as number);
      h = finish(h);
      const slots = this.slots;
      const mask = slots.length - 2;
      let i = (h << 1) & mask;
      let g = -1;
      for (;;) {
        const s = slots[i] as number;
        if (s === 0) break;
        if (slots[i + 1] === h) {
          const rb = (this.rep[s - 1] as number) * ar;
          let k = 0;
          while (k < nc && data[rb + (cols[k] as number)] === data[base + (cols[k] as number)]) k++;
          if (k === nc) {
            g = s - 1;
            break;
          }
        }
        i = (i + 2) & mask;
      }
      this.next[t] = -1;
      if (g >= 0) {
        this.next[this.tail[g] as number] = t;
        this.tail[g] = t;
      } else {
        g = this.groups++;
        if (g >= this.rep.length) this.growGroups();
        this.rep[g] = t;
        this.head[g] = t;
        this.tail[g] = t;
        this.gpos[g] = i;
        slots[i] = g + 1;
        slots[i + 1] = h;
        if (this.groups * 4 > slots.length) this.rehash();
      }
    }
    this.built = count;
  }

  /**
   * The group whose key equals `b[keySlots[k]]` (k over the index columns), or
   * -1. Call {@link sync} first.
   */
  find(b: Int32Array, keySlots: Int32Array): number {
    const cols = this.cols;
    const nc = cols.length;
    const ar = this.table.arity;
    const data = this.table.data;
    let h = SEED;
    for (let k = 0; k < nc; k++) h = mix(h, b[keySlots[k] as number] as number);
    h = finish(h);
    const slots = this.slots;
    const mask = slots.length - 2;
    let i = (h << 1) & mask;
    for (;;) {
      const s = slots[i] as number;
      if (s === 0) return -1;
      if (slots[i + 1] === h) {
        const rb = (this.rep[s - 1] as number) * ar;
        let k = 0;
        while (k < nc && data[rb + (cols[k] as number)] === b[keySlots[k] as number]) k++;
        if (k === nc) return s - 1;
      }
      i = (i + 2) & mask;
    }
  }

  private growGroups(): void {
    const cap = this.rep.length * 2;
    for (const f of ['rep', 'gpos', 'head', 'tail'] as const) {
      const a = new Int32Array(cap);
      a.set(this[f]);
      this[f] = a;
    }
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 2;
    for (let j = 0; j < old.length; j += 2) {
      const s = old[j] as number;
      if (s === 0) continue;
      const h = old[j + 1] as number;
      let i = (h << 1) & mask;
      while (slots[i] !== 0) i = (i + 2) & mask;
      slots[i] = s;
      slots[i + 1] = h;
      this.gpos[s - 1] = i;
    }
    this.slots = slots;
  }
}
