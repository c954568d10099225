import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeFrame, FrameDecoder, FrameError, MAX_FRAME_BYTES, type Frame } from '../../src/runtime/frames.js';

const value = fc.oneof(
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.boolean(),
);
const fact = fc.record({ relation: fc.string({ minLength: 1, maxLength: 12 }), tuple: fc.array(value, { maxLength: 8 }) });
const frame: fc.Arbitrary<Frame> = fc.oneof(
  fc.record({ kind: fc.constant('hello' as const), from: fc.string({ maxLength: 30 }), role: fc.constantFrom('node' as const, 'client' as const) }),
  fc.record({ kind: fc.constant('batch' as const), clock: fc.nat(), facts: fc.array(fact, { maxLength: 20 }) }),
);

/** Cuts a buffer at the given (sorted, deduplicated) offsets. */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  out.push(bytes.subarray(prev));
  return out;
}

describe('frames', () => {
  it('decode(encode(frames)) gives the frames back, however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 12 }), (frames, cuts) => {
        const stream = Buffer.concat(frames.map(encodeFrame));
        const decoder = new FrameDecoder();
        const got = split(stream, cuts).flatMap((chunk) => decoder.push(chunk));
        expect(got).toEqual(frames);
        expect(decoder.pendingBytes).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the three value types apart and ints exact up to 2^53', () => {
    const f: Frame = { kind: 'batch', clock: 7, facts: [{ relation: 'r', tuple: [1, '1', true, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0, ''] }] };
    const [back] = new FrameDecoder().push(encodeFrame(f));
    expect(back).toEqual(f);
    const t = (back as Extract<Frame, { kind: 'batch' }>).facts[0]?.tuple ?? [];
    expect(t.map((v) => typeof v)).toEqual(['number', 'string', 'boolean', 'number', 'number', 'number', 'string']);
  });

  it('holds an incomplete frame until the rest arrives', () => {
    const bytes = encodeFrame({ kind: 'hello', from: 'leader#0', role: 'node' });
    const d = new FrameDecoder();
    expect(d.push(bytes.subarray(0, 3))).toEqual([]);
    expect(d.push(bytes.subarray(3, bytes.length - 1))).toEqual([]);
    expect(d.push(bytes.subarray(bytes.length - 1))).toEqual([{ kind: 'hello', from: 'leader#0', role: 'node' }]);
  });

  it('rejects a length over the limit and payloads that are not frames', () => {
    const huge = Buffer.alloc(4);
    huge.writeUInt32BE(MAX_FRAME_BYTES + 1, 0);
    expect(() => new FrameDecoder().push(huge)).toThrow(FrameError);
    const notAFrame = (payload: Buffer): Buffer => {
      const b = Buffer.alloc(4 + payload.length);
      b.writeUInt32BE(payload.length, 0);
      payload.copy(b, 4);
      return b;
    };
    // msgpack: 0x93 = array of 3: [9, 1, 2] (unknown kind); 0xc1 is never used in msgpack.
    expect(() => new FrameDecoder().push(notAFrame(Buffer.from([0x93, 0x09, 0x01, 0x02])))).toThrow(/unknown frame kind/);
    expect(() => new FrameDecoder().push(notAFrame(Buffer.from([0xc1])))).toThrow(FrameError);
    // A batch whose tuple holds a float.
    expect(() => new FrameDecoder().push(notAFrame(Buffer.from([0x94, 0x01, 0x00, 0xa1, 0x72, 0x91, 0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0])))).toThrow(FrameError);
  });
});
