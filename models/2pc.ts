/**
 * Two-phase commit (presumed abort): what the durable logs and the clients see.
 *
 * The invariants read the inputs (`begin`), the outcome sent to clients, and
 * the contents of the durable log `log(node, txn, entry)`, keyed by the
 * logical identity in its first attribute (the coordinator's or a
 * participant's address), never by the node that produced the fact: in the
 * scalable version a participant's log is written by its voter and acker
 * partitions and the coordinator's by its committers and enders. Which
 * participant votes no on which transaction is the deployment's `no_vote`.
 */
import { key, type ReferenceModel, type RunView, type Violation } from '../src/invariants/index.js';
import type { Value } from '../src/ir/types.js';
import { formatFact } from '../src/sim/values.js';

const DECISIONS = ['commit', 'abort'] as const;

/** The first step at which each log entry (node, txn, entry) held anywhere. */
function firstLogged(run: RunView): Map<string, number> {
  const first = new Map<string, number>();
  for (const o of run.nodeOutputsOf('log')) {
    const k = key(...o.tuple);
    if (!first.has(k)) first.set(k, o.step);
  }
  return first;
}

/** When `node`'s log first held `entry` for `txn`, if ever. */
function loggedAt(first: Map<string, number>, node: Value, txn: Value, entry: string): number | undefined {
  return first.get(key(node, txn, entry));
}

/** Whether `node`'s log held `entry` for `txn` at `step` or earlier. */
function loggedBy(first: Map<string, number>, node: Value, txn: Value, entry: string, step: number): boolean {
  const at = loggedAt(first, node, txn, entry);
  return at !== undefined && at <= step;
}

/** One entry of a durable log: `node`'s log held `entry` for `txn`, first at `step`. */
interface LogEntry { readonly node: string; readonly txn: number; readonly entry: string; readonly step: number }

/** The log entries (node, txn, entry) in order of first appearance, each once. */
function entries(run: RunView): LogEntry[] {
  const seen = new Set<string>();
  const out: LogEntry[] = [];
  for (const o of run.nodeOutputsOf('log')) {
    const k = key(...o.tuple);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ node: String(o.tuple[0]), txn: Number(o.tuple[1]), entry: String(o.tuple[2]), step: o.step });
  }
  return out;
}

/** The entries (see `entries`) the coordinator logged whose entry is `entry`. */
function coordinatorEntries(run: RunView, entry: string): LogEntry[] {
  const coordinators = new Set(run.instancesOf('coordinator'));
  return entries(run).filter((e) => coordinators.has(e.node) && e.entry === entry);
}

/** The participants that vote no on `txn`, per the deployment. */
function noVoters(run: RunView, txn: number): string[] {
  const participants = new Set(run.instancesOf('participant'));
  return run
    .edb('no_vote')
    .filter((f) => f[1] === txn && participants.has(String(f[0])))
    .map((f) => String(f[0]));
}

function isDecision(entry: string): boolean {
  return (DECISIONS as readonly string[]).includes(entry);
}

const log = (node: Value, txn: Value, entry: string) => formatFact('log', [node, txn, entry]);

