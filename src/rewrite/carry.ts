/**
 * Carrying state through a round trip (piggybacking). A component C keeps
 * state S keyed by one attribute (2PC's coordinator: `client_of(txn, client)`,
 * `decided(txn, decision)`), and some of its rules read S only once a reply R
 * of a round trip C -> P -> C has arrived for the same key (`outcome` reads
 * them once every `ack` is in). The rewrite puts S's other columns on the
 * request Q (`decide` carries the client), has P copy them into R (`ack`
 * carries it back), keeps what arrives in a persisted copy `S__via_R`
 * (`client_of__via_ack`), and those readers read the copy instead of S. Once
 * no rule reads S, S is removed. Readers that no longer read C's state can
 * then be decoupled from it: the point of the rewrite (2PC's ender from its
 * committer).
 *
 * The copy stands for S exactly when (the checks below):
 *
 * * `round-trip`: R is sent only by P's rules that read Q, copying Q's key to
 *   R's key, back to the C node that sent Q (or C has one node); Q is sent
 *   only by C. So an R for key k answers a Q for k that C sent.
 * * `sourced`: every rule of C sending Q knows S's value for its key when it
 *   sends: it reads the relation S is derived from (`prepare` reads `begin`,
 *   `client_of(t, c) :- begin(c, t)`; `decide` reads `decision`,
 *   `decided(t, d) :+ decision(t, d)`), or it joins S, which then must hold
 *   whenever the rule fires: its body implies S(k) by a chain of local
 *   derivations and earlier round trips (`decision(t, _)` needs a `vote` for
 *   t, which answers a `prepare` for t, sent when `client_of(t, _)` was set).
 * * `kept`: S is persisted and set once per key: an FD key -> columns that
 *   the FD analysis infers (Z3 then proves it, an obligation of the step), or
 *   every rule setting S reads a client input (one value per key is an
 *   assumption about the inputs) or is guarded by `!S(k, _)` (set in one tick;
 *   one value in that tick is assumed). Assumptions are stated in the
 *   certificate as ASSUMED, never passed silently; the differential tester
 *   checks them dynamically.
 * * `readers`: the readers' bodies imply that a reply for the key has arrived
 *   (the same chain analysis), so the copy is never empty when they read it.
 *
 * Then S's value is fixed before the request leaves and every reply carries
 * it, so the copy holds exactly S's facts for the key whenever a reader
 * fires, positively and negated.
 *
 * The copy is forgotten for a key once no reader can fire for it again
 * (`forgetGuard`): when every reader needs a fact derived only under
 * `!G(k, _)` for a G that C never drops (2PC's answer needs `finish(t)`,
 * derived only under `!ended(t)`), the copy is kept by
 * `copy :+ copy, !G(k, _)` rather than for good.
 */
import type { AtomLit, BodyLit, Expr, Item, Rule } from '../syntax/ast.js';
import type { CheckedProgram, IrArg, IrAtom, IrRule } from '../ir/types.js';
import { atoms, componentScope, contextOf, isConstant } from '../analysis/scope.js';
import { inferFds } from '../analysis/fds.js';
import { printTerm } from '../analysis/term.js';
import { checkFds, relevantFds } from '../certify/fd-check.js';
import { assemble, attrVar, atom, bool, freshVar, head, int, isPersistence, persistDecl, relationDecl, rule, ruleVars, sections, str, v, wildcard } from './ast.js';
import { freshName, takenNames, unconditionallyPersisted } from './decouple.js';
import type { Solved } from './solve.js';
import type { Applied, CarrySite, Check, Precondition, ProgramState, Rewrite } from './types.js';

/** Relation -> attribute positions p such that a fact x of it at C at a tick implies the tracked fact (keyed x[p]) holds at C then. */
type Keyed = Map<string, Set<number>>;

const has = (m: Keyed, rel: string, p: number): boolean => m.get(rel)?.has(p) ?? false;
function put(m: Keyed, rel: string, p: number): boolean {
  const s = m.get(rel) ?? new Set<number>();
  if (s.has(p)) return false;
  s.add(p);
  m.set(rel, s);
  return true;
}

const slotOf = (a: IrArg | undefined): number | undefined => (a?.kind === 'var' ? a.slot : undefined);
const headSlot = (r: IrRule, p: number): number | undefined => {
  const a = r.head.args[p];
  return a?.kind === 'var' ? a.slot : undefined;
};
const changing = (program: CheckedProgram, r: IrRule): IrAtom[] => atoms(r).filter((a) => !isConstant(program, a.relation));

/** The positions of a request relation that every sender in C fills with its own address (`self(me)`). */
function senderPositions(program: CheckedProgram, C: string, q: string): number[] {
  const senders = program.rules.filter((r) => r.kind === 'async' && r.head.relation === q);
  const arity = program.relations.get(q)?.attrs.length ?? 0;
  const out: number[] = [];
  for (let p = 0; p < arity; p++) {
    if (senders.length > 0 && senders.every((r) => r.component === C && atoms(r).some((a) => a.relation === 'self' && !a.negated && slotOf(a.args[0]) !== undefined && slotOf(a.args[0]) === headSlot(r, p)))) out.push(p);
  }
  return out;
}

/**
 * The relations of C whose facts imply a tracked fact holds at C, keyed by
 * the given position (a least fixpoint from `seeds`): a relation qualifies
 * when every way C gets a fact of it does — a local rule reading a
 * qualifying relation on the same key variable (a `:+` rule, or one reading
 * the relation itself a tick before, only when the tracked fact persists),
 * or a message that answers a request C sent while the tracked fact held
 * (`later` adds relations that imply it from the next tick on: enough for a
 * request, whose answer comes later).
 */
