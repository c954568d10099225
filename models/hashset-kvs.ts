/**
 * Hashset key-value store: every write is answered once, either with a
 * certified collision count or with an inconsistency, and a certified count
 * is what a hashset with the deployment's bucket function would give.
 *
 * What the protocol guarantees about the count. A write of value `v` goes in
 * bucket `hash(v) % b` (b: the `buckets` fact of the deployment). Its
 * collision count is the number of distinct values in that bucket (v
 * included) that a storage node holds when it takes the write; the leader
 * certifies it when every storage node found the same number. Storage nodes
 * take writes in their own orders, so under concurrency the exact number is
 * not determined by the inputs; what is:
 *
 * * lower bound: every same-bucket value whose write had already been
 *   answered (certified or inconsistent) when this write came in is stored at
 *   every storage node, so it is counted, and so is `v`;
 * * upper bound: only values whose writes came in before the answer was sent
 *   can be counted;
 * * so without overlapping writes of other same-bucket values the count is
 *   exact, and an inconsistency is reported only when such a write overlapped;
 * * one insertion order: each storage node adds values one tick after
 *   another, so among the distinct values of a bucket that have a certified
 *   write, the j-th smallest (least) certified count is at least j (two
 *   colliding values cannot both be certified as alone in their bucket).
 *
 * Read from the run: the `write` inputs, the `certified` and `inconsistent`
 * answers the leader sends, and the `buckets` fact of the deployment.
 */
import { key, type ReferenceModel, type RunView, type Violation } from '../src/invariants/index.js';
import type { Tuple } from '../src/ir/types.js';
import { hash } from '../src/eval/hash.js';
import { formatFact } from '../src/sim/values.js';

interface Write { readonly step: number; readonly client: string; readonly id: number; readonly value: string }
interface Answer {
  readonly step: number;
  readonly relation: 'certified' | 'inconsistent';
  readonly tuple: Tuple;
  readonly client: string;
  readonly id: number;
  readonly value: string;
  /** The certified count; null for an inconsistency. */
  readonly n: number | null;
}

function buckets(run: RunView): number | null {
  const b = run.edb('buckets')[0]?.[0];
  return typeof b === 'number' && b > 0 ? b : null;
}

function writes(run: RunView): Write[] {
  return run.inputsOf('write').map((w) => ({ step: w.step, client: String(w.tuple[0]), id: Number(w.tuple[1]), value: String(w.tuple[2]) }));
}

function answers(run: RunView): Answer[] {
  const out: Answer[] = [];
  for (const m of run.sentOf('certified')) {
    out.push({ step: m.step, relation: 'certified', tuple: m.tuple, client: String(m.tuple[0]), id: Number(m.tuple[1]), value: String(m.tuple[2]), n: Number(m.tuple[3]) });
  }
  for (const m of run.sentOf('inconsistent')) {
    out.push({ step: m.step, relation: 'inconsistent', tuple: m.tuple, client: String(m.tuple[0]), id: Number(m.tuple[1]), value: String(m.tuple[2]), n: null });
  }
  return out.sort((a, b) => a.step - b.step);
}

/** The first write with this client, id and value. */
function writeOf(ws: readonly Write[], a: Answer): Write | undefined {
  return ws.find((w) => w.client === a.client && w.id === a.id && w.value === a.value);
}

/**
 * For an answer to write `w` sent at `a.step`: the same-bucket values that
 * must be counted (`lower`: `w`'s own value and values whose writes were
 * answered before `w` came in) and those that may be (`upper`: values written
 * before the answer).
 */
function bounds(ws: readonly Write[], as: readonly Answer[], w: Write, a: Answer, b: number): { lower: Set<string>; upper: Set<string> } {
  const bucket = hash(w.value) % b;
  const lower = new Set([w.value]);
  for (const x of as) {
    if (x.step < w.step && hash(x.value) % b === bucket && writeOf(ws, x)) lower.add(x.value);
  }
  const upper = new Set(ws.filter((x) => x.step < a.step && hash(x.value) % b === bucket).map((x) => x.value));
  return { lower, upper };
}

/** An answer with the write it answers, that write's bucket, and the bounds on its count (see `bounds`). */
interface Bounded<A extends Answer> {
  readonly answer: A;
  readonly write: Write;
  readonly bucket: number;
  readonly lower: Set<string>;
  readonly upper: Set<string>;
}

const isCertified = (a: Answer): a is Answer & { readonly n: number } => a.n !== null;
const isInconsistent = (a: Answer): a is Answer & { readonly n: null } => a.n === null;

/**
 * The answers `which` selects that answer a write (answer-was-written reports
 * the others), each with its bucket and bounds; null when the deployment has
 * no positive `buckets` fact, so buckets are unknown.
 */
function boundedAnswers<A extends Answer>(run: RunView, which: (a: Answer) => a is A): Bounded<A>[] | null {
  const b = buckets(run);
  if (b === null) return null;
  const ws = writes(run);
  const as = answers(run);
  const out: Bounded<A>[] = [];
  for (const a of as) {
    if (!which(a)) continue;
    const w = writeOf(ws, a);
    if (w) out.push({ answer: a, write: w, bucket: hash(w.value) % b, ...bounds(ws, as, w, a, b) });
  }
  return out;
}

