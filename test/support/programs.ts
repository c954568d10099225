/** Valid programs shared by the front-end tests. */

/** The voting program of LANGUAGE.md, verbatim (comments included). */
export const VOTING = `# Voting: the leader asks every participant to vote on each request and
# answers the client once all have voted.
.input  request(client: loc, id: int, payload: string)
.output reply(client: loc, id: int, payload: string)
.decl   ballot(client: loc, id: int, payload: string)
.decl   vote(client: loc, id: int, payload: string, voter: loc)
.decl   votes(client: loc, id: int, payload: string, voter: loc)
.decl   tally(client: loc, id: int, payload: string, n: int)
.decl   size(n: int)
.decl   done(client: loc, id: int)

.component leader
ballot@p(c, i, v) :~ request(c, i, v), participant(p)
votes(c, i, v, p) :- vote(c, i, v, p)
votes(c, i, v, p) :+ votes(c, i, v, p), !done(c, i)
tally(c, i, v, count<p>) :- votes(c, i, v, p)
size(count<p>) :- participant(p)
done(c, i) :- tally(c, i, v, n), size(n)
reply@c(c, i, v) :~ tally(c, i, v, n), size(n)

.component participant
vote@l(c, i, v, me) :~ ballot(c, i, v), leader(l), self(me)
`;

/** Key-value store with persistence sugar, functions, arithmetic, partition built-ins. */
export const KVS = `// A partitioned key-value store.
.input  put(client: loc, key: string, value: int)
.input  get(client: loc, key: string)
.output got(client: loc, key: string, value: int, tag: string)
.decl   store(key: string, value: int)
.decl   fwd(client: loc, key: string, value: int)
.edb    limit(n: int)
.fn     sign(x: string) -> string
.persist store

.component router
fwd@q(c, k, v) :~ put(c, k, v), shard(s), partition_count(s, n),
                  j = hash(k) % n, partition_of(s, j, q)

.component shard
store(k, v) :- fwd(c, k, v), limit(m), v < m, v >= -m.
got@c(c, k, w, t) :~ get(c, k), store(k, v), w = (v + 1) * 2 - v / 3, t = sign(k)
got@c(c, k, 0, "none") :~ get(c, k), !store(k, _)
`;

/** Every rule form and literal kind, spread over continuation lines. */
export const ODDLY_FORMATTED = `.decl a(x: int, y: string)   # trailing comment
.decl b(x: int)
.decl flag(ok: bool)
.output total(n: int)
.component c
b(x) :-
  a(x, _),
  x != 3
  , x <= 10.
flag(true) :- b(x), x % 2 == 0
total(sum<x>) :- b(x)
b(y) :+ b(x), y = x - -1, y > 0, !a(y, "\\"quoted\\"\\n")
`;

export const VALID_PROGRAMS: readonly string[] = [VOTING, KVS, ODDLY_FORMATTED];
