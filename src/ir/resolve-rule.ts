/**
 * Resolves one rule: relations and functions looked up, variables numbered and
 * typed, the body put in a safe evaluation order, and every violation of the
 * language's rules reported as a diagnostic. A rule with errors yields no IR.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BodyLit, Expr, Rule, TypeName, VarExpr } from '../syntax/ast.js';
import { printRule } from '../syntax/printer.js';
import { exprVars, literalVars } from '../syntax/vars.js';
import type { Span } from '../syntax/span.js';
import { closest, didYouMean } from './suggest.js';
import type {
  FnInfo,
  IrArg,
  IrExpr,
  IrHeadArg,
  IrLiteral,
  IrRule,
  IrVar,
  Relation,
  RuleKind,
} from './types.js';

export interface Scope {
  readonly relations: ReadonlyMap<string, Relation>;
  readonly functions: ReadonlyMap<string, FnInfo>;
  readonly components: ReadonlySet<string>;
}

export interface ResolvedRule {
  readonly rule?: IrRule;
  readonly diagnostics: Diagnostic[];
}

const KIND_OF_OP = { ':-': 'sync', ':+': 'next', ':~': 'async' } as const satisfies Record<Rule['op'], RuleKind>;

/** A variable's type; `null` once an earlier error made it unknowable (no further complaints). */
type VarType = TypeName | null;

interface Typed<T> {
  readonly ir: T;
  readonly type: VarType;
  /** A string literal may stand where a `loc` is expected. */
  readonly stringLiteral?: boolean;
}

export function resolveRule(rule: Rule, component: string, id: number, scope: Scope): ResolvedRule {
  return new RuleResolver(rule, component, id, scope).resolve();
}

function fits(expected: TypeName, actual: Typed<unknown>): boolean {
  if (actual.type === null) return true;
  if (actual.type === expected) return true;
  return expected === 'loc' && actual.stringLiteral === true;
}

function describeType(t: Typed<unknown>): string {
  return t.stringLiteral ? 'a string' : t.type === 'int' ? 'an int' : `a ${t.type}`;
}

class RuleResolver {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly slots = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly types: (VarType | undefined)[] = [];
  private readonly origins: string[] = [];
  private readonly bound = new Set<string>();
  /** Literals that already had an error: their variables count as bound, to avoid cascades. */
  private readonly broken = new Set<BodyLit>();

  constructor(
    private readonly rule: Rule,
    private readonly component: string,
    private readonly id: number,
    private readonly scope: Scope,
  ) {}

  private report(code: Diagnostic['code'], message: string, span: Span, notes?: string[]): void {
    this.diagnostics.push(error(code, message, span, notes));
  }

  private slot(name: string): number {
    let s = this.slots.get(name);
    if (s === undefined) {
      s = this.names.length;
      this.slots.set(name, s);
      this.names.push(name);
      this.types.push(undefined);
      this.origins.push('');
    }
    return s;
  }

  private irVar(v: VarExpr): IrVar {
    const slot = this.slot(v.name);
    return { kind: 'var', slot, name: v.name, type: this.types[slot] ?? 'int' };
  }

  /** Records or checks the type of variable `v` where a `type` is expected. */
  private constrain(v: VarExpr, type: VarType, origin: string): void {
    const slot = this.slot(v.name);
    const known = this.types[slot];
    if (known === undefined) {
      this.types[slot] = type;
      this.origins[slot] = origin;
    } else if (known !== null && type !== null && known !== type) {
      this.report('type-mismatch', `\`${v.name}\` is ${article(known)} here but ${origin} is ${article(type)}`, v.span, [
        `\`${v.name}\` got type ${known} from ${this.origins[slot]}`,
      ]);
    }
  }

  // ------------------------------------------------------------ relations

