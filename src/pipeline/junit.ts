/**
 * JUnit XML for CI systems: one test case per check and per Z3 obligation of
 * every step, one per differential test. Refuted or failing ones are
 * `<failure>`s; unknown (a timeout, an inconclusive test) are `<error>`s,
 * never passes.
 */
import type { CertifyReport } from './certify.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

interface Case {
  readonly classname: string;
  readonly name: string;
  readonly seconds: number;
  readonly failure?: { readonly kind: 'failure' | 'error'; readonly message: string; readonly body: string };
}

export function renderJunit(r: CertifyReport): string {
  const cases: Case[] = [];
  for (const s of r.steps) {
    const cls = `certify.step${s.index + 1}.${s.rewrite}`;
    for (const c of s.checks) {
      cases.push({ classname: cls, name: `${c.id}`, seconds: 0, ...(c.holds ? {} : { failure: { kind: 'failure', message: c.sentence, body: c.reasons.join('\n') } }) });
    }
    for (const o of s.obligations) {
      const failure =
        o.verdict === 'proved'
          ? undefined
          : { kind: o.verdict === 'refuted' ? ('failure' as const) : ('error' as const), message: `${o.verdict}: ${o.sentence}`, body: [o.reason ?? '', ...(s.refusal?.counterexample?.obligation === o.id ? s.refusal.counterexample.lines : [])].join('\n') };
      cases.push({ classname: cls, name: o.id, seconds: o.ms / 1000, ...(failure ? { failure } : {}) });
    }
    if (s.refusal?.simulation) {
      const d = s.refusal.simulation;
      const run = s.refusal.counterexampleRun;
      const driven = run
        ? [`driven by Z3's counterexample (${run.file}):`, ...run.workload.inputs.map((i) => `  ${i.relation}(${i.tuple.map((v) => JSON.stringify(v)).join(', ')}) -> ${i.to}  for ${i.from.join(', ')}`), ...(run.basis === 'merged' ? [`  then ${run.added ?? 0} input(s) of ${run.ownWorkload ?? 'the program\'s workload'}`] : []), '']
        : s.refusal.counterexampleNote
          ? [`driven by the program's own workload (${s.refusal.counterexampleNote})`, '']
          : [];
      // A run that shows no difference does not make the refused step pass: the step's failure is Z3's.
      const kind = d.verdict === 'counterexample' ? ('failure' as const) : ('error' as const);
      cases.push({ classname: cls, name: `simulator run of the refused step vs ${d.original}`, seconds: d.elapsedMs / 1000, failure: { kind, message: d.headline, body: [...driven, d.text].join('\n') } });
    }
  }
  for (const d of r.differential) {
    const failure = d.verdict === 'no-difference' ? undefined : { kind: d.verdict === 'counterexample' ? ('failure' as const) : ('error' as const), message: d.headline, body: d.text };
    cases.push({ classname: 'certify.differential', name: `${d.original} vs ${d.rewritten} (${d.runs} runs, seed ${d.seed})`, seconds: d.elapsedMs / 1000, ...(failure ? { failure } : {}) });
  }
  const failures = cases.filter((c) => c.failure?.kind === 'failure').length;
  const errors = cases.filter((c) => c.failure?.kind === 'error').length;
  const total = cases.reduce((a, c) => a + c.seconds, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="compartment certify" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${total.toFixed(3)}">`,
    `  <testsuite name="certify ${esc(r.file)} (${esc(r.planSource)})" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${total.toFixed(3)}">`,
  ];
  for (const c of cases) {
    const open = `    <testcase classname="${esc(c.classname)}" name="${esc(c.name)}" time="${c.seconds.toFixed(3)}"`;
    if (!c.failure) out.push(`${open}/>`);
    else out.push(`${open}>`, `      <${c.failure.kind} message="${esc(c.failure.message)}">${esc(c.failure.body)}</${c.failure.kind}>`, '    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
}
