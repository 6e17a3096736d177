// A zip archive written as it is read (the xlsx workbooks): each entry deflated as its bytes come,
// its CRC-32 and sizes in a data descriptor after its data (they are known only at its end), then
// the central directory; zip64 fields wherever an entry, an offset or the directory passes what 32
// bits hold. Fields are those yazl wrote before (version made by, flags, attributes, DOS time); yazl
// computed CRC-32 in JavaScript, a sixth of a national workbook's time, where zlib's is native.
// test/format/zip.test.ts holds the archives to what yauzl, yazl's own output and Python's zipfile read.

import { once } from 'node:events';
import type { TransformOptions } from 'node:stream';
import { crc32, createDeflateRaw, type ZlibOptions } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** The entry's bytes, produced as the archive is read. */
  data: () => Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
}

export interface ZipOptions {
  /** zlib's deflate level (1-9). */
  level: number;
  /** Every entry's modification time (a fixed one gives the same bytes for the same entries). */
  modified: Date;
  /** zip64 records even where 32 bits would do (tests of the zip64 layout on small archives). */
  forceZip64?: boolean;
}

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END = 0x06054b50;
/** 3: Unix; 63: the specification's version 6.3. */
const VERSION_MADE_BY = (3 << 8) | 63;
const VERSION_UTF8 = 20;
const VERSION_ZIP64 = 45;
/** Bit 11: the name is UTF-8; bit 3: CRC-32 and sizes follow the data. */
const FLAGS = (1 << 11) | (1 << 3);
const DEFLATE = 8;
/** A regular file, rw-rw-r--. */
const FILE_ATTRIBUTES = (0o100664 << 16) >>> 0;
/** The largest a 32-bit size or offset may be; all ones says "in the zip64 field". */
const MAX_32 = 0xfffffffe;
const ALL_ONES_32 = 0xffffffff;

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  compressed: number;
  offset: number;
  zip64: boolean;
}

