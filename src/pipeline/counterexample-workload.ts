/**
 * From Z3's counterexample to a simulator workload. A refuted obligation's
 * model names facts anywhere in the program (a `vote` a collector receives, a
 * `finish` an ender derives), but a run can only be driven by `.input`
 * facts. So each fact is traced back through the rules that can derive it,
 * its values carried along the variables head to body, until `.input`
 * relations are reached: those inputs, with the values Z3 chose wherever a
 * rule passes them through, are the workload. Values nothing fixes are
 * filled in, and inputs that agree where both are fixed are merged into one.
 *
 * The tracing is a search for *a* derivation, not a proof that the inputs
 * reproduce the facts (a negation on the way, or the deployment's own
 * addresses, may still decide otherwise); the differential tester then runs
 * them and says what happens.
 */
import type { CheckedProgram, Tuple, Value } from '../ir/types.js';
import type { TypeName } from '../syntax/ast.js';
import { isConstant } from '../analysis/scope.js';
import { logicalAddress } from '../sim/address.js';
import { formatFact } from '../sim/values.js';
import type { WorkloadJson } from '../sim/workload.js';

/** A fact of a counterexample, with the values of Z3's model. */
export interface ModelFact {
  readonly relation: string;
  readonly tuple: Tuple;
}

/** An input of the counterexample workload and the Z3 facts it was traced from. */
export interface TracedInput {
  readonly relation: string;
  readonly tuple: readonly Value[];
  readonly to: string;
  /** The counterexample's facts (as text) it stands for. */
  readonly from: readonly string[];
}

export interface CounterexampleWorkload {
  /** The inputs that stand for Z3's facts. */
  readonly inputs: readonly TracedInput[];
  /** Z3's facts that no chain of rules derives from inputs (with why). */
  readonly untraced: readonly string[];
  /** Values filled in or renamed (one line each). */
  readonly notes: readonly string[];
}

type Pattern = readonly (Value | undefined)[];

interface Found {
  readonly relation: string;
  readonly pattern: Pattern;
}

/** A loc nobody chose (Z3's empty string, or a value no fact fixes) becomes this client address. */
export const COUNTEREXAMPLE_CLIENT = 'client_z3';

const MAX_DEPTH = 24;
/** Rule applications tried per fact before the search gives up (the search backtracks, so it is bounded). */
const MAX_STEPS = 20_000;

interface Budget {
  steps: number;
}

/** One derivation of a fact of `relation` matching `pattern` from `.input` facts; null when none is found. */
function trace(program: CheckedProgram, relation: string, pattern: Pattern, path: ReadonlySet<string>, depth: number, notes: Set<string>, budget: Budget): Found[] | null {
  const rel = program.relations.get(relation);
  if (!rel) return null;
  if (rel.kind === 'input') return [{ relation, pattern }];
  if (isConstant(program, relation)) return [];
  if (path.has(relation) || depth > MAX_DEPTH || budget.steps <= 0) return null;
  const next = new Set(path).add(relation);
  for (const rule of program.rules) {
    if (rule.head.relation !== relation || rule.fromPersist) continue;
    if (--budget.steps <= 0) return null;
    // Persistence and recursion only keep facts that some other rule made.
    if (rule.body.some((l) => l.kind === 'atom' && !l.negated && l.relation === relation)) continue;
    const slots: (Value | undefined)[] = new Array<Value | undefined>(rule.slotCount).fill(undefined);
    let fits = true;
    rule.head.args.forEach((a, i) => {
      const want = pattern[i];
      if (want === undefined || !fits) return;
      if (a.kind === 'var') {
        if (slots[a.slot] !== undefined && slots[a.slot] !== want) fits = false;
        else slots[a.slot] = want;
      } else if (a.kind === 'const' && a.value !== want) fits = false;
    });
    if (!fits) continue;
    // Equalities with constants bind too (`y == true`), or rule the rule out.
    for (const l of rule.body) {
      if (l.kind !== 'compare' || l.op !== '==') continue;
      const [v, c] = l.left.kind === 'var' && l.right.kind === 'const' ? [l.left, l.right] : l.right.kind === 'var' && l.left.kind === 'const' ? [l.right, l.left] : [undefined, undefined];
      if (!v || !c) continue;
      if (slots[v.slot] === undefined) slots[v.slot] = c.value;
      else if (slots[v.slot] !== c.value) fits = false;
    }
    if (!fits) continue;
    // A value the deployment decides (`self(me)`, `participant(p)`) is not the counterexample's to choose.
    for (const l of rule.body) {
      if (l.kind !== 'atom' || l.negated || !isConstant(program, l.relation)) continue;
      for (const a of l.args) {
        if (a.kind !== 'var' || slots[a.slot] === undefined) continue;
        const i = rule.head.args.findIndex((h) => h.kind === 'var' && h.slot === a.slot);
        notes.add(`\`${relation}\`'s ${program.relations.get(relation)!.attrs[i]?.name ?? a.name} is ${l.relation === 'self' ? 'the sending node\'s own address' : `a \`${l.relation}\` of the deployment`} (rule \`${rule.text}\`): the deployment decides it, not Z3`);
        slots[a.slot] = undefined;
      }
    }
    const found: Found[] = [];
    for (const l of rule.body) {
      if (l.kind !== 'atom' || l.negated || isConstant(program, l.relation)) continue;
      const sub = l.args.map((a) => (a.kind === 'var' ? slots[a.slot] : a.kind === 'const' ? a.value : undefined));
      const t = trace(program, l.relation, sub, next, depth + 1, notes, budget);
      if (t === null) {
        fits = false;
        break;
      }
      found.push(...t);
    }
    if (fits) return found;
  }
  return null;
}

