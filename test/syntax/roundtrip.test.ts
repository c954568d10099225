import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Program } from '../../src/syntax/ast.js';
import { stripSpans } from '../../src/syntax/equal.js';
import { parse } from '../../src/syntax/parser.js';
import { printExpr, printProgram } from '../../src/syntax/printer.js';
import { NO_SPAN } from '../../src/syntax/span.js';
import { exprArb, programArb } from '../support/arbitraries.js';
import { collectSpans, spanProblem } from '../support/diagnostics.js';
import { KVS, ODDLY_FORMATTED, VALID_PROGRAMS, VOTING } from '../support/programs.js';

const span = NO_SPAN;

describe('parse ∘ print = id', () => {
  it('holds for random programs of every item, literal and expression kind', () => {
    fc.assert(
      fc.property(programArb, (p) => {
        const text = printProgram(p);
        const r = parse(text);
        expect(r.diagnostics).toEqual([]);
        expect(stripSpans(r.program)).toStrictEqual(stripSpans(p));
      }),
      { numRuns: 300 },
    );
  });

  it('gives parsed nodes spans inside the printed text, names where the names are', () => {
    fc.assert(
      fc.property(programArb, (p) => {
        const text = printProgram(p);
        const parsed = parse(text).program;
        for (const { path, span: s } of collectSpans(parsed)) {
          expect(spanProblem(text, s), path).toBeUndefined();
        }
        for (const item of parsed.items) {
          if (item.kind === 'rule') {
            expect(text.substr(item.head.relationSpan.offset, item.head.relationSpan.length)).toBe(item.head.relation);
            for (const l of item.body) {
              if (l.kind === 'atom') expect(text.substr(l.relationSpan.offset, l.relationSpan.length)).toBe(l.relation);
            }
          } else {
            const name = item.kind === 'persist' ? item.relation : item.name;
            expect(text.substr(item.nameSpan.offset, item.nameSpan.length)).toBe(name);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips every expression on its own inside an assignment', () => {
    fc.assert(
      fc.property(exprArb(5), (e) => {
        const text = `.component c\nh(x) :- r(x), y = ${printExpr(e)}\n`;
        const r = parse(text);
        expect(r.diagnostics).toEqual([]);
        const rule = r.program.items[1];
        expect(rule?.kind).toBe('rule');
        if (rule?.kind !== 'rule') return;
        const lit = rule.body[1];
        expect(lit?.kind).toBe('assign');
        if (lit?.kind !== 'assign') return;
        expect(stripSpans(lit.value)).toStrictEqual(stripSpans(e));
      }),
      { numRuns: 300 },
    );
  });
});

describe('printing expressions', () => {
  const v = (name: string) => ({ kind: 'var', name, span }) as const;
  const n = (value: number) => ({ kind: 'int', value, span }) as const;

  it('parenthesises by precedence and left associativity only where needed', () => {
    const sub = { kind: 'binary', op: '-', left: v('a'), right: v('b'), span } as const;
    expect(printExpr({ kind: 'binary', op: '-', left: sub, right: v('c'), span })).toBe('a - b - c');
    expect(printExpr({ kind: 'binary', op: '-', left: v('c'), right: sub, span })).toBe('c - (a - b)');
    expect(printExpr({ kind: 'binary', op: '*', left: sub, right: v('c'), span })).toBe('(a - b) * c');
    const mul = { kind: 'binary', op: '%', left: v('a'), right: v('b'), span } as const;
    expect(printExpr({ kind: 'binary', op: '+', left: v('c'), right: mul, span })).toBe('c + a % b');
    expect(printExpr({ kind: 'binary', op: '/', left: v('c'), right: mul, span })).toBe('c / (a % b)');
  });

  it('writes negative literals and subtraction of negatives so they read back', () => {
    expect(printExpr({ kind: 'binary', op: '-', left: n(-3), right: n(-4), span })).toBe('-3 - -4');
    const r = parse('.component c\nh(x) :- r(x), y = -3 - -4, z = -x * 2');
    expect(r.diagnostics).toEqual([]);
    const rule = r.program.items[1]!;
    if (rule.kind !== 'rule') throw new Error('expected a rule');
    expect(stripSpans(rule.body[1])).toStrictEqual({
      kind: 'assign',
      target: { kind: 'var', name: 'y' },
      value: { kind: 'binary', op: '-', left: { kind: 'int', value: -3 }, right: { kind: 'int', value: -4 } },
    });
    // `-x` is `0 - x`, and it binds tighter than `*`.
    expect(stripSpans(rule.body[2])).toStrictEqual({
      kind: 'assign',
      target: { kind: 'var', name: 'z' },
      value: {
        kind: 'binary',
        op: '*',
        left: { kind: 'binary', op: '-', left: { kind: 'int', value: 0 }, right: { kind: 'var', name: 'x' } },
        right: { kind: 'int', value: 2 },
      },
    });
  });

  it('escapes quotes, backslashes and control characters in strings', () => {
    expect(printExpr({ kind: 'string', value: 'a"b\\c\nd\te\rf\0g\x7fh😀', span })).toBe('"a\\"b\\\\c\\nd\\te\\rf\\u{0}g\\u{7f}h😀"');
  });
});

describe('print ∘ parse ∘ print is a fixpoint on hand-written text', () => {
  for (const [name, text] of Object.entries({ VOTING, KVS, ODDLY_FORMATTED })) {
    it(name, () => {
      const first = parse(text);
      expect(first.diagnostics).toEqual([]);
      const printed = printProgram(first.program);
      const second = parse(printed);
      expect(second.diagnostics).toEqual([]);
      expect(stripSpans(second.program)).toStrictEqual(stripSpans(first.program));
      expect(printProgram(second.program)).toBe(printed);
    });
  }

  it('prints the voting program in canonical layout', () => {
    const printed = printProgram(parse(VOTING).program);
    expect(printed.split('\n').slice(7, 12)).toEqual([
      '.decl done(client: loc, id: int)',
      '',
      '.component leader',
      'ballot@p(c, i, v) :~ request(c, i, v), participant(p)',
      'votes(c, i, v, p) :- vote(c, i, v, p)',
    ]);
    expect(printed.endsWith('vote@l(c, i, v, me) :~ ballot(c, i, v), leader(l), self(me)\n')).toBe(true);
  });

  it('keeps every valid program in the shared list stable', () => {
    for (const text of VALID_PROGRAMS) {
      const once = printProgram(parse(text).program);
      expect(printProgram(parse(once).program)).toBe(once);
    }
  });

  it('holds for every .ded file of the corpus that parses', () => {
    const corpus = fileURLToPath(new URL('../../corpus', import.meta.url));
    const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ded'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const first = parse(readFileSync(join(corpus, f), 'utf8'));
      if (first.diagnostics.length) continue; // Work in progress: not this test's business.
      const printed = printProgram(first.program);
      expect(stripSpans(parse(printed).program), f).toStrictEqual(stripSpans(first.program));
      expect(printProgram(parse(printed).program), f).toBe(printed);
    }
  });

  it('prints the empty program as the empty string and reads it back', () => {
    const empty: Program = { items: [] };
    expect(printProgram(empty)).toBe('');
    expect(parse('').program).toStrictEqual(empty);
  });
});
