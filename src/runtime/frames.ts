/**
 * The runtime's wire format: length-prefixed binary frames over TCP.
 *
 * A frame is a 4-byte big-endian payload length followed by the payload, a
 * MessagePack value (msgpackr). MessagePack keeps the language's three value
 * types apart (an int, a string and a bool stay what they are, ints up to
 * 2^53 exactly), and costs far less than JSON on the hot path.
 *
 * Two payloads travel between processes:
 *
 * * `hello`: the first frame on every connection, naming the sender's
 *   address and role (a node of the deployment or a client);
 * * `batch`: every fact one tick of the sender produced for the receiver
 *   (or every input a client sends in one turn), with the sender's Lamport
 *   clock so a recorded run can be put in an order consistent with
 *   causality (see record.ts).
 */
import { Packr } from 'msgpackr';
import type { Tuple } from '../ir/types.js';

/** One fact on the wire. */
export interface WireFact {
  readonly relation: string;
  readonly tuple: Tuple;
}

export type Frame =
  | { readonly kind: 'hello'; readonly from: string; readonly role: 'node' | 'client' }
  | { readonly kind: 'batch'; readonly clock: number; readonly facts: readonly WireFact[] };

/** Largest payload accepted; a bigger length prefix means a corrupt stream or a foreign peer. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

const HELLO = 0;
const BATCH = 1;

// Plain MessagePack: no record extension, so a frame is self-describing and
// any MessagePack reader can decode it.
const packr = new Packr({ useRecords: false, moreTypes: false, mapsAsObjects: true });

/** The payload of a frame: `[0, from, role]` or `[1, clock, rel1, tuple1, rel2, tuple2, ...]`. */
function payload(frame: Frame): unknown[] {
  if (frame.kind === 'hello') return [HELLO, frame.from, frame.role === 'node' ? 0 : 1];
  const out: unknown[] = new Array(2 + frame.facts.length * 2);
  out[0] = BATCH;
  out[1] = frame.clock;
  let i = 2;
  for (const f of frame.facts) {
    out[i++] = f.relation;
    out[i++] = f.tuple;
  }
  return out;
}

/** Encodes one frame: length prefix and payload, ready to write to a socket. */
export function encodeFrame(frame: Frame): Buffer {
  const body = packr.pack(payload(frame));
  if (body.length > MAX_FRAME_BYTES) throw new FrameError(`frame of ${body.length} bytes is over the ${MAX_FRAME_BYTES}-byte limit`);
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeUInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

/** A stream that is not a sequence of valid frames. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
}

function isValue(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isSafeInteger(v));
}

/** Decodes one payload (without its length prefix). Throws {@link FrameError} if it is not a frame. */
export function decodePayload(body: Uint8Array): Frame {
  let v: unknown;
  try {
    v = packr.unpack(body);
  } catch (e) {
    throw new FrameError(`undecodable frame: ${(e as Error).message}`);
  }
  if (!Array.isArray(v) || v.length < 2) throw new FrameError('a frame must be an array with a kind');
  if (v[0] === HELLO) {
    if (typeof v[1] !== 'string' || (v[2] !== 0 && v[2] !== 1) || v.length !== 3) throw new FrameError('malformed hello frame');
    return { kind: 'hello', from: v[1], role: v[2] === 0 ? 'node' : 'client' };
  }
  if (v[0] === BATCH) {
    const clock = v[1];
    if (typeof clock !== 'number' || !Number.isSafeInteger(clock) || clock < 0 || v.length % 2 !== 0) throw new FrameError('malformed batch frame');
    const facts: WireFact[] = new Array((v.length - 2) / 2);
    for (let i = 2, j = 0; i < v.length; i += 2, j++) {
      const relation = v[i];
      const tuple = v[i + 1];
      if (typeof relation !== 'string' || !Array.isArray(tuple) || !tuple.every(isValue)) throw new FrameError('malformed fact in a batch frame');
      facts[j] = { relation, tuple: tuple as Tuple };
    }
    return { kind: 'batch', clock, facts };
  }
  throw new FrameError(`unknown frame kind ${JSON.stringify(v[0])}`);
}

/**
 * Splits a byte stream into frames. Feed it chunks as they arrive; it
 * returns the complete frames in them and keeps the rest for the next chunk.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Bytes received but not yet part of a complete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.peek(4);
      const length = head.readUInt32BE(0);
      if (length > MAX_FRAME_BYTES) throw new FrameError(`frame length ${length} is over the ${MAX_FRAME_BYTES}-byte limit`);
      if (this.buffered < 4 + length) break;
      const all = this.take(4 + length);
      frames.push(decodePayload(all.subarray(4)));
    }
    return frames;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) return first;
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] as Buffer;
  }

  private take(n: number): Buffer {
    const first = this.peek(n);
    const out = first.subarray(0, n);
    const rest = first.subarray(n);
    if (rest.length > 0) this.chunks[0] = rest;
    else this.chunks.shift();
    this.buffered -= n;
    return out;
  }
}
