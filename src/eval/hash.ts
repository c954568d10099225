/**
 * Deterministic hashing of run-time values: the built-in `hash(x) -> int` and
 * the default meaning of a `.fn` function that the deployment leaves unbound.
 * Both are specified byte for byte below so that every process (simulator,
 * runtime, another implementation) computes the same numbers.
 */
import type { TypeName } from '../syntax/ast.js';
import type { Value } from '../ir/types.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text` (lone surrogates are encoded
 * as U+FFFD, as `TextEncoder` does). The result is an unsigned integer in
 * [0, 2^32).
 */
export function fnv1a32(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) {
      h = Math.imul(h ^ c, FNV_PRIME);
    } else if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), FNV_PRIME);
    } else if (c < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (c >> 12)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), FNV_PRIME);
    } else {
      h = Math.imul(h ^ (0xf0 | (c >> 18)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), FNV_PRIME);
    }
  }
  return h >>> 0;
}

/**
 * The canonical text of a value, tagged by its JavaScript type: `i:<decimal>`
 * for numbers (ints, so `i:-12`), `s:<the string>` for strings (`loc` values
 * are strings too), `b:1` / `b:0` for booleans.
 */
export function encodeValue(v: Value): string {
  switch (typeof v) {
    case 'number':
      return `i:${v === 0 ? 0 : v}`;
    case 'string':
      return `s:${v}`;
    default:
      return v ? 'b:1' : 'b:0';
  }
}

/**
 * The built-in `hash(x) -> int`: FNV-1a 32-bit (see {@link fnv1a32}) of the
 * UTF-8 bytes of {@link encodeValue}(x). Deterministic across processes and
 * always in [0, 2^32), so `hash(x) % k` is in [0, k) for k > 0.
 * Examples: `hash("")` = fnv1a32("s:"), `hash(7)` = fnv1a32("i:7").
 */
export function hash(x: Value): number {
  return fnv1a32(encodeValue(x));
}

/**
 * The value of a `.fn` function that the deployment does not implement: a
 * deterministic hash of its name and arguments into its result type.
 *
 * The hashed text is the name and each argument's {@link encodeValue},
 * each prefixed by its length in UTF-16 units and a colon (so the encoding is
 * unambiguous): `fnHash("sign", ["ab"], ...)` hashes `4:sign4:s:ab`. With
 * `h` = fnv1a32 of that text, the result is:
 * * `int`: `h` (non-negative, below 2^32);
 * * `string`: `h` as 8 lower-case hex digits;
 * * `bool`: `h` is odd;
 * * `loc`: `<name>#<8 hex digits>`, an address no deployment uses.
 */
export function fnHash(name: string, args: readonly Value[], resultType: TypeName): Value {
  let text = `${name.length}:${name}`;
  for (const a of args) {
    const e = encodeValue(a);
    text += `${e.length}:${e}`;
  }
  const h = fnv1a32(text);
  switch (resultType) {
    case 'int':
      return h;
    case 'bool':
      return (h & 1) === 1;
    case 'string':
      return hex8(h);
    case 'loc':
      return `${name}#${hex8(h)}`;
  }
}

function hex8(h: number): string {
  return h.toString(16).padStart(8, '0');
}