export function implying(program: CheckedProgram, C: string, seeds: Keyed, persisted: boolean, instances: number, later: Keyed = new Map()): Keyed {
  const H: Keyed = new Map([...seeds].map(([k, s]) => [k, new Set(s)]));
  const own = componentScope(program, C).rules;
  const inC = new Set<string>([...own.filter((r) => r.kind !== 'async').map((r) => r.head.relation), ...own.flatMap((r) => atoms(r).map((a) => a.relation))]);
  const bodyJustifies = (r: IrRule, slot: number, known: Keyed, self?: { rel: string; p: number }): boolean =>
    atoms(r).some((a) => !a.negated && a.args.some((arg, q) => slotOf(arg) === slot && (has(known, a.relation, q) || (self !== undefined && a.relation === self.rel && q === self.p))));
  /** A request relation q sent by C with its key at position p, each sender's body implying the fact (now or later). */
  const requestImplies = (q: string, p: number): boolean => {
    const senders = program.rules.filter((r) => r.kind === 'async' && r.head.relation === q);
    if (senders.length === 0 || program.relations.get(q)?.kind === 'input') return false;
    const both: Keyed = new Map([...H].map(([k, s]) => [k, new Set(s)]));
    for (const [k, s] of later) for (const x of s) put(both, k, x);
    return senders.every((r) => {
      if (r.component !== C) return false;
      const s = headSlot(r, p);
      return s !== undefined && bodyJustifies(r, s, both);
    });
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const X of inC) {
      const rel = program.relations.get(X);
      if (!rel || rel.kind === 'input' || isConstant(program, X)) continue;
      const locals = own.filter((r) => r.kind !== 'async' && r.head.relation === X);
      const senders = program.rules.filter((r) => r.kind === 'async' && r.head.relation === X);
      if (locals.length + senders.length === 0) continue;
      for (let p = 0; p < rel.attrs.length; p++) {
        if (has(H, X, p)) continue;
        const localOk = locals.every((r) => {
          const s = headSlot(r, p);
          if (s === undefined) return false;
          if (r.kind === 'next') return persisted && bodyJustifies(r, s, H, { rel: X, p });
          return bodyJustifies(r, s, H);
        });
        if (!localOk) continue;
        const sentOk = senders.every((r) => {
          if (r.component === C || !persisted) return false;
          const s = headSlot(r, p);
          if (s === undefined) return false;
          return atoms(r).some((a) => {
            if (a.negated || isConstant(program, a.relation)) return false;
            const q = a.args.findIndex((arg) => slotOf(arg) === s);
            if (q < 0 || !requestImplies(a.relation, q)) return false;
            if (instances === 1) return true;
            const dest = r.head.dest?.slot;
            return senderPositions(program, C, a.relation).some((sp) => slotOf(a.args[sp]) === dest);
          });
        });
        if (sentOk && put(H, X, p)) changed = true;
      }
    }
  }
  return H;
}

/** Where a request rule gets S's carried values: an atom of the relation S is derived from, or a join with S. */
export type Source =
  | { readonly kind: 'atom'; readonly rule: IrRule; readonly atomIndex: number; readonly keySlot: number; readonly values: readonly IrArg[]; readonly via: IrRule }
  | { readonly kind: 'join'; readonly rule: IrRule; readonly keySlot: number };

export interface CarryAnalysis {
  readonly site: CarrySite;
  readonly carried: readonly number[];
  readonly request?: string;
  readonly requestKey?: number;
  readonly replyKey?: number;
  readonly requestRules: readonly IrRule[];
  readonly replyRules: readonly IrRule[];
  readonly sources: readonly Source[];
  readonly readers: readonly IrRule[];
  /** Carried position -> the request and reply positions already carrying it unchanged. */
  readonly reuse: ReadonlyMap<number, { readonly q: number; readonly r: number }>;
  readonly checks: readonly Check[];
  /** How S is known to be set once per key: an FD to prove, or assumptions. */
  readonly once: { readonly fd: boolean; readonly assumptions: readonly string[] };
}

const idOf = (s: CarrySite, what: string): string => `carry.${s.component}.${s.state}.${s.reply}.${what}`;

/** S's rules other than its persistence. */
function settingRules(program: CheckedProgram, C: string, S: string): IrRule[] {
  return componentScope(program, C).rules.filter((r) => r.kind !== 'async' && r.head.relation === S && !r.fromPersist && !(r.source && isPersistence(r.source)));
}

/** A rule `S(...) :- A(...)` / `S(...) :+ A(...)` whose body is one positive atom and whose head is its variables. */
function copyRule(r: IrRule): IrAtom | undefined {
  if (r.body.length !== 1) return undefined;
  const a = r.body[0]!;
  if (a.kind !== 'atom' || a.negated) return undefined;
  return r.head.args.every((h) => h.kind === 'var' && a.args.some((x) => slotOf(x) === h.slot)) ? a : undefined;
}

