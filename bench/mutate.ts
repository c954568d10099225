/**
 * Mutation operators for `.ded` programs, for the mutation score of the
 * differential tester (bench/mutation-score.ts, test/equiv/mutation.test.ts): each
 * mutant is the program with one small, plausible rewrite mistake.
 *
 * * `drop-literal`: remove one body literal of a rule (a forgotten join or guard);
 * * `swap-join-var`: swap two distinct variables of one body atom (a join on the wrong column; ill-typed swaps do not check);
 * * `next-to-sync`: turn a `:+` rule into `:-` (state that should wait a tick does not);
 * * `partition-key`: in `j = hash(x) % k`, hash another variable of the rule (routing by the wrong key);
 * * `drop-persistence`: remove a `.persist` declaration or a rule `r(...) :+ r(...), ...` (state that is forgotten).
 *
 * Mutants that do not parse and check are stillborn and not counted.
 */
import type { Expr, Item, Program, Rule, BodyLit, AtomLit } from '../src/syntax/ast.js';
import { parse } from '../src/syntax/parser.js';
import { printProgram } from '../src/syntax/printer.js';
import { compileText } from '../src/load.js';
import type { CheckedProgram } from '../src/ir/types.js';

export const OPERATORS = ['drop-literal', 'swap-join-var', 'next-to-sync', 'partition-key', 'drop-persistence'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Mutant {
  readonly operator: Operator;
  /** What changed, for reports: the rule before and after. */
  readonly description: string;
  readonly text: string;
}

export interface CheckedMutant extends Mutant {
  readonly program: CheckedProgram;
}

/** Every mutant of a program's text, by every operator (unchecked). */
export function mutants(text: string): Mutant[] {
  const parsed = parse(text);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) throw new Error('mutants: the program does not parse');
  const program = parsed.program;
  const out: Mutant[] = [];
  const items = program.items;
  const emit = (operator: Operator, index: number, replacement: Item | null, what: string): void => {
    const next: Program = { items: replacement === null ? items.filter((_, i) => i !== index) : items.map((x, i) => (i === index ? replacement : x)) };
    out.push({ operator, description: what, text: printProgram(next) });
  };
  const show = (item: Item): string => printProgram({ items: [item] }).trim();

  items.forEach((item, index) => {
    if (item.kind === 'persist') {
      emit('drop-persistence', index, null, `removed ${show(item)}`);
      return;
    }
    if (item.kind !== 'rule') return;
    const rule = item;
    const withBody = (body: readonly BodyLit[]): Rule => ({ ...rule, body });
    // drop-literal
    if (rule.body.length > 1) {
      rule.body.forEach((_, i) => {
        const m = withBody(rule.body.filter((__, j) => j !== i));
        emit('drop-literal', index, m, `${show(rule)}  =>  ${show(m)}`);
      });
    }
    // swap-join-var: each pair of distinct variables of each positive atom (the checker drops ill-typed swaps)
    rule.body.forEach((lit, i) => {
      if (lit.kind !== 'atom' || lit.negated) return;
      const vars = lit.args.map((a, k) => (a.kind === 'var' ? { k, name: a.name } : null)).filter((x): x is { k: number; name: string } => x !== null);
      for (let x = 0; x < vars.length; x++) {
        for (let y = x + 1; y < vars.length; y++) {
          const a = vars[x] as { k: number; name: string };
          const b = vars[y] as { k: number; name: string };
          if (a.name === b.name) continue;
          const args = lit.args.map((e, k) => (k === a.k ? lit.args[b.k] : k === b.k ? lit.args[a.k] : e)) as Expr[];
          const swapped: AtomLit = { ...lit, args };
          const m = withBody(rule.body.map((l, j) => (j === i ? swapped : l)));
          emit('swap-join-var', index, m, `${show(rule)}  =>  ${show(m)}`);
        }
      }
    });
    // next-to-sync
    if (rule.op === ':+') {
      const m: Rule = { ...rule, op: ':-' };
      emit('next-to-sync', index, m, `${show(rule)}  =>  ${show(m)}`);
    }
    // drop-persistence: r(...) :+ r(...), ...
    if (rule.op === ':+' && rule.body.some((l) => l.kind === 'atom' && !l.negated && l.relation === rule.head.relation)) {
      emit('drop-persistence', index, null, `removed ${show(rule)}`);
    }
    // partition-key: j = hash(x) % k  →  j = hash(y) % k for another variable y of a positive atom
    rule.body.forEach((lit, i) => {
      if (lit.kind !== 'assign' || lit.value.kind !== 'binary' || lit.value.op !== '%') return;
      const call = lit.value.left;
      if (call.kind !== 'call' || call.fn !== 'hash' || call.args.length !== 1) return;
      const keyed = call.args[0];
      if (keyed?.kind !== 'var') return;
      const other = positiveVars(rule).find((v) => v !== keyed.name && v !== (lit.target.kind === 'var' ? lit.target.name : ''));
      if (other === undefined) return;
      const value = { ...lit.value, left: { ...call, args: [{ ...keyed, name: other }] } };
      const m = withBody(rule.body.map((l, j) => (j === i ? { ...lit, value } : l)));
      emit('partition-key', index, m, `${show(rule)}  =>  ${show(m)}`);
    });
  });
  return out;
}

function positiveVars(rule: Rule): string[] {
  const out: string[] = [];
  for (const l of rule.body) {
    if (l.kind !== 'atom' || l.negated) continue;
    for (const a of l.args) if (a.kind === 'var' && !out.includes(a.name)) out.push(a.name);
  }
  return out;
}

/** The mutants that parse and check. */
export function checkedMutants(text: string): { mutants: CheckedMutant[]; stillborn: number } {
  const all = mutants(text);
  const ok: CheckedMutant[] = [];
  for (const m of all) {
    const r = compileText(m.text, 'mutant.ded');
    if (r.ok) ok.push({ ...m, program: r.checked });
  }
  return { mutants: ok, stillborn: all.length - ok.length };
}
