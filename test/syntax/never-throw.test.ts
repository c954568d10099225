/**
 * The front end never throws on user input: any text, however broken, gives
 * diagnostics with a known code, a non-empty message and a span inside the
 * text; rendering them does not throw either.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { check } from '../../src/ir/check.js';
import { compileText } from '../../src/load.js';
import { stripSpans } from '../../src/syntax/equal.js';
import { parse } from '../../src/syntax/parser.js';
import { printProgram } from '../../src/syntax/printer.js';
import { collectSpans, diagnosticProblem, spanProblem } from '../support/diagnostics.js';
import { slotProblem, strataProblem, unsafeOrder } from '../support/ir.js';
import { VALID_PROGRAMS } from '../support/programs.js';

const SNIPPETS = [
  ...VALID_PROGRAMS,
  '.decl r(x: int)\n.decl h(x: int)\n.component c\nh(x) :- r(x), !h(x)\n',
  '.decl r(x: int, s: string)\n.output o(n: int)\n.component c\no(count<x>) :- r(x, _)\no(n) :+ r(n, "a\\"b"), n >= -1, m = n * (n - 2) % 3, m != 0\n',
  '.fn f(a: int) -> loc\n.decl m(to: loc, v: int)\n.component a\nm@d(d, v) :~ m(x, v), d = f(v)\n.component b\n',
];

/** Splits text into rough tokens (whitespace kept) so mutations can move whole tokens. */
function roughTokens(text: string): string[] {
  return text.match(/\s+|[A-Za-z_][A-Za-z0-9_]*|\d+|"(?:[^"\\\n]|\\.)*"?|:-|:\+|:~|->|==|!=|<=|>=|\.[A-Za-z]+|[^]/gu) ?? [];
}

type Mutation =
  | { op: 'delete'; at: number; len: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'duplicate'; at: number; len: number }
  | { op: 'swap'; at: number; other: number };

const INSERTIONS = ['(', ')', ',', '.', '!', '@', '"', '\\', '\n', ':-', ':~', ':+', '<', '>', '=', '-', '_', 'count<', '.decl', '.component', ' x', '0', '99999999999999999999', '\0', '\u00e9', '\ud83d', '😀', '#', '//', '\r', '\t', '.persist', ':'];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...INSERTIONS), fc.string({ unit: 'binary', maxLength: 3 })) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
);

function mutate(units: string[], ms: readonly Mutation[]): string[] {
  const xs = [...units];
  for (const m of ms) {
    const at = xs.length ? m.at % (xs.length + 1) : 0;
    switch (m.op) {
      case 'delete':
        xs.splice(at, m.len);
        break;
      case 'insert':
        xs.splice(at, 0, m.text);
        break;
      case 'duplicate':
        xs.splice(at, 0, ...xs.slice(at, at + m.len));
        break;
      case 'swap': {
        if (xs.length < 2) break;
        const i = at % xs.length;
        const j = m.other % xs.length;
        [xs[i], xs[j]] = [xs[j]!, xs[i]!];
        break;
      }
    }
  }
  return xs;
}

/** Valid programs broken by character-level or token-level edits. */
const mutatedArb: fc.Arbitrary<string> = fc
  .record({
    source: fc.constantFrom(...SNIPPETS),
    byToken: fc.boolean(),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
  })
  .map(({ source, byToken, mutations }) => mutate(byToken ? roughTokens(source) : [...source], mutations).join(''));

/** Text made of the language's own tokens in random order: mostly near-syntax. */
const tokenSoupArb: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...new Set(SNIPPETS.flatMap(roughTokens)), ...INSERTIONS), { maxLength: 60 })
  .map((ts) => ts.join(''));

const bytesArb: fc.Arbitrary<string> = fc.uint8Array({ maxLength: 200 }).map((b) => new TextDecoder().decode(b));

const anyTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }),
  bytesArb,
  tokenSoupArb,
  mutatedArb,
);

