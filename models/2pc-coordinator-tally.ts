/**
 * The two-phase-commit coordinator's vote tally: votes go in as inputs, each
 * transaction comes out committed (every participant voted yes) or aborted (a
 * participant voted no), once. The participants are the deployment's
 * `participants` facts; the invariants read only the `vote` inputs and the
 * `commit` / `abort` outputs, wherever (on whichever node or partition) they
 * were observed.
 */
import { key, type ReferenceModel, type RunView, type Violation } from '../src/invariants/index.js';
import { formatFact } from '../src/sim/values.js';

interface Decision { readonly relation: 'commit' | 'abort'; readonly txn: number; readonly node: string; readonly step: number }

/** Every commit/abort output event, in order. */
function decisions(run: RunView): Decision[] {
  return run.nodeOutputs
    .filter((o) => o.relation === 'commit' || o.relation === 'abort')
    .map((o) => ({ relation: o.relation as 'commit' | 'abort', txn: Number(o.tuple[0]), node: o.node, step: o.step }));
}

/** For each (txn, participant, yes): the step of the first such vote input. */
function votes(run: RunView): Map<string, number> {
  const first = new Map<string, number>();
  for (const v of run.inputsOf('vote')) {
    const k = key(...v.tuple);
    if (!first.has(k)) first.set(k, v.step);
  }
  return first;
}

function participants(run: RunView): string[] {
  return run.edb('participants').map((f) => String(f[0]));
}

export const twoPhaseCommitTallyModel: ReferenceModel = {
  name: '2pc-coordinator-tally',
  description: 'a transaction commits once every participant voted yes, aborts on a no, and is decided once',
  relations: { vote: 3, commit: 1, abort: 1, participants: 1 },
  invariants: [
    {
      name: 'commit-only-if-all-yes',
      description: 'a transaction commits only after every participant voted yes on it, and never when some participant votes no',
      when: 'always',
      check: (run) => {
        const first = votes(run);
        const noVoted = new Set(run.inputsOf('vote').filter((v) => v.tuple[2] === false).map((v) => v.tuple[0]));
        const out: Violation[] = [];
        for (const d of decisions(run)) {
          if (d.relation !== 'commit') continue;
          const missing = participants(run).filter((p) => {
            const at = first.get(key(d.txn, p, true));
            return at === undefined || at > d.step;
          });
          if (missing.length) out.push({ step: d.step, message: `${formatFact('commit', [d.txn])} at ${d.node} before ${missing.join(', ')} voted yes` });
          if (noVoted.has(d.txn)) out.push({ step: d.step, message: `${formatFact('commit', [d.txn])} at ${d.node}, but a participant votes no on it` });
        }
        return out;
      },
    },
    {
      name: 'abort-only-if-a-no',
      description: 'a transaction aborts only after some participant voted no on it',
      when: 'always',
      check: (run) => {
        const firstNo = new Map<number, number>();
        for (const v of run.inputsOf('vote')) {
          const t = Number(v.tuple[0]);
          if (v.tuple[2] === false && !firstNo.has(t)) firstNo.set(t, v.step);
        }
        return decisions(run)
          .filter((d) => d.relation === 'abort' && !((firstNo.get(d.txn) ?? Infinity) < d.step))
          .map((d) => ({ step: d.step, message: `${formatFact('abort', [d.txn])} at ${d.node} before any participant voted no on it` }));
      },
    },
    {
      name: 'decided-once',
      description: 'each transaction is decided at most once: one commit or one abort, output in one tick of one node',
      when: 'always',
      check: (run) => {
        const seen = new Map<number, Decision>();
        const out: Violation[] = [];
        for (const d of decisions(run)) {
          const before = seen.get(d.txn);
          if (before) {
            out.push({
              step: d.step,
              message: `${formatFact(d.relation, [d.txn])} at ${d.node} (step ${d.step}) after ${formatFact(before.relation, [before.txn])} at ${before.node} (step ${before.step})`,
            });
          } else seen.set(d.txn, d);
        }
        return out;
      },
    },
    {
      name: 'every-settled-transaction-decided',
      description: 'at quiescence, every transaction with a no vote, or a yes vote from every participant, has been decided',
      when: 'quiescent',
      check: (run) => {
        const first = votes(run);
        const decided = new Set(decisions(run).map((d) => d.txn));
        const out: Violation[] = [];
        const txns = [...new Set(run.inputsOf('vote').map((v) => Number(v.tuple[0])))];
        for (const t of txns) {
          const no = run.inputsOf('vote').some((v) => v.tuple[0] === t && v.tuple[2] === false);
          const allYes = participants(run).every((p) => first.has(key(t, p, true)));
          if ((no || allYes) && !decided.has(t)) {
            out.push({ message: `transaction ${t} ${no ? 'has a no vote' : 'has a yes vote from every participant'} but was never decided` });
          }
        }
        return out;
      },
    },
  ],
};
