// Bytes -> text, one chunk at a time, for UTF-8 (with or without BOM), UTF-16 with BOM and
// GB18030/GBK. Bytes that cannot be decoded come out as U+FFFD; the reader reports them.

import iconv from 'iconv-lite';
import { firstNonAscii, looksLikeUtf8 } from './utf8-sniff.js';

export { looksLikeUtf8 };

export type EncodingOption = 'auto' | 'utf8' | 'gb18030';

/** The character a decoder puts where bytes could not be decoded. */
export const REPLACEMENT_CHAR = '\uFFFD';

interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
}

type Charset = 'utf8' | 'utf16le' | 'utf16be' | 'gb18030';

const BOMS: { charset: Charset; bytes: number[] }[] = [
  { charset: 'utf8', bytes: [0xef, 0xbb, 0xbf] },
  { charset: 'utf16le', bytes: [0xff, 0xfe] },
  { charset: 'utf16be', bytes: [0xfe, 0xff] },
];
const LONGEST_BOM = 3;

/** How many bytes after the first non-ASCII byte auto mode looks at before it decides. */
const SNIFF_BYTES = 4096;

function createDecoder(charset: Charset): ChunkDecoder {
  if (charset === 'utf8') {
    // ignoreBOM: the BOM is already stripped; a second U+FEFF is content.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    return {
      write: (bytes) => decoder.decode(bytes, { stream: true }),
      end: () => decoder.decode(),
    };
  }
  const decoder = iconv.getDecoder(charset, { stripBOM: false });
  return {
    write: (bytes) => decoder.write(bytes),
    end: () => decoder.end() ?? '',
  };
}

function detectBom(head: Buffer): { charset: Charset; length: number } | null {
  for (const bom of BOMS) {
    if (bom.bytes.every((byte, i) => head[i] === byte)) return { charset: bom.charset, length: bom.bytes.length };
  }
  return null;
}

/** Reads chunks until `minimum` bytes are buffered or the input ends. */
async function gather(
  iterator: AsyncIterator<Buffer>,
  start: Buffer,
  minimum: number,
): Promise<{ bytes: Buffer; done: boolean }> {
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

async function* decodeRest(
  decoder: ChunkDecoder,
  first: Buffer,
  iterator: AsyncIterator<Buffer>,
  done: boolean,
): AsyncGenerator<string> {
  const head = decoder.write(first);
  if (head) yield head;
  if (!done) {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const text = decoder.write(next.value);
      if (text) yield text;
    }
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

/**
 * Auto mode: ASCII reads the same in UTF-8 and GB18030, so the choice waits for the first
 * non-ASCII byte (a file whose Chinese starts at row 5000 is still sniffed right).
 */
async function* decodeAuto(first: Buffer, iterator: AsyncIterator<Buffer>, done: boolean): AsyncGenerator<string> {
  let chunk = first;
  let finished = done;
  for (;;) {
    const at = firstNonAscii(chunk);
    if (at < 0) {
      if (chunk.length > 0) yield chunk.toString('latin1');
      if (finished) return;
      const next = await iterator.next();
      if (next.done) return;
      chunk = next.value;
      continue;
    }
    if (at > 0) yield chunk.subarray(0, at).toString('latin1');
    const sample = finished ? { bytes: chunk.subarray(at), done: true } : await gather(iterator, chunk.subarray(at), SNIFF_BYTES);
    const charset: Charset = looksLikeUtf8(sample.bytes, sample.done) ? 'utf8' : 'gb18030';
    yield* decodeRest(createDecoder(charset), sample.bytes, iterator, sample.done);
    return;
  }
}

/** Decodes a byte stream to text chunks; a BOM (UTF-8, UTF-16 LE/BE) wins over `encoding` and is stripped. */
export async function* decodeStream(bytes: AsyncIterable<Buffer>, encoding: EncodingOption): AsyncGenerator<string> {
  const iterator = bytes[Symbol.asyncIterator]();
  try {
    const head = await gather(iterator, Buffer.alloc(0), LONGEST_BOM);
    const bom = detectBom(head.bytes);
    if (bom) {
      yield* decodeRest(createDecoder(bom.charset), head.bytes.subarray(bom.length), iterator, head.done);
    } else if (encoding === 'auto') {
      yield* decodeAuto(head.bytes, iterator, head.done);
    } else {
      yield* decodeRest(createDecoder(encoding), head.bytes, iterator, head.done);
    }
  } finally {
    await iterator.return?.();
  }
}