export function analyzeCarry(state: ProgramState, site: CarrySite): CarryAnalysis {
  const program = state.program;
  const { component: C, state: S, key, reply: R } = site;
  const instances = state.deployment.components.get(C)?.instances ?? 1;
  const srel = program.relations.get(S);
  const rrel = program.relations.get(R);
  const checks: Check[] = [];
  const carried = srel ? srel.attrs.map((_, i) => i).filter((i) => i !== key) : [];
  const empty = (why: string): CarryAnalysis => ({
    site,
    carried,
    requestRules: [],
    replyRules: [],
    sources: [],
    readers: [],
    reuse: new Map(),
    checks: [{ id: idOf(site, 'shape'), sentence: `\`${S}\` is state of \`${C}\` keyed by one attribute, and \`${R}\` a message \`${C}\` receives.`, holds: false, reasons: [why] }],
    once: { fd: false, assumptions: [] },
  });
  if (!program.components.has(C)) return empty(`no component \`${C}\``);
  if (!srel || !rrel) return empty(`no relation \`${!srel ? S : R}\``);
  if (srel.kind !== 'decl') return empty(`\`${S}\` is ${srel.kind === 'output' ? 'an output' : `a ${srel.kind} relation`}: only a component's own state is carried`);
  if (key < 0 || key >= srel.attrs.length || carried.length === 0) return empty(`\`${S}\` needs a key attribute and at least one other attribute to carry`);
  if (settingRules(program, C, S).length === 0) return empty(`no rule of \`${C}\` sets \`${S}\``);
  if (rrel.kind !== 'decl') return empty(`\`${R}\` is ${rrel.kind === 'input' ? 'a client input' : rrel.kind === 'output' ? 'an output (clients would see the new column)' : `a ${rrel.kind} relation`}, not a reply between components`);
  const replyRules = program.rules.filter((r) => r.kind === 'async' && r.head.relation === R);
  const readsR = componentScope(program, C).rules.some((r) => atoms(r).some((a) => a.relation === R));
  if (!readsR || replyRules.length === 0) return empty(`\`${C}\` receives no \`${R}\` sent by another component`);

  // ---------------------------------------------------------------- round trip
  const trip: string[] = [];
  const requests = new Set<string>();
  for (const r of replyRules) {
    if (r.component === C) trip.push(`rule \`${r.text}\` sends \`${R}\` from ${C} itself: not a reply`);
    const qs = changing(program, r).filter((a) => !a.negated);
    if (qs.length !== 1) trip.push(`rule \`${r.text}\` reads ${qs.length} changing relations: a reply answers one request`);
    else requests.add(qs[0]!.relation);
  }
  const Q = requests.size === 1 ? [...requests][0]! : undefined;
  if (requests.size > 1) trip.push(`\`${R}\` answers several relations (${[...requests].join(', ')})`);
  const requestRules = Q === undefined ? [] : program.rules.filter((r) => r.kind === 'async' && r.head.relation === Q);
  if (Q !== undefined) {
    for (const r of requestRules) if (r.component !== C) trip.push(`\`${Q}\` is also sent by ${r.component} (\`${r.text}\`): a reply may answer a request ${C} did not send`);
    if (program.relations.get(Q)?.kind !== 'decl') trip.push(`\`${Q}\` is ${program.relations.get(Q)?.kind === 'input' ? 'a client input' : 'an output'}: only messages between components gain a column`);
  }
  // The request key: a position of Q each reply copies unchanged into one position of R.
  let requestKey: number | undefined;
  let replyKey: number | undefined;
  const qArity = Q === undefined ? 0 : program.relations.get(Q)!.attrs.length;
  const copiedTo = (r: IrRule, q: number): number | undefined => {
    const qa = atoms(r).find((a) => a.relation === Q && !a.negated);
    const s = slotOf(qa?.args[q]);
    if (s === undefined) return undefined;
    const hits = r.head.args.map((h, i) => (h.kind === 'var' && h.slot === s ? i : -1)).filter((i) => i >= 0);
    return hits.length === 1 ? hits[0] : undefined;
  };
  const keyType = srel.attrs[key]!.type;
  for (let q = 0; q < qArity && requestKey === undefined; q++) {
    if (program.relations.get(Q!)!.attrs[q]!.type !== keyType) continue;
    const targets = replyRules.map((r) => copiedTo(r, q));
    const t = targets[0];
    if (t !== undefined && targets.every((x) => x === t) && rrel.attrs[t]!.type === keyType && readerCandidates(program, C, S, key, R, t, instances).length > 0) {
      requestKey = q;
      replyKey = t;
    }
  }
  if (Q !== undefined && requestKey === undefined) trip.push(`no attribute of \`${Q}\` is copied unchanged into the same attribute of every \`${R}\` (typed like \`${S}\`'s key, ${srel.attrs[key]!.name}) on which a rule of ${C} reading \`${S}\` waits for \`${R}\`: the reply's key is not the request's`);
  if (Q !== undefined && instances > 1) {
    const senders = senderPositions(program, C, Q);
    for (const r of replyRules) {
      const qa = atoms(r).find((a) => a.relation === Q && !a.negated);
      if (!senders.some((p) => slotOf(qa?.args[p]) === r.head.dest?.slot)) trip.push(`rule \`${r.text}\` does not send \`${R}\` back to the ${C} node that sent \`${Q}\` (${C} has ${instances} nodes)`);
    }
  }
  checks.push({
    id: idOf(site, 'round-trip'),
    sentence: `\`${R}\` is sent only in answer to \`${Q ?? '?'}\`, which only \`${C}\` sends: every rule sending \`${R}\` reads one \`${Q ?? '?'}\` and copies its key unchanged${instances > 1 ? `, back to the ${C} node that sent it` : ''}.`,
    holds: trip.length === 0 && Q !== undefined && requestKey !== undefined,
    reasons: trip.length ? trip : Q === undefined ? [`\`${R}\` answers no request`] : requestKey === undefined ? [] : replyRules.map((r) => `\`${r.text}\` copies ${program.relations.get(Q)!.attrs[requestKey!]!.name} of \`${Q}\` into ${rrel.attrs[replyKey!]!.name} of \`${R}\``),
  });
  if (Q === undefined || requestKey === undefined || replyKey === undefined) {
    return { site, carried, requestRules, replyRules, sources: [], readers: [], reuse: new Map(), checks, once: { fd: false, assumptions: [] } };
  }

  // ---------------------------------------------------------------- kept: persisted and set once
  const persisted = unconditionallyPersisted(program, C, S);
  const setters = settingRules(program, C, S);
  const ctx = contextOf(program, state.deployment.edb);
  const fdCandidates = inferFds(ctx).filter((fd) => fd.relation === S && fd.from.every((i) => i === key) && carried.includes(fd.to));
  const fd = carried.every((c) => fdCandidates.some((f) => f.to === c));
  const assumptions: string[] = [];
  const unkept: string[] = [];
  if (!persisted) unkept.push(`\`${S}\` is not persisted: a value carried on a reply could outlive it`);
  if (!fd) {
    const guardedBy = (r: IrRule): boolean => {
      const ks = headSlot(r, key);
      return ks !== undefined && atoms(r).some((a) => a.negated && a.relation === S && slotOf(a.args[key]) === ks && a.args.every((x, i) => i === key || x.kind === 'wildcard'));
    };
    for (const r of setters) {
      const pos = changing(program, r).filter((a) => !a.negated);
      if (pos.length === 1 && program.relations.get(pos[0]!.relation)?.kind === 'input') {
        assumptions.push(`\`${S}\` has one ${carried.map((c) => srel.attrs[c]!.name).join(', ')} per ${srel.attrs[key]!.name}: it is set from the client input \`${pos[0]!.relation}\` (\`${r.text}\`), so clients must never send two \`${pos[0]!.relation}\` facts with one ${srel.attrs[key]!.name} and different values. An assumption about the inputs, not provable from the program; inputs that break it make the programs differ, which the differential tester shows (e.g. on generated inputs)`);
        continue;
      }
      const src = copyRule(r);
      // The source's every rule is guarded (and it arrives no other way).
      const srcRules = src ? componentScope(program, C).rules.filter((d) => d.kind !== 'async' && d.head.relation === src.relation) : [];
      const srcElsewhere = src !== undefined && (program.relations.get(src.relation)?.kind !== 'decl' || program.rules.some((d) => d.kind === 'async' && d.head.relation === src.relation));
      const srcKey = src ? src.args.findIndex((x) => slotOf(x) === headSlot(r, key)) : -1;
      const guarded = guardedBy(r) || (src !== undefined && !srcElsewhere && srcRules.length > 0 && srcKey >= 0 && srcRules.every((d) => {
        const ks = headSlot(d, srcKey);
        return ks !== undefined && atoms(d).some((a) => a.negated && a.relation === S && slotOf(a.args[key]) === ks && a.args.every((x, i) => i === key || x.kind === 'wildcard'));
      }));
      if (guarded) {
        assumptions.push(`\`${S}\` is set once per ${srel.attrs[key]!.name} (\`${r.text}\`${src ? `, and every rule deriving \`${src.relation}\` is guarded by \`!${S}(${srel.attrs[key]!.name}, _)\`` : ''}), so it changes in one tick at most; that it gets one value in that tick is not proved (no FD ${srel.attrs[key]!.name} -> ${carried.map((c) => srel.attrs[c]!.name).join(', ')} is inferred): a protocol invariant, checked dynamically by the differential tester with the reference model on every run`);
        continue;
      }
      unkept.push(`rule \`${r.text}\` can give \`${S}\` another value for a ${srel.attrs[key]!.name} it already has (no guard \`!${S}(${srel.attrs[key]!.name}, _)\`, no FD ${srel.attrs[key]!.name} -> ${carried.map((c) => srel.attrs[c]!.name).join(', ')} inferred): a reply would carry the value the request left with, not the one ${C} holds when it reads`);
    }
  }
  checks.push({
    id: idOf(site, 'kept'),
    sentence: `\`${S}\` is persisted and set once per ${srel.attrs[key]!.name}: the value a request carries is the one \`${C}\` holds when the reply arrives.`,
    holds: unkept.length === 0,
    reasons: unkept.length ? unkept : fd ? [`persisted; the FD ${srel.attrs[key]!.name} -> ${fdCandidates.map((f) => `${srel.attrs[f.to]!.name} (${srel.attrs[f.to]!.name} = ${printTerm(f.def)})`).join(', ')} is inferred, and Z3 proves it (obligations of this step)`] : ['persisted', ...assumptions],
  });

  // ---------------------------------------------------------------- sourced
  const seedsNow: Keyed = new Map([[S, new Set([key])]]);
  const seedsLater: Keyed = new Map();
  for (const r of setters) {
    const a = copyRule(r);
    const ks = headSlot(r, key);
    if (!a || ks === undefined) continue;
    const q = a.args.findIndex((x) => slotOf(x) === ks);
    if (q >= 0) put(r.kind === 'sync' ? seedsNow : seedsLater, a.relation, q);
  }
  const H = implying(program, C, seedsNow, persisted, instances, seedsLater);
  const sources: Source[] = [];
  const unsourced: string[] = [];
  for (const r of requestRules) {
    const ks = headSlot(r, requestKey);
    if (ks === undefined) {
      unsourced.push(`rule \`${r.text}\` sends no variable as ${program.relations.get(Q)!.attrs[requestKey]!.name}`);
      continue;
    }
    let found: Source | undefined;
    for (const via of setters) {
      const src = copyRule(via);
      const vk = headSlot(via, key);
      if (!src || vk === undefined) continue;
      const srcKey = src.args.findIndex((x) => slotOf(x) === vk);
      const idx = r.body.findIndex((l) => l.kind === 'atom' && !l.negated && l.relation === src.relation && slotOf(l.args[srcKey]) === ks);
      if (idx < 0) continue;
      const at = r.body[idx] as IrAtom;
      const values = carried.map((c) => at.args[src.args.findIndex((x) => slotOf(x) === headSlot(via, c))]!);
      found = { kind: 'atom', rule: r, atomIndex: idx, keySlot: ks, values, via };
      break;
    }
    if (!found && atoms(r).some((a) => !a.negated && a.args.some((x, q) => slotOf(x) === ks && has(H, a.relation, q)))) found = { kind: 'join', rule: r, keySlot: ks };
    if (found) sources.push(found);
    else unsourced.push(`rule \`${r.text}\` neither reads what \`${S}\` is set from nor is \`${S}(${srel.attrs[key]!.name}, ...)\` known to hold whenever it fires (no chain of rules and round trips from \`${S}\` to its body)`);
  }
  checks.push({
    id: idOf(site, 'sourced'),
    sentence: `Every rule sending \`${Q}\` knows \`${S}\`'s value for its key when it sends: it reads what \`${S}\` is set from, or \`${S}\` holds whenever it fires (so joining it loses no request).`,
    holds: unsourced.length === 0,
    reasons: unsourced.length
      ? unsourced
      : sources.map((s) => (s.kind === 'atom' ? `\`${s.rule.text}\` reads \`${(s.rule.body[s.atomIndex] as IrAtom).relation}\`, from which \`${s.via.text}\` sets \`${S}\`` : `\`${s.rule.text}\` joins \`${S}\`, which holds whenever it fires: ${chain(program, s.rule, s.keySlot, H)}`)),
  });

  // ---------------------------------------------------------------- readers
  const readers = readerCandidates(program, C, S, key, R, replyKey, instances);
  checks.push({
    id: idOf(site, 'readers'),
    sentence: `Some rule of \`${C}\` reads \`${S}\` only once a \`${R}\` for the same key has arrived (so the copy it reads instead is never empty).`,
    holds: readers.length > 0,
    reasons: readers.length ? readers.map((r) => `\`${r.text}\``) : [`no rule of ${C} reading \`${S}\` waits for \`${R}\`: nothing to carry`],
  });

  // Carried values already on both messages, unchanged.
  const reuse = new Map<number, { q: number; r: number }>();
  carried.forEach((c, i) => {
    let qPos: number | undefined;
    for (const s of sources) {
      if (s.kind !== 'atom') return;
      const val = slotOf(s.values[i]);
      const hits = s.rule.head.args.map((h, j) => (h.kind === 'var' && h.slot === val ? j : -1)).filter((j) => j >= 0);
      if (val === undefined || hits.length !== 1 || (qPos !== undefined && qPos !== hits[0])) return;
      qPos = hits[0];
    }
    if (qPos === undefined) return;
    const rs = replyRules.map((r) => copiedTo(r, qPos!));
    if (rs[0] !== undefined && rs.every((x) => x === rs[0])) reuse.set(c, { q: qPos, r: rs[0] });
  });
  return { site, carried, request: Q, requestKey, replyKey, requestRules, replyRules, sources, readers, reuse, checks, once: { fd, assumptions } };
}