  private lookupRelation(name: string, span: Span, arity: number, role: 'head' | 'body', destVar?: string, args?: readonly Expr[]): Relation | null {
    const rel = this.scope.relations.get(name);
    if (!rel) {
      const looksLikeComponent =
        arity === 1 && (closest(name, this.scope.components).length > 0 || (destVar !== undefined && args?.[0]?.kind === 'var' && args[0].name === destVar));
      const comps = [...this.scope.components];
      if (looksLikeComponent && role === 'body') {
        this.report('unknown-component', `unknown component \`${name}\` in a built-in component relation`, span, [
          didYouMean(name, comps) ?? `components are: ${comps.join(', ') || '(none)'}`,
        ]);
      } else {
        this.report('unknown-relation', `unknown relation \`${name}\``, span, [
          didYouMean(name, this.scope.relations.keys()) ?? 'every relation must be declared with .input, .output, .decl or .edb',
        ]);
      }
      return null;
    }
    if (rel.attrs.length !== arity) {
      this.report(
        'arity-mismatch',
        `\`${name}\` has ${rel.attrs.length} attribute${rel.attrs.length === 1 ? '' : 's'} but ${arity} ${arity === 1 ? 'is' : 'are'} given here`,
        span,
        [`declared as ${name}(${rel.attrs.map((a) => `${a.name}: ${a.type}`).join(', ')})`],
      );
      return null;
    }
    return rel;
  }

  // ------------------------------------------------------------ expressions

  private expr(e: Expr, context: string): Typed<IrExpr> {
    switch (e.kind) {
      case 'var': {
        if (!this.bound.has(e.name)) {
          this.report('unbound-variable', `variable \`${e.name}\` ${context} is not bound by a positive atom or an earlier assignment`, e.span);
          return { ir: this.irVar(e), type: null };
        }
        const v = this.irVar(e);
        return { ir: v, type: this.types[v.slot] ?? null };
      }
      case 'wildcard':
        this.report('unbound-variable', `\`_\` cannot be used ${context}: it matches anything and has no value`, e.span);
        return { ir: { kind: 'const', value: 0, type: 'int' }, type: null };
      case 'int':
        return { ir: { kind: 'const', value: e.value, type: 'int' }, type: 'int' };
      case 'string':
        return { ir: { kind: 'const', value: e.value, type: 'string' }, type: 'string', stringLiteral: true };
      case 'bool':
        return { ir: { kind: 'const', value: e.value, type: 'bool' }, type: 'bool' };
      case 'aggregate':
        this.report('aggregate-outside-head', `aggregate \`${e.fn}<${e.arg.name}>\` can only be a whole argument of a rule head`, e.span);
        return { ir: { kind: 'const', value: 0, type: 'int' }, type: null };
      case 'binary': {
        const l = this.expr(e.left, context);
        const r = this.expr(e.right, context);
        for (const [side, t] of [[e.left, l], [e.right, r]] as const) {
          if (t.type !== null && t.type !== 'int') {
            this.report('type-mismatch', `\`${e.op}\` needs int operands, found ${describeType(t)}`, side.span);
          }
        }
        return { ir: { kind: 'binary', op: e.op, left: l.ir, right: r.ir, type: 'int' }, type: 'int' };
      }
      case 'call': {
        const fn = this.scope.functions.get(e.fn);
        const args = e.args.map((a) => this.expr(a, context));
        if (!fn) {
          this.report('unknown-function', `unknown function \`${e.fn}\``, e.span, [
            didYouMean(e.fn, this.scope.functions.keys()) ?? 'declare it with `.fn name(x: type) -> type`; `hash` is built in',
          ]);
          return { ir: { kind: 'call', fn: e.fn, args: args.map((a) => a.ir), type: 'int' }, type: null };
        }
        const want = fn.params ? fn.params.length : 1;
        if (args.length !== want) {
          this.report('arity-mismatch', `function \`${fn.name}\` takes ${want} argument${want === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'is' : 'are'} given`, e.span);
        } else if (fn.params) {
          fn.params.forEach((p, i) => {
            const a = args[i]!;
            if (!fits(p, a)) {
              this.report('type-mismatch', `argument ${i + 1} of \`${fn.name}\` must be ${article(p)}, found ${describeType(a)}`, e.args[i]!.span);
            }
          });
        }
        return { ir: { kind: 'call', fn: fn.name, args: args.map((a) => a.ir), type: fn.result }, type: fn.result };
      }
    }
  }

