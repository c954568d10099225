import { describe, expect, it } from 'vitest';
import { lex } from '../../src/syntax/lexer.js';

const kinds = (text: string): string[] => lex(text).tokens.map((t) => t.kind);

describe('lex', () => {
  it('reads two-character operators before one-character ones', () => {
    expect(kinds(':- :+ :~ -> == != <= >= : = < > - !')).toEqual([
      ':-', ':+', ':~', '->', '==', '!=', '<=', '>=', ':', '=', '<', '>', '-', '!', 'eof',
    ]);
  });

  it('reads directives, identifiers, ints and skips both comment styles', () => {
    const r = lex('.decl r_1(x: int) # c\n// whole line\n_x 42');
    expect(r.diagnostics).toEqual([]);
    expect(r.tokens.map((t) => [t.kind, t.text])).toEqual([
      ['directive', 'decl'], ['ident', 'r_1'], ['(', '('], ['ident', 'x'], [':', ':'], ['ident', 'int'], [')', ')'],
      ['newline', '\n'], ['newline', '\n'], ['ident', '_x'], ['int', '42'], ['eof', ''],
    ]);
  });

  it('gives every token its offset, line and column', () => {
    const r = lex('a(x)\n  b  "s"');
    expect(r.tokens.map((t) => t.span)).toEqual([
      { offset: 0, length: 1, line: 1, col: 1 },
      { offset: 1, length: 1, line: 1, col: 2 },
      { offset: 2, length: 1, line: 1, col: 3 },
      { offset: 3, length: 1, line: 1, col: 4 },
      { offset: 4, length: 1, line: 1, col: 5 },
      { offset: 7, length: 1, line: 2, col: 3 },
      { offset: 10, length: 3, line: 2, col: 6 },
      { offset: 13, length: 0, line: 2, col: 9 },
    ]);
  });

  it('decodes string escapes', () => {
    const r = lex('"a\\"b\\\\c\\nd\\te\\rf\\u{41}\\u{1F600}\\u{0}"');
    expect(r.diagnostics).toEqual([]);
    expect(r.tokens[0]).toMatchObject({ kind: 'string', text: 'a"b\\c\nd\te\rfA😀\0' });
  });

  it('reports an unknown escape and keeps reading the string', () => {
    const r = lex('"a\\qb" x');
    expect(r.diagnostics.map((d) => [d.code, d.span])).toEqual([['syntax-error', { offset: 2, length: 2, line: 1, col: 3 }]]);
    expect(r.tokens.map((t) => t.kind)).toEqual(['string', 'ident', 'eof']);
    expect(r.tokens[0]!.text).toBe('ab');
  });

  it('reports a code point above U+10FFFF as an unknown escape', () => {
    expect(lex('"\\u{110000}"').diagnostics.map((d) => d.code)).toEqual(['syntax-error']);
  });

  it('ends an unterminated string at the end of its line', () => {
    const r = lex('x = "abc\ny');
    expect(r.diagnostics.map((d) => [d.code, d.span])).toEqual([['unterminated-string', { offset: 4, length: 4, line: 1, col: 5 }]]);
    expect(r.tokens.map((t) => t.kind)).toEqual(['ident', '=', 'string', 'newline', 'ident', 'eof']);
  });

  it('reports a run of stray characters once', () => {
    const r = lex('a $$$ b ; c');
    expect(r.diagnostics.map((d) => [d.code, d.message, d.span?.col, d.span?.length])).toEqual([
      ['unexpected-character', 'unexpected characters `$$$`', 3, 3],
      ['unexpected-character', 'unexpected character `;`', 9, 1],
    ]);
    expect(r.tokens.map((t) => t.text)).toEqual(['a', 'b', 'c', '']);
  });

  it('names unprintable stray characters by code point and steps over astral ones whole', () => {
    const r = lex('\x01 😀');
    expect(r.diagnostics.map((d) => [d.message, d.span?.length])).toEqual([
      ['unexpected character U+0001', 1],
      ['unexpected character `😀`', 2],
    ]);
  });

  it('reports a number glued to letters', () => {
    const r = lex('12ab');
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['bad-number', '`12ab` is not a number or a name']]);
  });

  it('counts a lone carriage return as a space, not a line break', () => {
    const r = lex('a\r\nb\rc');
    expect(r.tokens.map((t) => [t.kind, t.span.line, t.span.col])).toEqual([
      ['ident', 1, 1], ['newline', 1, 3], ['ident', 2, 1], ['ident', 2, 3], ['eof', 2, 4],
    ]);
  });
});