function compatible(a: Pattern, b: Pattern): boolean {
  return a.every((x, i) => x === undefined || b[i] === undefined || x === b[i]);
}

function fill(types: readonly TypeName[], p: Pattern, notes: Set<string>): Value[] {
  return p.map((v, i) => {
    const t = types[i]!;
    if (v === undefined) {
      const f: Value = t === 'int' ? 0 : t === 'bool' ? true : t === 'loc' ? COUNTEREXAMPLE_CLIENT : 'z3';
      notes.add(`a value no fact of the counterexample fixes is filled in (${t}: ${JSON.stringify(f)})`);
      return f;
    }
    if (t === 'loc' && v === '') {
      notes.add(`Z3's empty address "" is the client ${JSON.stringify(COUNTEREXAMPLE_CLIENT)}`);
      return COUNTEREXAMPLE_CLIENT;
    }
    return v;
  });
}

/**
 * The `.input` facts that stand for the counterexample's `facts` in
 * `program` (the program the refused step applies to). `destination` names
 * the node each input relation is sent to (the original program's address
 * for it: a rewrite keeps the address clients use).
 */
export function counterexampleWorkload(program: CheckedProgram, facts: readonly ModelFact[], destination: (relation: string) => string | undefined): CounterexampleWorkload {
  const untraced: string[] = [];
  const notes = new Set<string>();
  const merged: { relation: string; pattern: (Value | undefined)[]; from: string[] }[] = [];
  for (const f of facts) {
    const text = formatFact(f.relation, f.tuple);
    const budget: Budget = { steps: MAX_STEPS };
    const found = trace(program, f.relation, f.tuple, new Set(), 0, notes, budget);
    if (found === null) {
      untraced.push(budget.steps <= 0 ? `${text}: no derivation from .input facts found within ${MAX_STEPS} rule applications` : `${text}: no chain of rules derives it from an .input`);
      continue;
    }
    if (found.length === 0) untraced.push(`${text}: derived from the deployment's facts alone`);
    for (const x of found) {
      const same = merged.find((m) => m.relation === x.relation && compatible(m.pattern, x.pattern));
      if (same) {
        x.pattern.forEach((v, i) => {
          if (v !== undefined) same.pattern[i] = v;
        });
        if (!same.from.includes(text)) same.from.push(text);
      } else merged.push({ relation: x.relation, pattern: [...x.pattern], from: [text] });
    }
  }
  const inputs: TracedInput[] = [];
  const seen = new Set<string>();
  for (const m of merged) {
    const types = program.relations.get(m.relation)!.attrs.map((a) => a.type);
    const tuple = fill(types, m.pattern, notes);
    const key = formatFact(m.relation, tuple);
    if (seen.has(key)) continue;
    seen.add(key);
    const to = destination(m.relation);
    if (to === undefined) {
      untraced.push(`${key}: no node of the program reads \`${m.relation}\``);
      continue;
    }
    inputs.push({ relation: m.relation, tuple, to, from: m.from });
  }
  return { inputs, untraced, notes: [...notes] };
}