/** Rules of C reading S whose body implies a reply R for S's key has arrived. */
function readerCandidates(program: CheckedProgram, C: string, S: string, key: number, R: string, replyKey: number, instances: number): IrRule[] {
  const arrived = implying(program, C, new Map([[R, new Set([replyKey])]]), true, instances);
  return componentScope(program, C).rules.filter((r) => {
    if (r.fromPersist || (r.source && isPersistence(r.source)) || r.head.relation === S) return false;
    const ss = atoms(r).filter((a) => a.relation === S);
    if (ss.length === 0) return false;
    return ss.every((a) => {
      const ks = slotOf(a.args[key]);
      return ks !== undefined && atoms(r).some((b) => !b.negated && b.relation !== S && b.args.some((x, q) => slotOf(x) === ks && has(arrived, b.relation, q)));
    });
  });
}

/**
 * When the copy may forget a key: a relation G that `C` never drops, such
 * that every reader of the copy needs, for the copy's key k, a fact derived
 * in the same tick only under `!G(k, _)` (2PC's answer needs `finish(t)`,
 * derived only under `!ended(t)`). Once G(k) holds it holds for good, so no
 * reader fires for k again and the copy's facts for k are never read: the
 * copy is kept by `copy :+ copy, !G(k, _)`, not for good.
 */
