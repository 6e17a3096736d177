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
