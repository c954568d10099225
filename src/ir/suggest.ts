/** "Did you mean" suggestions for misspelt names. */

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The candidates nearest to `name`, if within a small edit distance (ties all kept, sorted). */
export function closest(name: string, candidates: Iterable<string>): string[] {
  const limit = name.length <= 3 ? 1 : 2;
  let best: string[] = [];
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d === 0 || d > limit) continue;
    if (d < bestDist) {
      best = [c];
      bestDist = d;
    } else if (d === bestDist && !best.includes(c)) best.push(c);
  }
  return best.sort();
}

/** "did you mean `a`?" / "did you mean `a` or `b`?", or undefined when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const near = closest(name, candidates).map((c) => `\`${c}\``);
  if (!near.length) return undefined;
  const list = near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near[near.length - 1]}`;
  return `did you mean ${list}?`;
}