export function forgetGuard(program: CheckedProgram, C: string, S: string, key: number, readers: readonly IrRule[]): { relation: string; at: number; reasons: string[] } | undefined {
  const own = componentScope(program, C).rules;
  const sentAnywhere = new Set(program.rules.filter((r) => r.kind === 'async').map((r) => r.head.relation));
  /** G/j -> why, for the relation `b` whose fact at position p a rule needs: every rule deriving it negates G at that position. */
  const blockers = (b: string, p: number): Map<string, string> => {
    const out = new Map<string, string>();
    const defs = own.filter((d) => d.head.relation === b && !d.fromPersist);
    if (defs.length === 0 || defs.some((d) => d.kind !== 'sync') || sentAnywhere.has(b) || program.relations.get(b)?.kind !== 'decl' || unconditionallyPersisted(program, C, b)) return out;
    let common: Set<string> | undefined;
    for (const d of defs) {
      const h = d.head.args[p];
      const hs = h?.kind === 'var' ? h.slot : undefined;
      const here = new Set<string>();
      for (const g of atoms(d)) {
        if (!g.negated || !unconditionallyPersisted(program, C, g.relation)) continue;
        const j = g.args.findIndex((x) => hs !== undefined && slotOf(x) === hs);
        if (j >= 0 && g.args.every((x, i) => i === j || x.kind === 'wildcard')) here.add(`${g.relation}/${j}`);
      }
      common = common ? new Set([...common].filter((x) => here.has(x))) : here;
    }
    for (const gj of common ?? []) out.set(gj, `\`${b}\` is derived only under \`!${gj.split('/')[0]}\` (${defs.map((d) => `\`${d.text}\``).join(', ')})`);
    return out;
  };
  let common: Map<string, string[]> | undefined;
  for (const r of readers) {
    const slots = new Set(atoms(r).filter((a) => a.relation === S).map((a) => slotOf(a.args[key])));
    const ks = [...slots][0];
    if (slots.size !== 1 || ks === undefined) return undefined;
    const mine = new Map<string, string[]>();
    for (const b of atoms(r)) {
      if (b.negated || b.relation === S || isConstant(program, b.relation)) continue;
      b.args.forEach((x, p) => {
        if (slotOf(x) !== ks) return;
        for (const [gj, why] of blockers(b.relation, p)) mine.set(gj, [...(mine.get(gj) ?? []), `every reader needs \`${b.relation}\` for the key, ${why.replace(/^`[^`]*` is/, 'which is')}`]);
      });
    }
    common = common ? new Map([...common].filter(([gj]) => mine.has(gj)).map(([gj, why]) => [gj, [...why, ...mine.get(gj)!]])) : mine;
  }
  const first = [...(common ?? new Map<string, string[]>())].sort(([x], [y]) => x.localeCompare(y))[0];
  if (!first) return undefined;
  const [relation, at] = first[0].split('/');
  return { relation: relation!, at: Number(at), reasons: [...new Set(first[1])] };
}

/** Why a rule's body implies the state: its atom that does, and the relations of the chain. */
function chain(program: CheckedProgram, r: IrRule, slot: number, H: Keyed): string {
  const at = atoms(r).find((a) => !a.negated && a.args.some((x, q) => slotOf(x) === slot && has(H, a.relation, q)));
  if (at && H.keys().next().value === at.relation) return `it reads \`${at.relation}\` itself for the same key`;
  const via = [...H.keys()].filter((x) => program.relations.get(x)?.kind === 'decl');
  return `its \`${at?.relation ?? '?'}\` implies it (every way a fact of ${via.map((x) => `\`${x}\``).join(', ')} arises, locally or as the answer to a request sent meanwhile, needs the state for the same key, which is persisted)`;
}

export function carryPrecondition(state: ProgramState, site: CarrySite): Precondition {
  const a = analyzeCarry(state, site);
  return { holds: a.checks.every((c) => c.holds), checks: a.checks };
}

/** Name of the copy: `S__via_R`. */
export const copyName = (state: string, reply: string): string => `${state}__via_${reply}`;

export function applyCarry(state: ProgramState, site: CarrySite): Applied {
  const program = state.program;
  const a = analyzeCarry(state, site);
  const Q = a.request;
  if (Q === undefined || a.requestKey === undefined || a.replyKey === undefined) throw new Error(`no round trip to carry on: ${a.checks.filter((c) => !c.holds).map((c) => c.reasons.join('; ')).join('; ')}`);
  const { component: C, state: S, key, reply: R } = site;
  const srel = program.relations.get(S)!;
  const qrel = program.relations.get(Q)!;
  const rrel = program.relations.get(R)!;
  const taken = takenNames(program);
  const notes: string[] = [];
  const irOf = new Map<Rule, IrRule>();
  for (const r of program.rules) if (r.source) irOf.set(r.source, r);

  // New columns for the carried attributes not already on both messages.
  const fresh = a.carried.filter((c) => !a.reuse.has(c));
  const attrName = (attrs: readonly { name: string }[], base: string): string => {
    const names = new Set(attrs.map((x) => x.name));
    let n = base;
    for (let i = 2; names.has(n); i++) n = `${base}${i}`;
    names.add(n);
    return n;
  };
  const qAttrs = [...qrel.attrs];
  const rAttrs = [...rrel.attrs];
  const qPos = new Map<number, number>();
  const rPos = new Map<number, number>();
  for (const c of a.carried) {
    const reused = a.reuse.get(c);
    if (reused) {
      qPos.set(c, reused.q);
      rPos.set(c, reused.r);
      continue;
    }
    qPos.set(c, qAttrs.length);
    qAttrs.push({ name: attrName(qAttrs, srel.attrs[c]!.name), type: srel.attrs[c]!.type });
    rPos.set(c, rAttrs.length);
    rAttrs.push({ name: attrName(rAttrs, srel.attrs[c]!.name), type: srel.attrs[c]!.type });
  }
  const copy = freshName(taken, copyName(S, R));
  const extend = (l: AtomLit, n: number): AtomLit => ({ ...l, args: [...l.args, ...Array.from({ length: n }, () => wildcard())] });
  const widen = (r: Rule): Rule => (fresh.length === 0 ? r : { ...r, body: r.body.map((l): BodyLit => (l.kind === 'atom' && (l.relation === Q || l.relation === R) ? extend(l, fresh.length) : l)) });

  // A request rule with no source (a refused step, forced) joins S: the requests it cannot carry S's value on are lost, which is what the forced run shows.
  const sourceOf = new Map<number, Source>(a.sources.map((s) => [s.rule.id, s]));
  for (const r of a.requestRules) {
    if (sourceOf.has(r.id)) continue;
    const ks = headSlot(r, a.requestKey);
    if (ks === undefined) throw new Error(`cannot be applied: \`${r.text}\` sends no variable as the key of \`${Q}\``);
    sourceOf.set(r.id, { kind: 'join', rule: r, keySlot: ks });
  }
  const replyIds = new Set(a.replyRules.map((r) => r.id));
  const readerIds = new Set(a.readers.map((r) => r.id));
  const argExpr = (x: IrArg, vars: Set<string>): Expr => (x.kind === 'var' ? v(x.name) : x.kind === 'const' ? constExpr(x.value) : v(freshVar(vars, 'carried')));

  const rewriteSenders = (r: Rule): Rule => {
    const ir = irOf.get(r);
    if (!ir) return widen(r);
    const src = sourceOf.get(ir.id);
    if (src && fresh.length > 0) {
      // The request carries S's values: from the source atom, or a join with S.
      const vars = ruleVars(r);
      const body = [...r.body];
      const values: Expr[] = [];
      if (src.kind === 'atom') {
        const at = ir.body[src.atomIndex] as IrAtom;
        const lit = r.body.find((l): l is AtomLit => l.kind === 'atom' && !l.negated && l.relation === at.relation && sameAtom(l, at))!;
        const args = [...lit.args];
        for (const c of fresh) {
          const i = a.carried.indexOf(c);
          const x = src.values[i]!;
          if (x.kind === 'wildcard') {
            // Name the value the request carries.
            const name = freshVar(vars, attrVar(srel.attrs[c]!.name));
            const via = src.via;
            const viaAtom = copyRule(via)!;
            const pos = viaAtom.args.findIndex((y) => slotOf(y) === headSlot(via, c));
            args[pos] = v(name);
            values.push(v(name));
          } else values.push(argExpr(x, vars));
        }
        body[body.indexOf(lit)] = { ...lit, args };
      } else {
        const keyName = ir.slotNames[src.keySlot]!;
        const joinArgs: Expr[] = srel.attrs.map((at, i) => (i === key ? v(keyName) : wildcard()));
        for (const c of fresh) {
          const name = freshVar(vars, attrVar(srel.attrs[c]!.name));
          joinArgs[c] = v(name);
          values.push(v(name));
        }
        body.push(atom(S, joinArgs));
      }
      const widened = widen({ ...r, body });
      return { ...widened, head: { ...widened.head, args: [...widened.head.args, ...values] } };
    }
    if (replyIds.has(ir.id) && fresh.length > 0) {
      // The reply copies the carried values from the request, unchanged.
      const vars = ruleVars(r);
      const names = fresh.map((c) => freshVar(vars, attrVar(srel.attrs[c]!.name)));
      const body = r.body.map((l): BodyLit => {
        if (l.kind !== 'atom') return l;
        if (l.relation === Q && !l.negated) return { ...l, args: [...l.args, ...names.map((n) => v(n))] };
        if (l.relation === Q || l.relation === R) return extend(l, fresh.length);
        return l;
      });
      return { ...r, body, head: { ...r.head, args: [...r.head.args, ...names.map((n) => v(n))] } };
    }
    return widen(r);
  };
  const readCopy = (r: Rule): Rule => ({ ...r, body: r.body.map((l): BodyLit => (l.kind === 'atom' && l.relation === S ? { ...l, relation: copy } : l)) });
  const rewriteAll = (r: Rule): Rule => {
    const ir = irOf.get(r);
    const out = rewriteSenders(r);
    return ir && readerIds.has(ir.id) ? readCopy(out) : out;
  };

  const s = sections(state.ast);
  const components = s.components.map((c) => ({ name: c.name, rules: c.rules.map(rewriteAll) }));
  // The copy: kept from every reply.
  const vars = new Set<string>();
  const rArgs: Expr[] = rAttrs.map(() => wildcard());
  const keyVar = freshVar(vars, attrVar(srel.attrs[key]!.name));
  rArgs[a.replyKey] = v(keyVar);
  const headArgs: Expr[] = srel.attrs.map(() => wildcard());
  headArgs[key] = v(keyVar);
  for (const c of a.carried) {
    const n = freshVar(vars, attrVar(srel.attrs[c]!.name));
    rArgs[rPos.get(c)!] = v(n);
    headArgs[c] = v(n);
  }
  const copyRuleAst: Rule = rule(head(copy, headArgs), ':-', [atom(R, rArgs)]);
  const mine = components.find((c) => c.name === C)!;
  mine.rules.push(copyRuleAst);

  // S without readers is dead state: removed.
  const stillRead = components.some((c) => c.rules.some((r) => !(isPersistence(r) && r.head.relation === S) && r.body.some((l) => l.kind === 'atom' && l.relation === S)));
  let decls: Item[] = s.decls.map((d): Item => {
    if (d.kind === 'relation' && d.name === Q && fresh.length) return relationDecl(d.role, Q, qAttrs);
    if (d.kind === 'relation' && d.name === R && fresh.length) return relationDecl(d.role, R, rAttrs);
    return d;
  });
  const guard = forgetGuard(program, C, S, key, a.readers);
  decls.push(relationDecl('decl', copy, srel.attrs));
  if (guard) {
    const pv = new Set<string>();
    const xs = srel.attrs.map((at) => v(freshVar(pv, attrVar(at.name))));
    const garity = program.relations.get(guard.relation)!.attrs.length;
    const gArgs = Array.from({ length: garity }, (_, i) => (i === guard.at ? xs[key]! : wildcard()));
    mine.rules.push(rule(head(copy, xs), ':+', [atom(copy, xs), atom(guard.relation, gArgs, true)]));
  } else decls.push(persistDecl(copy));
  const carriedNames = a.carried.map((c) => srel.attrs[c]!.name).join(', ');
  notes.push(
    fresh.length
      ? `\`${Q}\` carries ${fresh.map((c) => `${qAttrs[qPos.get(c)!]!.name}`).join(', ')} (${S}'s ${fresh.map((c) => srel.attrs[c]!.name).join(', ')}) and \`${R}\` copies ${fresh.length === 1 ? 'it' : 'them'} back unchanged`
      : `\`${Q}\` and \`${R}\` already carry ${carriedNames} unchanged (${[...a.reuse].map(([c, p]) => `${qrel.attrs[p.q]!.name} -> ${rrel.attrs[p.r]!.name}`).join(', ')})`,
  );
  for (const src of a.sources) notes.push(src.kind === 'atom' ? `\`${src.rule.text}\` takes ${carriedNames} from \`${(src.rule.body[src.atomIndex] as IrAtom).relation}\`, from which ${S} is set` : `\`${src.rule.text}\` takes ${carriedNames} from \`${S}\` (a join)`);
  notes.push(`${C} keeps what \`${R}\` carries in \`${copy}\` (${guard ? `persisted until \`${guard.relation}\` holds for its key: ${guard.reasons.join('; ')}; and \`${guard.relation}\` is never dropped` : 'persisted'}), which ${a.readers.map((r) => `\`${r.text}\``).join(', ')} now read${a.readers.length === 1 ? 's' : ''} instead of \`${S}\``);
  if (!stillRead) {
    for (const c of components) {
      const before = c.rules.length;
      c.rules = c.rules.filter((r) => r.head.relation !== S);
      if (c.rules.length !== before) notes.push(`no rule reads \`${S}\` any more: its rules in ${c.name} are removed`);
    }
    decls = decls.filter((d) => !((d.kind === 'relation' || d.kind === 'persist') && (d.kind === 'relation' ? d.name : d.relation) === S));
  }
  return { ast: assemble({ decls, components }), deployment: state.deployment, notes };
}

