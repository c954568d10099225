/**
 * One TCP connection between two runtime processes, carrying frames both
 * ways, with backpressure on both ends:
 *
 * * sending: `send` always queues (nothing is ever dropped), and `congested`
 *   says when the socket holds more than `highWaterMark` bytes not yet taken
 *   by the kernel. A node stops ticking while any connection it writes to is
 *   congested, so a slow receiver slows its senders and the bytes waiting in
 *   a process stay below the mark plus one tick's output.
 * * receiving: `pause()` stops reading from the socket (the kernel's buffers
 *   fill and TCP flow control stops the sender); a node pauses its inbound
 *   connections while its queue of undelivered facts is over a limit.
 */
import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder, FrameError, type Frame } from './frames.js';

/** Default mark above which a connection counts as congested. */
export const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

export interface ConnectionEvents {
  /** A frame arrived. */
  readonly frame: (frame: Frame, conn: Connection) => void;
  /** The connection closed (for any reason); `error` says why when it was not a clean close. */
  readonly close: (conn: Connection, error: string | null) => void;
  /** Buffered output fell back under the mark. */
  readonly drain?: (conn: Connection) => void;
}

export class Connection {
  /** The peer's address, once its hello arrived (or set by the dialer). */
  peer: string | null = null;
  peerRole: 'node' | 'client' | null = null;
  /** Frames and bytes written, and the largest output backlog seen (bytes). */
  framesOut = 0;
  bytesOut = 0;
  maxBacklog = 0;
  private readonly decoder = new FrameDecoder();
  private closed = false;
  private paused = false;

  constructor(
    readonly socket: Socket,
    private readonly events: ConnectionEvents,
    readonly highWaterMark = DEFAULT_HIGH_WATER_MARK,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = this.decoder.push(chunk);
      } catch (e) {
        this.fail(e instanceof FrameError ? e.message : String(e));
        return;
      }
      for (const f of frames) {
        if (this.closed) return;
        this.events.frame(f, this);
      }
    });
    socket.on('drain', () => this.events.drain?.(this));
    socket.on('error', (e: NodeJS.ErrnoException) => this.fail(e.code ?? e.message));
    socket.on('close', () => this.fail(null));
  }

  /** Bytes queued in this process for the socket. */
  get backlog(): number {
    return this.socket.writableLength;
  }

  get congested(): boolean {
    return this.socket.writableLength > this.highWaterMark;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues a frame. Returns false if the connection is closed (the frame is not sent). */
  send(frame: Frame): boolean {
    if (this.closed) return false;
    const bytes = encodeFrame(frame);
    this.socket.write(bytes);
    this.framesOut++;
    this.bytesOut += bytes.length;
    if (this.socket.writableLength > this.maxBacklog) this.maxBacklog = this.socket.writableLength;
    return true;
  }

  pause(): void {
    if (!this.paused && !this.closed) {
      this.paused = true;
      this.socket.pause();
    }
  }

  resume(): void {
    if (this.paused && !this.closed) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** Closes after the queued output is written. */
  end(): void {
    if (!this.closed) this.socket.end();
  }

  destroy(): void {
    if (!this.closed) this.socket.destroy();
  }

  private fail(error: string | null): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.events.close(this, error);
  }
}

/** `host:port` split; IPv6 hosts in brackets (`[::1]:7000`). */
export function parseHostPort(text: string): { host: string; port: number } | null {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (!m) return null;
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return null;
  return { host: (m[1] ?? m[2]) as string, port };
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Dials `host:port`, retrying refused connections every `retryMs` until
 * `deadline` (epoch ms): peers started by hand come up in any order.
 */
export function dial(host: string, port: number, deadline: number, retryMs = 100): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const s = connect({ host, port });
      const onError = (e: NodeJS.ErrnoException): void => {
        s.destroy();
        if (Date.now() + retryMs < deadline && (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'ETIMEDOUT')) {
          setTimeout(attempt, retryMs);
        } else reject(new Error(`cannot connect to ${formatHostPort(host, port)}: ${e.code ?? e.message}`));
      };
      s.once('error', onError);
      s.once('connect', () => {
        s.off('error', onError);
        resolve(s);
      });
    };
    attempt();
  });
}
