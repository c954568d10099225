/** Pairs of small programs for the differential tester's tests. */
import type { ReferenceModel } from '../../src/invariants/index.js';
import { defaultDeployment, validateDeployment, type Deployment } from '../../src/sim/index.js';
import type { DiffInput, PairedInput, Side } from '../../src/equiv/index.js';
import { program } from '../sim/helpers.js';

export function side(text: string, deployment?: unknown, model: ReferenceModel | null = null): Side {
  const p = program(text);
  let d: Deployment = defaultDeployment(p);
  if (deployment !== undefined) {
    const r = validateDeployment(deployment, p);
    if (!r.deployment) throw new Error(r.diagnostics.map((x) => x.message).join('\n'));
    d = r.deployment;
  }
  return { file: 'test.ded', program: p, deployment: d, deploymentSource: null, model, sha256: '0' };
}

export function pair(original: Side, rewritten: Side, inputs: readonly PairedInput[] | null, ordered: readonly string[] = []): DiffInput {
  return { original, rewritten, inputs, ordered };
}

export function input(relation: string, tuple: (string | number | boolean)[], toOriginal: string, toRewritten = toOriginal): PairedInput {
  return { relation, tuple, toOriginal, toRewritten };
}

/** One server answering each request with "ok". */
export const ECHO = `
.input  req(c: loc, id: int)
.output ans(c: loc, id: int, v: string)
.component srv
ans@c(c, i, "ok") :~ req(c, i)
`;

/** The same, but request 2 is answered "ko". */
export const ECHO_WRONG = `
.input  req(c: loc, id: int)
.output ans(c: loc, id: int, v: string)
.component srv
ans@c(c, i, "ok") :~ req(c, i), i != 2
ans@c(c, 2, "ko") :~ req(c, 2)
`;

/** Echo partitioned by id: each partition answers its own requests. */
export const ECHO_PARTITIONED = `
.input  req(c: loc, id: int)
.output ans(c: loc, id: int, v: string)
.component srv
ans@c(c, i, "ok") :~ req(c, i)
`;

/** N pingers race to a judge; the first ping it takes wins (several win when they arrive in one tick). */
export function race(n: number): string {
  const comps = Array.from({ length: n }, (_, k) => `.component p${k + 1}\nping@j(${k + 1}) :~ go(x), judge(j)`).join('\n');
  return `
.input  go(x: int)
.output winner(v: int)
.decl   ping(v: int)
.decl   done(b: bool)
.persist done
${comps}
.component judge
done(true) :+ ping(v)
winner(v) :- ping(v), !done(true)
`;
}

/** Always the same winner, `w`, whatever the inputs. */
export function fixedWinner(n: number, w: number): string {
  const comps = Array.from({ length: n }, (_, k) => `.component p${k + 1}\nping@j(${k + 1}) :~ go(x), judge(j)`).join('\n');
  return `
.input  go(x: int)
.output winner(v: int)
.decl   ping(v: int)
${comps}
.component judge
winner(${w}) :- ping(${w})
`;
}

export function raceInputs(n: number): PairedInput[] {
  return Array.from({ length: n }, (_, k) => input('go', [1], `p${k + 1}#0`));
}

/** Counts forever: never quiescent. */
export const COUNTER = `
.input  req(c: loc, id: int)
.output ans(c: loc, id: int, v: string)
.decl   n(x: int)
.component srv
ans@c(c, i, "ok") :~ req(c, i)
n(1) :- req(c, i)
n(x + 1) :+ n(x)
`;