const noBuckets = (): Violation[] => [{ message: 'the deployment has no positive `buckets` fact, so the bucket of a value is unknown' }];

const list = (s: ReadonlySet<string>): string => (s.size ? [...s].sort().map((v) => JSON.stringify(v)).join(', ') : 'none');

export const hashsetKvsModel: ReferenceModel = {
  name: 'hashset-kvs',
  description: 'every write is answered once, with a collision count a hashset could give, or with an inconsistency only under overlapping writes',
  relations: { write: 3, certified: 4, inconsistent: 3, buckets: 1 },
  invariants: [
    {
      name: 'answer-was-written',
      description: 'every certified or inconsistent answer is for a write the client made before the answer was sent',
      when: 'always',
      check: (run) => {
        const ws = writes(run);
        return answers(run)
          .filter((a) => {
            const w = writeOf(ws, a);
            return w === undefined || w.step > a.step;
          })
          .map((a) => ({ step: a.step, message: `${formatFact(a.relation, a.tuple)} was sent but no such write came before it` }));
      },
    },
    {
      name: 'one-answer-per-write',
      description: 'no write is answered twice: never both certified and inconsistent, never two certified counts',
      when: 'always',
      check: (run) => {
        const first = new Map<string, Answer>();
        const out: Violation[] = [];
        for (const a of answers(run)) {
          const k = key(a.client, a.id, a.value);
          const before = first.get(k);
          if (before) out.push({ step: a.step, message: `${formatFact(a.relation, a.tuple)} was sent after ${formatFact(before.relation, before.tuple)} answered the same write` });
          else first.set(k, a);
        }
        return out;
      },
    },
    {
      name: 'certified-count-bounds',
      description:
        'a certified count is at least the number of distinct same-bucket values written and answered before the write came in (its own value included), and at most the number written before the answer',
      when: 'always',
      check: (run) => {
        const bounded = boundedAnswers(run, isCertified);
        if (bounded === null) return noBuckets();
        const out: Violation[] = [];
        for (const { answer: a, bucket, lower, upper } of bounded) {
          if (a.n < lower.size) {
            out.push({ step: a.step, message: `${formatFact(a.relation, a.tuple)} counts fewer than the ${lower.size} values already in bucket ${bucket} when it was written (${list(lower)})` });
          } else if (a.n > upper.size) {
            out.push({ step: a.step, message: `${formatFact(a.relation, a.tuple)} counts more than the ${upper.size} values written to bucket ${bucket} before it was answered (${list(upper)})` });
          }
        }
        return out;
      },
    },
    {
      name: 'inconsistent-only-when-overlapping',
      description:
        'an inconsistency is reported only for a write that overlapped a write of another value in its bucket (one that came in before the answer but was not yet answered when this write came in)',
      when: 'always',
      check: (run) => {
        const bounded = boundedAnswers(run, isInconsistent);
        if (bounded === null) return noBuckets();
        return bounded
          .filter(({ lower, upper }) => [...upper].every((v) => lower.has(v)))
          .map(({ answer: a, bucket, lower }) => ({
            step: a.step,
            message: `${formatFact(a.relation, a.tuple)} was reported though no write of another value in bucket ${bucket} overlapped it (the count is exactly ${lower.size})`,
          }));
      },
    },
    {
      name: 'certified-counts-fit-one-order',
      description:
        'among the distinct values of a bucket that have a certified write, the j-th smallest least certified count is at least j, as when values are added to one hashset one after another',
      when: 'always',
      check: (run) => {
        const b = buckets(run);
        if (b === null) return noBuckets();
        const least = new Map<string, { n: number; step: number }>();
        for (const a of answers(run)) {
          if (a.n === null) continue;
          const had = least.get(a.value);
          if (!had || a.n < had.n) least.set(a.value, { n: a.n, step: a.step });
        }
        const byBucket = new Map<number, [string, { n: number; step: number }][]>();
        for (const e of least) {
          const bucket = hash(e[0]) % b;
          byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), e]);
        }
        const out: Violation[] = [];
        for (const [bucket, values] of byBucket) {
          values.sort((x, y) => x[1].n - y[1].n || (x[0] < y[0] ? -1 : 1));
          const j = values.findIndex(([, c], idx) => c.n < idx + 1);
          if (j >= 0) {
            const shown = values.slice(0, j + 1).map(([v, c]) => `${JSON.stringify(v)}: ${c.n}`).join(', ');
            out.push({
              step: values[j]![1].step,
              message: `bucket ${bucket}: ${j + 1} distinct values are certified with counts at most ${values[j]![1].n} (${shown}); no order of adding them to one hashset gives that`,
            });
          }
        }
        return out;
      },
    },
    {
      name: 'every-write-answered',
      description: 'at quiescence, every write has been answered (certified or inconsistent) at its client',
      when: 'quiescent',
      check: (run) => {
        const answered = new Set([...run.arrivalsOf('certified'), ...run.arrivalsOf('inconsistent')].map((a) => key(a.tuple[0]!, a.tuple[1]!, a.tuple[2]!)));
        return run
          .inputsOf('write')
          .filter((w) => !answered.has(key(...w.tuple)))
          .map((w) => ({ step: w.step, message: `${formatFact('write', w.tuple)} was never answered` }));
      },
    },
  ],
};
