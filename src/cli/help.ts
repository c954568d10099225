/** The longer help texts shown after each command's options. */

const EXIT_CODES = `
Exit codes:
  0  success (for simulate: the run reached quiescence)
  1  a verdict failed: simulate: the run did not reach quiescence (a bound was hit, or a rule
     failed), or it broke an invariant of its reference model; fuzz: a counterexample was
     found; replay: the replay diverged from the trace
  2  usage error or bad input: unknown flag, missing file, invalid program, deployment or workload
  3  internal error (a bug in compartment)`;

export const MAIN_HELP = `
Examples:
  compartment check corpus/voting.ded
  compartment print corpus/voting.ded
  compartment simulate corpus/voting.ded --seed 7
  compartment fuzz corpus/voting.ded corpus/voting-scalable.ded
  compartment replay out/counterexample.trace.json
  compartment run corpus/voting.ded --duration 3
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

export const FUZZ_HELP = `
The differential tester. REWRITTEN runs --runs times under the chosen scheduler
on the same inputs as ORIGINAL:
  mixed (the default): run i is scheduled by strategy (i - 1) mod 4 of a fixed
    rotation: uniform random; latency (random message delays, mean 1, input
    gap 1); PCT of depth 1 (a random fixed priority order of the actors);
    latency with long delays and bursty inputs (mean 4, input gap 0.2). Each
    makes orders the others rarely do (measured on mutants: bench/RESULTS.md)
  random: uniform among the enabled steps, every run
  pct: priority-based with 2 priority changes, reaches deep interleavings
  exhaustive: every distinct end state up to the bound
Every run is reproducible from --seed and its number; a counterexample names
the scheduler of the run that found it.

