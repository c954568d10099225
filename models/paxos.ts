/**
 * Multi-Paxos (replicated state machine): what clients and an observer of the
 * replicas rely on.
 *
 * The invariants read the requests that went in, the replies that reached
 * clients, the commands each replica applied (`applied(replica, slot, client,
 * id, cmd)`, keyed by the replica's address in its first attribute) and the
 * `decision(slot, client, id, cmd)` messages telling replicas what a slot
 * holds, whoever sends them (the proposer in the base protocol, a p2b proxy
 * leader in the scalable one). A no-op, which fills a slot nobody needs, is
 * the command whose client is `noop`; a replica that finds a request it
 * already applied in a later slot applies a no-op there instead.
 */
import { key, type ReferenceModel, type RunView, type Violation } from '../src/invariants/index.js';
import type { Tuple } from '../src/ir/types.js';
import { formatFact } from '../src/sim/values.js';

/** The client of a no-op command. */
export const NOOP_CLIENT = 'noop';

interface Applied {
  readonly replica: string;
  readonly slot: number;
  /** (client, id, cmd) */
  readonly command: Tuple;
  readonly step: number;
}

/** Every `applied` fact once, at the step it first held, in order. */
function appliedFacts(run: RunView): Applied[] {
  const seen = new Set<string>();
  const out: Applied[] = [];
  for (const o of run.nodeOutputsOf('applied')) {
    const k = key(...o.tuple);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ replica: String(o.tuple[0]), slot: Number(o.tuple[1]), command: o.tuple.slice(2), step: o.step });
  }
  return out;
}

const isNoop = (command: Tuple): boolean => command[0] === NOOP_CLIENT;
const showCommand = (command: Tuple): string => `${String(command[0])}/${String(command[1])} ${JSON.stringify(command[2])}`;

/** The first step each request (client, id, cmd) was injected, wherever it went. */
function requested(run: RunView): Map<string, number> {
  const first = new Map<string, number>();
  for (const r of run.inputsOf('request')) {
    const k = key(...r.tuple);
    if (!first.has(k)) first.set(k, r.step);
  }
  return first;
}

