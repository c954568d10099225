/**
 * Where the CLI writes. `main` takes one so tests capture output instead of
 * spying on the process; the default writes to the process's streams.
 */
export interface CliIo {
  /** Standard output: the command's product (reports, canonical text, JSON). */
  readonly out: (text: string) => void;
  /** Standard error: diagnostics about the inputs, usage errors. */
  readonly err: (text: string) => void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** Exit codes of every command. */
export const EXIT = {
  /** Success: clean check, printed, or a simulation that reached quiescence with every invariant held. */
  ok: 0,
  /** A verdict failed: the simulation did not reach quiescence, or an invariant of its model was violated. */
  verdictFailed: 1,
  /** Usage error or bad input (unknown flag, missing file, invalid program, deployment or workload). */
  usage: 2,
  /** A bug in compartment itself. */
  internal: 3,
} as const;