function constExpr(value: string | number | boolean): Expr {
  return typeof value === 'string' ? str(value) : typeof value === 'number' ? int(value) : bool(value);
}

/** Is the written atom the checked one (same relation, same argument shapes)? */
function sameAtom(l: AtomLit, at: IrAtom): boolean {
  return (
    l.args.length === at.args.length &&
    l.args.every((x, i) => {
      const y = at.args[i]!;
      if (x.kind === 'var') return y.kind === 'var' && y.name === x.name;
      if (x.kind === 'wildcard') return y.kind === 'wildcard';
      return y.kind === 'const' && 'value' in x && x.value === y.value;
    })
  );
}

// ---------------------------------------------------------------- finder and obligations

/** Every site of a component: each persisted state, key attribute and reply it receives where the precondition holds. */
export function carrySites(state: ProgramState, component: string, reply?: string): CarrySite[] {
  const program = state.program;
  if ((state.deployment.components.get(component)?.partitions ?? 1) > 1) return [];
  const own = componentScope(program, component).rules;
  const states = [...new Set(own.filter((r) => r.kind !== 'async').map((r) => r.head.relation))].filter((x) => program.relations.get(x)?.kind === 'decl' && unconditionallyPersisted(program, component, x));
  const replies = [...new Set(own.flatMap((r) => atoms(r).map((a) => a.relation)))].filter((x) => (reply === undefined || x === reply) && program.rules.some((r) => r.kind === 'async' && r.head.relation === x && r.component !== component) && program.relations.get(x)?.kind !== 'input');
  const out: CarrySite[] = [];
  for (const S of states.sort()) {
    const arity = program.relations.get(S)!.attrs.length;
    for (let key = 0; key < arity && arity > 1; key++) {
      for (const R of replies.sort()) {
        const site: CarrySite = { kind: 'carry', component, state: S, key, reply: R };
        if (carryPrecondition(state, site).holds) out.push(site);
      }
    }
  }
  return out;
}

