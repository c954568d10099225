/**
 * `compartment fuzz ORIGINAL REWRITTEN`: the differential tester from the
 * command line.
 */
import { EXIT, type CliIo } from './io.js';

export interface FuzzFlags {
  readonly deployOriginal?: string;
  readonly deployRewritten?: string;
  readonly workload?: string;
  readonly runs: number;
  readonly seed: number;
  readonly scheduler: string;
  readonly faults?: string;
  readonly maxSteps: number;
  readonly maxStates: number;
  readonly timeout?: number;
  readonly inputs: number;
  readonly model?: string;
  readonly shrink: boolean;
  readonly json?: boolean;
  readonly out?: string;
  readonly progress?: boolean;
}

export async function runFuzz(original: string, rewritten: string, flags: FuzzFlags, io: CliIo): Promise<number> {
  void original;
  void rewritten;
  void flags;
  io.err('fuzz: not built yet\n');
  return EXIT.internal;
}
