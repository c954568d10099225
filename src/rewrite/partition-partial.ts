/**
 * Partial partitioning: a component C whose state is mostly partitionable
 * (Paxos' acceptor: accepted values by slot) but that also keeps a small,
 * rarely written part every partition needs (the acceptor's ballot), written
 * by *ordered* inputs (p1a) that must reach every partition, and answering
 * those inputs with facts about the whole component (how many values it
 * accepted, its highest ballot).
 *
 * The rewrite adds a coordinator per instance of C (component `into`, paired
 * by the deployment relation `INTO_of(c, coordinator)`) and partitions C:
 *
 * * senders of an ordered relation `o` send it to the coordinator, which
 *   relays it to every partition as `o__to_C` (key `*`);
 * * the rules of C that read `o` read `o__to_C` instead: the replicated part
 *   (relations derived from ordered inputs and from themselves alone, such
 *   as `ballots`, `maxb`, `promised`) is kept by every partition, raised by
 *   every ordered fact and by the keyed facts that partition receives;
 * * answers to `o` that read only the partition's own facts (`p1b_val`, one
 *   per slot) are sent by each partition directly;
 * * answers that read facts about the whole component (*summaries*: a
 *   `count`/`max`/`min` with no group, or a flag with a constant head, such
 *   as `n_best`, `any_acc`) are computed by the coordinator: each partition
 *   votes once per ordered fact with its own summaries (`o__vote`), and when
 *   every partition has voted the coordinator combines them (a count is the
 *   sum of the partitions' counts, a max the max, a flag holds when some
 *   partition has it) and evaluates the answer rule over the combination.
 *
 * What Z3 proves: the keyed part stays partition-local (the usual partition
 * obligations for every rule but those of the replicated part, the
 * summaries and the votes), and that every count being summed counts facts
 * keyed by the counted attribute, so partitions never count one fact twice.
 * What is NOT proved, and said so in the certificate: that a partition's own
 * copy of the replicated part may stand for the component's (it is a lower
 * bound that every ordered fact raises everywhere; Paxos relies on that),
 * which the differential tester checks with the protocol's invariants.
 */
import type { AtomLit, BodyLit, Expr, Item, Rule, TypeName } from '../syntax/ast.js';
import type { CheckedProgram, IrRule } from '../ir/types.js';
import { atoms, componentScope, isConstant, scopeInputs } from '../analysis/scope.js';
import { printTerm } from '../analysis/term.js';
import { logicalAddress } from '../sim/address.js';
import type { ComponentPlacement, Deployment } from '../sim/deployment.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { assemble, assign, atom, binary, bool, freshVar, head, int, isPersistence, relationDecl, rule, ruleVars, sections, str, v, wildcard, distinctAttrs } from './ast.js';
import { forwardName, freshName, readersOf, takenNames } from './decouple.js';
import { finish } from './engine.js';
import { applyPartition, partitionPrecondition, partitionStepObligations, resolvePolicy, type PartitionKind } from './partition.js';
import type { Applied, Check, PartitionSite, Precondition, ProgramState, Rewrite, StepObligations } from './types.js';

/** The parts of a partial partitioning a plan names (beside component, keys and partitions). */
export interface PartialSpec {
  readonly ordered: readonly string[];
  readonly coordinator: string;
  /** The keys as the plan gave them (for the keyed relations that arrive). */
  readonly keys: Readonly<Record<string, string>>;
}

type SummaryKind = 'count' | 'max' | 'min' | 'flag';

interface Summary {
  readonly relation: string;
  readonly kind: SummaryKind;
  /** The attributes a partition reports (all of the relation's). */
  readonly types: readonly TypeName[];
  /** For a count: the rule that counts. */
  readonly rule: IrRule;
}

export interface PartialAnalysis {
  readonly component: string;
  readonly coordinator: string;
  readonly ordered: readonly string[];
  /** Relations derived from ordered inputs and themselves alone: every partition keeps its own copy. */
  readonly replicated: readonly string[];
  readonly summaries: readonly Summary[];
  /** Answers computed by the coordinator (read a summary). */
  readonly globalAnswers: readonly IrRule[];
  /** Answers each partition sends itself. */
  readonly localAnswers: readonly IrRule[];
  /** Why the rewrite does not apply (shape, not soundness: each with the rule). */
  readonly problems: readonly string[];
  /** Why the replicated part is not a lattice that only grows. */
  readonly notLattice: readonly string[];
  /** Rules that raise the replicated part from keyed facts (on one partition only). */
  readonly keyedWrites: readonly IrRule[];
  readonly instances: number;
}

const changing = (program: CheckedProgram, r: IrRule) => atoms(r).filter((a) => !isConstant(program, a.relation) && a.relation !== 'self' && a.relation !== 'self_partition');

