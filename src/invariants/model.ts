/**
 * Reference models: what an observer of a protocol relies on, as named
 * invariants over a run. Every corpus protocol has one under `models/`; the
 * simulator's CLI, the corpus harness and (later) the differential tester
 * check every run against it.
 *
 * An invariant either holds on every run (`always`: safety), or only makes a
 * claim about runs that reached quiescence (`quiescent`: "every request is
 * eventually answered"). On a run that stopped early, a `quiescent` invariant
 * is reported `not-checked`, never `held`.
 */
import type { RunView } from './run-view.js';

export interface Violation {
  readonly message: string;
  /** The step where it shows, when there is one. */
  readonly step?: number;
}

export interface Invariant {
  /** Stable id, unique within its model (e.g. `reply-at-most-once`). */
  readonly name: string;
  /** One sentence for humans. */
  readonly description: string;
  readonly when: 'always' | 'quiescent';
  readonly check: (run: RunView) => readonly Violation[];
}

export interface ReferenceModel {
  /** The protocol family it specifies (`voting`, `2pc`, ...); a corpus file names it with `@model`. */
  readonly name: string;
  readonly description: string;
  /**
   * Relations (with arity) the invariants read; a program without them cannot
   * be judged by this model and is refused up front.
   */
  readonly relations: Readonly<Record<string, number>>;
  readonly invariants: readonly Invariant[];
}

export type InvariantStatus = 'held' | 'violated' | 'not-checked';

export interface InvariantResult {
  readonly name: string;
  readonly description: string;
  readonly status: InvariantStatus;
  readonly violations: readonly Violation[];
  /** Why it was not checked. */
  readonly reason?: string;
}

export interface ModelReport {
  readonly model: string;
  readonly results: readonly InvariantResult[];
  /** No invariant violated (some may be not-checked: see `results`). */
  readonly ok: boolean;
}

/** Checks every invariant of `model` on one run. */
export function checkModel(model: ReferenceModel, run: RunView): ModelReport {
  const results = model.invariants.map((inv): InvariantResult => {
    const base = { name: inv.name, description: inv.description };
    if (inv.when === 'quiescent' && !run.quiescent) {
      return { ...base, status: 'not-checked', violations: [], reason: `the run stopped (${run.stop.reason}) before quiescence` };
    }
    const violations = inv.check(run);
    return { ...base, status: violations.length ? 'violated' : 'held', violations };
  });
  return { model: model.name, results, ok: results.every((r) => r.status !== 'violated') };
}

/** Relations the model needs that the program lacks or declares with another arity. */
export function modelMismatch(model: ReferenceModel, relations: ReadonlyMap<string, { readonly attrs: readonly unknown[] }>): string[] {
  const problems: string[] = [];
  for (const [name, arity] of Object.entries(model.relations)) {
    const rel = relations.get(name);
    if (!rel) problems.push(`model \`${model.name}\` reads relation \`${name}\`, which the program does not declare`);
    else if (rel.attrs.length !== arity) {
      problems.push(`model \`${model.name}\` reads \`${name}\` with ${arity} attributes; the program declares ${rel.attrs.length}`);
    }
  }
  return problems;
}
