/**
 * Facts a rewrite relies on that are decided without a solver: per
 * component, whether it is monotonic, functional and a state machine; per
 * decoupling opportunity (src/analysis/decouple.ts), whether the moved rules
 * are independent of the rest and have those properties themselves. Each is
 * a record with a stable id, verdict `holds` or `fails`, method `syntactic`,
 * and its reasons, written into every certificate beside the Z3 obligations.
 * A certificate whose facts differ from a fresh analysis of its program is
 * stale (`proofs verify` says which ids changed).
 */
import type { CheckedProgram } from '../ir/types.js';
import { decouplings } from '../analysis/decouple.js';
import { functional, monotonic, stateMachine, type Property } from '../analysis/properties.js';
import { componentScope } from '../analysis/scope.js';

export type AnalysisFactKind = 'monotonic' | 'functional' | 'state-machine' | 'independent';

export interface AnalysisFact {
  /** `fact.<component>.<kind>` or `fact.<component>.split.r<id>-r<id>….<kind>`. */
  readonly id: string;
  readonly kind: AnalysisFactKind;
  readonly component: string;
  /** The rules the fact is about (a whole component, or the rules a decoupling would move). */
  readonly rules: readonly number[];
  readonly sentence: string;
  readonly verdict: 'holds' | 'fails';
  readonly method: 'syntactic';
  /** Why not (fails); what it rests on, if anything (holds). */
  readonly reasons: readonly string[];
}

const WHAT: Record<Exclude<AnalysisFactKind, 'independent'>, string> = {
  monotonic: 'monotonic (no negation or aggregation over facts that change, except threshold tests on growing counts)',
  functional: 'functional (no negation or aggregation over facts that change, at most one changing relation per rule body)',
  'state-machine': 'a state machine (its state changes, and it sends, only in response to inputs)',
};

function fact(component: string, rules: readonly number[], kind: AnalysisFactKind, idBase: string, sentence: string, p: Property): AnalysisFact {
  return { id: `${idBase}.${kind}`, kind, component, rules, sentence, verdict: p.holds ? 'holds' : 'fails', method: 'syntactic', reasons: [...p.reasons] };
}

/** Every syntactic fact of the program, in a stable order (components as declared, decouplings as the analysis lists them). */
export function analysisFacts(program: CheckedProgram): AnalysisFact[] {
  const out: AnalysisFact[] = [];
  for (const component of program.components.keys()) {
    const scope = componentScope(program, component);
    const ids = scope.rules.map((r) => r.id);
    const base = `fact.${component}`;
    const props: [Exclude<AnalysisFactKind, 'independent'>, Property][] = [
      ['monotonic', monotonic(program, scope)],
      ['functional', functional(program, scope)],
      ['state-machine', stateMachine(program, scope)],
    ];
    for (const [kind, p] of props) out.push(fact(component, ids, kind, base, `Component ${component} is ${WHAT[kind]}.`, p));
    for (const d of decouplings(program, scope)) {
      const split = `${base}.split.${d.rules.map((r) => `r${r}`).join('-')}`;
      const moved = `the rules ${d.rules.map((r) => `r${r}`).join(', ')} of ${component}${d.derives.length ? ` (deriving ${d.derives.join(', ')})` : ' (sending only)'}`;
      const ind = d.checks.independence;
      out.push(
        fact(component, d.rules, 'independent', split, `${cap(moved)} and the rest of ${component} are mutually independent: neither reads what the other derives, and they share no changing input.`, {
          holds: ind.mutual,
          reasons: ind.mutual ? [] : [...ind.reasons, ind.bIgnoresA ? 'the moved rules read nothing the rest derives (one-way independent)' : 'the moved rules read what the rest derives'],
        }),
      );
      out.push(fact(component, d.rules, 'monotonic', split, `${cap(moved)} are ${WHAT.monotonic}.`, d.checks.monotonic));
      out.push(fact(component, d.rules, 'functional', split, `${cap(moved)} are ${WHAT.functional}.`, d.checks.functional));
      out.push(fact(component, d.rules, 'state-machine', split, `${cap(moved)} form ${WHAT['state-machine']}.`, d.checks.stateMachine));
    }
  }
  return out;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Ids whose record differs between a certificate and a fresh analysis (added, removed or changed), with what changed. */
export function factChanges(recorded: readonly AnalysisFact[], current: readonly AnalysisFact[]): string[] {
  const before = new Map(recorded.map((f) => [f.id, f]));
  const after = new Map(current.map((f) => [f.id, f]));
  const out: string[] = [];
  for (const [id, f] of before) {
    const g = after.get(id);
    if (!g) out.push(`${id}: no longer found by the analysis`);
    else if (f.verdict !== g.verdict) out.push(`${id}: recorded ${f.verdict}, now ${g.verdict}`);
    else if (JSON.stringify(f) !== JSON.stringify(g)) out.push(`${id}: reasons or subject changed`);
  }
  for (const id of after.keys()) if (!before.has(id)) out.push(`${id}: new fact, not in the certificate`);
  return out;
}