/** Why a component has no carry site: the first candidate's failing check, or that it has no candidate. */
export function carryWhyNot(state: ProgramState, component: string): string {
  const program = state.program;
  const own = componentScope(program, component).rules;
  const states = [...new Set(own.filter((r) => r.kind !== 'async').map((r) => r.head.relation))].filter((x) => program.relations.get(x)?.kind === 'decl' && unconditionallyPersisted(program, component, x) && (program.relations.get(x)?.attrs.length ?? 0) > 1);
  const replies = [...new Set(own.flatMap((r) => atoms(r).map((a) => a.relation)))].filter((x) => program.rules.some((r) => r.kind === 'async' && r.head.relation === x && r.component !== component));
  if (states.length === 0) return 'it keeps no persisted state with a key and a value to carry';
  if (replies.length === 0) return 'it receives no message from another component (no round trip)';
  for (const S of states.sort()) {
    for (const R of replies.sort()) {
      for (let key = 0; key < program.relations.get(S)!.attrs.length; key++) {
        const a = analyzeCarry(state, { kind: 'carry', component, state: S, key, reply: R });
        const failed = a.checks.find((c) => !c.holds);
        if (failed && !failed.id.endsWith('.shape') && !failed.id.endsWith('.round-trip')) return `e.g. \`${S}\` on \`${R}\`: ${failed.reasons[0] ?? failed.sentence}`;
      }
    }
  }
  return `no rule reading its state (${states.map((x) => `\`${x}\``).join(', ')}) waits for a reply (${replies.map((x) => `\`${x}\``).join(', ')}) that answers a request it sends on the same key`;
}

export async function carryObligations(state: ProgramState, site: CarrySite): Promise<{ checks: readonly Check[]; obligations: Solved['obligation'][]; decided: Map<string, Solved>; facts: string[] }> {
  const a = analyzeCarry(state, site);
  const facts = a.once.assumptions.map((x) => `assumed, not proved: ${x}`);
  if (!a.once.fd) return { checks: a.checks, obligations: [], decided: new Map(), facts };
  // The FD key -> carried columns: Z3 checks the inferred FDs inductively; those of S are this step's obligations.
  const ctx = contextOf(state.program, state.deployment.edb);
  const all = inferFds(ctx);
  const check = await checkFds(ctx, relevantFds(ctx, all, [site.state]));
  const mine = check.results.filter((r) => r.obligation.fd.relation === site.state && r.obligation.fd.from.every((i) => i === site.key) && a.carried.includes(r.obligation.fd.to));
  const decided = new Map<string, Solved>(mine.map((r) => [r.obligation.id, { obligation: r.obligation, verdict: r.verdict, ms: r.ms }]));
  return { checks: a.checks, obligations: mine.map((r) => r.obligation), decided, facts };
}

export const carry: Rewrite<CarrySite> = {
  name: 'carry',
  summary: 'carry state a component reads once a round trip for the same key comes back on the request and the reply, so its readers read the reply instead of the state',
  find: (state) => [...state.program.components.keys()].flatMap((c) => carrySites(state, c)),
  precondition: carryPrecondition,
  obligations: carryObligations,
  apply: applyCarry,
};
