/**
 * Helpers for the rewrite tests: program states from text, the laws every
 * rewritten program must keep (prints, parses back to the same tree, checks
 * clean), and the differential tester on two in-memory programs.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { rewriteOnce } from '../../src/rewrite/apply.js';
import type { AnyRewrite } from '../../src/rewrite/catalog.js';
import { stateFromText } from '../../src/rewrite/engine.js';
import type { ProgramState } from '../../src/rewrite/types.js';
import { validateDeployment, type DeploymentJson } from '../../src/sim/deployment.js';
import { compileSource } from '../support/compile.js';
import { parse } from '../../src/syntax/parser.js';
import { printProgram } from '../../src/syntax/printer.js';
import { stripSpans } from '../../src/syntax/equal.js';
import { differentialTest, type DiffVerdict, type PairedInput, type Side } from '../../src/equiv/index.js';

export function state(text: string, deployment?: DeploymentJson): ProgramState {
  const program = compileSource(text);
  const d = deployment ? validateDeployment(deployment, program).deployment : undefined;
  if (deployment && !d) throw new Error('bad test deployment');
  const r = stateFromText(text, '<test>', d);
  if (!r.ok) throw new Error(r.diagnostics.map((x) => x.message).join('\n'));
  return r.state;
}

/** A rewritten program prints, parses back to the same tree, and checks clean. */
export function expectOrdinaryProgram(s: ProgramState): void {
  const text = printProgram(s.ast);
  expect(text).toBe(s.text);
  const again = parse(text);
  expect(again.diagnostics).toEqual([]);
  expect(stripSpans(again.program)).toStrictEqual(stripSpans(s.ast));
  expect(() => compileSource(text)).not.toThrow();
  expect(text).not.toMatch(/:[-+~]\s*$/m);
}

/** The rules of one component, as printed. */
export function rulesOf(s: ProgramState, component: string): string[] {
  return (s.program.components.get(component)?.rules ?? []).map((id) => s.program.rules[id]!).filter((r) => !r.fromPersist).map((r) => r.text);
}

function side(s: ProgramState, name: string): Side {
  return { file: name, program: s.program, deployment: s.deployment, deploymentSource: null, model: null, sha256: createHash('sha256').update(s.text).digest('hex') };
}

/** The differential tester on generated inputs: every observation of `rewritten` must be one `original` makes. */
export function differential(original: ProgramState, rewritten: ProgramState, runs = 20, seed = 1, inputs: readonly PairedInput[] | null = null, search: { maxStates?: number; walks?: number; samples?: number } = {}): DiffVerdict {
  return differentialTest({ original: side(original, 'original'), rewritten: side(rewritten, 'rewritten'), inputs, ordered: [] }, { runs, seed, shrinkMs: 500, maxStates: search.maxStates ?? 2000, walks: search.walks ?? 200, samples: search.samples ?? 5 });
}

/** The same input facts for both programs, sent to the same node. */
export function inputs(to: string, facts: readonly (readonly [string, readonly (string | number | boolean)[]])[]): PairedInput[] {
  return facts.map(([relation, tuple]) => ({ relation, tuple, toOriginal: to, toRewritten: to }));
}

/** A front that sends work out and answers clients with the results: two independent parts, nothing flows back. */
export const FRONT_AND_WORKERS = `
.input  job(client: loc, k: int)
.output done(client: loc, k: int)
.decl   work(client: loc, k: int)
.decl   result(client: loc, k: int)

.component front
work@w(c, k) :~ job(c, k), worker(w)
done@c(c, k) :~ result(c, k)

.component worker
result@f(c, k * 2) :~ work(c, k), front(f)
`;

/** The identity case: the rewrite proposes nothing, leaves the program as it is, and says so. */
export function expectLeftAlone(rewrite: AnyRewrite, s: ProgramState): void {
  expect((rewrite as { find(x: ProgramState): unknown[] }).find(s)).toEqual([]);
  const once = rewriteOnce(rewrite, s);
  expect(once.changed).toBe(false);
  if (!once.changed) {
    expect(once.message).toMatch(new RegExp(`${rewrite.name} does not apply: the program is left alone`));
    expect(once.state.text).toBe(s.text);
  }
}
