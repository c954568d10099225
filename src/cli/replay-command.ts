/**
 * `compartment replay TRACE.json`: re-run a recorded trace and check that it
 * reproduces the same run.
 */
import { EXIT, type CliIo } from './io.js';

export interface ReplayFlags {
  readonly program?: string;
  readonly json?: boolean;
  readonly showTrace?: boolean;
}

export function runReplay(trace: string, flags: ReplayFlags, io: CliIo): number {
  void trace;
  void flags;
  io.err('replay: not built yet\n');
  return EXIT.internal;
}