export const twoPhaseCommitModel: ReferenceModel = {
  name: '2pc',
  description: 'each transaction is decided once, commit only if every participant voted yes, participants follow the coordinator, clients hear the decision',
  relations: { begin: 2, log: 3, outcome: 3 },
  invariants: [
    {
      name: 'commit-only-if-all-yes',
      description: 'the coordinator logs commit only for a transaction no participant votes no on, after every participant logged prepared',
      when: 'always',
      check: (run) => {
        const first = firstLogged(run);
        const out: Violation[] = [];
        for (const e of coordinatorEntries(run, 'commit')) {
          const no = noVoters(run, e.txn);
          if (no.length) out.push({ step: e.step, message: `${log(e.node, e.txn, 'commit')} but ${no.join(', ')} vote(s) no on it` });
          const unprepared = run.instancesOf('participant').filter((p) => !loggedBy(first, p, e.txn, 'prepared', e.step));
          if (unprepared.length) out.push({ step: e.step, message: `${log(e.node, e.txn, 'commit')} before ${unprepared.join(', ')} logged prepared` });
        }
        return out;
      },
    },
    {
      name: 'abort-only-if-a-no',
      description: 'the coordinator logs abort only for a transaction some participant votes no on',
      when: 'always',
      check: (run) => {
        return coordinatorEntries(run, 'abort')
          .filter((e) => noVoters(run, e.txn).length === 0)
          .map((e) => ({ step: e.step, message: `${log(e.node, e.txn, 'abort')} but every participant votes yes on it` }));
      },
    },
    {
      name: 'decided-at-most-once',
      description: "the coordinator's log never holds two different decisions (commit and abort) for one transaction",
      when: 'always',
      check: (run) => {
        const coordinators = new Set(run.instancesOf('coordinator'));
        const decided = new Map<string, string>();
        const out: Violation[] = [];
        for (const e of entries(run)) {
          if (!coordinators.has(e.node) || !isDecision(e.entry)) continue;
          const k = key(e.node, e.txn);
          const before = decided.get(k);
          if (before !== undefined && before !== e.entry) {
            out.push({ step: e.step, message: `${log(e.node, e.txn, e.entry)} after ${log(e.node, e.txn, before)}` });
          }
          if (before === undefined) decided.set(k, e.entry);
        }
        return out;
      },
    },
    {
      name: 'participant-follows-coordinator',
      description: 'a participant logs commit (abort) for a transaction only after the coordinator logged commit (abort) for it',
      when: 'always',
      check: (run) => {
        const participants = new Set(run.instancesOf('participant'));
        const coordinators = run.instancesOf('coordinator');
        const first = firstLogged(run);
        const out: Violation[] = [];
        for (const e of entries(run)) {
          if (!participants.has(e.node) || !isDecision(e.entry)) continue;
          const ok = coordinators.some((c) => loggedBy(first, c, e.txn, e.entry, e.step));
          if (!ok) out.push({ step: e.step, message: `${log(e.node, e.txn, e.entry)} but the coordinator had not logged ${e.entry} for it` });
        }
        return out;
      },
    },
    {
      name: 'end-after-every-participant-logged',
      description: "the coordinator logs end for a transaction only after every participant logged the coordinator's decision on it",
      when: 'always',
      check: (run) => {
        const first = firstLogged(run);
        const out: Violation[] = [];
        for (const e of coordinatorEntries(run, 'end')) {
          const decision = DECISIONS.find((d) => loggedBy(first, e.node, e.txn, d, e.step));
          if (decision === undefined) {
            out.push({ step: e.step, message: `${log(e.node, e.txn, 'end')} before any decision on it` });
            continue;
          }
          const missing = run.instancesOf('participant').filter((p) => !loggedBy(first, p, e.txn, decision, e.step));
          if (missing.length) out.push({ step: e.step, message: `${log(e.node, e.txn, 'end')} before ${missing.join(', ')} logged ${decision}` });
        }
        return out;
      },
    },
    {
      name: 'answer-matches-decision',
      description: "every outcome goes to the client that began the transaction and says what the coordinator's log decided before it was sent",
      when: 'always',
      check: (run) => {
        const began = new Map<string, number>();
        for (const b of run.inputsOf('begin')) if (!began.has(key(...b.tuple))) began.set(key(...b.tuple), b.step);
        const coordinators = run.instancesOf('coordinator');
        const first = firstLogged(run);
        const out: Violation[] = [];
        for (const m of run.sentOf('outcome')) {
          const [client, txn, decision] = m.tuple;
          const fact = formatFact('outcome', m.tuple);
          const at = began.get(key(client!, txn!));
          if (at === undefined || at > m.step) {
            out.push({ step: m.step, message: `${fact} was sent but ${String(client)} had not begun transaction ${String(txn)}` });
            continue;
          }
          const logged = isDecision(String(decision)) && coordinators.some((c) => loggedBy(first, c, txn!, String(decision), m.step));
          if (!logged) {
            const actual = DECISIONS.filter((d) => coordinators.some((c) => loggedAt(first, c, txn!, d) !== undefined));
            const said = actual.length ? `the coordinator logged ${actual.join(' and ')}` : 'the coordinator had logged no decision';
            out.push({ step: m.step, message: `${fact} was sent but ${said}` });
          }
        }
        return out;
      },
    },
    {
      name: 'answered-at-most-once',
      description: 'no client hears the outcome of one transaction twice',
      when: 'always',
      check: (run) => {
        const seen = new Set<string>();
        const out: Violation[] = [];
        for (const a of run.arrivalsOf('outcome')) {
          const k = key(a.to, a.tuple[1]!);
          if (seen.has(k)) out.push({ step: a.step, message: `${formatFact('outcome', a.tuple)} arrived at ${a.to}, which already had an outcome of transaction ${String(a.tuple[1])}` });
          seen.add(k);
        }
        return out;
      },
    },
    {
      name: 'every-transaction-decided',
      description: 'at quiescence, the coordinator has decided every transaction begun, every participant logged the decision, and the coordinator logged end',
      when: 'quiescent',
      check: (run) => {
        const coordinators = run.instancesOf('coordinator');
        const first = firstLogged(run);
        const out: Violation[] = [];
        for (const b of run.inputsOf('begin')) {
          const txn = b.tuple[1]!;
          const decision = DECISIONS.find((d) => coordinators.some((c) => loggedAt(first, c, txn, d) !== undefined));
          if (decision === undefined) {
            out.push({ step: b.step, message: `transaction ${String(txn)} was never decided` });
            continue;
          }
          const missing = run.instancesOf('participant').filter((p) => loggedAt(first, p, txn, decision) === undefined);
          if (missing.length) out.push({ step: b.step, message: `transaction ${String(txn)}: ${missing.join(', ')} never logged ${decision}` });
          if (!coordinators.some((c) => loggedAt(first, c, txn, 'end') !== undefined)) {
            out.push({ step: b.step, message: `transaction ${String(txn)}: the coordinator never logged end` });
          }
        }
        return out;
      },
    },
    {
      name: 'every-transaction-answered',
      description: 'at quiescence, every client has heard the outcome of every transaction it began',
      when: 'quiescent',
      check: (run) => {
        const answered = new Set(run.arrivalsOf('outcome').map((a) => key(a.to, a.tuple[0]!, a.tuple[1]!)));
        return run
          .inputsOf('begin')
          .filter((b) => !answered.has(key(b.tuple[0]!, b.tuple[0]!, b.tuple[1]!)))
          .map((b) => ({ step: b.step, message: `${formatFact('begin', b.tuple)} was never answered` }));
      },
    },
  ],
};
