/** Walking the variables of syntax trees. */
import type { BodyLit, Expr, Rule, VarExpr } from './ast.js';

/** Every variable occurrence in `e`, in order (an aggregate's argument included). */
export function exprVars(e: Expr, out: VarExpr[] = []): VarExpr[] {
  switch (e.kind) {
    case 'var':
      out.push(e);
      break;
    case 'call':
      e.args.forEach((a) => exprVars(a, out));
      break;
    case 'binary':
      exprVars(e.left, out);
      exprVars(e.right, out);
      break;
    case 'aggregate':
      out.push(e.arg);
      break;
    default:
      break;
  }
  return out;
}

/** Every variable occurrence in a body literal, in order. */
export function literalVars(l: BodyLit, out: VarExpr[] = []): VarExpr[] {
  switch (l.kind) {
    case 'atom':
      l.args.forEach((a) => exprVars(a, out));
      break;
    case 'compare':
      exprVars(l.left, out);
      exprVars(l.right, out);
      break;
    case 'assign':
      exprVars(l.target, out);
      exprVars(l.value, out);
      break;
  }
  return out;
}

/** Every variable occurrence in a rule: destination, head arguments, then body. */
export function ruleVarOccurrences(r: Rule): VarExpr[] {
  const out: VarExpr[] = r.head.dest ? [r.head.dest] : [];
  r.head.args.forEach((a) => exprVars(a, out));
  r.body.forEach((l) => literalVars(l, out));
  return out;
}
