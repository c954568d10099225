/**
 * compartment as a library: parse → check → evaluate → simulate. The CLI in
 * src/cli is a thin layer over exactly these exports.
 */
export * from './syntax/ast.js';
export type { Span } from './syntax/span.js';
export { parse, type ParseResult } from './syntax/parser.js';
export { printProgram, printRule, printExpr } from './syntax/printer.js';
export { stripSpans } from './syntax/equal.js';

export { DIAGNOSTIC_CODES, hasErrors, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics/diagnostic.js';
export { renderDiagnostic, renderDiagnostics, summarizeDiagnostics, type SourceRef } from './diagnostics/render.js';

export { check, type CheckResult } from './ir/check.js';
export type * from './ir/types.js';

export { loadProgram, compileText, readTextFile, type LoadResult, type ReadResult } from './load.js';

export * from './eval/index.js';
export * from './sim/index.js';
export * from './equiv/index.js';
export * from './report/index.js';
