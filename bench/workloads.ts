/**
 * The benchmark workloads: each is a `.ded` program, the facts of one tick,
 * and the same program and facts as ASP text for clingo's grounder.
 */
import type { Tuple } from '../src/ir/types.js';

export interface Workload {
  /** Short name shown in the table. */
  readonly name: string;
  /** What it measures, one line. */
  readonly description: string;
  readonly ded: string;
  readonly component: string;
  readonly facts: ReadonlyMap<string, readonly Tuple[]>;
  /** The same rules and facts for gringo (bools as 1/0). */
  readonly asp: string;
}

/** mulberry32: a small seeded PRNG, so the random graph is the same in every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TC_DED = `
.input edge(a: int, b: int)
.decl  path(a: int, b: int)
.component g
path(x, y) :- edge(x, y)
path(x, z) :- path(x, y), edge(y, z)
`;

const TC_ASP = `
path(X,Y) :- edge(X,Y).
path(X,Z) :- path(X,Y), edge(Y,Z).
`;

function aspFacts(relation: string, tuples: readonly Tuple[]): string {
  return tuples.map((t) => `${relation}(${t.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : String(v))).join(',')}).`).join('\n');
}

/** Transitive closure of the chain 0 → 1 → … → n-1. */
export function chain(n: number): Workload {
  const edges: Tuple[] = [];
  for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1]);
  return {
    name: `chain TC, ${n} nodes`,
    description: `transitive closure of a ${n}-node chain (${(n * (n - 1)) / 2} path facts)`,
    ded: TC_DED,
    component: 'g',
    facts: new Map([['edge', edges]]),
    asp: `${aspFacts('edge', edges)}\n${TC_ASP}`,
  };
}

/** Transitive closure of a random directed graph with distinct edges (no self loops), seeded. */
export function randomGraph(nodes: number, edgeCount: number, seed: number): Workload {
  const rnd = prng(seed);
  const seen = new Set<number>();
  const edges: Tuple[] = [];
  while (edges.length < edgeCount) {
    const a = Math.floor(rnd() * nodes);
    const b = Math.floor(rnd() * nodes);
    if (a === b || seen.has(a * nodes + b)) continue;
    seen.add(a * nodes + b);
    edges.push([a, b]);
  }
  return {
    name: `random TC, ${nodes} nodes / ${edgeCount} edges`,
    description: `transitive closure of a random graph (seed ${seed})`,
    ded: TC_DED,
    component: 'g',
    facts: new Map([['edge', edges]]),
    asp: `${aspFacts('edge', edges)}\n${TC_ASP}`,
  };
}

const VOTES_DED = `
.input  vote(txn: int, participant: int, yes: bool)
.input  participant(p: int)
.decl   txn(t: int)
.decl   voted(t: int, p: int)
.decl   yes(t: int, p: int)
.decl   tally(t: int, n: int)
.decl   size(n: int)
.decl   missing(t: int, p: int)
.output commit(t: int)
.output abort(t: int)
.component coordinator
txn(t) :- vote(t, _, _)
voted(t, p) :- vote(t, p, _), participant(p)
yes(t, p) :- vote(t, p, true), participant(p)
tally(t, count<p>) :- yes(t, p)
size(count<p>) :- participant(p)
commit(t) :- tally(t, n), size(n)
abort(t) :- vote(t, _, false), participant(_)
missing(t, p) :- txn(t), participant(p), !voted(t, p)
`;

const VOTES_ASP = `
txn(T) :- vote(T,_,_).
voted(T,P) :- vote(T,P,_), participant(P).
yes(T,P) :- vote(T,P,1), participant(P).
tally(T,N) :- yes(T,_), N = #count{ P : yes(T,P) }.
size(N) :- participant(_), N = #count{ P : participant(P) }.
commit(T) :- tally(T,N), size(N).
abort(T) :- vote(T,_,0), participant(_).
missing(T,P) :- txn(T), participant(P), not voted(T,P).
`;

/**
 * A 2PC-like vote tally: `votes` vote facts over `participants` participants
 * (txns × participants slots, `votes` of them filled, 95% yes), counted per
 * transaction and compared with the number of participants; transactions
 * with a missing vote list who is missing.
 */
export function voteTally(votes: number, participants: number, seed: number): Workload {
  const rnd = prng(seed);
  const txns = Math.ceil((votes * 1.25) / participants);
  const slots: [number, number][] = [];
  for (let t = 0; t < txns; t++) for (let p = 0; p < participants; p++) slots.push([t, p]);
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [slots[i], slots[j]] = [slots[j] as [number, number], slots[i] as [number, number]];
  }
  const vote: Tuple[] = slots.slice(0, votes).map(([t, p]) => [t, p, rnd() < 0.95]);
  const participant: Tuple[] = Array.from({ length: participants }, (_, p) => [p]);
  return {
    name: `2PC vote tally, ${votes} votes`,
    description: `${votes} votes over ${txns} transactions and ${participants} participants`,
    ded: VOTES_DED,
    component: 'coordinator',
    facts: new Map([
      ['vote', vote],
      ['participant', participant],
    ]),
    asp: `${aspFacts('vote', vote)}\n${aspFacts('participant', participant)}\n${VOTES_ASP}`,
  };
}
