/**
 * Why a run stopped. Only `quiescent` is a successful run: every other reason
 * means the run was cut short and its observations may be incomplete.
 */
import { match } from 'ts-pattern';
import type { Tuple } from '../ir/types.js';
import type { Action } from './actions.js';
import { formatFact } from './values.js';

/** A rule of the program, as reports name it. */
export interface RuleRef {
  readonly rule: number;
  readonly ruleText: string;
  /** Line of the rule in the program text. */
  readonly line: number;
}

/** How often a rule fired (sent messages or carried facts to a next tick) near the end of a run. */
export interface RuleActivity extends RuleRef {
  readonly count: number;
}

export type BoundKind = 'steps' | 'ticks' | 'messages' | 'facts-per-tick' | 'wall-time';

/** Why a destination address was refused. */
export type AddressProblem =
  /** Shaped like a node address (`NAME#i`) of a component, but no such node runs. */
  | 'no-such-node'
  /** The logical address of a partitioned component: route through `partition_of`. */
  | 'partitioned'
  /** An address outside the deployment (a client) can only receive `.output` facts. */
  | 'not-an-output';

export type Stop =
  /** Every input injected, no message in flight, and no node's next tick would change anything. */
  | { readonly reason: 'quiescent' }
  /** A bound was hit: `reached` is the value that went over `limit`. */
  | {
      readonly reason: 'bound';
      readonly bound: BoundKind;
      readonly limit: number;
      readonly reached: number;
      /** The node whose tick went over a per-tick bound. */
      readonly node?: string;
      /**
       * For `facts-per-tick`: the rule that was deriving when the tick went
       * over the bound (the tick was stopped there). Absent when the facts
       * given to the tick were already over it.
       */
      readonly deriving?: RuleRef;
      /** The rules most active in the last steps, busiest first: usually the ones that never stop. */
      readonly busiest: readonly RuleActivity[];
    }
  /** A rule failed to evaluate (division by zero, integer overflow, ...). */
  | ({ readonly reason: 'eval-error'; readonly node: string; readonly message: string } & RuleRef)
  /** A rule sent a message to an address that cannot take it. */
  | ({
      readonly reason: 'bad-address';
      readonly node: string;
      readonly address: string;
      readonly relation: string;
      readonly tuple: Tuple;
      readonly problem: AddressProblem;
    } & RuleRef)
  /** The scheduler ended the run (a replay ran out of recorded actions). */
  | { readonly reason: 'schedule-ended'; readonly step: number }
  /** The scheduler chose an action that is not enabled (a replay that no longer fits). */
  | { readonly reason: 'invalid-action'; readonly step: number; readonly action: Action; readonly problem: string };

/** One sentence saying why the run stopped. */
export function describeStop(stop: Stop): string {
  return match(stop)
    .with({ reason: 'quiescent' }, () => 'quiescent: every input handled, no message in flight, every node at rest')
    .with({ reason: 'bound' }, (s) => {
      const what = match(s.bound)
        .with('steps', () => `step limit reached: ${s.limit} steps without quiescence`)
        .with('ticks', () => `tick limit reached: ${s.limit} ticks without quiescence`)
        .with('wall-time', () => `wall-time limit reached: ${s.limit} ms without quiescence`)
        .with('messages', () => `message limit ${s.limit} exceeded: ${s.reached} messages sent`)
        .with('facts-per-tick', () =>
          s.deriving === undefined
            ? `facts-per-tick limit ${s.limit} exceeded: ${s.reached} facts in one tick at ${s.node ?? '?'}`
            : `facts-per-tick limit ${s.limit} exceeded: ${s.reached} facts in one tick at ${s.node ?? '?'}, stopped while rule ${s.deriving.rule} (line ${s.deriving.line}) was deriving: ${s.deriving.ruleText}`,
        )
        .exhaustive();
      return `bound hit, not quiescent: ${what}`;
    })
    .with({ reason: 'eval-error' }, (s) => (s.rule < 0 ? `evaluation error at ${s.node}: ${s.message}` : `evaluation error at ${s.node} in rule ${s.rule} (line ${s.line}): ${s.message}`))
    .with({ reason: 'bad-address' }, (s) => {
      const why = match(s.problem)
        .with('no-such-node', () => 'no such node in the deployment')
        .with('partitioned', () => 'a partitioned component; route through partition_of')
        .with('not-an-output', () => `an address outside the deployment, which only receives .output facts`)
        .exhaustive();
      return `bad address: ${s.node} sent ${formatFact(s.relation, s.tuple)} to "${s.address}" (${why}), rule ${s.rule} (line ${s.line})`;
    })
    .with({ reason: 'schedule-ended' }, (s) => `the schedule ended after step ${s.step} before quiescence`)
    .with({ reason: 'invalid-action' }, (s) => `step ${s.step}: the scheduler chose an action that is not enabled: ${s.problem}`)
    .exhaustive();
}
