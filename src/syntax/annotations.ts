/**
 * Annotations: `# @key value` lines in the comment block at the top of a
 * `.ded` file. Corpus files use them to name their reference model and their
 * expected verdicts (see corpus/README.md); to the language they are comments.
 */

export interface Annotation {
  readonly key: string;
  readonly value: string;
  /** 1-based line of the annotation. */
  readonly line: number;
}

/** Annotations of the leading comment block (blank lines allowed; the first other line ends it). */
export function readAnnotations(text: string): Annotation[] {
  const out: Annotation[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const comment = /^(#|\/\/)(.*)$/.exec(line);
    if (!comment) break;
    const m = /^\s*@([A-Za-z][\w-]*)\s*(.*)$/.exec(comment[2]!);
    if (m) out.push({ key: m[1]!, value: m[2]!.trim(), line: i + 1 });
  }
  return out;
}

/** The value of the first annotation with `key`, if any. */
export function annotation(annotations: readonly Annotation[], key: string): string | undefined {
  return annotations.find((a) => a.key === key)?.value;
}