export function analyzePartial(state: ProgramState, component: string, ordered: readonly string[], coordinator: string): PartialAnalysis {
  const program = state.program;
  const problems: string[] = [];
  const own = componentScope(program, component).rules.filter((r) => !r.fromPersist);
  const arriving = new Set(scopeInputs(program, componentScope(program, component)));
  const orderedSet = new Set(ordered);
  if (ordered.length !== 1) problems.push(`give exactly one ordered relation (the coordinator keeps one queue), got ${ordered.length}`);
  for (const o of ordered) {
    const rel = program.relations.get(o);
    if (!rel) problems.push(`unknown relation \`${o}\``);
    else if (rel.attrs.some((x) => x.type === 'bool')) problems.push(`\`${o}\` has a bool attribute: the coordinator orders its facts by min over each attribute, which bools do not have`);
    else if (rel.kind === 'input') problems.push(`\`${o}\` is a client input: clients would have to address the coordinator`);
    else if (!arriving.has(o)) problems.push(`\`${o}\` does not arrive at ${component}`);
    else if ([...readersOf(program, o)].some((c) => c !== component)) problems.push(`\`${o}\` is read by ${[...readersOf(program, o)].filter((c) => c !== component).join(', ')} too: its senders cannot all be sent to the coordinator`);
  }
  // Rules reading an ordered relation read exactly one, positively.
  const readsOrdered = (r: IrRule): boolean => atoms(r).some((a) => orderedSet.has(a.relation));
  for (const r of own.filter(readsOrdered)) {
    const os = atoms(r).filter((a) => orderedSet.has(a.relation));
    if (os.length !== 1 || os[0]!.negated) problems.push(`rule \`${r.text}\` must read exactly one ordered relation, positively`);
  }
  // The replicated part: heads of local rules reading an ordered relation, closed under rules reading only it.
  const replicated = new Set<string>();
  for (const r of own) if (r.kind !== 'async' && readsOrdered(r)) replicated.add(r.head.relation);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of own) {
      if (r.kind === 'async' || replicated.has(r.head.relation)) continue;
      const ch = changing(program, r);
      if (ch.length > 0 && ch.every((a) => replicated.has(a.relation) || orderedSet.has(a.relation))) {
        replicated.add(r.head.relation);
        grew = true;
      }
    }
  }
  const keyedWrites = own.filter((r) => r.kind !== 'async' && replicated.has(r.head.relation) && changing(program, r).some((x) => !replicated.has(x.relation) && !orderedSet.has(x.relation)));
  const notLattice: string[] = [];
  for (const r of own) {
    if (r.kind === 'async' || !replicated.has(r.head.relation) || (r.source && isPersistence(r.source))) continue;
    if (atoms(r).some((a) => a.negated && !isConstant(program, a.relation))) notLattice.push(`rule \`${r.text}\` negates: the replicated \`${r.head.relation}\` must only grow`);
    const agg = r.head.aggregateIndex === undefined ? undefined : r.head.args[r.head.aggregateIndex];
    if (agg?.kind === 'aggregate' && agg.fn !== 'max') notLattice.push(`rule \`${r.text}\` aggregates with ${agg.fn}: the replicated \`${r.head.relation}\` must be a set or a max`);
  }
  // Summaries: facts about the whole component, read by answers.
  const summaryOf = (relation: string): Summary | null => {
    if (replicated.has(relation)) return null;
    const defs = own.filter((r) => r.head.relation === relation && r.kind !== 'async' && !(r.source && isPersistence(r.source)));
    if (defs.length !== 1) return null;
    const d = defs[0]!;
    const types = program.relations.get(relation)!.attrs.map((a) => a.type);
    if (d.head.aggregateIndex !== undefined) {
      const agg = d.head.args[d.head.aggregateIndex];
      if (d.head.args.length !== 1 || agg?.kind !== 'aggregate') return null;
      if (agg.fn === 'count' || agg.fn === 'max' || agg.fn === 'min') return { relation, kind: agg.fn, types, rule: d };
      return null;
    }
    if (d.head.args.every((x) => x.kind === 'const') && atoms(d).every((a) => !a.negated || isConstant(program, a.relation))) return { relation, kind: 'flag', types, rule: d };
    return null;
  };
  const summaries = new Map<string, Summary>();
  const globalAnswers: IrRule[] = [];
  const localAnswers: IrRule[] = [];
  for (const r of own.filter((x) => x.kind === 'async' && readsOrdered(x))) {
    const ch = changing(program, r).filter((a) => !orderedSet.has(a.relation));
    const sums = ch.map((a) => summaryOf(a.relation));
    if (!sums.some((s) => s !== null)) {
      localAnswers.push(r);
      continue;
    }
    globalAnswers.push(r);
    ch.forEach((a, i) => {
      const s = sums[i];
      if (s) summaries.set(s.relation, s);
      else if (replicated.has(a.relation) && isSingleton(own, a.relation)) {
        // A replicated max read by an answer about the whole component: combined like a max summary.
        const d = own.find((x) => x.head.relation === a.relation && x.head.aggregateIndex !== undefined)!;
        summaries.set(a.relation, { relation: a.relation, kind: 'max', types: program.relations.get(a.relation)!.attrs.map((t) => t.type), rule: d });
      } else problems.push(`rule \`${r.text}\` answers with facts about the whole component but also reads \`${a.relation}\`, which is neither a summary (a count, max or min with no group, or a flag) nor a replicated max`);
    });
    if (r.head.dest && !atoms(r).some((a) => orderedSet.has(a.relation) && a.args.some((x) => x.kind === 'var' && x.slot === r.head.dest!.slot))) {
      problems.push(`rule \`${r.text}\` does not answer the sender named in the ordered fact`);
    }
  }
  for (const s of summaries.values()) {
    for (const t of s.types) if (t !== 'int' && t !== 'bool' && t !== 'string') problems.push(`summary \`${s.relation}\` has a ${t} attribute; only int, bool and string summaries are combined`);
  }
  return {
    component,
    coordinator,
    ordered,
    replicated: [...replicated].sort(),
    summaries: [...summaries.values()],
    globalAnswers,
    localAnswers,
    problems,
    notLattice,
    keyedWrites,
    instances: state.deployment.components.get(component)?.instances ?? 1,
  };
}

