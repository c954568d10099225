/**
 * Distribution policies as users write them: `--key 'vote=hash(id),votes=id'`.
 * Each entry gives a relation's key term over its attribute names (or `*`:
 * the relation is sent to every partition). See docs/partitioning.md. Parse
 * errors are diagnostics (`bad-policy`), never throws.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { CheckedProgram, Relation } from '../ir/types.js';
import type { AnalysisContext } from '../analysis/scope.js';
import { compoundKey, printKey, type Term } from '../analysis/term.js';
import type { ArithOp, TypeName } from '../syntax/ast.js';

/** A key term per relation; `everywhere` relations are on every partition. */
export interface DistributionPolicy {
  readonly keys: ReadonlyMap<string, Term>;
  readonly everywhere: ReadonlySet<string>;
}

export function printDistribution(p: DistributionPolicy): string {
  return [...[...p.keys].map(([r, t]) => `${r}=${printKey(t)}`), ...[...p.everywhere].map((r) => `${r}=*`)].join(',');
}

export type PolicyResult = { readonly ok: true; readonly policy: DistributionPolicy } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

type Tok = { kind: 'name' | 'int' | 'string' | 'op'; text: string; at: number };

function lex(text: string, fail: (m: string, at: number) => void): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      out.push({ kind: 'name', text: m, at: i });
      i += m.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(text.slice(i))![0];
      out.push({ kind: 'int', text: m, at: i });
      i += m.length;
    } else if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
      if (!m) {
        fail('unterminated string', i);
        return out;
      }
      out.push({ kind: 'string', text: JSON.parse(m[0]) as string, at: i });
      i += m[0].length;
    } else if ('+-*/%(),=*'.includes(c)) {
      out.push({ kind: 'op', text: c, at: i });
      i++;
    } else {
      fail(`unexpected character \`${c}\``, i);
      return out;
    }
  }
  return out;
}

/**
 * Parses `rel=expr,...` against the program. Names in an expression are the
 * relation's attributes, or a unary `.edb` relation holding one fact
 * (`buckets`); calls are `hash` and the program's `.fn` functions.
 */
