/**
 * Values in JSON input files: checking a JSON value against a declared
 * attribute type, and formatting facts for messages and reports.
 */
import type { Attr, Tuple, Value } from '../ir/types.js';
import type { TypeName } from '../syntax/ast.js';

/** Whether a JSON value is a value of `type` (`loc` values are strings). */
export function isValueOf(type: TypeName, v: unknown): v is Value {
  switch (type) {
    case 'int':
      return typeof v === 'number' && Number.isSafeInteger(v);
    case 'string':
    case 'loc':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
  }
}

/**
 * Problems of a JSON tuple against a relation's attributes, as sentences
 * (empty when it fits). `where` prefixes each sentence ("edb.quorum[0]").
 */
export function tupleProblems(where: string, attrs: readonly Attr[], raw: unknown): string[] {
  if (!Array.isArray(raw)) return [`${where} must be an array of ${attrs.length} value(s), got ${jsonKind(raw)}`];
  if (raw.length !== attrs.length) {
    return [`${where} has ${raw.length} value(s), but the relation has ${attrs.length}: (${signature(attrs)})`];
  }
  const out: string[] = [];
  raw.forEach((v: unknown, i) => {
    const a = attrs[i] as Attr;
    if (!isValueOf(a.type, v)) {
      const hint = a.type === 'int' && typeof v === 'number' ? ' (ints are whole numbers with |x| < 2^53)' : '';
      out.push(`${where}[${i}] (${a.name}: ${a.type}) must be ${article(a.type)}, got ${short(v)}${hint}`);
    }
  });
  return out;
}

/** `client: loc, id: int` */
export function signature(attrs: readonly Attr[]): string {
  return attrs.map((a) => `${a.name}: ${a.type}`).join(', ');
}

/** A fact as text: `reply("client1", 1, "apple")`. */
export function formatFact(relation: string, tuple: Tuple): string {
  return `${relation}(${tuple.map(formatValue).join(', ')})`;
}

/** A value as text: strings quoted as JSON, ints and bools bare. */
export function formatValue(v: Value): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** A description of a JSON value's kind, for messages. */
export function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${short(v)}`;
}

/** Whether a JSON value is a plain object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function article(type: TypeName): string {
  switch (type) {
    case 'int':
      return 'an int';
    case 'string':
      return 'a string';
    case 'loc':
      return 'a loc (an address string)';
    case 'bool':
      return 'a bool (true or false)';
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}
