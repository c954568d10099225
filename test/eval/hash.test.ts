/**
 * The built-in hash and the default `.fn` hash are specified byte for byte;
 * these pin them so that other processes and implementations agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeValue, fnHash, fnv1a32, hash } from '../../src/eval/hash.js';

/** FNV-1a 32 written the obvious way, over TextEncoder's bytes. */
function referenceFnv(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  }
  return h;
}

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

describe('fnv1a32', () => {
  it('matches the published test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes of any string, lone surrogates as U+FFFD', () => {
    for (const s of ['é', '€', '😀', 'a\ud800b', '\udc00', 'x\ud83d']) expect(fnv1a32(s)).toBe(referenceFnv(s));
    fc.assert(fc.property(fc.string({ unit: codeUnit, maxLength: 40 }), (s) => fnv1a32(s) === referenceFnv(s)));
  });
});

describe('hash', () => {
  it('hashes the type-tagged encoding', () => {
    expect(encodeValue(123)).toBe('i:123');
    expect(encodeValue(-4)).toBe('i:-4');
    expect(encodeValue('abc')).toBe('s:abc');
    expect(encodeValue(true)).toBe('b:1');
    expect(encodeValue(false)).toBe('b:0');
    expect(hash(123)).toBe(fnv1a32('i:123'));
    expect(hash('abc')).toBe(fnv1a32('s:abc'));
    expect(hash(true)).toBe(fnv1a32('b:1'));
  });

  it('pins known values (changing these breaks deployed partitioning)', () => {
    expect(hash(0)).toBe(referenceFnv('i:0'));
    expect([hash(1), hash('1'), hash(true), hash(''), hash('node-1')]).toEqual([
      referenceFnv('i:1'),
      referenceFnv('s:1'),
      referenceFnv('b:1'),
      referenceFnv('s:'),
      referenceFnv('s:node-1'),
    ]);
    expect(hash(1)).toBe(3552136177);
    expect(hash('abc')).toBe(2204325720);
  });

  it('tells types apart and is a non-negative 32-bit integer', () => {
    expect(hash(1)).not.toBe(hash('1'));
    expect(hash(1)).not.toBe(hash(true));
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.string(), fc.boolean()), (v) => {
        const h = hash(v);
        return Number.isInteger(h) && h >= 0 && h < 2 ** 32 && h === hash(v);
      }),
    );
    expect(hash(-0)).toBe(hash(0));
  });
});

describe('fnHash', () => {
  it('hashes the length-prefixed name and arguments into the result type', () => {
    const h = fnv1a32('4:sign4:s:ab');
    expect(fnHash('sign', ['ab'], 'int')).toBe(h);
    expect(fnHash('sign', ['ab'], 'string')).toBe(h.toString(16).padStart(8, '0'));
    expect(fnHash('sign', ['ab'], 'bool')).toBe(h % 2 === 1);
    expect(fnHash('sign', ['ab'], 'loc')).toBe(`sign#${h.toString(16).padStart(8, '0')}`);
  });

  it('is unambiguous: argument boundaries and names matter', () => {
    expect(fnHash('f', ['a', 'b'], 'int')).not.toBe(fnHash('f', ['ab'], 'int'));
    expect(fnHash('f', ['ab', ''], 'int')).not.toBe(fnHash('f', ['a', 'b'], 'int'));
    expect(fnHash('f', [1], 'int')).not.toBe(fnHash('g', [1], 'int'));
    expect(fnHash('f', [1], 'int')).not.toBe(fnHash('f', ['1'], 'int'));
    expect(fnHash('f', [], 'string')).toMatch(/^[0-9a-f]{8}$/);
  });
});
