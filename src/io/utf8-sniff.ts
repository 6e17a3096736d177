// Byte tests shared by the general decoder and the fast path. Kept apart from decode.ts so the
// fast path can use them without loading iconv-lite.

/** Valid UTF-8 so far; an incomplete sequence at the very end is allowed (more bytes may follow). */
export function looksLikeUtf8(bytes: Buffer, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** Index of the first byte ≥ 0x80, or -1 when the bytes are plain ASCII. */
export function firstNonAscii(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/** A continuation byte: 10xxxxxx. */
function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/**
 * Whether bytes[start, end) decode as UTF-8 without a U+FFFD: well-formed sequences only (no
 * overlong forms, surrogates or code points past U+10FFFF), and no U+FFFD written out (EF BF BD),
 * which the general path reports as undecodable too. Checks a cell without making its string.
 */
export function isWellFormedUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > end) return false;
    const second = bytes[i + 1];
    if (!isContinuation(second)) return false;
    for (let k = 2; k < length; k++) if (!isContinuation(bytes[i + k])) return false;
    // The second byte's narrower ranges (Unicode table 3-7).
    if ((lead === 0xe0 && second! < 0xa0) || (lead === 0xed && second! > 0x9f) || (lead === 0xf0 && second! < 0x90) || (lead === 0xf4 && second! > 0x8f)) return false;
    if (lead === 0xef && second === 0xbf && bytes[i + 2] === 0xbd) return false;
    i += length;
  }
  return true;
}