function isSingleton(own: readonly IrRule[], relation: string): boolean {
  const defs = own.filter((r) => r.head.relation === relation && r.kind !== 'async' && !(r.source && isPersistence(r.source)));
  return defs.length === 1 && defs[0]!.head.aggregateIndex !== undefined && defs[0]!.head.args.length === 1;
}

export const pairing = (coordinator: string): string => `${coordinator}_of`;
export const voteName = (o: string): string => `${o}__vote`;

const defaultOf = (t: TypeName): Expr => (t === 'int' ? int(0) : t === 'bool' ? bool(false) : str(''));

/**
 * The program with the coordinator and the votes, C not yet partitioned.
 * `votes: false` leaves out the partitions' vote rules (they read
 * `self_partition`), for the partition obligations of the rest.
 */
export function introduceCoordinator(state: ProgramState, a: PartialAnalysis, options: { votes: boolean }): { state: ProgramState; relays: ReadonlyMap<string, string>; notes: string[] } {
  const program = state.program;
  const C = a.component;
  const K = a.coordinator;
  const taken = takenNames(program);
  taken.add(K);
  const pair = freshName(taken, pairing(K));
  const notes: string[] = [];
  const decls: Item[] = [relationDecl('edb', pair, [{ name: C === 'coordinator' ? 'component' : C, type: 'loc' }, { name: K === C ? `${K}2` : K, type: 'loc' }])];
  const relays = new Map<string, string>();
  for (const o of a.ordered) {
    const name = freshName(taken, forwardName(o, C));
    relays.set(o, name);
    decls.push(relationDecl('decl', name, program.relations.get(o)!.attrs));
  }
  const irOf = new Map<Rule, IrRule>();
  for (const r of program.rules) if (r.source) irOf.set(r.source, r);
  const globalSet = new Set(a.globalAnswers.map((r) => r.id));
  const sec = sections(state.ast);
  const summaryRels = new Map(a.summaries.map((s) => [s.relation, s]));

  // Per summary: a partition's report `s__or(has, value...)` (a default when it has none).
  const orName = new Map<string, string>();
  const partitionRules: Rule[] = [];
  for (const s of a.summaries) {
    const name = freshName(taken, `${s.relation}__or`);
    orName.set(s.relation, name);
    const attrs = program.relations.get(s.relation)!.attrs;
    decls.push(relationDecl('decl', name, distinctAttrs([{ name: 'has', type: 'bool' }, ...attrs])));
    const vars = new Set<string>();
    const xs = attrs.map((at) => freshVar(vars, at.name));
    partitionRules.push(rule(head(name, [bool(true), ...xs.map(v)]), ':-', [atom(s.relation, xs.map(v))]));
    const ws = attrs.map(() => wildcard());
    // `!s(_)` needs some positive literal in the body: the relay of an ordered fact.
    const o = a.ordered[0]!;
    const oArity = program.relations.get(o)!.attrs.length;
    partitionRules.push(rule(head(name, [bool(false), ...attrs.map((at) => defaultOf(at.type))]), ':-', [atom(relays.get(o)!, Array.from({ length: oArity }, () => wildcard())), atom(s.relation, ws, true)]));
  }

  const coordRules: Rule[] = [];
  const coordDecls: Item[] = [];
  for (const o of a.ordered) {
    const relay = relays.get(o)!;
    const oAttrs = program.relations.get(o)!.attrs;
    const answers = a.globalAnswers.filter((r) => atoms(r).some((x) => x.relation === o));
    const used = a.summaries.filter((s) => answers.some((r) => atoms(r).some((x) => x.relation === s.relation)));
    const vote = freshName(taken, voteName(o));
    const voteIn = freshName(taken, `${o}__vote_in`);
    const nvoted = freshName(taken, `${o}__nvoted`);
    const allIn = freshName(taken, `${o}__all_voted`);
    const answered = freshName(taken, `${o}__answered`);
    const queue = freshName(taken, `${o}__queue`);
    const inflight = freshName(taken, `${o}__in_flight`);
    const busy = freshName(taken, `${o}__busy`);
    const next = freshName(taken, `${o}__next`);
    const firsts = oAttrs.map((_, i) => freshName(taken, `${o}__first${i + 1}`));
    const voteAttrs: { name: string; type: TypeName }[] = [{ name: 'partition', type: 'int' as TypeName }, ...oAttrs, ...used.flatMap((s) => [{ name: `has_${s.relation}`, type: 'bool' as TypeName }, ...program.relations.get(s.relation)!.attrs.map((at) => ({ name: `${s.relation}_${at.name}`, type: at.type }))])];
    coordDecls.push(
      relationDecl('decl', queue, oAttrs),
      relationDecl('decl', inflight, oAttrs),
      relationDecl('decl', busy, [{ name: 'yes', type: 'bool' }]),
      ...firsts.map((f, i) => relationDecl('decl', f, oAttrs.slice(0, i + 1))),
      relationDecl('decl', next, oAttrs),
      relationDecl('decl', vote, distinctAttrs(voteAttrs)),
      relationDecl('decl', voteIn, distinctAttrs(voteAttrs)),
      relationDecl('decl', nvoted, distinctAttrs([...oAttrs, { name: 'n', type: 'int' }])),
      relationDecl('decl', allIn, oAttrs),
      // Not persisted: it only stops the tick after the answer from answering again (the votes are still there); a later copy of the fact is answered again.
      relationDecl('decl', answered, oAttrs),
    );
    // One ordered fact at a time: queued on arrival, the least relayed when none is in flight, in flight until every partition voted.
    {
      const vars = new Set<string>();
      const xs = oAttrs.map((at) => freshVar(vars, at.name));
      const me = freshVar(vars, 'me');
      const c = freshVar(vars, 'c');
      const X = xs.map(v);
      coordRules.push(rule(head(queue, X), ':-', [atom(o, X)]));
      coordRules.push(rule(head(queue, X), ':+', [atom(queue, X), atom(next, X, true)]));
      coordRules.push(rule(head(inflight, X), ':+', [atom(next, X)]));
      coordRules.push(rule(head(inflight, X), ':+', [atom(inflight, X), atom(allIn, X, true)]));
      coordRules.push(rule(head(busy, [bool(true)]), ':-', [atom(inflight, oAttrs.map(() => wildcard()))]));
      firsts.forEach((f, i) => {
        const agg: Expr = { kind: 'aggregate', fn: 'min', arg: v(xs[i]!), span: v(xs[i]!).span };
        const body: BodyLit[] = i === 0 ? [atom(queue, X), atom(busy, [bool(true)], true)] : [atom(firsts[i - 1]!, xs.slice(0, i).map(v)), atom(queue, X)];
        coordRules.push(rule(head(f, [...xs.slice(0, i).map(v), agg]), ':-', body));
      });
      coordRules.push(rule(head(next, X), ':-', [atom(firsts[firsts.length - 1]!, X)]));
      // The relay goes to the component's node, routed to every partition by the partitioning.
      coordRules.push(rule(head(relay, X, c), ':~', [atom(next, X), atom('self', [v(me)]), atom(pair, [v(c), v(me)])]));
    }
    notes.push(`${K} queues \`${o}\` and relays one fact at a time to every partition of its ${C} as \`${relay}\`; the partitions vote (\`${vote}\`${used.length ? `, with ${used.map((s) => `\`${s.relation}\``).join(', ')}` : ''}), and ${K} relays the next once all have voted${answers.length ? `, answering ${[...new Set(answers.map((r) => `\`${r.head.relation}\``))].join(', ')}` : ''}`);
    // Variables of a vote fact.
    const vv = (vars: Set<string>): { j: string; os: string[]; per: Map<string, { has: string; xs: string[] }>; all: string[] } => {
      const j = freshVar(vars, 'j');
      const os = oAttrs.map((at) => freshVar(vars, at.name));
      const per = new Map<string, { has: string; xs: string[] }>();
      for (const s of used) per.set(s.relation, { has: freshVar(vars, `has_${s.relation}`), xs: program.relations.get(s.relation)!.attrs.map((at) => freshVar(vars, `${s.relation}_${at.name}`)) });
      return { j, os, per, all: [j, ...os, ...used.flatMap((s) => [per.get(s.relation)!.has, ...per.get(s.relation)!.xs])] };
    };
    {
      const vars = new Set<string>();
      const x = vv(vars);
      coordRules.push(rule(head(voteIn, x.all.map(v)), ':-', [atom(vote, x.all.map(v))]));
      coordRules.push(rule(head(voteIn, x.all.map(v)), ':+', [atom(voteIn, x.all.map(v)), atom(answered, x.os.map(v), true)]));
    }
    {
      const vars = new Set<string>();
      const x = vv(vars);
      coordRules.push(rule(head(nvoted, [...x.os.map(v), { kind: 'aggregate', fn: 'count', arg: v(x.j), span: v(x.j).span } as Expr]), ':-', [atom(voteIn, x.all.map(v))]));
    }
    {
      const vars = new Set<string>();
      const os = oAttrs.map((at) => freshVar(vars, at.name));
      const k = freshVar(vars, 'k');
      const me = freshVar(vars, 'me');
      const c = freshVar(vars, 'c');
      coordRules.push(rule(head(allIn, os.map(v)), ':-', [atom(nvoted, [...os.map(v), v(k)]), atom('self', [v(me)]), atom(pair, [v(c), v(me)]), atom('partition_count', [v(c), v(k)]), atom(answered, os.map(v), true)]));
      coordRules.push(rule(head(answered, os.map(v)), ':+', [atom(allIn, os.map(v))]));
    }
    // Combining each summary over the partitions' votes.
    const allName = new Map<string, string>();
    for (const s of used) {
      const attrs = program.relations.get(s.relation)!.attrs;
      const all = freshName(taken, `${s.relation}__all`);
      allName.set(s.relation, all);
      coordDecls.push(relationDecl('decl', all, distinctAttrs([...oAttrs, ...attrs])));
      const voteAtom = (x: ReturnType<typeof vv>, has: Expr | null, value: readonly Expr[] | null): AtomLit =>
        atom(voteIn, [v(x.j), ...x.os.map(v), ...used.flatMap((t) => (t.relation === s.relation ? [has ?? wildcard(), ...(value ?? x.per.get(t.relation)!.xs.map(() => wildcard()))] : [wildcard(), ...x.per.get(t.relation)!.xs.map(() => wildcard())]))]);
      if (s.kind === 'max' || s.kind === 'min') {
        const vars = new Set<string>();
        const x = vv(vars);
        const m = x.per.get(s.relation)!.xs[0]!;
        coordRules.push(rule(head(all, [...x.os.map(v), { kind: 'aggregate', fn: s.kind, arg: v(m), span: v(m).span } as Expr]), ':-', [voteAtom(x, bool(true), [v(m)])]));
      } else if (s.kind === 'flag') {
        const vars = new Set<string>();
        const x = vv(vars);
        const xs = x.per.get(s.relation)!.xs;
        coordRules.push(rule(head(all, [...x.os.map(v), ...xs.map(v)]), ':-', [voteAtom(x, bool(true), xs.map(v))]));
      } else {
        // A count: the sum of the partitions' counts, a running sum over partition indexes (sum<> adds distinct values only).
        const upto = freshName(taken, `${s.relation}__upto`);
        const some = freshName(taken, `${s.relation}__some`);
        coordDecls.push(relationDecl('decl', upto, distinctAttrs([...oAttrs, { name: 'partition', type: 'int' }, { name: 'n', type: 'int' }])), relationDecl('decl', some, oAttrs));
        {
          const vars = new Set<string>();
          const x = vv(vars);
          coordRules.push(rule(head(some, x.os.map(v)), ':-', [voteAtom(x, bool(true), null)]));
        }
        {
          const vars = new Set<string>();
          const x = vv(vars);
          const n = x.per.get(s.relation)!.xs[0]!;
          coordRules.push(rule(head(upto, [...x.os.map(v), int(0), v(n)]), ':-', [{ ...voteAtom(x, null, [v(n)]), args: [int(0), ...voteAtom(x, null, [v(n)]).args.slice(1)] }]));
        }
        {
          const vars = new Set<string>();
          const x = vv(vars);
          const n = x.per.get(s.relation)!.xs[0]!;
          const h = freshVar(vars, 'h');
          const t0 = freshVar(vars, 't0');
          const t = freshVar(vars, 't');
          coordRules.push(
            rule(head(upto, [...x.os.map(v), v(x.j), v(t)]), ':-', [atom(upto, [...x.os.map(v), v(h), v(t0)]), assign(x.j, binary('+', v(h), int(1))), voteAtom(x, null, [v(n)]), assign(t, binary('+', v(t0), v(n)))]),
          );
        }
        {
          const vars = new Set<string>();
          const os = oAttrs.map((at) => freshVar(vars, at.name));
          const k = freshVar(vars, 'k');
          const h = freshVar(vars, 'h');
          const t = freshVar(vars, 't');
          coordRules.push(rule(head(all, [...os.map(v), v(t)]), ':-', [atom(allIn, os.map(v)), atom(some, os.map(v)), atom(nvoted, [...os.map(v), v(k)]), assign(h, binary('-', v(k), int(1))), atom(upto, [...os.map(v), v(h), v(t)])]));
        }
      }
    }
    // The answers, over the combination.
    for (const ir of answers) {
      const src = ir.source!;
      const vars = ruleVars(src);
      const oAtom = src.body.find((l): l is AtomLit => l.kind === 'atom' && l.relation === o)!;
      const os = oAtom.args.map((x, i) => (x.kind === 'wildcard' ? v(freshVar(vars, oAttrs[i]!.name)) : x));
      const body: BodyLit[] = [];
      const tests: BodyLit[] = [];
      const me = freshVar(vars, 'me');
      let selfVar: string | null = null;
      for (const l of src.body) {
        if (l.kind !== 'atom') {
          tests.push(l);
          continue;
        }
        if (l.relation === o) body.push(atom(allIn, os));
        else if (allName.has(l.relation)) body.push(atom(allName.get(l.relation)!, [...os, ...l.args], l.negated));
        else if (l.relation === 'self') selfVar = l.args[0]?.kind === 'var' ? l.args[0].name : null;
        else body.push(l);
      }
      // `self(me)` in the answer still means the component's node: the one this coordinator is paired with.
      if (selfVar !== null) body.push(atom('self', [v(me)]), atom(pair, [v(selfVar), v(me)]));
      coordRules.push({ ...src, body: [...body, ...tests] });
    }
    // The partitions' vote.
    if (options.votes) {
      const vars = new Set<string>();
      const os = oAttrs.map((at) => freshVar(vars, at.name));
      const me = freshVar(vars, 'me');
      const k = freshVar(vars, 'k');
      const j = freshVar(vars, 'j');
      const parts = used.map((s) => ({ has: freshVar(vars, `has_${s.relation}`), xs: program.relations.get(s.relation)!.attrs.map((at) => freshVar(vars, `${s.relation}_${at.name}`)) }));
      partitionRules.push(
        rule(head(vote, [v(j), ...os.map(v), ...parts.flatMap((p) => [v(p.has), ...p.xs.map(v)])], k), ':~', [
          atom(relay, os.map(v)),
          ...used.map((s, i) => atom(orName.get(s.relation)!, [v(parts[i]!.has), ...parts[i]!.xs.map(v)])),
          atom('self', [v(me)]),
          atom(pair, [v(me), v(k)]),
          atom('self_partition', [v(j)]),
        ]),
      );
    }
  }

  // C: ordered relations read through their relays; answers about the whole component move to the coordinator.
  const orderedSet = new Set(a.ordered);
  const cRules: Rule[] = [];
  for (const r of sec.components.find((c) => c.name === C)!.rules) {
    const ir = irOf.get(r);
    if (ir && globalSet.has(ir.id)) continue;
    cRules.push({ ...r, body: r.body.map((l) => (l.kind === 'atom' && orderedSet.has(l.relation) ? { ...l, relation: relays.get(l.relation)! } : l)) });
  }
  // Senders of ordered relations send to the coordinator paired with the C node.
  const redirect = (r: Rule): Rule => {
    if (r.op !== ':~' || !orderedSet.has(r.head.relation) || !r.head.dest) return r;
    const vars = ruleVars(r);
    const d = r.head.dest.name;
    const k = freshVar(vars, 'k');
    const byComponent = r.body.some((l) => l.kind === 'atom' && !l.negated && l.relation === C && l.args[0]?.kind === 'var' && l.args[0].name === d);
    notes.push(`senders of \`${r.head.relation}\` to ${C} now send to its ${K}`);
    return { ...r, head: { ...r.head, dest: v(k) }, body: [...r.body, ...(byComponent ? [] : [atom(C, [v(d)])]), atom(pair, [v(d), v(k)])] };
  };
  const components = [
    ...sec.components.flatMap((c) => (c.name === C ? [{ name: K, rules: coordRules.map(redirect) }, { name: C, rules: [...cRules, ...partitionRules].map(redirect) }] : [{ name: c.name, rules: c.rules.map(redirect) }])),
  ];
  const placements = new Map<string, ComponentPlacement>();
  for (const c of components) placements.set(c.name, state.deployment.components.get(c.name) ?? { instances: a.instances, partitions: 1 });
  const edb = new Map(state.deployment.edb);
  edb.set(pair, Array.from({ length: a.instances }, (_, i) => [logicalAddress(C, i), logicalAddress(K, i)]));
  const deployment: Deployment = { components: placements, edb };
  notes.unshift(`new component ${K} (${a.instances} instance${a.instances === 1 ? '' : 's'}, \`${pair}\` pairs each ${C} node with its ${K}); every partition keeps its own ${a.replicated.map((x) => `\`${x}\``).join(', ')}`);
  if (a.localAnswers.length) notes.push(`each partition answers ${[...new Set(a.localAnswers.map((r) => `\`${r.head.relation}\``))].join(', ')} itself`);
  const next = finish({ ast: assemble({ decls: [...sec.decls, ...decls, ...coordDecls], components }), deployment, notes: [] }, '(coordinator)');
  return { state: next, relays, notes };
}

/** A plan step's partial partitioning, resolved: the site (policy over the program with the coordinator), or bad input. */
export function resolvePartial(state: ProgramState, component: string, spec: PartialSpec, partitions: number, kind: PartitionKind): { ok: true; site: PartitionSite } | { ok: false; diagnostics: Diagnostic[]; problems?: undefined } | { ok: false; problems: string[]; diagnostics?: undefined } {
  const a = analyzePartial(state, component, spec.ordered, spec.coordinator);
  if (a.problems.length) return { ok: false, problems: [...a.problems] };
  const mid = introduceCoordinator(state, a, { votes: false });
  const keys: Record<string, string> = { ...spec.keys };
  for (const r of mid.relays.values()) keys[r] = '*';
  for (const x of a.replicated) if (!(x in keys)) keys[x] = '*';
  const policy = resolvePolicy(mid.state, component, keys, kind);
  if (!policy.ok) return { ok: false, diagnostics: policy.diagnostics };
  return { ok: true, site: { kind: 'partition', component, policy: policy.policy, given: policy.given, partitions, partial: { ordered: spec.ordered, coordinator: spec.coordinator, keys: spec.keys } } };
}

const idOf = (site: PartitionSite, what: string): string => `partition-partial.${site.component}.${what}`;

function partialOf(site: PartitionSite): PartialSpec {
  if (!site.partial) throw new Error('bug: a partial partitioning site without its ordered relations');
  return site.partial;
}

export function partialChecks(state: ProgramState, site: PartitionSite): Check[] {
  const spec = partialOf(site);
  const a = analyzePartial(state, site.component, spec.ordered, spec.coordinator);
  const checks: Check[] = [
    {
      id: idOf(site, 'shape'),
      sentence: `Every rule of \`${site.component}\` that reads an ordered relation (${spec.ordered.map((o) => `\`${o}\``).join(', ')}) reads one, positively; answers about the whole component read only summaries (a count, max or min with no group, or a flag) and constants.`,
      holds: a.problems.length === 0,
      reasons: a.problems.length
        ? a.problems
        : [`replicated on every partition: ${a.replicated.map((x) => `\`${x}\``).join(', ') || 'nothing'}`, `combined by ${spec.coordinator}: ${a.summaries.map((s) => `\`${s.relation}\` (${s.kind === 'count' ? 'sum of counts' : s.kind === 'flag' ? 'some partition has it' : s.kind})`).join(', ') || 'nothing'}`, `answered by each partition: ${[...new Set(a.localAnswers.map((r) => `\`${r.head.relation}\``))].join(', ') || 'nothing'}`],
    },
    {
      id: idOf(site, 'lattice'),
      sentence: `The replicated part only grows (no negation; sets and maxima), so every ordered fact raises every partition's copy the same way.`,
      holds: a.notLattice.length === 0,
      reasons: a.notLattice.length
        ? a.notLattice
        : a.keyedWrites.length === 0
          ? [`${a.replicated.map((x) => `\`${x}\``).join(', ')} only grow and are written by ordered facts alone, which ${spec.coordinator} relays one at a time to every partition: after each, every partition holds the same copy`]
          : [
              `${a.replicated.map((x) => `\`${x}\``).join(', ')} only grow; every ordered fact raises every partition's copy, one at a time`,
              `Assumed, NOT proved: ${a.keyedWrites.map((r) => `\`${r.text}\``).join(', ')} raise${a.keyedWrites.length === 1 ? 's' : ''} only the copy of the partition the keyed fact reaches, and that partition's copy stands for the component's in the rules that read it (a protocol argument; Paxos: a promise is answered only after every partition adopted the ballot, so no partition accepts below it afterwards), checked by the differential tester's model invariants`,
            ],
    },
  ];
  if (a.problems.length === 0) {
    // The keyed part, as an ordinary partitioning of the program with the coordinator.
    const mid = introduceCoordinator(state, a, { votes: false }).state;
    const kind: PartitionKind = [...site.policy.keys.values()].every((k) => k.kind === 'attr') ? 'cohash' : 'dependencies';
    checks.push(...partitionPrecondition(mid, site, kind).checks.filter((c) => !c.id.endsWith('.cohash')));
  // Counts summed by the coordinator: each counted fact on one partition.
    for (const s of a.summaries.filter((x) => x.kind === 'count')) {
      const r = s.rule;
      const agg = r.head.args[r.head.aggregateIndex!];
      const counted = agg?.kind === 'aggregate' ? agg.arg.slot : -1;
      const keyedBy = atoms(r).filter((x) => {
        if (x.negated) return false;
        const key = site.policy.keys.get(x.relation);
        return key?.kind === 'attr' && x.args[key.index]?.kind === 'var' && (x.args[key.index] as { slot: number }).slot === counted;
      });
      checks.push({
        id: idOf(site, `disjoint-${s.relation}`),
        sentence: `\`${s.relation}\` counts facts keyed by the counted attribute, so no fact is counted on two partitions and the sum of the partitions' counts is the component's count.`,
        holds: keyedBy.length > 0,
        reasons: keyedBy.length ? [`\`${r.text}\`: ${keyedBy.map((x) => `\`${x.relation}\` is keyed by ${printTerm(site.policy.keys.get(x.relation)!)}`).join(', ')}`] : [`\`${r.text}\` counts ${agg?.kind === 'aggregate' ? agg.arg.name : '?'}, which keys none of its facts: partitions may count one fact twice`],
      });
    }
  }
  return checks;
}

