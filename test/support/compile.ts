/**
 * Test helper: `.ded` source text to a checked program through the real parser
 * and checker, so tests cannot drift from the language.
 */
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { check } from '../../src/ir/check.js';
import type { CheckedProgram } from '../../src/ir/types.js';
import { parse } from '../../src/syntax/parser.js';

/** Parses and checks `text`; throws with the rendered diagnostics if either reports an error. */
export function compileSource(text: string, file = '<test>'): CheckedProgram {
  const parsed = parse(text);
  if (hasErrors(parsed.diagnostics)) {
    throw new Error(`parse errors:\n${renderDiagnostics(parsed.diagnostics, { file, text })}`);
  }
  const checked = check(parsed.program);
  if (!checked.program || hasErrors(checked.diagnostics)) {
    throw new Error(`check errors:\n${renderDiagnostics(checked.diagnostics, { file, text })}`);
  }
  return checked.program;
}
