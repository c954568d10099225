/**
 * The Z3 lifecycle. The only module that imports `z3-solver` (its WASM
 * build): one context per process, created on first use; `shutdownZ3`
 * terminates the solver's worker threads so the process can exit (z3-solver
 * 4.x keeps them alive otherwise). Obligations are handed over as SMT-LIB 2
 * text, exactly what `proofs/` stores, so the certificate and the check are
 * the same formula.
 */
import z3 from 'z3-solver';
import type { Value } from '../ir/types.js';
import type { SmtModel, Verdict } from './verdict.js';

type Api = Awaited<ReturnType<typeof z3.init>>;
type Ctx = ReturnType<typeof makeContext>;
const makeContext = (api: Api) => api.Context('compartment');

let started: Promise<{ api: Api; ctx: Ctx }> | null = null;

function z3Instance(): Promise<{ api: Api; ctx: Ctx }> {
  if (!started) started = z3.init().then((api) => ({ api, ctx: makeContext(api) }));
  return started;
}

/** `Z3 4.16.0.0` — the solver every verdict of this process comes from. */
export async function z3Version(): Promise<string> {
  const { api } = await z3Instance();
  return api.Z3.get_full_version();
}

/** Stops Z3's worker threads. Safe to call when Z3 never started, and more than once. */
export async function shutdownZ3(): Promise<void> {
  if (!started) return;
  const { api } = await started;
  started = null;
  api.em.PThread.terminateAllThreads();
}

export interface SolveOptions {
  /** Per-obligation time limit in milliseconds. */
  readonly timeoutMs: number;
  /**
   * Per-obligation resource limit (Z3's `rlimit`: solver steps, independent
   * of the machine's speed and load), so that an `unknown` can be forced
   * deterministically. Absent or 0: no limit but the time.
   */
  readonly rlimit?: number;
}

export interface SolveResult {
  readonly verdict: Verdict;
  readonly ms: number;
}

/**
 * Checks an SMT-LIB 2 script (declarations and assertions; any `check-sat`
 * in it is ignored) and maps the answer to a verdict: `unsat` → proved, `sat`
 * → refuted with the values of its constants, else unknown with the reason.
 * Solver errors (a malformed script) are `unknown` too, never a pass.
 */
export async function solveSmtLib(script: string, options: SolveOptions): Promise<SolveResult> {
  const t0 = performance.now();
  const { ctx } = await z3Instance();
  const solver = new ctx.Solver();
  try {
    solver.set('timeout', Math.max(1, Math.round(options.timeoutMs)));
    if (options.rlimit !== undefined && options.rlimit > 0) solver.set('rlimit', Math.round(options.rlimit));
    solver.fromString(script.replace(/\(\s*(check-sat|get-model|exit)\s*\)/g, ''));
    const answer = await solver.check();
    const ms = performance.now() - t0;
    if (answer === 'unsat') return { verdict: { kind: 'proved' }, ms };
    if (answer === 'sat') {
      const model = solver.model();
      const values: Record<string, Value> = {};
      for (const decl of model.decls()) {
        if (decl.arity() !== 0) continue;
        const v = parseValue(model.eval(decl.call(), true).sexpr());
        if (v !== undefined) values[decl.name().toString()] = v;
      }
      return { verdict: { kind: 'refuted', model: values }, ms };
    }
    const reason = solver.reasonUnknown();
    const why = reason === 'canceled' || reason === 'timeout' ? `timeout after ${options.timeoutMs} ms` : /resource limit/.test(reason) && options.rlimit ? `resource limit ${options.rlimit} exceeded (--rlimit)` : reason || 'unknown';
    return { verdict: { kind: 'unknown', reason: why }, ms };
  } catch (e) {
    return { verdict: { kind: 'unknown', reason: `solver error: ${e instanceof Error ? e.message : String(e)}` }, ms: performance.now() - t0 };
  } finally {
    solver.release();
  }
}

/** An SMT-LIB value literal (`5`, `(- 5)`, `true`, `"a\u{22}b"`) as a value. */
export function parseValue(text: string): Value | undefined {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^-?\d+$/.test(t)) return Number(t);
  const neg = /^\(-\s+(\d+)\)$/.exec(t);
  if (neg) return -Number(neg[1]);
  if (t.startsWith('"') && t.endsWith('"')) {
    return t
      .slice(1, -1)
      .replace(/""/g, '"')
      .replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)));
  }
  return undefined;
}
