/**
 * Voting: a client's request is answered once every participant has voted on
 * it, exactly once, and only requests that were made are answered.
 */
import { key, type ReferenceModel, type Violation } from '../src/invariants/index.js';
import { formatFact } from '../src/sim/values.js';

export const votingModel: ReferenceModel = {
  name: 'voting',
  description: 'every request is answered once, after every participant voted on it',
  relations: { request: 3, reply: 3, vote: 4 },
  invariants: [
    {
      name: 'reply-was-requested',
      description: 'every reply answers a request the client made before the reply was sent',
      when: 'always',
      check: (run) => {
        const requested = new Map<string, number>();
        for (const r of run.inputsOf('request')) if (!requested.has(key(...r.tuple))) requested.set(key(...r.tuple), r.step);
        const out: Violation[] = [];
        for (const m of run.sentOf('reply')) {
          const at = requested.get(key(...m.tuple));
          if (at === undefined || at > m.step) {
            out.push({ step: m.step, message: `${formatFact('reply', m.tuple)} was sent but no such request came before it` });
          }
        }
        return out;
      },
    },
    {
      name: 'reply-at-most-once',
      description: 'no request is answered twice',
      when: 'always',
      check: (run) => {
        const seen = new Set<string>();
        const out: Violation[] = [];
        for (const a of run.arrivalsOf('reply')) {
          const k = key(...a.tuple);
          if (seen.has(k)) out.push({ step: a.step, message: `${formatFact('reply', a.tuple)} arrived at ${a.to} a second time` });
          seen.add(k);
        }
        return out;
      },
    },
    {
      name: 'reply-after-all-votes',
      description: 'a reply is sent only after every participant sent its vote on that request',
      when: 'always',
      check: (run) => {
        const participants = run.instancesOf('participant');
        const firstVote = new Map<string, number>();
        for (const v of run.sentOf('vote')) {
          const k = key(...v.tuple);
          if (!firstVote.has(k)) firstVote.set(k, v.step);
        }
        const out: Violation[] = [];
        for (const m of run.sentOf('reply')) {
          const missing = participants.filter((p) => {
            const at = firstVote.get(key(...m.tuple, p));
            return at === undefined || at >= m.step;
          });
          if (missing.length) {
            out.push({ step: m.step, message: `${formatFact('reply', m.tuple)} was sent before ${missing.join(', ')} voted on it` });
          }
        }
        return out;
      },
    },
    {
      name: 'every-request-answered',
      description: 'at quiescence, every request has been answered at its client',
      when: 'quiescent',
      check: (run) => {
        const answered = new Set(run.arrivalsOf('reply').map((a) => key(...a.tuple)));
        return run
          .inputsOf('request')
          .filter((r) => !answered.has(key(...r.tuple)))
          .map((r) => ({ step: r.step, message: `${formatFact('request', r.tuple)} was never answered` }));
      },
    },
  ],
};
