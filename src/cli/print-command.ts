/**
 * `compartment print FILE`: the program in canonical text. Printing needs only
 * a syntactically valid file; the checker's errors are `check`'s business.
 */
import { hasErrors } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { loadProgram } from '../load.js';
import { parse } from '../syntax/parser.js';
import { printProgram } from '../syntax/printer.js';
import { EXIT, type CliIo } from './io.js';

export function runPrint(file: string, io: CliIo): number {
  const loaded = loadProgram(file);
  if (loaded.ok) {
    io.out(printProgram(loaded.ast));
    return EXIT.ok;
  }
  if (loaded.text !== undefined) {
    const parsed = parse(loaded.text);
    const syntax = parsed.diagnostics.map((d) => ({ ...d, file }));
    if (!hasErrors(syntax)) {
      io.out(printProgram(parsed.program));
      return EXIT.ok;
    }
    io.err(renderDiagnostics(syntax, { file, text: loaded.text }) + '\n');
    return EXIT.usage;
  }
  io.err(renderDiagnostics(loaded.diagnostics, { file }) + '\n');
  return EXIT.usage;
}
