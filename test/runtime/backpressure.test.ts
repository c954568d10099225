/**
 * A fast sender and a slow receiver, two real nodes over loopback TCP (in
 * this process): the receiver takes 8 facts per tick while the sender sends
 * 100 per tick. Every fact must arrive exactly once and in order, and the
 * memory each side holds must stay bounded by its limits, which means both
 * kinds of backpressure engaged.
 */
import { describe, expect, it } from 'vitest';
import type { Tuple } from '../../src/ir/types.js';
import { Topology, validateDeployment } from '../../src/sim/index.js';
import { NodeRuntime, type NodeLimits } from '../../src/runtime/node.js';
import { program } from '../sim/helpers.js';

const TICKS = 400;
const PER_TICK = 100;
const PAD = 'x'.repeat(1000);

const TEXT = `
.output got(k: int, j: int, pad: string)
.decl   cnt(k: int)
.decl   begun(me: loc)
.decl   item(k: int, j: int, pad: string)
.edb    digit(j: int)
.edb    pad(p: string)

.component source
cnt(0) :- self(me), !begun(me)
begun(me) :+ self(me)
cnt(k + 1) :+ cnt(k), k < ${TICKS - 1}
item@s(k, j, p) :~ cnt(k), digit(j), pad(p), sink(s)

.component sink
got(k, j, p) :- item(k, j, p)
`;

describe('backpressure', () => {
  it('a slow receiver slows its sender: nothing is lost, order is kept, buffers stay bounded', async () => {
    const p = program(TEXT);
    const r = validateDeployment(
      {
        components: { source: { instances: 1 }, sink: { instances: 1 } },
        edb: { digit: Array.from({ length: PER_TICK }, (_, j) => [j]), pad: [[PAD]] },
      },
      p,
    );
    if (!r.deployment) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    const topology = new Topology(r.deployment);
    const [sourceInfo, sinkInfo] = topology.nodes;
    if (!sourceInfo || !sinkInfo) throw new Error('two nodes expected');
    const fatal: string[] = [];
    const make = (info: typeof sourceInfo, limits: Partial<NodeLimits>, record: boolean): NodeRuntime =>
      new NodeRuntime({ program: p, topology, node: info, record, limits, log: () => {}, fatal: (m) => void fatal.push(m) });
    const highWaterMark = 16 * 1024;
    const pendingHigh = 500;
    const source = make(sourceInfo, { highWaterMark }, false);
    const sink = make(sinkInfo, { maxBatch: 8, pendingHigh }, true);
    const sourcePort = await source.listen('127.0.0.1', 0);
    const sinkPort = await sink.listen('127.0.0.1', 0);
    const addresses = new Map([
      [sourceInfo.address, { host: '127.0.0.1', port: sourcePort }],
      [sinkInfo.address, { host: '127.0.0.1', port: sinkPort }],
    ]);
    const deadline = Date.now() + 10_000;
    await Promise.all([source.connectPeers(addresses, deadline), sink.connectPeers(addresses, deadline)]);
    await Promise.all([source.ready, sink.ready]);
    sink.start();
    source.start();

    const total = TICKS * PER_TICK;
    const until = Date.now() + 40_000;
    while (sink.stats().factsIn < total || !sink.status().idle) {
      if (Date.now() > until) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const src = source.stats();
    const dst = sink.stats();
    await Promise.all([source.stop(), sink.stop()]);

    expect(fatal).toEqual([]);
    expect(dst.factsIn).toBe(total);
    // In order: the sink took (k, j) in the order the source's ticks sent them.
    const taken: Tuple[] = [];
    for (const e of sink.recording().events) if (e.k === 'tick') for (const [from, relation, tuple] of e.delivered) if (relation === 'item' && from === sourceInfo.address) taken.push(tuple);
    expect(taken.length).toBe(total);
    const keys = taken.map((t) => (t[0] as number) * PER_TICK + (t[1] as number));
    expect(new Set(keys).size).toBe(total);
    expect(taken.every((t, i) => i === 0 || (t[0] as number) >= (taken[i - 1]?.[0] as number))).toBe(true);
    // Both kinds of backpressure engaged, and what waited stayed near the limits.
    expect(dst.readPauses).toBeGreaterThan(0);
    expect(src.drainWaits).toBeGreaterThan(0);
    const frameBytes = PER_TICK * (PAD.length + 16) + 64;
    expect(src.maxBacklog).toBeLessThanOrEqual(highWaterMark + frameBytes);
    // Reading stops after the chunk in hand: at most one socket read (64 KiB) past the limit.
    expect(dst.maxPending).toBeLessThanOrEqual(pendingHigh + Math.ceil(65_536 / PAD.length) + PER_TICK);
    console.log(
      `backpressure: ${total} facts; sender waited for drain ${src.drainWaits}x, max backlog ${src.maxBacklog} B (mark ${highWaterMark}); receiver paused reading ${dst.readPauses}x, max pending ${dst.maxPending} (limit ${pendingHigh}), ${dst.ticks} ticks`,
    );
  });
});
