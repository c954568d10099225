/** The longer help texts shown after each command's options. */

const EXIT_CODES = `
Exit codes:
  0  success (for simulate: the run reached quiescence)
  1  simulate only: the run did not reach quiescence (a bound was hit, or a rule failed),
     or it broke an invariant of its reference model
  2  usage error or bad input: unknown flag, missing file, invalid program, deployment or workload
  3  internal error (a bug in compartment)`;

export const MAIN_HELP = `
Examples:
  compartment check corpus/voting.ded
  compartment print corpus/voting.ded
  compartment simulate corpus/voting.ded --seed 7
${EXIT_CODES}

Docs: docs/language.md (the .ded language), docs/cli.md, docs/deployment.md, docs/workload.md.`;

export const CHECK_HELP = `
Every file is read, parsed and checked, even after an error in an earlier one.
Diagnostics go to standard output as FILE:LINE:COL: error[CODE]: message, with
the offending line quoted; a clean file prints FILE: ok. With --json the output
is {"ok": bool, "files": [{"file", "ok", "diagnostics": [...]}]}.
${EXIT_CODES}`;

export const PRINT_HELP = `
Prints the program in canonical form (comments dropped, one statement per line).
Only syntax errors stop it; use \`check\` for the rest.
${EXIT_CODES}`;

export const SIMULATE_HELP = `
The run: every node of the deployment ticks on a simulated network that delays,
reorders and batches messages as a seeded scheduler chooses. It stops at
quiescence (all inputs in, no message in flight, no node would change on
another tick) or at a bound; a bound is never reported as success.

Deployment file (JSON); node addresses are NAME#i for instance i (from 0), and
NAME#i/p for partition p of an instance of a component with "partitions": K:
  {"components": {"leader": {"instances": 1}, "participant": {"instances": 3}},
   "edb": {"quorum": [[3]]}}
Workload file (JSON), injected in order; "to" may be left out when a single
node reads the relation:
  {"inputs": [{"relation": "request", "tuple": ["client1", 1, "apple"], "to": "leader#0"}]}

The report lists every .output fact observed: at a client address when a
message carrying it arrives there, at a node when it becomes true there, and how
many times. The same FILE, deployment, workload and --seed give the same run.

Reference models (models/*.ts) name invariants a run must keep, e.g. voting's
"a reply is sent only after every participant voted". A corpus file names its
model with a "# @model NAME" line at the top; --model overrides it. Invariants
about the end state ("every request answered") are checked only when the run
reached quiescence and are shown as not checked otherwise.
${EXIT_CODES}`;
