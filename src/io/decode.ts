// Bytes in any supported encoding -> UTF-8 bytes, as they stream, for the one CSV tokenizer.
// UTF-8 (with or without BOM) passes through untouched; GB18030/GBK and UTF-16 (with BOM) are
// transcoded by iconv-lite, which is loaded only for them. Bytes that cannot be decoded come out
// as U+FFFD (EF BF BD); the row builder reports the cell that holds one.

import { createRequire } from 'node:module';

export type EncodingOption = 'auto' | 'utf8' | 'gb18030';

type Charset = 'utf8' | 'utf16le' | 'utf16be' | 'gb18030';

const BOMS: { charset: Charset; bytes: number[] }[] = [
  { charset: 'utf8', bytes: [0xef, 0xbb, 0xbf] },
  { charset: 'utf16le', bytes: [0xff, 0xfe] },
  { charset: 'utf16be', bytes: [0xfe, 0xff] },
];
const LONGEST_BOM = 3;

/** How many bytes from the first non-ASCII byte on auto mode looks at before it decides. */
const SNIFF_BYTES = 4096;

/** The bytes as text when they are valid UTF-8 (an incomplete sequence at the very end allowed unless `complete`), else null. */
function utf8Text(bytes: Uint8Array, complete: boolean): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
  } catch {
    return null;
  }
}

/** Valid UTF-8 so far; an incomplete sequence at the very end is allowed (more bytes may follow). */
export function looksLikeUtf8(bytes: Uint8Array, complete: boolean): boolean {
  return utf8Text(bytes, complete) !== null;
}

/** Index of the first byte ≥ 0x80, or -1 when the bytes are plain ASCII. */
export function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

function detectBom(head: Buffer): { charset: Charset; length: number } | null {
  for (const bom of BOMS) {
    if (bom.bytes.every((byte, i) => head[i] === byte)) return { charset: bom.charset, length: bom.bytes.length };
  }
  return null;
}

/**
 * A small file read whole (a division list) as text, by the same rules as a submission under
 * --encoding auto: a BOM wins; else UTF-8 when the bytes are valid UTF-8, GB18030 otherwise.
 */
export function decodeWhole(bytes: Buffer): string {
  const bom = detectBom(bytes);
  const body = bom ? bytes.subarray(bom.length) : bytes;
  // One decode both checks the bytes and gives the text; not UTF-8: GB18030.
  const text = bom ? null : utf8Text(body, true);
  if (text !== null) return text;
  const charset = bom?.charset ?? 'gb18030';
  if (charset === 'utf8') return body.toString('utf8');
  const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
  return iconv.decode(body, charset);
}

/** Reads chunks until `minimum` bytes are held or the input ends. */
async function gather(iterator: AsyncIterator<Buffer>, start: Buffer, minimum: number): Promise<{ bytes: Buffer; done: boolean }> {
  const parts = [start];
  let length = start.length;
  while (length < minimum) {
    const next = await iterator.next();
    if (next.done) return { bytes: Buffer.concat(parts), done: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { bytes: Buffer.concat(parts), done: false };
}

async function* rest(first: Buffer, iterator: AsyncIterator<Buffer>, done: boolean): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  if (done) return;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
}

/** Decodes with iconv-lite and re-encodes as UTF-8, chunk by chunk (a character split between chunks stays whole). */
async function* transcoded(charset: Exclude<Charset, 'utf8'>, bytes: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // Loaded only here: iconv-lite costs ~10 ms at start-up and most files are UTF-8.
  const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
  const decoder = iconv.getDecoder(charset, { stripBOM: false });
  for await (const chunk of bytes) {
    const text = decoder.write(chunk);
    if (text) yield Buffer.from(text, 'utf8');
  }
  const tail = decoder.end();
  if (tail) yield Buffer.from(tail, 'utf8');
}

/**
 * Auto mode: ASCII reads the same in UTF-8 and GB18030, so the choice waits for the first
 * non-ASCII byte (a file whose Chinese starts at row 5000 is still sniffed right).
 */
async function* sniffed(first: Buffer, iterator: AsyncIterator<Buffer>, done: boolean): AsyncGenerator<Buffer> {
  let chunk = first;
  let finished = done;
  for (;;) {
    const at = firstNonAscii(chunk);
    if (at < 0) {
      if (chunk.length > 0) yield chunk;
      if (finished) return;
      const next = await iterator.next();
      if (next.done) return;
      chunk = next.value;
      continue;
    }
    if (at > 0) yield chunk.subarray(0, at);
    const sample = finished ? { bytes: chunk.subarray(at), done: true } : await gather(iterator, chunk.subarray(at), SNIFF_BYTES);
    finished = sample.done;
    if (looksLikeUtf8(sample.bytes, sample.done)) yield* rest(sample.bytes, iterator, finished);
    else yield* transcoded('gb18030', rest(sample.bytes, iterator, finished));
    return;
  }
}

/**
 * A byte stream as UTF-8 bytes without a BOM. A BOM (UTF-8, UTF-16 LE/BE) wins over `encoding`;
 * 'utf8' passes bytes through as they are (invalid ones are reported per cell).
 */
export async function* toUtf8(bytes: AsyncIterable<Buffer>, encoding: EncodingOption): AsyncGenerator<Buffer> {
  const iterator = bytes[Symbol.asyncIterator]();
  try {
    const head = await gather(iterator, Buffer.alloc(0), LONGEST_BOM);
    const bom = detectBom(head.bytes);
    const body = bom ? head.bytes.subarray(bom.length) : head.bytes;
    if (bom && bom.charset !== 'utf8') yield* transcoded(bom.charset, rest(body, iterator, head.done));
    else if (bom || encoding === 'utf8') yield* rest(body, iterator, head.done);
    else if (encoding === 'gb18030') yield* transcoded('gb18030', rest(body, iterator, head.done));
    else yield* sniffed(body, iterator, head.done);
  } finally {
    await iterator.return?.();
  }
}