  // ------------------------------------------------------------ body

  /** Checks a literal's shape before ordering; returns the relation of an atom. */
  private precheck(l: BodyLit): Relation | null | undefined {
    const bad = (): void => void this.broken.add(l);
    if (l.kind === 'atom') {
      const rel = this.lookupRelation(l.relation, l.relationSpan, l.args.length, 'body', this.rule.head.dest?.name, l.args);
      if (!rel) bad();
      for (const a of l.args) {
        if (a.kind === 'aggregate') {
          this.report('aggregate-outside-head', `aggregate \`${a.fn}<${a.arg.name}>\` can only be a whole argument of a rule head`, a.span);
          bad();
        } else if (a.kind === 'call' || a.kind === 'binary') {
          this.report('expression-in-body-atom', 'an atom in a rule body takes variables, `_` or constants, not expressions', a.span, [
            'bind the value first, e.g. `y = x + 1, r(y)`',
          ]);
          bad();
        }
      }
      return rel;
    }
    if (l.kind === 'assign' && l.target.kind !== 'var') {
      this.report('assign-to-non-variable', 'the left side of `=` must be a variable (use `==` to compare two values)', l.target.span);
      bad();
    }
    return undefined;
  }

  /** Whether every variable `l` needs is bound now. */
  private ready(l: BodyLit): boolean {
    const isBound = (v: VarExpr): boolean => this.bound.has(v.name);
    switch (l.kind) {
      case 'atom':
        return !l.negated || l.args.every((a) => a.kind !== 'var' || isBound(a));
      case 'compare':
        return literalVars(l).every(isBound);
      case 'assign': {
        if (l.target.kind !== 'var') return false;
        if (exprVars(l.value).every(isBound)) return true;
        // `x = y` with x bound and y a lone unbound variable binds y.
        return isBound(l.target) && l.value.kind === 'var';
      }
    }
  }

  private place(l: BodyLit, rel: Relation | null | undefined, out: IrLiteral[]): void {
    switch (l.kind) {
      case 'atom': {
        const args: IrArg[] = l.args.map((a, i) => {
          const attr = rel!.attrs[i]!;
          const origin = `attribute \`${attr.name}\` of \`${rel!.name}\``;
          switch (a.kind) {
            case 'var':
              this.constrain(a, attr.type, origin);
              if (!l.negated) this.bound.add(a.name);
              return this.irVar(a);
            case 'wildcard':
              return { kind: 'wildcard', type: attr.type };
            default: {
              const c = this.expr(a, 'in an atom');
              if (!fits(attr.type, c)) {
                this.report('type-mismatch', `${origin} is ${article(attr.type)}, found ${describeType(c)}`, a.span);
              }
              return c.ir.kind === 'const' ? { ...c.ir, type: attr.type } : { kind: 'wildcard', type: attr.type };
            }
          }
        });
        out.push({ kind: 'atom', negated: l.negated, relation: l.relation, args, span: l.span });
        return;
      }
      case 'compare': {
        const left = this.expr(l.left, 'in a comparison');
        const right = this.expr(l.right, 'in a comparison');
        this.checkComparable(l.op, left, right, l.span);
        out.push({ kind: 'compare', op: l.op, left: left.ir, right: right.ir, span: l.span });
        return;
      }
      case 'assign': {
        const target = l.target as VarExpr;
        let lhs: VarExpr = target;
        let rhs: Expr = l.value;
        if (this.bound.has(target.name) && l.value.kind === 'var' && !this.bound.has(l.value.name)) {
          lhs = l.value;
          rhs = target;
        }
        const value = this.expr(rhs, 'on the right of `=`');
        if (this.bound.has(lhs.name)) {
          const left = this.expr(lhs, 'on the left of `=`');
          this.checkComparable('==', left, value, l.span);
          out.push({ kind: 'compare', op: '==', left: left.ir, right: value.ir, span: l.span });
          return;
        }
        this.constrain(lhs, value.type, 'the value assigned to it');
        this.bound.add(lhs.name);
        out.push({ kind: 'assign', target: this.irVar(lhs), value: value.ir, span: l.span });
        return;
      }
    }
  }