export function partialPrecondition(state: ProgramState, site: PartitionSite): Precondition {
  const checks = partialChecks(state, site);
  return { holds: checks.every((c) => c.holds), checks };
}

/**
 * The Z3 obligations: the usual partition-local obligations of the program
 * with the coordinator, except for the rules of the replicated part and of
 * the summaries (their facts are per partition by design), plus, for every
 * summed count, that what it counts is keyed by the counted attribute.
 */
export async function partialObligations(state: ProgramState, site: PartitionSite, timeoutMs?: number): Promise<StepObligations> {
  const spec = partialOf(site);
  const a = analyzePartial(state, site.component, spec.ordered, spec.coordinator);
  const mid = introduceCoordinator(state, a, { votes: false }).state;
  const kind: PartitionKind = [...site.policy.keys.values()].every((k) => k.kind === 'attr') ? 'cohash' : 'dependencies';
  const base = await partitionStepObligations(mid, site, kind, timeoutMs);
  const exempt = new Set([...a.replicated, ...a.summaries.map((s) => s.relation), ...a.summaries.map((s) => `${s.relation}__or`)]);
  const exemptRules = new Set(mid.program.rules.filter((r) => r.component === site.component && exempt.has(r.head.relation)).map((r) => r.id));
  const obligations = base.obligations.filter((o) => !('rule' in o) || !exemptRules.has((o as unknown as { rule: number }).rule));
  const facts = [...base.facts];
  facts.push(`exempt from the partition obligations (per partition by design): rules deriving ${[...exempt].filter((x) => mid.program.relations.has(x)).map((x) => `\`${x}\``).join(', ')}, and the partitions' votes (every partition votes on every ordered fact)`);
  if (a.keyedWrites.length) facts.push(`assumed, NOT proved: ${a.keyedWrites.map((r) => `\`${r.text}\``).join(', ')} raise only one partition's copy of ${a.replicated.map((x) => `\`${x}\``).join(', ')}, which stands for the component's (checked by the differential tester's model invariants)`);
  return { checks: partialChecks(state, site), obligations, decided: base.decided, facts };
}

export function applyPartial(state: ProgramState, site: PartitionSite): Applied {
  const spec = partialOf(site);
  const a = analyzePartial(state, site.component, spec.ordered, spec.coordinator);
  const mid = introduceCoordinator(state, a, { votes: true });
  const applied = applyPartition(mid.state, site);
  return { ...applied, notes: [...mid.notes, ...applied.notes] };
}

export const partitionPartial: Rewrite<PartitionSite> = {
  name: 'partition-partial',
  summary: 'partition a component whose small replicated part is written by ordered inputs: a coordinator relays them to every partition and answers them from the partitions\' votes',
  // Which inputs are rare and ordered is a design choice: plans name them; the finder proposes nothing.
  find: () => [],
  precondition: partialPrecondition,
  obligations: (state, site) => partialObligations(state, site),
  apply: applyPartial,
};

