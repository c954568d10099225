/**
 * The `compartment` command line: parse flags, call the library, print.
 * `main` never exits the process and never throws for bad input; it returns
 * the exit code (see `EXIT` and docs/cli.md).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_FACTS_PER_TICK, DEFAULT_MAX_MESSAGES, DEFAULT_MAX_STEPS, DEFAULT_SEED } from '../sim/index.js';
import { DEFAULT_SCHEDULER, DEFAULT_SHRINK_MS, SCHEDULER_KINDS } from '../equiv/index.js';
import { runCheck } from './check-command.js';
import { runPrint } from './print-command.js';
import { runSimulate, type SimulateFlags } from './simulate-command.js';
import { EXIT, processIo, type CliIo } from './io.js';
import { CHECK_HELP, MAIN_HELP, PRINT_HELP, SIMULATE_HELP } from './help.js';
import { FUZZ_HELP, REPLAY_HELP } from './help.js';
import { runFuzz, type FuzzFlags } from './fuzz-command.js';
import { runReplay, type ReplayFlags } from './replay-command.js';
import { ANALYZE_HELP, CHECK_PARTITION_HELP, PROOFS_HELP } from './help.js';
import { runAnalyze, type AnalyzeFlags } from './analyze-command.js';
import { runCheckPartition, type CheckPartitionFlags } from './check-partition-command.js';
import { runProofsGenerate, runProofsVerify, type ProofsGenerateFlags, type ProofsVerifyFlags } from './proofs-command.js';
import { BENCH_HELP, NODE_HELP, RUN_HELP } from './help.js';
import { runRun, type RunFlags } from './run-command.js';
import { runNode, type NodeFlags } from './node-command.js';
import { runBench, type BenchFlags } from './bench-command.js';
import { CERTIFY_HELP, REWRITE_HELP } from './help.js';
import { runCertify, type CertifyFlags } from './certify-command.js';
import { runRewrite, type RewriteFlags } from './rewrite-command.js';

/** Run the CLI on `argv` (without the node and script paths); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('compartment')
    .description('Check, print and simulate distributed protocols written in the .ded language.')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showSuggestionAfterError(true)
    .helpCommand('help [command]', 'show help for a command')
    .addHelpText('after', MAIN_HELP);

  program
    .command('check')
    .description('parse and check .ded programs; print their diagnostics compiler-style')
    .argument('<file...>', '.ded programs to check')
    .option('--json', 'print the diagnostics as JSON')
    .addHelpText('after', CHECK_HELP)
    .action((files: string[], opts: { json?: boolean }) => {
      code = runCheck(files, opts, io);
    });

  program
    .command('print')
    .description('print a .ded program in canonical form')
    .argument('<file>', '.ded program to print')
    .addHelpText('after', PRINT_HELP)
    .action((file: string) => {
      code = runPrint(file, io);
    });

  program
    .command('simulate')
    .description('run a .ded program on a seeded, bounded simulated network and report what clients observe')
    .argument('<file>', '.ded program to run')
    .option('-d, --deploy <file>', 'deployment JSON (default: FILE with .ded replaced by .deploy.json if it exists, else one instance of each component)')
    .option('-w, --workload <file>', 'workload JSON (default: FILE with .ded replaced by .workload.json if it exists, else a small generated workload)')
    .addOption(new Option('-s, --seed <n>', 'seed of the scheduler and of a generated workload').default(DEFAULT_SEED).argParser(count('seed', 0)))
    .addOption(new Option('--max-steps <n>', 'stop after this many steps').default(DEFAULT_MAX_STEPS).argParser(count('max-steps', 1)))
    .addOption(new Option('--max-messages <n>', 'stop when rules have sent more messages than this').default(DEFAULT_MAX_MESSAGES).argParser(count('max-messages', 1)))
    .addOption(new Option('--max-facts <n>', 'stop when one tick of one node holds more facts than this').default(DEFAULT_MAX_FACTS_PER_TICK).argParser(count('max-facts', 1)))
    .addOption(new Option('--inputs <n>', 'number of inputs in a generated workload').default(4).argParser(count('inputs', 0)))
    .option('--json', 'print the report as JSON')
    .option('--trace <file>', 'write the full trace as JSON to this file')
    .option('--show-trace', 'print the trace, step by step, after the report')
    .option('-m, --model <name>', "reference model whose invariants every run must keep, or 'none' (default: the file's `# @model NAME` line)")
    .addHelpText('after', SIMULATE_HELP)
    .action((file: string, opts: SimulateFlags) => {
      code = runSimulate(file, opts, io);
    });

  program
    .command('fuzz')
    .description('differential tester: run ORIGINAL and REWRITTEN under many schedules and faults; every observation of REWRITTEN must be one ORIGINAL can make')
    .argument('<original>', 'the original .ded program (the specification)')
    .argument('<rewritten>', 'the rewritten .ded program (usually a scaled version of the original)')
    .option('--deploy-original <file>', 'deployment of ORIGINAL (default: ORIGINAL with .ded replaced by .deploy.json if it exists)')
    .option('--deploy-rewritten <file>', 'deployment of REWRITTEN (default: REWRITTEN with .ded replaced by .deploy.json if it exists)')
    .option('-w, --workload <file>', "workload for both programs (default: each program's .workload.json; else inputs generated with fast-check)")
    .addOption(new Option('-n, --runs <n>', 'runs of REWRITTEN (exhaustive: most distinct end states)').default(100).argParser(count('runs', 1)))
    .addOption(new Option('-s, --seed <n>', 'seed of every random choice (schedules, generated workloads, shrinking)').default(DEFAULT_SEED).argParser(count('seed', 0)))
    .addOption(new Option('--scheduler <name>', 'how REWRITTEN is scheduled (mixed: run i by a rotation of random, latency and PCT strategies)').choices([...SCHEDULER_KINDS]).default(DEFAULT_SCHEDULER))
    .option('--faults <list>', 'faults the network may commit, comma-separated: drop, dup, crash (default: none, a reliable network)')
    .addOption(new Option('--max-steps <n>', 'step bound of each run').default(DEFAULT_MAX_STEPS).argParser(count('max-steps', 1)))
    .addOption(new Option('--max-states <n>', 'bound B of the exhaustive search of ORIGINAL for an observation sampling did not produce').default(20_000).argParser(count('max-states', 1)))
    .addOption(new Option('--walks <n>', 'guided walks of ORIGINAL toward an observation sampling did not produce, before the exhaustive search').default(20_000).argParser(count('walks', 0)))
    .addOption(new Option('--timeout <seconds>', 'wall-time bound of the whole test').argParser(count('timeout', 1)))
    .addOption(new Option('--inputs <n>', 'inputs in a generated workload').default(4).argParser(count('inputs', 1)))
    .option('-m, --model <name>', "reference model checked on every run of both programs, or 'none' (default: each file's `# @model NAME` line)")
    .option('--no-shrink', 'report the first counterexample as found, without shrinking it')
    .addOption(new Option('--shrink-time <seconds>', 'how long shrinking may take before the smallest failing case so far is reported').default(DEFAULT_SHRINK_MS / 1000).argParser(count('shrink-time', 1)))
    .option('--json', 'print the verdict as JSON')
    .option('-o, --out <dir>', 'write the counterexample here: trace JSON, text report, message sequence chart (HTML)')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .addHelpText('after', FUZZ_HELP)
    .action(async (original: string, rewritten: string, opts: FuzzFlags) => {
      code = await runFuzz(original, rewritten, opts, io);
    });

  program
    .command('replay')
    .description('re-run a trace written by simulate --trace or fuzz --out and check it reproduces the same run')
    .argument('<trace>', 'trace JSON file')
    .option('-p, --program <file>', "the .ded program (default: the file named in the trace, relative to the trace's folder or the current one)")
    .option('--json', 'print the result as JSON')
    .option('--show-trace', 'print the replayed trace, step by step')
    .addHelpText('after', REPLAY_HELP)
    .action((trace: string, opts: ReplayFlags) => {
      code = runReplay(trace, opts, io);
    });

  program
    .command('analyze')
    .description('report per component: inputs/outputs, monotone/functional/state machine, FDs, CDs, partition keys proved by Z3, decoupling opportunities')
    .argument('<file>', '.ded program to analyze')
    .option('-c, --component <name>', 'only this component')
    .option('-d, --deploy <file>', 'deployment JSON (default: FILE.deploy.json beside it if it exists); its single-fact .edb relations are constants')
    .addOption(new Option('--timeout <ms>', 'time limit per Z3 obligation').default(10_000).argParser(count('timeout', 1)))
    .addOption(new Option('--max-keys <n>', 'candidate partition policies checked per component (the report says how many more were found)').default(6).argParser(count('max-keys', 1)))
    .option('--json', 'print the report as JSON')
    .addHelpText('after', ANALYZE_HELP)
    .action(async (file: string, opts: AnalyzeFlags) => {
      code = await runAnalyze(file, opts, io);
    });

  program
    .command('check-partition')
    .description('prove or refute with Z3 that a distribution policy keeps every join, group and negation of a component on one partition')
    .argument('<file>', '.ded program')
    .requiredOption('-c, --component <name>', 'the component to partition')
    .requiredOption('-k, --key <policy>', "distribution policy, e.g. 'vote=id' or 'store=hash(value) % buckets' (docs/partitioning.md)")
    .option('-d, --deploy <file>', 'deployment JSON (default: FILE.deploy.json beside it if it exists)')
    .addOption(new Option('--timeout <ms>', 'time limit per Z3 obligation').default(10_000).argParser(count('timeout', 1)))
    .option('--no-witness', 'do not search for a run that shows a refutation')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', CHECK_PARTITION_HELP)
    .action(async (file: string, opts: CheckPartitionFlags) => {
      code = await runCheckPartition(file, opts, io);
    });

  const proofs = program.command('proofs').description('write and re-check the SMT-LIB certificates under proofs/').addHelpText('after', PROOFS_HELP);
  proofs
    .command('verify')
    .description('re-check every certificate: each .smt2 must give its recorded answer')
    .argument('[dir]', 'proofs folder', 'proofs')
    .option('--solver <name>', 'z3-solver (the npm package) or z3-binary (the z3 program)', 'z3-solver')
    .addOption(new Option('--timeout <ms>', 'time limit per obligation (default: the certificate\'s)').argParser(count('timeout', 1)))
    .option('--programs <dir>', 'folder the certificates name programs relative to, to detect stale ones', '.')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, opts: ProofsVerifyFlags) => {
      code = await runProofsVerify(dir, opts, io);
    });
  proofs
    .command('generate')
    .description('certify programs and write their obligations and certificates')
    .argument('[file...]', '.ded programs (default: every .ded under --root)')
    .option('--out <dir>', 'proofs folder', 'proofs')
    .option('--root <dir>', 'corpus folder (names the certificate folders)', 'corpus')
    .addOption(new Option('--timeout <ms>', 'time limit per obligation').default(10_000).argParser(count('timeout', 1)))
    .action(async (files: string[], opts: ProofsGenerateFlags) => {
      code = await runProofsGenerate(files, opts, io);
    });

  program
    .command('run')
    .description('run a program as real processes over TCP (one per node) with closed-loop clients; print throughput, latency and CPU per process')
    .argument('<file>', '.ded program to run')
    .option('-d, --deploy <file>', 'deployment JSON (default: FILE.deploy.json beside it if it exists, else one instance of each component); with "addresses", attach to nodes started by `compartment node`')
    .option('-w, --workload <file>', 'workload JSON whose inputs give the request shapes (default: FILE.workload.json if it exists, else from the .input declarations)')
    .addOption(new Option('-c, --clients <n>', 'client processes').default(2).argParser(count('clients', 1)))
    .addOption(new Option('-k, --outstanding <n>', 'requests each client keeps in flight').default(8).argParser(count('outstanding', 1)))
    .addOption(new Option('--duration <seconds>', 'measured period').default(5).argParser(count('duration', 1)))
    .addOption(new Option('--warmup <seconds>', 'warm-up before the measured period (discarded)').default(1).argParser(count('warmup', 0)))
    .addOption(new Option('--timeout <seconds>', 'a request unanswered this long is given up and counted').default(10).argParser(count('timeout', 1)))
    .addOption(new Option('--drain <seconds>', 'after the measured period, how long to wait for outstanding answers').default(5).argParser(count('drain', 0)))
    .option('--check', "record the run and check it against the program's reference model (models/)")
    .option('-m, --model <name>', "reference model for --check (default: the file's `# @model NAME` line)")
    .option('--json', 'print the report as JSON')
    .option('--no-progress', 'no progress lines on standard error')
    .addHelpText('after', RUN_HELP)
    .action(async (file: string, opts: RunFlags) => {
      code = await runRun(file, opts, io);
    });

  program
    .command('node')
    .description('run one node of a deployment that gives every node a host:port, in this process (for runs across machines)')
    .argument('<file>', '.ded program')
    .requiredOption('-d, --deploy <file>', 'deployment JSON with "addresses" for every node')
    .requiredOption('-i, --instance <name/index>', 'the node to run: NAME/INDEX, or NAME/INDEX/PARTITION for a partitioned component')
    .addOption(new Option('--duration <seconds>', 'stop by itself after this long (default: run until Ctrl-C or SIGTERM)').argParser(count('duration', 1)))
    .addOption(new Option('--connect-timeout <seconds>', 'give up if the peers are not all connected by then').default(120).argParser(count('connect-timeout', 1)))
    .addHelpText('after', NODE_HELP)
    .action(async (file: string, opts: NodeFlags) => {
      code = await runNode(file, opts, io);
    });

  program
    .command('bench')
    .description('run a runtime benchmark suite (echo, rewrites, corpus, or all) and print its ratios')
    .argument('[suite]', 'suite name; without one, list the suites')
    .addOption(new Option('--runs <n>', 'runs of each side; the median is reported').default(3).argParser(count('runs', 1)))
    .addOption(new Option('--duration <seconds>', 'measured period of each run').default(5).argParser(count('duration', 1)))
    .addOption(new Option('--warmup <seconds>', 'warm-up of each run').default(2).argParser(count('warmup', 0)))
    .addOption(new Option('-c, --clients <n>', "client processes (default: the suite's)").argParser(count('clients', 1)))
    .addOption(new Option('-k, --outstanding <n>', "requests each client keeps in flight (default: the suite's)").argParser(count('outstanding', 1)))
    .option('--case <name...>', 'only these cases of the suite')
    .option('--list', 'list the suites and their cases')
    .option('--json', 'print the results as JSON')
    .addHelpText('after', BENCH_HELP)
    .action(async (suite: string | undefined, opts: BenchFlags) => {
      code = await runBench(suite, opts, io);
    });

  program
    .command('rewrite')
    .description('apply a rewrite plan (or --auto) and write the rewritten program and its deployment, WITHOUT certifying it')
    .argument('<file>', '.ded program to rewrite')
    .option('-p, --plan <file>', 'plan JSON (docs/plans.md)')
    .option('--auto', 'find a plan: decouple the component clients address, partition what can be partitioned')
    .requiredOption('-o, --output <file>', 'the rewritten .ded program (its .deploy.json and .workload.json are written beside it)')
    .option('-d, --deploy <file>', 'deployment JSON (default: FILE.deploy.json beside it if it exists)')
    .addOption(new Option('--partitions <n>', 'partitions of each partitioned component when the plan does not say').default(2).argParser(count('partitions', 2)))
    .option('--force', 'apply a step whose precondition fails (the output says so, and the exit code is 1)')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', REWRITE_HELP)
    .action(async (file: string, opts: RewriteFlags) => {
      code = await runRewrite(file, opts, io);
    });

  program
    .command('certify')
    .description('apply a rewrite plan (or --auto), prove every step with Z3 and test the result against the original with the differential tester')
    .argument('<file>', '.ded program to rewrite and certify')
    .option('-p, --plan <file>', 'plan JSON (docs/plans.md)')
    .option('--auto', 'find a plan: decouple the component clients address, partition what can be partitioned, and explain each choice')
    .option('-d, --deploy <file>', 'deployment JSON (default: FILE.deploy.json beside it if it exists)')
    .addOption(new Option('--partitions <n>', 'partitions of each partitioned component when the plan does not say').default(2).argParser(count('partitions', 2)))
    .addOption(new Option('-n, --runs <n>', 'runs of the differential tester').default(100).argParser(count('runs', 1)))
    .addOption(new Option('-s, --seed <n>', 'seed of the differential tester').default(DEFAULT_SEED).argParser(count('seed', 0)))
    .addOption(new Option('--walks <n>', 'guided walks of the original per search, in the differential tests, for an observation sampling did not produce').default(20_000).argParser(count('walks', 0)))
    .addOption(new Option('--timeout <ms>', 'time limit per Z3 obligation').default(10_000).argParser(count('timeout', 1)))
    .addOption(new Option('--rlimit <n>', "Z3 resource limit per obligation (solver steps: unlike --timeout, the same on any machine; default: none)").argParser(count('rlimit', 1)))
    .option('-o, --out <dir>', 'write the rewritten program, its deployment, certificate.json, plan.json and proofs/*.smt2 here')
    .option('--compare <file...>', 'also test the final program against these programs (e.g. a hand-written scalable version)')
    .option('--json', 'print the report as JSON')
    .option('--junit <file>', 'write a JUnit XML report: one test case per check, obligation and differential test')
    .addHelpText('after', CERTIFY_HELP)
    .action(async (file: string, opts: CertifyFlags) => {
      code = await runCertify(file, opts, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.err(`compartment: internal error (a bug, please report it): ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env['COMPARTMENT_DEBUG'] && e instanceof Error && e.stack) io.err(e.stack + '\n');
    return EXIT.internal;
  }
  return code;
}

/** A parser for a non-negative integer option with a lower bound. */
function count(name: string, min: number): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be an integer >= ${min}.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}.`);
    return n;
  };
}

function packageVersion(): string {
  // src/cli/main.ts is two levels below the package root, dist/src/cli/main.js three.
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'compartment' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next level up
    }
  }
  return 'unknown';
}