  private checkComparable(op: string, a: Typed<IrExpr>, b: Typed<IrExpr>, span: Span): void {
    if (a.type === null || b.type === null) return;
    const same = a.type === b.type || (a.stringLiteral && b.type === 'loc') || (b.stringLiteral && a.type === 'loc');
    if (!same) {
      this.report('type-mismatch', `cannot compare ${describeType(a)} with ${describeType(b)}`, span);
    } else if (op !== '==' && op !== '!=' && a.type === 'bool') {
      this.report('type-mismatch', `\`${op}\` orders ints, strings or locs, not bools`, span);
    }
  }

  private orderBody(): IrLiteral[] {
    const rels = new Map<BodyLit, Relation | null | undefined>();
    for (const l of this.rule.body) rels.set(l, this.precheck(l));
    // Variables of broken literals count as bound and untyped, so one mistake is reported once.
    for (const l of this.broken) {
      for (const v of literalVars(l)) {
        this.bound.add(v.name);
        this.constrain(v, null, 'an erroneous literal');
      }
    }
    const remaining = this.rule.body.filter((l) => !this.broken.has(l));
    const out: IrLiteral[] = [];
    while (remaining.length) {
      // Tests as early as possible, then positive atoms in source order.
      let i = remaining.findIndex((l) => !(l.kind === 'atom' && !l.negated) && this.ready(l));
      if (i < 0) i = remaining.findIndex((l) => l.kind === 'atom' && !l.negated);
      if (i < 0) break;
      const [l] = remaining.splice(i, 1);
      this.place(l!, rels.get(l!), out);
    }
    for (const l of remaining) this.reportUnbound(l);
    return out;
  }

  private reportUnbound(l: BodyLit): void {
    const context = l.kind === 'atom' ? `under \`!\`` : l.kind === 'compare' ? 'in a comparison' : 'on the right of `=`';
    const vars =
      l.kind === 'assign' ? exprVars(l.value) : l.kind === 'atom' ? l.args.filter((a): a is VarExpr => a.kind === 'var') : literalVars(l);
    const seen = new Set<string>();
    for (const v of vars) {
      if (this.bound.has(v.name) || seen.has(v.name)) continue;
      seen.add(v.name);
      this.report('unbound-variable', `variable \`${v.name}\` ${context} is not bound by a positive atom or an earlier assignment`, v.span);
    }
    // Keep later checks quiet about these variables.
    for (const v of literalVars(l)) {
      this.bound.add(v.name);
      this.constrain(v, null, 'an erroneous literal');
    }
  }

  // ------------------------------------------------------------ head

