/**
 * An SMT-LIB 2 script under construction: declarations (each once) and
 * assertions, printed as the text Z3 checks and `proofs/` stores.
 */
import type { TypeName } from '../syntax/ast.js';
import type { Value } from '../ir/types.js';

export type Sort = 'Int' | 'Bool' | 'String';

/** `int` → Int, `bool` → Bool, `string` and `loc` → String. */
export function sortOf(t: TypeName): Sort {
  return t === 'int' ? 'Int' : t === 'bool' ? 'Bool' : 'String';
}

export function literal(v: Value): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return v < 0 ? `(- ${-v})` : String(v);
  let s = '"';
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') s += '""';
    else if (ch === '\\' || c < 0x20 || c > 0x7e) s += `\\u{${c.toString(16)}}`;
    else s += ch;
  }
  return s + '"';
}

/** SMT-LIB symbols may not contain `#` etc. unquoted; keep names simple. */
export function symbol(name: string): string {
  return name.replace(/[^A-Za-z0-9_.]/g, '_');
}

export class Script {
  private readonly decls = new Map<string, string>();
  private readonly body: string[] = [];
  private counter = 0;

  declareConst(name: string, sort: Sort): string {
    if (!this.decls.has(name)) this.decls.set(name, `(declare-const ${name} ${sort})`);
    return name;
  }

  declareFun(name: string, args: readonly Sort[], result: Sort): string {
    if (!this.decls.has(name)) this.decls.set(name, `(declare-fun ${name} (${args.join(' ')}) ${result})`);
    return name;
  }

  /** A fresh constant, named after `prefix`. */
  fresh(prefix: string, sort: Sort): string {
    return this.declareConst(`${symbol(prefix)}_${this.counter++}`, sort);
  }

  assert(term: string, comment?: string): void {
    if (comment) this.body.push(`; ${comment.replace(/\n/g, ' ')}`);
    this.body.push(`(assert ${term})`);
  }

  comment(text: string): void {
    for (const line of text.split('\n')) this.body.push(`; ${line}`);
  }

  text(): string {
    const defs = [
      '(define-fun tdiv ((a Int) (b Int)) Int (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b)))))',
      '(define-fun trem ((a Int) (b Int)) Int (- a (* b (tdiv a b))))',
    ];
    return [...defs, ...this.decls.values(), ...this.body, '(check-sat)', ''].join('\n');
  }
}

export const and = (xs: readonly string[]): string => (xs.length === 0 ? 'true' : xs.length === 1 ? xs[0]! : `(and ${xs.join(' ')})`);
export const or = (xs: readonly string[]): string => (xs.length === 0 ? 'false' : xs.length === 1 ? xs[0]! : `(or ${xs.join(' ')})`);
export const eq = (a: string, b: string): string => `(= ${a} ${b})`;
export const not = (a: string): string => `(not ${a})`;
