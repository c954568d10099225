/**
 * Broadcast pipeline: every submitted payload is transformed (three nested
 * `hash` calls) and delivered to every receiver, which outputs it once; a
 * receiver outputs nothing else.
 *
 * Read from the run: the `submit` inputs and the `received(receiver, digest)`
 * facts that held at receiver nodes (with how many times each became true).
 */
import { key, type ReferenceModel, type RunView, type Violation } from '../src/invariants/index.js';
import { hash } from '../src/eval/hash.js';
import { formatFact } from '../src/sim/values.js';

/** The pipeline's transform of a payload: `hash(hash(hash(p)))`. */
export function transform(payload: string): number {
  return hash(hash(hash(payload)));
}

/** The logical address of a node (`receiver#1/0` → `receiver#1`). */
function logical(node: string): string {
  const slash = node.indexOf('/');
  return slash < 0 ? node : node.slice(0, slash);
}

/** Digest → step of the first submit whose payload transforms to it. */
function submitted(run: RunView): Map<number, number> {
  const first = new Map<number, number>();
  for (const s of run.inputsOf('submit')) {
    const d = transform(String(s.tuple[0]));
    if (!first.has(d)) first.set(d, s.step);
  }
  return first;
}

export const broadcastPipelineModel: ReferenceModel = {
  name: 'broadcast-pipeline',
  description: 'every receiver outputs the transform of every submitted payload, once, and nothing else',
  relations: { submit: 1, received: 2 },
  invariants: [
    {
      name: 'received-is-transform',
      description: 'every received value is the transform of a payload submitted in the run',
      when: 'always',
      check: (run) => {
        const digests = submitted(run);
        return run
          .nodeOutputsOf('received')
          .filter((o) => !digests.has(Number(o.tuple[1])))
          .map((o) => ({ step: o.step, message: `${formatFact('received', o.tuple)} at ${o.node} is not the transform of any submitted payload` }));
      },
    },
    {
      name: 'received-after-submit',
      description: 'nothing is received before it was sent: a value is received only after a payload transforming to it was submitted',
      when: 'always',
      check: (run) => {
        const digests = submitted(run);
        return run
          .nodeOutputsOf('received')
          .filter((o) => {
            const at = digests.get(Number(o.tuple[1]));
            return at !== undefined && at > o.step;
          })
          .map((o) => ({ step: o.step, message: `${formatFact('received', o.tuple)} at ${o.node} holds before any payload transforming to it was submitted` }));
      },
    },
    {
      name: 'received-by-its-receiver',
      description: 'a received fact names a receiver instance and holds at (a partition of) that receiver',
      when: 'always',
      check: (run) => {
        const receivers = new Set(run.instancesOf('receiver'));
        return run
          .nodeOutputsOf('received')
          .filter((o) => !receivers.has(String(o.tuple[0])) || logical(o.node) !== o.tuple[0])
          .map((o) => ({ step: o.step, message: `${formatFact('received', o.tuple)} holds at ${o.node}, which is not that receiver` }));
      },
    },
    {
      name: 'received-at-most-once',
      description: 'each receiver outputs each value at most once (counting every partition of the receiver)',
      when: 'always',
      check: (run) => {
        const times = new Map<string, { tuple: (typeof run.observations)[number]['tuple']; count: number; step: number }>();
        for (const o of run.observations) {
          if (o.relation !== 'received' || run.componentOf(o.at) === null) continue;
          const k = key(...o.tuple);
          const had = times.get(k);
          times.set(k, { tuple: o.tuple, count: (had?.count ?? 0) + o.count, step: Math.min(had?.step ?? o.firstStep, o.firstStep) });
        }
        const out: Violation[] = [];
        for (const t of times.values()) {
          if (t.count > 1) out.push({ step: t.step, message: `${formatFact('received', t.tuple)} became true ${t.count} times` });
        }
        return out;
      },
    },
    {
      name: 'every-receiver-has-every-input',
      description: 'at quiescence, every receiver has output the transform of every submitted payload',
      when: 'quiescent',
      check: (run) => {
        const got = new Set(run.nodeOutputsOf('received').map((o) => key(...o.tuple)));
        const out: Violation[] = [];
        const seen = new Set<string>();
        for (const s of run.inputsOf('submit')) {
          const d = transform(String(s.tuple[0]));
          for (const r of run.instancesOf('receiver')) {
            if (got.has(key(r, d)) || seen.has(key(r, d))) continue;
            seen.add(key(r, d));
            out.push({ step: s.step, message: `${r} never received ${d}, the transform of ${formatFact('submit', s.tuple)}` });
          }
        }
        return out;
      },
    },
  ],
};