  private resolveHead(): { args: IrHeadArg[]; aggregateIndex?: number; dest?: IrVar } | null {
    const head = this.rule.head;
    const kind = KIND_OF_OP[this.rule.op];
    let ok = true;
    const rel = this.lookupRelation(head.relation, head.relationSpan, head.args.length, 'head');
    if (rel && (rel.kind === 'edb' || rel.kind === 'builtin')) {
      this.report('bad-head', `\`${rel.name}\` is ${rel.kind === 'edb' ? 'an .edb relation' : 'built in'}: its facts come from the deployment and cannot be derived`, head.relationSpan);
      ok = false;
    }
    if (kind === 'async' && !head.dest) {
      this.report('missing-destination', `an asynchronous rule (\`:~\`) must say where its head goes: \`${head.relation}@dest(...)\``, head.relationSpan);
      ok = false;
    }
    if (kind !== 'async' && head.dest) {
      this.report('unexpected-destination', `\`@${head.dest.name}\` is only allowed on asynchronous rules (\`:~\`); \`${this.rule.op}\` derives facts at the same node`, head.dest.span);
      ok = false;
    }
    let dest: IrVar | undefined;
    if (kind === 'async' && head.dest) {
      const d = this.expr(head.dest, 'as the destination');
      if (d.type !== null && d.type !== 'loc') {
        this.report('destination-not-loc', `the destination \`${head.dest.name}\` must be a loc, but it is ${describeType(d)}`, head.dest.span, [
          `\`${head.dest.name}\` got type ${d.type} from ${this.origins[this.slot(head.dest.name)]}`,
        ]);
      }
      if (d.ir.kind === 'var') dest = d.ir;
    }
    const args: IrHeadArg[] = [];
    let aggregateIndex: number | undefined;
    head.args.forEach((a, i) => {
      const attr = rel?.attrs[i];
      if (a.kind === 'aggregate') {
        if (aggregateIndex !== undefined) {
          this.report('multiple-aggregates', 'a head may have at most one aggregate', a.span);
          ok = false;
        }
        aggregateIndex = i;
        const v = this.expr(a.arg, `in \`${a.fn}<...>\``);
        let type: VarType = a.fn === 'count' ? 'int' : v.type;
        if (a.fn === 'sum' && v.type !== null && v.type !== 'int') {
          this.report('bad-aggregate', `\`sum\` adds ints, but \`${a.arg.name}\` is ${describeType(v)}`, a.arg.span);
          type = null;
        }
        if ((a.fn === 'min' || a.fn === 'max') && v.type === 'bool') {
          this.report('bad-aggregate', `\`${a.fn}\` needs an int, string or loc, but \`${a.arg.name}\` is a bool`, a.arg.span);
          type = null;
        }
        if (attr && type !== null && type !== attr.type) {
          this.report('type-mismatch', `attribute \`${attr.name}\` of \`${rel!.name}\` is ${article(attr.type)}, but \`${a.fn}<${a.arg.name}>\` gives ${article(type)}`, a.span);
        }
        args.push({ kind: 'aggregate', fn: a.fn, arg: v.ir as IrVar, type: attr?.type ?? 'int' });
        return;
      }
      const t = this.expr(a, 'in the head');
      if (attr && !fits(attr.type, t)) {
        this.report('type-mismatch', `attribute \`${attr.name}\` of \`${rel!.name}\` is ${article(attr.type)}, found ${describeType(t)}`, a.span);
      }
      args.push(t.ir.kind === 'const' && attr ? { ...t.ir, type: attr.type } : t.ir);
    });
    return ok && rel ? { args, ...(aggregateIndex !== undefined ? { aggregateIndex } : {}), ...(dest ? { dest } : {}) } : null;
  }

  resolve(): ResolvedRule {
    const body = this.orderBody();
    const head = this.resolveHead();
    if (this.diagnostics.length || !head) return { diagnostics: this.diagnostics };
    // Types are final now: rebuild variable nodes so each carries its type.
    const retype = <T>(x: T): T => retypeVars(x, this.types);
    const rule: IrRule = {
      id: this.id,
      component: this.component,
      kind: KIND_OF_OP[this.rule.op],
      head: {
        relation: this.rule.head.relation,
        args: retype(head.args),
        ...(head.dest ? { dest: retype(head.dest) } : {}),
        ...(head.aggregateIndex !== undefined ? { aggregateIndex: head.aggregateIndex } : {}),
      },
      body: retype(body),
      slotCount: this.names.length,
      slotNames: [...this.names],
      stratum: -1,
      span: this.rule.span,
      text: printRule(this.rule),
      source: this.rule,
    };
    return { rule, diagnostics: [] };
  }
}

function article(t: TypeName): string {
  return t === 'int' ? 'an int' : `a ${t}`;
}

/** A copy of `x` in which every IR variable carries its final type. */
function retypeVars<T>(x: T, types: readonly (VarType | undefined)[]): T {
  if (Array.isArray(x)) return x.map((y) => retypeVars(y, types)) as T;
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === 'span' ? v : retypeVars(v, types);
    if (out.kind === 'var' && typeof out.slot === 'number') out.type = types[out.slot] ?? 'int';
    return out as T;
  }
  return x;
}

