/**
 * fast-check arbitraries for `.ded` syntax trees. The trees need not be well
 * typed or even meaningful; they are every shape the printer must be able to
 * write so that the parser reads the same tree back.
 *
 * Shapes the parser can never produce are left out on purpose:
 * - a rule with an empty body (the grammar needs at least one literal);
 * - the int literal -0 (there is no such literal: `-0` reads as 0);
 * - names the lexer reads as something else (`true`, `false`, `_`) where a
 *   relation, function or variable name is expected.
 * A unary minus is represented the way the parser builds it: `-5` is the int
 * literal -5, `-x` is the binary `0 - x`; both are generated.
 */
import fc from 'fast-check';
import {
  AGGREGATES,
  ARITH_OPS,
  CMP_OPS,
  TYPES,
  type AggregateExpr,
  type AttrDecl,
  type BodyLit,
  type Expr,
  type Head,
  type Item,
  type Program,
  type RelationRole,
  type RuleOp,
  type VarExpr,
} from '../../src/syntax/ast.js';
import { NO_SPAN } from '../../src/syntax/span.js';

const span = NO_SPAN;
const NOT_NAMES = new Set(['true', 'false', '_']);

/** A name: identifiers of every shape, plus words that are keywords elsewhere (count, int, input, ...). */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/).filter((s) => !NOT_NAMES.has(s)) },
  { weight: 2, arbitrary: fc.constantFrom('x', 'y', 'n', 'p', 'votes', 'a1', '_x', 'X_9', 'x__') },
  { weight: 1, arbitrary: fc.constantFrom(...AGGREGATES, ...TYPES, 'input', 'output', 'decl', 'edb', 'fn', 'persist', 'component', 'self', 'hash') },
);

const SPECIAL_CHARS = ['"', '\\', '\n', '\t', '\r', '\0', '\x01', '\x1b', '\x7f', '\u0085', '\u2028', '\ufeff', '\ud800', '\udfff', 'é', '😀', '#', '//', '\\u{41}', '\\n', ' '];

/** String values with quotes, backslashes, newlines, control characters, lone surrogates and astral characters. */
export const stringValueArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...SPECIAL_CHARS),
      fc.string({ unit: 'binary', maxLength: 3 }),
      fc.string({ unit: 'binary-ascii', maxLength: 3 }),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** Safe integers of both signs, small ones most often; never -0. */
export const intValueArb: fc.Arbitrary<number> = fc
  .oneof(
    { weight: 4, arbitrary: fc.integer({ min: -20, max: 20 }) },
    { weight: 1, arbitrary: fc.maxSafeInteger() },
    { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER) },
  )
  .map((v) => (v === 0 ? 0 : v));

export const varArb: fc.Arbitrary<VarExpr> = nameArb.map((name) => ({ kind: 'var', name, span }));

const leafArb: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 5, arbitrary: varArb },
  { weight: 1, arbitrary: fc.constant<Expr>({ kind: 'wildcard', span }) },
  { weight: 3, arbitrary: intValueArb.map((value): Expr => ({ kind: 'int', value, span })) },
  { weight: 2, arbitrary: stringValueArb.map((value): Expr => ({ kind: 'string', value, span })) },
  { weight: 1, arbitrary: fc.boolean().map((value): Expr => ({ kind: 'bool', value, span })) },
);

export const aggregateArb: fc.Arbitrary<AggregateExpr> = fc
  .record({ fn: fc.constantFrom(...AGGREGATES), arg: varArb })
  .map(({ fn, arg }) => ({ kind: 'aggregate', fn, arg, span }));

/** Expressions: leaves, calls and arithmetic with every operator, nested up to `depth`. */
export function exprArb(depth = 3): fc.Arbitrary<Expr> {
  if (depth <= 0) return leafArb;
  const sub = exprArb(depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leafArb },
    {
      weight: 3,
      arbitrary: fc
        .record({ op: fc.constantFrom(...ARITH_OPS), left: sub, right: sub })
        .map(({ op, left, right }): Expr => ({ kind: 'binary', op, left, right, span })),
    },
    // `-e` on a non-literal: the parser's `0 - e`.
    { weight: 1, arbitrary: sub.map((right): Expr => ({ kind: 'binary', op: '-', left: { kind: 'int', value: 0, span }, right, span })) },
    {
      weight: 2,
      arbitrary: fc
        .record({ fn: nameArb, args: fc.array(sub, { maxLength: 3 }) })
        .map(({ fn, args }): Expr => ({ kind: 'call', fn, args, span })),
    },
    // The parser accepts an aggregate anywhere; the checker rejects it outside a head.
    { weight: 1, arbitrary: aggregateArb },
  );
}

const bodyExpr = exprArb(3);

export const bodyLitArb: fc.Arbitrary<BodyLit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ negated: fc.boolean(), relation: nameArb, args: fc.array(bodyExpr, { maxLength: 4 }) })
      .map(({ negated, relation, args }): BodyLit => ({ kind: 'atom', negated, relation, relationSpan: span, args, span })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ op: fc.constantFrom(...CMP_OPS), left: bodyExpr, right: bodyExpr })
      .map(({ op, left, right }): BodyLit => ({ kind: 'compare', op, left, right, span })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ target: fc.oneof({ weight: 4, arbitrary: varArb }, { weight: 1, arbitrary: bodyExpr }), value: bodyExpr })
      .map(({ target, value }): BodyLit => ({ kind: 'assign', target, value, span })),
  },
);

export const headArb: fc.Arbitrary<Head> = fc
  .record({
    relation: nameArb,
    dest: fc.option(varArb, { nil: undefined }),
    args: fc.array(fc.oneof({ weight: 5, arbitrary: exprArb(2) }, { weight: 1, arbitrary: aggregateArb }), { maxLength: 4 }),
  })
  .map(({ relation, dest, args }) => ({ relation, relationSpan: span, ...(dest ? { dest } : {}), args, span }));

export const ruleArb: fc.Arbitrary<Item> = fc
  .record({
    head: headArb,
    op: fc.constantFrom<RuleOp>(':-', ':+', ':~'),
    body: fc.array(bodyLitArb, { minLength: 1, maxLength: 4 }),
  })
  .map(({ head, op, body }) => ({ kind: 'rule', head, op, body, span }));

const attrsArb: fc.Arbitrary<AttrDecl[]> = fc.array(
  fc.record({ name: nameArb, type: fc.constantFrom(...TYPES) }).map(({ name, type }) => ({ name, type, span })),
  { maxLength: 4 },
);

export const itemArb: fc.Arbitrary<Item> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ role: fc.constantFrom<RelationRole>('input', 'output', 'decl', 'edb'), name: nameArb, attrs: attrsArb })
      .map(({ role, name, attrs }): Item => ({ kind: 'relation', role, name, nameSpan: span, attrs, span })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ name: nameArb, params: attrsArb, result: fc.constantFrom(...TYPES) })
      .map(({ name, params, result }): Item => ({ kind: 'fn', name, nameSpan: span, params, result, span })),
  },
  { weight: 1, arbitrary: nameArb.map((relation): Item => ({ kind: 'persist', relation, nameSpan: span, span })) },
  { weight: 1, arbitrary: nameArb.map((name): Item => ({ kind: 'component', name, nameSpan: span, span })) },
  { weight: 5, arbitrary: ruleArb },
);

export const programArb: fc.Arbitrary<Program> = fc.array(itemArb, { maxLength: 8 }).map((items) => ({ items }));