export function parsePolicy(text: string, ctx: AnalysisContext): PolicyResult {
  const program = ctx.program;
  const problems: Diagnostic[] = [];
  const fail = (m: string, at: number, notes?: string[]): void => void problems.push(error('bad-policy', `--key: ${m} (at column ${at + 1} of \`${text}\`)`, undefined, notes));
  const toks = lex(text, fail);
  if (problems.length) return { ok: false, diagnostics: problems };
  const keys = new Map<string, Term>();
  const everywhere = new Set<string>();
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const expectOp = (o: string): boolean => {
    const t = peek();
    if (t?.kind === 'op' && t.text === o) {
      p++;
      return true;
    }
    fail(`expected \`${o}\`${t ? ` before \`${t.text}\`` : ' at the end'}`, t?.at ?? text.length);
    return false;
  };

  const parseExpr = (rel: Relation): Term | undefined => {
    const primary = (): Term | undefined => {
      const t = peek();
      if (!t) {
        fail('expected an expression at the end', text.length);
        return undefined;
      }
      p++;
      if (t.kind === 'int') return { kind: 'const', value: Number(t.text), type: 'int' };
      if (t.kind === 'string') return { kind: 'const', value: t.text, type: 'string' };
      if (t.kind === 'op' && t.text === '(') {
        const e = sum();
        if (!e) return undefined;
        if (peek()?.text !== ',') return expectOp(')') ? e : undefined;
        // `(a, b, ...)`: a compound key.
        const items = [e];
        while (peek()?.text === ',') {
          p++;
          const x = sum();
          if (!x) return undefined;
          items.push(x);
        }
        return expectOp(')') ? compoundKey(items) : undefined;
      }
      if (t.kind === 'op' && t.text === '-') {
        const e = primary();
        return e ? { kind: 'binary', op: '-', left: { kind: 'const', value: 0, type: 'int' }, right: e, type: 'int' } : undefined;
      }
      if (t.kind !== 'name') {
        fail(`expected an attribute, a number or a call, got \`${t.text}\``, t.at);
        return undefined;
      }
      if (t.text === 'true' || t.text === 'false') return { kind: 'const', value: t.text === 'true', type: 'bool' };
      if (peek()?.text === '(') {
        p++;
        const fn = program.functions.get(t.text);
        if (!fn) {
          fail(`unknown function \`${t.text}\``, t.at, [`functions: hash${[...program.functions.keys()].filter((f) => f !== 'hash').map((f) => `, ${f}`).join('')}`]);
          return undefined;
        }
        const args: Term[] = [];
        if (peek()?.text !== ')') {
          for (;;) {
            const a = sum();
            if (!a) return undefined;
            args.push(a);
            if (peek()?.text === ',') p++;
            else break;
          }
        }
        if (!expectOp(')')) return undefined;
        if (fn.params !== null && fn.params.length !== args.length) {
          fail(`\`${t.text}\` takes ${fn.params.length} argument(s), got ${args.length}`, t.at);
          return undefined;
        }
        if (fn.params === null && args.length !== 1) {
          fail(`\`hash\` takes one argument, got ${args.length}`, t.at);
          return undefined;
        }
        return { kind: 'call', fn: t.text, args, type: fn.result };
      }
      const index = rel.attrs.findIndex((a) => a.name === t.text);
      if (index >= 0) return { kind: 'attr', index, name: t.text, type: rel.attrs[index]!.type };
      const edb = program.relations.get(t.text);
      if (edb?.kind === 'edb' && edb.attrs.length === 1) {
        if (!ctx.singletons.has(t.text)) {
          fail(`\`${t.text}\` is an .edb relation but the deployment does not give it exactly one fact, so it is not a constant`, t.at);
          return undefined;
        }
        return { kind: 'edb', relation: t.text, type: edb.attrs[0]!.type };
      }
      fail(`\`${t.text}\` is not an attribute of \`${rel.name}\``, t.at, [`attributes: ${rel.attrs.map((a) => a.name).join(', ')}`]);
      return undefined;
    };
    const level = (next: () => Term | undefined, ops: string): (() => Term | undefined) => () => {
      let left = next();
      while (left && peek()?.kind === 'op' && ops.includes(peek()!.text)) {
        const op = peek()!;
        p++;
        const right = next();
        if (!right) return undefined;
        if (left.type !== 'int' || right.type !== 'int') {
          fail(`\`${op.text}\` needs int operands`, op.at);
          return undefined;
        }
        left = { kind: 'binary', op: op.text as ArithOp, left, right, type: 'int' };
      }
      return left;
    };
    const product = level(primary, '*/%');
    const sum = level(product, '+-');
    return sum();
  };

  while (p < toks.length) {
    const name = peek()!;
    if (name.kind !== 'name') {
      fail(`expected a relation name, got \`${name.text}\``, name.at);
      break;
    }
    p++;
    const rel = program.relations.get(name.text);
    if (!rel) {
      fail(`unknown relation \`${name.text}\``, name.at);
      break;
    }
    if (rel.kind === 'edb' || rel.kind === 'builtin') {
      fail(`\`${name.text}\` is a constant relation (every partition has its facts); it takes no key`, name.at);
      break;
    }
    if (keys.has(rel.name) || everywhere.has(rel.name)) {
      fail(`\`${name.text}\` is given two keys`, name.at);
      break;
    }
    if (!expectOp('=')) break;
    if (peek()?.text === '*') {
      p++;
      everywhere.add(rel.name);
    } else {
      const e = parseExpr(rel);
      if (!e) break;
      keys.set(rel.name, e);
    }
    if (p < toks.length && !expectOp(',')) break;
  }
  if (problems.length) return { ok: false, diagnostics: problems };
  if (keys.size + everywhere.size === 0) return { ok: false, diagnostics: [error('bad-policy', '--key: no relation given; write e.g. `vote=id,votes=id`')] };
  return { ok: true, policy: { keys, everywhere } };
}

export function relationTypes(program: CheckedProgram, rel: string): TypeName[] {
  return program.relations.get(rel)?.attrs.map((a) => a.type) ?? [];
}