/**
 * Where clients send `.input` facts of each relation in `program`: where its
 * own workload sends them, else the first node of the first component that
 * reads the relation.
 */
export function inputDestinations(program: CheckedProgram, workload: WorkloadJson | null): (relation: string) => string | undefined {
  return (relation) => {
    const given = workload?.inputs.find((i) => i.relation === relation && i.to !== undefined)?.to;
    if (given !== undefined) return given;
    for (const r of program.rules) {
      if (r.body.some((l) => l.kind === 'atom' && l.relation === relation)) return logicalAddress(r.component, 0);
    }
    return undefined;
  };
}

/**
 * The counterexample's inputs followed by those of the program's own
 * workload that share no int or string value with them at the same position
 * (another transaction, another request), for when the
 * counterexample's inputs alone do not make the program run far enough.
 */
export function mergeWithWorkload(program: CheckedProgram, cex: CounterexampleWorkload, workload: WorkloadJson): { json: WorkloadJson; added: number } {
  const own = workload.inputs.filter((w) => {
    const attrs = program.relations.get(w.relation)?.attrs ?? [];
    return !cex.inputs.some((c) => c.relation === w.relation && w.tuple.some((v, i) => (attrs[i]?.type === 'int' || attrs[i]?.type === 'string') && c.tuple[i] === v));
  });
  const json: WorkloadJson = {
    inputs: [...cex.inputs.map((i) => ({ relation: i.relation, tuple: [...i.tuple], to: i.to })), ...own.map((w) => ({ relation: w.relation, tuple: [...w.tuple], ...(w.to === undefined ? {} : { to: w.to }) }))],
    ...(workload.ordered ? { ordered: workload.ordered } : {}),
  };
  return { json, added: own.length };
}

/** The counterexample's inputs as a workload file's JSON. */
export function workloadJson(cex: CounterexampleWorkload): WorkloadJson {
  return { inputs: cex.inputs.map((i) => ({ relation: i.relation, tuple: [...i.tuple], to: i.to })) };
}

/**
 * The counterexample's inputs with their addresses (`loc` values) replaced by
 * the ones the program's own workload uses in the same attribute, distinct
 * for distinct (Z3 picks arbitrary strings; a reference model may only
 * accept, say, the deployment's participants). Values the workload uses
 * already are kept.
 */
export function withWorkloadAddresses(program: CheckedProgram, cex: CounterexampleWorkload, workload: WorkloadJson): { workload: CounterexampleWorkload; renamed: string[] } {
  const renamed: string[] = [];
  const maps = new Map<string, Map<Value, Value>>();
  const inputs = cex.inputs.map((input) => {
    const attrs = program.relations.get(input.relation)?.attrs ?? [];
    const tuple = input.tuple.map((v, i) => {
      if (attrs[i]?.type !== 'loc') return v;
      const key = `${input.relation}/${i}`;
      const pool = [...new Set(workload.inputs.filter((w) => w.relation === input.relation).map((w) => w.tuple[i]).filter((x): x is Value => x !== undefined))];
      if (pool.includes(v)) return v;
      const map = maps.get(key) ?? new Map<Value, Value>();
      maps.set(key, map);
      const known = map.get(v);
      if (known !== undefined) return known;
      const free = pool.find((x) => ![...map.values()].includes(x) && !cex.inputs.some((c) => c.relation === input.relation && c.tuple[i] === x));
      if (free === undefined) return v;
      map.set(v, free);
      renamed.push(`\`${input.relation}\`'s ${attrs[i]!.name} ${JSON.stringify(v)} is ${JSON.stringify(free)}, an address the program's workload uses`);
      return free;
    });
    return { ...input, tuple };
  });
  return { workload: { ...cex, inputs }, renamed };
}