export const paxosModel: ReferenceModel = {
  name: 'paxos',
  description: 'replicas apply one agreed sequence of requested commands, in slot order, and clients are told what was applied',
  relations: { request: 3, reply: 4, applied: 5, decision: 4 },
  invariants: [
    {
      name: 'decisions-agree',
      description: 'no two decisions sent for one slot name different commands',
      when: 'always',
      check: (run) => {
        const bySlot = new Map<number, Tuple>();
        const out: Violation[] = [];
        const reported = new Set<string>();
        for (const m of run.sentOf('decision')) {
          const slot = Number(m.tuple[0]);
          const command = m.tuple.slice(1);
          const first = bySlot.get(slot);
          if (!first) bySlot.set(slot, command);
          else if (key(...first) !== key(...command) && !reported.has(key(slot, ...command))) {
            reported.add(key(slot, ...command));
            out.push({ step: m.step, message: `slot ${slot} was decided as ${showCommand(first)} and, by ${m.from}, as ${showCommand(command)}` });
          }
        }
        return out;
      },
    },
    {
      name: 'replicas-agree',
      description: 'every replica that applies a slot applies the same command there',
      when: 'always',
      check: (run) => {
        const bySlot = new Map<number, Applied>();
        const out: Violation[] = [];
        for (const a of appliedFacts(run)) {
          const first = bySlot.get(a.slot);
          if (!first) bySlot.set(a.slot, a);
          else if (key(...first.command) !== key(...a.command)) {
            out.push({
              step: a.step,
              message: `slot ${a.slot}: ${first.replica} applied ${showCommand(first.command)}, ${a.replica} applied ${showCommand(a.command)}`,
            });
          }
        }
        return out;
      },
    },
    {
      name: 'applied-in-order',
      description: 'each replica applies slot 0, then 1, then 2, ..., each once, never skipping one',
      when: 'always',
      check: (run) => {
        const next = new Map<string, number>();
        const out: Violation[] = [];
        // A replica applies at most one slot a tick; within a step, take slots in order.
        const facts = appliedFacts(run).sort((a, b) => a.step - b.step || a.slot - b.slot);
        const slotsSeen = new Set<string>();
        for (const a of facts) {
          const k = key(a.replica, a.slot);
          if (slotsSeen.has(k)) continue; // a second command at one slot: replicas-agree's business
          slotsSeen.add(k);
          const expected = next.get(a.replica) ?? 0;
          if (a.slot !== expected) {
            out.push({ step: a.step, message: `${a.replica} applied slot ${a.slot} when its next slot was ${expected}` });
          }
          next.set(a.replica, Math.max(expected, a.slot + 1));
        }
        return out;
      },
    },
    {
      name: 'applied-was-requested',
      description: 'every command decided or applied, other than a no-op, is a request a client made before',
      when: 'always',
      check: (run) => {
        const first = requested(run);
        const out: Violation[] = [];
        const reported = new Set<string>();
        const judge = (command: Tuple, step: number, what: string): void => {
          if (isNoop(command)) return;
          const at = first.get(key(...command));
          if ((at === undefined || at > step) && !reported.has(what)) {
            reported.add(what);
            out.push({ step, message: `${what}, but no such request came before it` });
          }
        };
        for (const m of run.sentOf('decision')) judge(m.tuple.slice(1), m.step, `${formatFact('decision', m.tuple)} was sent by ${m.from}`);
        for (const a of appliedFacts(run)) judge(a.command, a.step, `${a.replica} applied ${showCommand(a.command)} at slot ${a.slot}`);
        return out;
      },
    },
    {
      name: 'applied-once',
      description: 'no replica applies one request (client, id) in two slots',
      when: 'always',
      check: (run) => {
        const at = new Map<string, number>();
        const out: Violation[] = [];
        for (const a of appliedFacts(run)) {
          if (isNoop(a.command)) continue;
          const k = key(a.replica, a.command[0]!, a.command[1]!);
          const slot = at.get(k);
          if (slot === undefined) at.set(k, a.slot);
          else if (slot !== a.slot) {
            out.push({ step: a.step, message: `${a.replica} applied ${showCommand(a.command)} at slot ${slot} and again at slot ${a.slot}` });
          }
        }
        return out;
      },
    },
    {
      name: 'reply-matches-applied',
      description: 'a reply (client, id, cmd, slot) reaches the client only after some replica applied that command at that slot',
      when: 'always',
      check: (run) => {
        const appliedAt = new Map<string, number>();
        for (const a of appliedFacts(run)) {
          const k = key(a.slot, ...a.command);
          if (!appliedAt.has(k)) appliedAt.set(k, a.step);
        }
        const out: Violation[] = [];
        for (const r of run.arrivalsOf('reply')) {
          const [client, id, cmd, slot] = r.tuple;
          const at = appliedAt.get(key(slot!, client!, id!, cmd!));
          if (at === undefined || at > r.step) {
            out.push({ step: r.step, message: `${formatFact('reply', r.tuple)} reached ${r.to}, but no replica had applied that command at slot ${String(slot)}` });
          }
        }
        return out;
      },
    },
    {
      name: 'every-request-answered',
      description: 'at quiescence, every request has a reply at its client',
      when: 'quiescent',
      check: (run) => {
        const answered = new Set(run.arrivalsOf('reply').map((a) => key(a.to, ...a.tuple.slice(0, 3))));
        return [...requested(run).entries()]
          .filter(([k]) => {
            const [client, id, cmd] = JSON.parse(k) as [string, number, string];
            return !answered.has(key(client, client, id, cmd));
          })
          .map(([k, step]) => ({ step, message: `${formatFact('request', JSON.parse(k) as Tuple)} was never answered` }));
      },
    },
    {
      name: 'replicas-converge',
      description: 'at quiescence, every replica has applied the same slots',
      when: 'quiescent',
      check: (run) => {
        const slots = new Map<string, Set<number>>();
        for (const r of run.instancesOf('replica')) slots.set(r, new Set());
        for (const a of appliedFacts(run)) slots.get(a.replica)?.add(a.slot);
        const all = new Set([...slots.values()].flatMap((s) => [...s]));
        const out: Violation[] = [];
        for (const [replica, mine] of slots) {
          const missing = [...all].filter((s) => !mine.has(s)).sort((a, b) => a - b);
          if (missing.length) out.push({ message: `${replica} never applied slot(s) ${missing.join(', ')}, which another replica applied` });
        }
        return out;
      },
    },
  ],
};
