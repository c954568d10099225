/**
 * Random pipelines for the rewrite property test: a front that clients
 * address, with random branches that forward, transform, keep state locally
 * or hand facts to a back component (directly or through a relay of two
 * instances) that answers at once or counts to a threshold, or that hands
 * them to the relays and counts their answers while also learning their
 * highest value (a part asymmetric decoupling can move: it feeds back), or
 * that keeps a value per key and answers from it once the back's reply to a
 * request on that key is in (what carrying moves onto the round trip).
 */
import fc from 'fast-check';

export type Branch = { kind: 'echo'; f: string } | { kind: 'count'; f: string; threshold: number } | { kind: 'local'; negate: boolean } | { kind: 'fanout'; f: string } | { kind: 'learn'; f: string } | { kind: 'trip'; f: string; negate: boolean };

const fnArb = fc.constantFrom('v', 'v + 1', 'v * 2', 'v % 3', 'k + v');
/**
 * A round trip whose answer reads the front's state. Also among `branchArb`'s:
 * it once exposed an unsound monotonic decoupling of the answer (the reply,
 * redirected and read on arrival, could reach the new component before the
 * forwarded state it joins, and be lost), which that rewrite now refuses.
 */
export const tripArb: fc.Arbitrary<Branch> = fc.record({ f: fc.constantFrom('k + 1', 'k * 2', 'k % 3'), negate: fc.boolean() }).map((x) => ({ kind: 'trip' as const, ...x }));

export const branchArb: fc.Arbitrary<Branch> = fc.oneof(
  fnArb.map((f) => ({ kind: 'echo' as const, f })),
  fc.record({ f: fnArb, threshold: fc.integer({ min: 1, max: 2 }) }).map((x) => ({ kind: 'count' as const, ...x })),
  fc.boolean().map((negate) => ({ kind: 'local' as const, negate })),
  fnArb.map((f) => ({ kind: 'fanout' as const, f })),
  fnArb.map((f) => ({ kind: 'learn' as const, f })),
  tripArb,
);

/** A program from its branches (each uses its own relations, so any mix checks). */
export function programOf(branches: readonly Branch[]): string {
  const decls = ['.input in(c: loc, k: int, v: int)'];
  const front: string[] = [];
  const back: string[] = [];
  const relay: string[] = [];
  branches.forEach((b, i) => {
    decls.push(`.output o${i}(c: loc, k: int, x: int)`);
    if (b.kind === 'echo') {
      decls.push(`.decl m${i}(c: loc, k: int, x: int)`);
      front.push(`m${i}@w(c, k, ${b.f}) :~ in(c, k, v), back(w)`);
      back.push(`o${i}@c(c, k, x) :~ m${i}(c, k, x)`);
    } else if (b.kind === 'count') {
      decls.push(`.decl m${i}(c: loc, k: int, x: int)`, `.decl s${i}(c: loc, k: int, x: int)`, `.decl n${i}(c: loc, k: int, n: int)`, `.decl d${i}(c: loc, k: int)`, `.persist s${i}`, `.persist d${i}`);
      front.push(`m${i}@w(c, k, ${b.f}) :~ in(c, k, v), back(w)`);
      back.push(`s${i}(c, k, x) :- m${i}(c, k, x)`, `n${i}(c, k, count<x>) :- s${i}(c, k, x)`, `d${i}(c, k) :+ n${i}(c, k, n), n >= ${b.threshold}`, `o${i}@c(c, k, n) :~ n${i}(c, k, n), n >= ${b.threshold}, !d${i}(c, k)`);
    } else if (b.kind === 'local') {
      decls.push(`.decl l${i}(k: int, v: int)`, `.persist l${i}`);
      front.push(`l${i}(k, v) :- in(c, k, v)`);
      front.push(b.negate ? `o${i}@c(c, k, v) :~ in(c, k, v), w = v + 1, !l${i}(k, w)` : `o${i}@c(c, k, v) :~ in(c, k, v), l${i}(k, v)`);
    } else if (b.kind === 'learn') {
      decls.push(
        `.output e${i}(c: loc, k: int, n: int)`,
        `.decl m${i}(c: loc, k: int, x: int)`,
        `.decl j${i}(c: loc, k: int, x: int)`,
        `.decl a${i}(c: loc, k: int, x: int)`,
        `.decl h${i}(x: int)`,
        `.decl t${i}(x: int)`,
        `.decl g${i}(c: loc, k: int, x: int)`,
        `.decl q${i}(c: loc, k: int, n: int)`,
        `.decl z${i}(c: loc, k: int)`,
        `.persist h${i}`,
        `.persist g${i}`,
        `.persist z${i}`,
      );
      front.push(`m${i}@w(c, k, ${b.f}) :~ in(c, k, v), back(w)`);
      // The back hands each fact to the relays, which answer it twice (x and x + 1).
      back.push(`j${i}@r(c, k, x) :~ m${i}(c, k, x), relay(r)`);
      relay.push(`a${i}@w(c, k, x) :~ j${i}(c, k, x), back(w)`, `a${i}@w(c, k, y) :~ j${i}(c, k, x), y = x + 1, back(w)`);
      // What the back learns from the answers (absorbed into h), and uses for later facts (whether it learned more than a fact carries).
      back.push(`h${i}(x) :- a${i}(_, _, x)`, `t${i}(max<x>) :- h${i}(x)`, `o${i}@c(c, k, 1) :~ m${i}(c, k, x), t${i}(t), t > x`);
      // What it counts to a threshold, answering once (the part that can move, sending the answers' values back).
      back.push(`g${i}(c, k, x) :- a${i}(c, k, x)`, `q${i}(c, k, count<x>) :- g${i}(c, k, x)`, `e${i}@c(c, k, 2) :~ q${i}(c, k, n), n >= 2, !z${i}(c, k)`, `z${i}(c, k) :+ q${i}(c, k, n), n >= 2`);
    } else if (b.kind === 'trip') {
      // The front keeps a value per key (a function of the key: an FD Z3 proves), asks the back, and answers from it once the reply is in.
      decls.push(`.decl st${i}(k: int, y: int)`, `.decl q${i}(f: loc, k: int, c: loc)`, `.decl p${i}(k: int, c: loc)`, `.persist st${i}`);
      front.push(`st${i}(k, y) :- in(c, k, v), y = ${b.f}`, `q${i}@w(me, k, c) :~ in(c, k, v), st${i}(k, _), back(w), self(me)`);
      front.push(b.negate ? `o${i}@c(c, k, 0) :~ p${i}(k, c), !st${i}(k, 1)` : `o${i}@c(c, k, y) :~ p${i}(k, c), st${i}(k, y)`);
      back.push(`p${i}@f(k, c) :~ q${i}(f, k, c)`);
    } else {
      decls.push(`.decl m${i}(c: loc, k: int, x: int)`, `.decl r${i}(c: loc, k: int, x: int)`);
      front.push(`m${i}@w(c, k, ${b.f}) :~ in(c, k, v), relay(w)`);
      relay.push(`r${i}@w(c, k, x) :~ m${i}(c, k, x), back(w)`);
      back.push(`o${i}@c(c, k, x) :~ r${i}(c, k, x)`);
    }
  });
  const section = (name: string, rules: readonly string[]): string => `.component ${name}\n${rules.length ? rules.join('\n') : ''}\n`;
  // Components without rules still exist (others may address them); they are declared by their section.
  return [decls.join('\n'), section('front', front), section('back', back), section('relay', relay)].join('\n');
}