The observation of a run is the set of .output facts observed by quiescence:
those that arrived at a client, with the client's address, and those that held
at a node, by value only (the nodes of a rewrite differ from the original's),
plus, for relations the workload lists under "ordered", the order each client
saw them in. Every observation of REWRITTEN must be one ORIGINAL can make: ORIGINAL
is sampled, and an observation sampling did not produce is searched for by
bounded exhaustive exploration of ORIGINAL (--max-states) before it is
reported. The reference models of both files are checked on every run.

A failure is shrunk with fast-check (fewer inputs, fewer partitions and
instances, a shorter schedule, fewer faults) and reported with the inputs, the
schedule, the observation, the closest observations of ORIGINAL and the trace;
--out DIR writes counterexample.trace.json (replay it with compartment replay),
counterexample.txt and counterexample.html (a message sequence chart).

Faults (--faults drop,dup,crash): messages lost, messages delivered twice
(between nodes), nodes crashing for good, a few per run. With drop or crash,
ORIGINAL runs under the same general-omission model, and invariants about the
end state ("every request answered") are not checked.

Exit codes:
  0  no difference found (the report says how many runs, schedules and distinct observations were covered)
  1  a counterexample: an observation ORIGINAL cannot make within the bound, a broken invariant,
     or a run of REWRITTEN that never reaches quiescence
  2  usage error or bad input
  3  internal error (a bug in compartment)`;

export const REPLAY_HELP = `
Reads a trace (simulate --trace, fuzz --out), loads its program (the file and
SHA-256 the trace names, or --program), rebuilds the deployment, workload and
network from the trace, and replays its "choices". It checks that every step
and every observation is the same as recorded.

Exit codes:
  0  the replay reproduced the trace exactly
  1  it diverged (the program changed, or the trace was edited); the first difference is shown
  2  usage error or bad input (no such file, not a trace, the program does not load)
  3  internal error (a bug in compartment)`;

export const ANALYZE_HELP = `
For each component: the relations it reads (inputs) and makes visible
(outputs); whether it is monotonic, functional, a state machine (with the
first reason when not; a state machine changes state and sends only in ticks
where an input arrives, traced through :-, :+ and persistence, and relations
found to hold only in such ticks are noted as latched); functional
dependencies proved by Z3; co-partition dependencies; candidate partition
keys, each checked by Z3 (only policies whose every obligation is unsat are
listed as keys): single attributes first, then compound keys such as
(client, id), at most --max-keys of them, with a line saying how many more the
search found; and rule sets that could be decoupled, with the rewrites whose
precondition holds. --json adds, per decoupling, the decided checks
(independence, monotonic, functional, state machine), and keysNotListed when
the cap left policies out. See docs/analysis.md.

Exit codes:
  0  report printed
  2  usage error or bad input
  3  internal error (a bug in compartment)`;

export const CHECK_PARTITION_HELP = `
The policy gives a key per relation over its attributes (docs/partitioning.md):
  --key 'vote=id'                          co-hashing on an attribute
  --key 'store=hash(value) % buckets'      a term; buckets: a one-fact .edb relation
  --key 'freeze=*'                         sent to every partition
  --key 'vote=(client, id)'                a compound key (routed by hash(client) * 31 + hash(id))
Keys of relations the component derives are completed automatically. Z3 is
asked, per rule, whether two joined facts, two facts of one aggregation group,
an atom and its negated partner, or a derived head and its body can land on
different partitions. On a refutation the counterexample's facts are run
through the component whole and partitioned (src/eval) to show the difference.

Exit codes:
  0  proved: every obligation unsat
  1  refuted, or some obligation unknown (a timeout is never a pass)
  2  usage error, bad input or a bad --key
  3  internal error (a bug in compartment)`;

export const PROOFS_HELP = `
proofs/<program>/ holds one .smt2 per obligation (its expected answer in the
header: unsat = proved, sat = refuted) and certificate.json (program hash,
obligations, verdicts, solver version, times). \`proofs verify\` re-checks them
(exit 1 if any answer differs, is unknown, or a program changed since);
\`proofs generate\` rewrites them from the corpus. See proofs/README.md.`;

export const RUN_HELP = `
Starts one process per node of the deployment on 127.0.0.1 (ports the OS
assigns), each running the same tick evaluator as the simulator; waits until
every node is connected to every other; starts --clients closed-loop client
processes, each keeping --outstanding requests in flight; measures after
--warmup for --duration seconds; then stops every process (none is left
behind). Progress lines go to standard error; the report to standard output.

Requests: each .input that names a client (a loc attribute) in the workload
file gives a request shape and the nodes it goes to (other workload inputs,
such as become_leader, are sent once at the start); without a workload file,
shapes come from the .input declarations. Every int attribute gets a fresh
number, every string a 16-byte payload. The answer is the .output fact that
arrives at the client with the request's values in its attributes of the
same name (reply(client, id, ...) answers request(client, id, ...)).

Report: throughput (mean, and the p90 of 1-second windows), latency p50, p90,
p99 and max (HDR histogram), requests timed out or unanswered, and per
process: CPU over the measured period, ticks, facts in and out, exit status.
A process that dies is reported with its exit status and last log lines; the
others keep running and the clients count what got no answer.

--check records every tick and message, orders them by Lamport clocks into
a run the simulator could have made, confirms the end is quiescent (every
channel's counts agree at both ends, every node at rest), and checks the
reference model's invariants on it (use a short --duration).

A deployment with "addresses" (host:port per node) attaches to nodes already
started with \`compartment node\` instead of starting them (docs/runtime.md).

Exit codes:
  0    completed: no process crashed, every request answered (and with --check:
       quiescent, every invariant held)
  1    a process crashed or could not start, a request got no answer, or --check failed
  2    usage error or bad input
  3    internal error (a bug in compartment)
  130  interrupted (Ctrl-C); every process was stopped`;

export const NODE_HELP = `
For runs across machines: the deployment file gives every node a host:port,
  "addresses": {"leader#0": "10.0.0.1:7000", "participant#0": "10.0.0.2:7000", ...}
and each node is started on its machine with
  compartment node prog.ded --deploy prog.deploy.json --instance leader/0
  compartment node prog.ded --deploy prog.deploy.json --instance participant/0
(NAME/INDEX/PARTITION for a partition). A node listens on its address, dials
the nodes before it in the deployment's order (retrying until they are up),
and starts once every peer is connected. Then run the clients from any
machine with \`compartment run prog.ded --deploy prog.deploy.json\`.

Exit codes:
  0  stopped (Ctrl-C, SIGTERM or --duration)
  1  failed: could not listen, peers not connected in time, or a rule failed to evaluate
  2  usage error or bad input`;

export const BENCH_HELP = `
Suites (each pair measured in the same session, alternating, median of --runs):
  echo      the runtime on a one-hop echo protocol vs a hand-written Node TCP echo
            server with the same framing and batching (goal: at least 0.5x)
  rewrites  base programs with a fixed CPU cost per message (bench/runtime/) vs their
            versions rewritten and certified by the rewrite engine (bench/runtime/plans,
            bench/runtime/certified), 1 process vs 2: independent, functional and
            monotonic decoupling, partitioning with co-hashing (ceiling 2x)
  corpus    voting, 2pc and paxos vs their scalable versions (corpus/*-scalable.ded)
Throughput is the p90 of 1-second windows after warm-up. A full record of runs,
with the machine and its load, is kept in bench/RESULTS.md
(npx tsx bench/runtime-bench.ts).

Exit codes:
  0    done (the ratios are printed, never asserted)
  2    usage error (unknown suite)
  130  interrupted`;

export const REWRITE_HELP = `
Applies a plan (docs/plans.md) step by step, or the plan --auto finds, and
writes OUT.ded with its deployment (OUT.deploy.json) and the original's
workload (OUT.workload.json) beside it. Each step's precondition (from the
analyses) is checked; nothing is proved with Z3 and nothing is tested, so the
output is NOT certified: use \`compartment certify\` for that.

Exit codes:
  0  written
  1  a step was refused (nothing written), or forced past its precondition (written, marked)
  2  usage error or bad input (bad plan, unknown component, bad key)
  3  internal error (a bug in compartment)`;

export const CERTIFY_HELP = `
For each step of the plan: its precondition (decided on the dependency graph)
and its obligations (decided by Z3: unsat proves each). A refused step stops
the pipeline: Z3's counterexample is printed in the program's terms, with the
component run whole and partitioned on it, and the step is applied anyway and
run against the original in the simulator to show the difference. Then the
differential tester runs the original against the final program (--runs,
--seed, with its default mixed schedule: see \`compartment fuzz --help\`;
--compare adds more programs to test against). --out DIR writes the
rewritten program, its deployment, certificate.json, plan.json and one
SMT-LIB file per obligation under DIR/proofs/. See docs/plans.md.
--timeout bounds each obligation in milliseconds; --rlimit N in Z3's resource
units, which do not depend on the machine or its load (an obligation that
needs more is unknown, exit 3, on every machine).

Examples:
  compartment certify corpus/voting.ded --auto
  compartment certify corpus/2pc.ded --auto --out out/2pc
  compartment certify corpus/voting.ded --plan corpus/plans/voting-collector-by-voter.json

Exit codes:
  0  certified: every check holds, every obligation is proved, no difference found
  1  refuted: a precondition fails, Z3 refutes an obligation, or the differential tester finds a difference
  2  usage error or bad input (bad plan, program, deployment)
  3  unknown: a solver timeout or an inconclusive differential test (never a pass); also an internal error`;
