/** Reading program files: problems with the file itself are one io-error, never a throw. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../src/diagnostics/render.js';
import { compileText, loadProgram, readTextFile } from '../src/load.js';
import { VOTING } from './support/programs.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'compartment-load-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function expectIoError(path: string, message: string): void {
  const r = loadProgram(path);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.file).toBe(path);
  expect(r.text).toBeUndefined();
  expect(r.diagnostics).toEqual([{ code: 'io-error', severity: 'error', message, file: path }]);
  expect(renderDiagnostics(r.diagnostics)).toBe(`${path}: error[io-error]: ${message}`);
}

describe('loadProgram', () => {
  it('reports a missing file', () => {
    expectIoError(join(dir, 'missing.ded'), 'no such file');
  });

  it('reports a directory', () => {
    expectIoError(dir, 'is a directory, not a file');
  });

  it('reports a binary file with NUL bytes', () => {
    expectIoError(file('binary.ded', new Uint8Array([0x2e, 0x64, 0x65, 0x63, 0x6c, 0x00, 0x01, 0xff])), 'is not a text file (it contains NUL bytes)');
  });

  it('reports invalid UTF-8', () => {
    expectIoError(file('latin1.ded', new Uint8Array([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a])), 'is not UTF-8 text');
    expectIoError(file('lone-continuation.ded', new Uint8Array([0x80])), 'is not UTF-8 text');
    expectIoError(file('truncated.ded', new Uint8Array([0x61, 0xe2, 0x82])), 'is not UTF-8 text');
  });

  it('reports a path through a file', () => {
    const r = loadProgram(join(file('plain.ded', ''), 'child.ded'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => d.code)).toEqual(['io-error']);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('reports an unreadable file', () => {
    const path = file('secret.ded', VOTING);
    chmodSync(path, 0o000);
    expectIoError(path, 'permission denied');
  });

  it('loads a valid program', () => {
    const path = file('voting.ded', VOTING);
    const r = loadProgram(path);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.file).toBe(path);
    expect(r.text).toBe(VOTING);
    expect(r.warnings).toEqual([]);
    expect(r.checked.rules).toHaveLength(8);
  });

  it('strips a byte-order mark, so line 1 column 1 is the first character after it', () => {
    const path = file('bom.ded', '\uFEFF.decl r(x: nat)\n');
    const r = loadProgram(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.text).toBe('.decl r(x: nat)\n');
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.col, d.file])).toEqual([['unknown-type', 1, 12, path]]);
  });

  it('gives the file text back with the diagnostics of a program that does not check', () => {
    const text = VOTING.replace('!done(c, i)', '!dne(c, i)');
    const r = loadProgram(file('typo.ded', text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.text).toBe(text);
    expect(r.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([['unknown-relation', 15]]);
  });
});

describe('readTextFile', () => {
  it('accepts an empty file', () => {
    expect(readTextFile(file('empty.ded', ''))).toEqual({ ok: true, text: '' });
  });

  it('accepts multi-byte UTF-8', () => {
    expect(readTextFile(file('utf8.ded', '# café 😀\n'))).toEqual({ ok: true, text: '# café 😀\n' });
  });
});

describe('compileText', () => {
  it('tags every diagnostic with the file and sorts them by position, parse and check errors together', () => {
    const text = '.decl r(x: int)\n.component c\nh(x) :- r(x)\ns(x) :- r(x) $\nr(x) :- r(y)\n';
    const r = compileText(text, 'x.ded');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.file])).toEqual([
      ['unknown-relation', 3, 'x.ded'],
      ['unknown-relation', 4, 'x.ded'],
      ['unexpected-character', 4, 'x.ded'],
      ['unbound-variable', 5, 'x.ded'],
    ]);
  });

  it('fails on a syntax error even when what was parsed checks', () => {
    const r = compileText('.decl r(x: int)\n.component c\nr(x) :- r(x)\nr(x) r(x)\n', 'x.ded');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => d.code)).toEqual(['syntax-error']);
  });
});
