/** A description of the machine and its load, for the report. */
import os from 'node:os';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** The 1-minute load average, rounded. */
export function load(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}

/**
 * How fast one core of this machine is right now: millions of FNV-1a steps
 * per second over `ms` milliseconds of a fixed loop (string building and
 * integer multiplies, like the evaluator's `hash`). The machine is a virtual
 * one on a shared host whose speed changes over the day (on 2026-11-21 the
 * same loop ran 1.6x faster at one hour than at another, with nothing else
 * running here), so results record it next to the load average: absolute
 * numbers taken at different readings do not compare.
 */
export function cpuSpeed(ms = 500): number {
  const end = performance.now() + ms;
  let steps = 0;
  let h = 0x811c9dc5;
  while (performance.now() < end) {
    for (let i = 0; i < 10_000; i++) {
      const s = 'i:' + ((h + i) >>> 0);
      for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
      steps += s.length;
    }
  }
  if (h === 42) steps++; // keeps h alive
  return Math.round((steps / (ms * 1000)) * 10) / 10;
}
