import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Chunks } from '../../src/format/utf8-chunks.js';

describe('utf8Chunks', () => {
  it('writes the same bytes as encoding the joined text, in chunks no longer than asked unless one piece is', () => {
    // Whole code points only: a formatter's pieces never split a surrogate pair.
    const piece = fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('利明社区', '😀', '')), { maxLength: 4 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 4, max: 64 }), (pieces, size) => {
        const chunks = [...utf8Chunks(pieces, size)];
        expect(Buffer.concat(chunks).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
        for (const chunk of chunks) {
          expect(chunk.length).toBeGreaterThan(0);
          if (chunk.length > size) expect(pieces.some((p) => Buffer.byteLength(p) === chunk.length)).toBe(true);
        }
      }),
    );
  });

  it('packs many small pieces into few chunks', () => {
    const pieces = Array.from({ length: 10_000 }, (_, i) => `行${i},`);
    const chunks = [...utf8Chunks(pieces)];
    expect(chunks.length).toBeLessThan(5);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(pieces.join(''));
  });

  it('fills chunks with long plain pieces too (the 3-bytes-a-unit bound is only a first test)', () => {
    const pieces = Array.from({ length: 10 }, (_, i) => String(i).repeat(30_000));
    const chunks = [...utf8Chunks(pieces)];
    expect(chunks).toHaveLength(5);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(pieces.join(''));
  });
});
