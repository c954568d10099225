/**
 * Reading a `.ded` file from disk through parse and check. Problems with the
 * file itself (missing, a directory, not text) are diagnostics, not throws.
 */
import { readFileSync, statSync } from 'node:fs';
import { error, hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import { check } from './ir/check.js';
import type { CheckedProgram } from './ir/types.js';
import { parse } from './syntax/parser.js';
import type { Program } from './syntax/ast.js';

export type LoadResult =
  | { readonly ok: true; readonly file: string; readonly text: string; readonly ast: Program; readonly checked: CheckedProgram; readonly warnings: Diagnostic[] }
  | { readonly ok: false; readonly file: string; readonly text?: string; readonly diagnostics: Diagnostic[] };

export type ReadResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostic: Diagnostic };

/** Reads a UTF-8 text file; a missing file, a directory or binary content is an `io-error`. */
export function readTextFile(path: string): ReadResult {
  const fail = (message: string): ReadResult => ({ ok: false, diagnostic: { ...error('io-error', message), file: path } });
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) return fail('is a directory, not a file');
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('no such file');
    if (code === 'EACCES') return fail('permission denied');
    return fail(`cannot read: ${(e as Error).message}`);
  }
  if (bytes.includes(0)) return fail('is not a text file (it contains NUL bytes)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('is not UTF-8 text');
  }
  return { ok: true, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
}

/** Parses and checks program text; `file` is used in diagnostics only. */
export function compileText(text: string, file: string): LoadResult {
  const parsed = parse(text);
  // Statements with syntax errors were dropped; checking the rest still finds their errors.
  const checked = check(parsed.program);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics]
    .sort((a, b) => (a.span?.offset ?? 0) - (b.span?.offset ?? 0))
    .map((d) => ({ ...d, file }));
  if (hasErrors(diagnostics) || !checked.program) {
    return { ok: false, file, text, diagnostics };
  }
  return { ok: true, file, text, ast: parsed.program, checked: checked.program, warnings: diagnostics };
}

export function loadProgram(path: string): LoadResult {
  const read = readTextFile(path);
  if (!read.ok) return { ok: false, file: path, diagnostics: [read.diagnostic] };
  return compileText(read.text, path);
}