/** DOS date and time, in local time as the format has it (2 s resolution, 1980 to 2107). */
function dosDateTime(when: Date): { date: number; time: number } {
  const year = Math.min(Math.max(when.getFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate(),
    time: (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1),
  };
}

function localHeader(name: Buffer, { date, time }: { date: number; time: number }): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(VERSION_UTF8, 4);
  header.writeUInt16LE(FLAGS, 6);
  header.writeUInt16LE(DEFLATE, 8);
  header.writeUInt16LE(time, 10);
  header.writeUInt16LE(date, 12);
  // CRC-32 and sizes (14-25) are zero: the data descriptor has them.
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

function dataDescriptor({ crc, size, compressed, zip64 }: Written): Buffer {
  const descriptor = Buffer.alloc(zip64 ? 24 : 16);
  descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
  descriptor.writeUInt32LE(crc, 4);
  if (zip64) {
    descriptor.writeBigUInt64LE(BigInt(compressed), 8);
    descriptor.writeBigUInt64LE(BigInt(size), 16);
  } else {
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
  }
  return descriptor;
}

function centralHeader(entry: Written, { date, time }: { date: number; time: number }): Buffer {
  const header = Buffer.alloc(46);
  const extra = entry.zip64 ? Buffer.alloc(28) : Buffer.alloc(0);
  if (entry.zip64) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(entry.size), 4);
    extra.writeBigUInt64LE(BigInt(entry.compressed), 12);
    extra.writeBigUInt64LE(BigInt(entry.offset), 20);
  }
  header.writeUInt32LE(CENTRAL_HEADER, 0);
  header.writeUInt16LE(VERSION_MADE_BY, 4);
  header.writeUInt16LE(entry.zip64 ? VERSION_ZIP64 : VERSION_UTF8, 6);
  header.writeUInt16LE(FLAGS, 8);
  header.writeUInt16LE(DEFLATE, 10);
  header.writeUInt16LE(time, 12);
  header.writeUInt16LE(date, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(entry.zip64 ? ALL_ONES_32 : entry.compressed, 20);
  header.writeUInt32LE(entry.zip64 ? ALL_ONES_32 : entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // Comment length, disk number, internal attributes (32-37): zero.
  header.writeUInt32LE(FILE_ATTRIBUTES, 38);
  header.writeUInt32LE(entry.zip64 ? ALL_ONES_32 : entry.offset, 42);
  return Buffer.concat([header, entry.name, extra]);
}

/** The end records: zip64 ones first when the count, the directory's size or its offset needs them. */
function endRecords(count: number, directorySize: number, directoryAt: number, forceZip64: boolean): Buffer {
  const zip64 = forceZip64 || count >= 0xffff || directorySize >= ALL_ONES_32 || directoryAt >= ALL_ONES_32;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  // Disk numbers (4-7): zero.
  end.writeUInt16LE(zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(zip64 ? ALL_ONES_32 : directorySize, 12);
  end.writeUInt32LE(zip64 ? ALL_ONES_32 : directoryAt, 16);
  if (!zip64) return end;
  const record = Buffer.alloc(56);
  record.writeUInt32LE(ZIP64_END, 0);
  record.writeBigUInt64LE(44n, 4); // the record's size after this field
  record.writeUInt16LE(VERSION_MADE_BY, 12);
  record.writeUInt16LE(VERSION_ZIP64, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryAt), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(ZIP64_LOCATOR, 0);
  locator.writeBigUInt64LE(BigInt(directoryAt + directorySize), 8);
  locator.writeUInt32LE(1, 16); // disks in all
  return Buffer.concat([record, locator, end]);
}

/**
 * Deflating runs on libuv's thread pool while this thread makes the next bytes: up to 1 MB may wait
 * to be deflated (the stream's default, 16 KB, is less than one 64 KB chunk, so each chunk waited
 * for the one before). Typed apart: @types/node's ZlibOptions leaves out the stream options zlib
 * passes on.
 */
function deflateOptions(level: number): ZlibOptions & TransformOptions {
  return { level, chunkSize: 64 * 1024, writableHighWaterMark: 1 << 20 };
}

/** `chunks` deflated as they come; `seen` gets each chunk first (for its CRC-32 and size). */
async function* deflated(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, level: number, seen: (chunk: Uint8Array) => void): AsyncGenerator<Buffer> {
  const deflate = createDeflateRaw(deflateOptions(level));
  const feeding = (async () => {
    for await (const chunk of chunks) {
      seen(chunk);
      if (!deflate.write(chunk)) await once(deflate, 'drain');
    }
    deflate.end();
  })().catch((error: unknown) => deflate.destroy(error as Error));
  try {
    for await (const out of deflate as AsyncIterable<Buffer>) yield out;
  } finally {
    // Reading stopped early (the consumer gave up, or deflating failed): leaving the loop destroyed
    // the stream (with an AbortError, which also ends a wait for 'drain'), so feeding ends, and
    // its loop's end closes the source.
    deflate.destroy();
    await feeding;
  }
}

/** The archive of `entries`, in order, as chunks; each entry's data is read only when the archive reaches it. */
export async function* zipArchive(entries: readonly ZipEntry[], options: ZipOptions): AsyncGenerator<Buffer> {
  const when = dosDateTime(options.modified);
  const forceZip64 = options.forceZip64 === true;
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const header = localHeader(name, when);
    const done: Written = { name, crc: 0, size: 0, compressed: 0, offset, zip64: false };
    yield header;
    offset += header.length;
    const seen = (chunk: Uint8Array) => {
      done.crc = crc32(chunk, done.crc);
      done.size += chunk.length;
    };
    for await (const out of deflated(entry.data(), options.level, seen)) {
      done.compressed += out.length;
      yield out;
    }
    offset += done.compressed;
    done.zip64 = forceZip64 || done.size > MAX_32 || done.compressed > MAX_32 || done.offset > MAX_32;
    const descriptor = dataDescriptor(done);
    yield descriptor;
    offset += descriptor.length;
    written.push(done);
  }
  const directoryAt = offset;
  let directorySize = 0;
  for (const entry of written) {
    const header = centralHeader(entry, when);
    directorySize += header.length;
    yield header;
  }
  yield endRecords(written.length, directorySize, directoryAt, forceZip64);
}
