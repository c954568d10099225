/**
 * A rewrite is data (shared/design/STYLE.md): a name, a finder that proposes
 * every site where it applies, the precondition it checks there (from the
 * analyses), the obligations it hands to Z3, and the transformation.
 *
 * The transformation works on the syntax tree; the engine (engine.ts) prints
 * the result, parses it back and checks it, so a rewritten program is an
 * ordinary `.ded` program with its deployment, and rewrites compose.
 */
import type { Program } from '../syntax/ast.js';
import type { CheckedProgram } from '../ir/types.js';
import type { Deployment } from '../sim/deployment.js';
import type { AnyObligation, Solved } from './solve.js';
import type { DistributionPolicy } from '../certify/policy.js';

/** A program as rewrites see it: its tree, its checked form, and its deployment. */
export interface ProgramState {
  readonly ast: Program;
  readonly program: CheckedProgram;
  readonly deployment: Deployment;
  /** The canonical text (what `compartment print` gives). */
  readonly text: string;
}

export const REWRITE_NAMES = ['decouple-independent', 'decouple-functional', 'decouple-monotonic', 'decouple-asymmetric', 'decouple-batched', 'partition-cohash', 'partition-dependencies', 'partition-partial', 'replicate', 'carry', 'partition-sealed'] as const;
export type RewriteName = (typeof REWRITE_NAMES)[number];

/** Where a decoupling applies: the rules of `component` that move to the new component `into`. */
export interface DecoupleSite {
  readonly kind: 'decouple';
  readonly component: string;
  /** Ids (in the checked program) of the rules that move; never `.persist` rules. */
  readonly rules: readonly number[];
  readonly into: string;
}

/** Where a partitioning applies: a component, the policy its messages are routed by, and how many partitions. */
export interface PartitionSite {
  readonly kind: 'partition';
  readonly component: string;
  /** Completed: a key (or `*`) for every relation the component reads and derives that needs one. */
  readonly policy: DistributionPolicy;
  /** The policy as given (plan or key search), before completion. */
  readonly given: string;
  readonly partitions: number;
  /**
   * Partial partitioning (partition-partial.ts): the ordered relations a
   * coordinator relays to every partition, the coordinator's name, and the
   * keys as given. The policy is then over the program with the coordinator.
   */
  readonly partial?: { readonly ordered: readonly string[]; readonly coordinator: string; readonly keys: Readonly<Record<string, string>> };
  /**
   * Partitioning with sealing (partition-sealed.ts): the combiner that merges
   * the partitions' partial aggregates, and the keys as given. The policy is
   * over the program before the step (what the partitions keep).
   */
  readonly sealed?: { readonly combiner: string; readonly keys: Readonly<Record<string, string>> };
}

/**
 * Where carrying applies (carry.ts): state `state` of `component`, keyed by
 * its attribute at `key`, carried on the round trip whose answer is `reply`.
 */
export interface CarrySite {
  readonly kind: 'carry';
  readonly component: string;
  readonly state: string;
  readonly key: number;
  readonly reply: string;
}

export type Site = DecoupleSite | PartitionSite | CarrySite;

/**
 * A fact the rewrite relies on that is decided without a solver (the
 * dependency graph, CALM's syntactic monotonicity): recorded in the
 * certificate beside the Z3 obligations, with its reasons.
 */
export interface Check {
  readonly id: string;
  readonly sentence: string;
  readonly holds: boolean;
  /** Why not (when it fails); what it rests on (when it holds). */
  readonly reasons: readonly string[];
}

export interface Precondition {
  readonly holds: boolean;
  readonly checks: readonly Check[];
}

/** What a step must have proved before it may be called certified. */
export interface StepObligations {
  /** Decided without a solver. */
  readonly checks: readonly Check[];
  /** For Z3: `unsat` proves each. */
  readonly obligations: readonly AnyObligation[];
  /** Obligations already decided while choosing what to rely on (the inductive FD check), by id. */
  readonly decided: ReadonlyMap<string, Solved>;
  /** Facts relied on, for the certificate (policies, FDs assumed). */
  readonly facts: readonly string[];
}

/** The transformation's product, before the engine prints and re-checks it. */
export interface Applied {
  readonly ast: Program;
  readonly deployment: Deployment;
  /** What was done, one line each (new components, relations, redirected senders). */
  readonly notes: readonly string[];
  /** Relations now forwarded under a new name (decoupling): original → new. */
  readonly forwarded?: ReadonlyMap<string, string>;
}

export interface Rewrite<S extends Site> {
  readonly name: RewriteName;
  /** One sentence: what it does and when it is sound. */
  readonly summary: string;
  /** Every site where the precondition holds (empty: the program is left alone). */
  find(state: ProgramState, options?: FindOptions): S[];
  precondition(state: ProgramState, site: S): Precondition;
  obligations(state: ProgramState, site: S): Promise<StepObligations>;
  /**
   * The transformation. Defined whenever the site is well-formed, also when
   * the precondition fails, so that a refused step can still be run to show
   * the difference it makes.
   */
  apply(state: ProgramState, site: S): Applied;
}

export interface FindOptions {
  /** Partitions proposed by partitioning finders. Default 2. */
  readonly partitions?: number;
}
