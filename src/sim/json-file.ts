/**
 * Reading a JSON input file (a deployment or a workload) into an untyped value,
 * with every failure as a diagnostic: missing file, directory, binary data,
 * malformed JSON (located by line and column when the parser says where).
 */
import { readTextFile } from '../load.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../syntax/span.js';

export type JsonFileResult =
  | { readonly ok: true; readonly value: unknown; readonly text: string }
  | { readonly ok: false; readonly diagnostics: Diagnostic[]; readonly text?: string };

/** Read and parse `path`; `what` names the file's role in messages ("deployment"). */
export function readJsonFile(path: string, what: string): JsonFileResult {
  const read = readTextFile(path);
  if (!read.ok) {
    const d = read.diagnostic;
    return { ok: false, diagnostics: [{ ...d, message: `${d.message} (the ${what} file)` }] };
  }
  return parseJsonText(read.text, what, path);
}

/** Parse JSON text already in memory; `file` is used in diagnostics only. */
export function parseJsonText(text: string, what: string, file?: string): JsonFileResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown, text };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const span = positionSpan(text, raw);
    const message = `${what} is not valid JSON: ${tidy(raw)}`;
    const d = error('bad-input', message, span);
    return { ok: false, diagnostics: [file === undefined ? d : { ...d, file }], text };
  }
}

/** V8 says "... at position N" (and sometimes "(line L column C)"). */
function positionSpan(text: string, message: string): Span | undefined {
  const m = /at position (\d+)/.exec(message);
  if (!m) return undefined;
  const offset = Math.min(Number(m[1]), text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, length: offset < text.length ? 1 : 0, line, col: offset - lineStart + 1 };
}

/** One line, printable, not too long: V8 quotes a slice of the input. */
function tidy(message: string): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = message.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  return oneLine.length > 160 ? oneLine.slice(0, 157) + '...' : oneLine;
}
