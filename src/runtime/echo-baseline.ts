/**
 * The hand-written baseline of the runtime-overhead benchmark: a minimal
 * Node TCP server that speaks the runtime's frames and answers every
 * `request(client, id, payload)` with `reply(client, id, payload)`, batching
 * the replies for each client per turn of the event loop, as a node batches
 * per tick. No evaluator, no fact maps: what remains is the machine's limit
 * for this framing on this transport.
 */
import { createServer, type Server } from 'node:net';
import type { WireFact } from './frames.js';
import { Connection } from './transport.js';

export class EchoBaseline {
  private server: Server | null = null;
  private readonly clients = new Map<string, Connection>();
  private readonly queued = new Map<string, WireFact[]>();
  private flushScheduled = false;
  private clock = 0;

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => {
        new Connection(socket, {
          frame: (f, c) => {
            if (f.kind === 'hello') {
              c.peer = f.from;
              c.peerRole = f.role;
              this.clients.set(f.from, c);
              return;
            }
            this.clock = Math.max(this.clock, f.clock) + 1;
            for (const fact of f.facts) {
              if (fact.relation !== 'request') continue;
              const to = String(fact.tuple[0]);
              const list = this.queued.get(to);
              const reply = { relation: 'reply', tuple: fact.tuple };
              if (list) list.push(reply);
              else this.queued.set(to, [reply]);
            }
            if (!this.flushScheduled) {
              this.flushScheduled = true;
              setImmediate(() => this.flush());
            }
          },
          close: (c) => {
            if (c.peer !== null && this.clients.get(c.peer) === c) this.clients.delete(c.peer);
          },
        });
      });
      server.once('error', reject);
      server.listen({ host, port }, () => {
        this.server = server;
        const a = server.address();
        resolve(typeof a === 'object' && a !== null ? a.port : port);
      });
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const [to, facts] of this.queued) this.clients.get(to)?.send({ kind: 'batch', clock: this.clock, facts });
    this.queued.clear();
  }

  close(): Promise<void> {
    for (const c of this.clients.values()) c.end();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
