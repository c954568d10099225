import { describe, expect, it } from 'vitest';
import { error, hasErrors, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostic, renderDiagnostics, summarizeDiagnostics } from '../../src/diagnostics/render.js';

const at = (offset: number, length: number, line: number, col: number) => ({ offset, length, line, col });

describe('renderDiagnostic', () => {
  const text = 'first line\ndone(c, i) :- vots(c, i)\nlast';

  it('writes location, severity, code, message, the source line, a caret and the notes', () => {
    const d = error('unknown-relation', 'unknown relation `vots`', at(25, 4, 2, 15), ['did you mean `votes`?']);
    expect(renderDiagnostic(d, { file: 'v.ded', text })).toBe(
      [
        'v.ded:2:15: error[unknown-relation]: unknown relation `vots`',
        ' 2 | done(c, i) :- vots(c, i)',
        '   |               ^^^^',
        '   = did you mean `votes`?',
      ].join('\n'),
    );
  });

  it('prefers the file recorded on the diagnostic, and says <input> when there is none', () => {
    const d = error('syntax-error', 'oops', at(0, 1, 1, 1));
    expect(renderDiagnostic({ ...d, file: 'own.ded' }, { file: 'other.ded' }).split('\n')[0]).toBe('own.ded:1:1: error[syntax-error]: oops');
    expect(renderDiagnostic(d)).toBe('<input>:1:1: error[syntax-error]: oops');
  });

  it('renders a diagnostic without a span as file: message, without a source line', () => {
    const d: Diagnostic = { ...error('io-error', 'no such file'), file: 'gone.ded' };
    expect(renderDiagnostic(d, { text: 'x' })).toBe('gone.ded: error[io-error]: no such file');
    expect(renderDiagnostic(error('io-error', 'no such file'))).toBe('error[io-error]: no such file');
  });

  it('widens the gutter for long line numbers', () => {
    const long = 'a\n'.repeat(99) + 'xyz';
    expect(renderDiagnostic(error('syntax-error', 'm', at(199, 1, 100, 2), ['n']), { file: 'f', text: long })).toBe(
      ['f:100:2: error[syntax-error]: m', ' 100 | xyz', '     |  ^', '     = n'].join('\n'),
    );
  });

  it('puts the caret under the offending text, whatever the width of the line number', () => {
    for (const line of [1, 9, 10, 99, 100, 12345]) {
      const t = '\n'.repeat(line - 1) + 'done(c, i) :- vots(c, i)';
      const offset = line - 1 + 14;
      const lines = renderDiagnostic(error('unknown-relation', 'm', at(offset, 4, line, 15), ['n']), { text: t }).split('\n');
      expect(lines[1]!.indexOf('|')).toBe(lines[2]!.indexOf('|'));
      expect(lines[1]!.slice(lines[2]!.indexOf('^'), lines[2]!.lastIndexOf('^') + 1)).toBe('vots');
      expect(lines[3]!.indexOf('=')).toBe(lines[2]!.indexOf('|'));
    }
  });

  it('keeps tabs before the caret so it lines up, and shows control characters as ·', () => {
    const t = '\tr(\x01x)';
    expect(renderDiagnostic(error('unexpected-character', 'u', at(3, 1, 1, 4)), { text: t }).split('\n').slice(1)).toEqual([
      ' 1 | \tr(·x)',
      '   | \t  ^',
    ]);
  });

  it('shows a line ending in \\r\\n without the \\r', () => {
    expect(renderDiagnostic(error('syntax-error', 'm', at(3, 1, 2, 1)), { text: 'ab\r\ncd\r\n' }).split('\n')[1]).toBe(' 2 | cd');
  });

  it('draws one caret for an empty span at the end of the file', () => {
    expect(renderDiagnostic(error('syntax-error', 'm', at(4, 0, 2, 1)), { text: 'abc\n' }).split('\n').slice(1)).toEqual([' 2 | ', '   | ^']);
  });

  it('cuts the caret of a span running past its line at the line end', () => {
    expect(renderDiagnostic(error('syntax-error', 'm', at(1, 10, 1, 2)), { text: 'abc\ndefghij' }).split('\n')[2]).toBe('   |  ^^');
  });

  it('leaves out the source line when the span is past the text', () => {
    expect(renderDiagnostic(error('syntax-error', 'm', at(0, 0, 9, 1)), { file: 'f', text: 'one line' })).toBe('f:9:1: error[syntax-error]: m');
  });
});

describe('renderDiagnostics and summaries', () => {
  const ds: Diagnostic[] = [
    error('syntax-error', 'a', at(0, 1, 1, 1)),
    { code: 'bad-input', severity: 'warning', message: 'b' },
    error('io-error', 'c'),
  ];

  it('separates diagnostics with a blank line', () => {
    expect(renderDiagnostics(ds, { file: 'f', text: 'x' })).toBe(
      ['f:1:1: error[syntax-error]: a', ' 1 | x', '   | ^', '', 'f: warning[bad-input]: b', '', 'f: error[io-error]: c'].join('\n'),
    );
    expect(renderDiagnostics([])).toBe('');
  });

  it('counts errors and warnings', () => {
    expect(summarizeDiagnostics(ds)).toBe('2 errors, 1 warning');
    expect(summarizeDiagnostics(ds.slice(0, 1))).toBe('1 error');
    expect(summarizeDiagnostics([])).toBe('0 errors');
    expect(hasErrors(ds.slice(1, 2))).toBe(false);
    expect(hasErrors(ds)).toBe(true);
  });
});