function checkFrontEnd(text: string): void {
  const parsed = parse(text);
  for (const d of parsed.diagnostics) expect(diagnosticProblem(text, d), 'parse').toBeUndefined();
  for (const { path, span } of collectSpans(parsed.program)) expect(spanProblem(text, span), path).toBeUndefined();

  // Whatever was parsed, even from broken text, prints and reads back unchanged.
  const printed = printProgram(parsed.program);
  const reparsed = parse(printed);
  expect(reparsed.diagnostics, printed).toEqual([]);
  expect(stripSpans(reparsed.program)).toStrictEqual(stripSpans(parsed.program));

  const checked = check(parsed.program);
  for (const d of checked.diagnostics) expect(diagnosticProblem(text, d), 'check').toBeUndefined();
  // A program exactly when there are no errors; then its IR keeps its invariants.
  expect(checked.program === undefined).toBe(checked.diagnostics.some((d) => d.severity === 'error'));
  if (checked.program) {
    for (const r of checked.program.rules) {
      expect(unsafeOrder(r)).toBeUndefined();
      expect(slotProblem(r)).toBeUndefined();
    }
    expect(strataProblem(checked.program)).toBeUndefined();
  }

  const compiled = compileText(text, 'fuzz.ded');
  const all = compiled.ok ? compiled.warnings : compiled.diagnostics;
  for (const d of all) {
    expect(diagnosticProblem(text, d), 'compileText').toBeUndefined();
    expect(d.file).toBe('fuzz.ded');
  }
  expect(compiled.ok).toBe(parsed.diagnostics.length === 0 && checked.program !== undefined);
  if (!compiled.ok) expect(compiled.diagnostics.length).toBeGreaterThan(0);

  const rendered = renderDiagnostics(all, { file: 'fuzz.ded', text });
  for (const d of all) {
    if (d.span) expect(rendered).toContain(`fuzz.ded:${d.span.line}:${d.span.col}: ${d.severity}[${d.code}]: ${d.message}`);
  }
}

describe('the front end never throws', () => {
  it('on arbitrary strings, decoded random bytes and token soup', () => {
    fc.assert(fc.property(anyTextArb, checkFrontEnd), { numRuns: 400 });
  });

  it('on mutated valid programs', () => {
    fc.assert(fc.property(mutatedArb, checkFrontEnd), { numRuns: 400 });
  });

  it('on the valid programs themselves, which compile', () => {
    for (const text of SNIPPETS.slice(0, VALID_PROGRAMS.length)) {
      checkFrontEnd(text);
      expect(compileText(text, 'ok.ded').ok).toBe(true);
    }
  });

  // Deep nesting must not overflow the stack of the parser, printer or checker.
  const deep: Record<string, string> = {
    'nested parentheses': '('.repeat(20000) + 'x' + ')'.repeat(20000),
    'nested calls': 'f('.repeat(20000) + 'x' + ')'.repeat(20000),
    'repeated unary minus': '- '.repeat(20000) + 'x',
    'a long left-associated sum': Array(50000).fill('x').join(' + '),
    'a long chain of products': Array(50000).fill('x').join(' * '),
  };
  for (const [what, expr] of Object.entries(deep)) {
    it(`on ${what}`, () => {
      const text = `.decl r(x: int)\n.decl h(x: int)\n.component c\nh(y) :- r(x), y = ${expr}\n`;
      checkFrontEnd(text);
      const r = compileText(text, 'deep.ded');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([['syntax-error', 4]]);
    });
  }

  it('accepts moderately deep expressions', () => {
    const text = `.decl r(x: int)\n.decl h(x: int)\n.component c\nh(y) :- r(x), y = ${Array(100).fill('x').join(' + ')} + ${'('.repeat(50)}x${')'.repeat(50)}\n`;
    expect(compileText(text, 'ok.ded').ok).toBe(true);
  });
});
