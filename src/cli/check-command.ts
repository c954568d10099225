/**
 * `compartment check FILE...`: parse and check programs, report diagnostics
 * compiler-style (or as JSON).
 */
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics, summarizeDiagnostics } from '../diagnostics/render.js';
import { loadProgram } from '../load.js';
import { EXIT, type CliIo } from './io.js';

export interface CheckFlags {
  readonly json?: boolean;
}

/** Checks every file (all of them, even after an error); exit 2 if any has an error. */
export function runCheck(files: readonly string[], flags: CheckFlags, io: CliIo): number {
  const results = files.map((file) => {
    const r = loadProgram(file);
    const diagnostics: Diagnostic[] = r.ok ? r.warnings : r.diagnostics;
    return { file, ok: r.ok, text: r.text, diagnostics };
  });
  const failed = results.some((r) => !r.ok || hasErrors(r.diagnostics));
  if (flags.json) {
    const files = results.map((r) => ({ file: r.file, ok: r.ok, diagnostics: r.diagnostics.map((d) => ({ file: r.file, ...d })) }));
    io.out(JSON.stringify({ ok: !failed, files }, null, 2) + '\n');
  } else {
    for (const r of results) {
      if (r.diagnostics.length > 0) io.out(renderDiagnostics(r.diagnostics, { file: r.file, ...(r.text === undefined ? {} : { text: r.text }) }) + '\n');
      if (r.ok) io.out(`${r.file}: ok${r.diagnostics.length > 0 ? ` (${summarizeDiagnostics(r.diagnostics)})` : ''}\n`);
    }
    const bad = results.filter((r) => !r.ok).length;
    if (results.length > 1 && bad > 0) io.out(`${bad} of ${results.length} files have errors\n`);
  }
  return failed ? EXIT.usage : EXIT.ok;
}
