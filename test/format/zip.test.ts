// The zip writer behind the xlsx workbooks (src/format/zip.ts): what it writes, yauzl (the reader
// planmetrics itself uses on workbooks), yazl's archives of the same entries and Python's zipfile
// all read back as the entries written, in the plain layout and in the zip64 one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { zipArchive, type ZipEntry } from '../../src/format/zip.js';

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** Every entry of an archive, read by yauzl: name -> bytes. */
function unzipped(archive: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(archive, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (openError, stream) => {
          if (openError) return reject(openError);
          void bytesOf(stream).then((bytes) => {
            entries.set(entry.fileName, bytes);
            zip.readEntry();
          }, reject);
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** The same entries through yazl, as the workbooks were written before. */
function yazlArchive(entries: { name: string; chunks: Buffer[] }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const { name, chunks } of entries) zip.addReadStream(Readable.from(chunks), name, { compressionLevel: 2, mtime: new Date(2000, 0, 1), forceDosTimestamp: true });
  zip.end();
  return bytesOf(zip.outputStream as unknown as AsyncIterable<Uint8Array>);
}

const entriesArbitrary = fc.uniqueArray(
  fc.record({
    name: fc.stringMatching(/^[a-z0-9_\u4e00-\u4e09]{1,8}(\/[a-z0-9_\u4e00-\u4e09]{1,8})?(\.xml)?$/),
    chunks: fc.array(fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)), { maxLength: 4 }),
  }),
  { maxLength: 5, selector: (entry) => entry.name },
);

const asEntries = (entries: { name: string; chunks: Buffer[] }[]): ZipEntry[] => entries.map(({ name, chunks }) => ({ name, data: () => chunks }));

describe('zipArchive', () => {
  it('writes archives that read back as their entries, as yazl’s do, plain and zip64', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArbitrary, fc.boolean(), async (entries, forceZip64) => {
        const archive = await bytesOf(zipArchive(asEntries(entries), { level: 2, modified: new Date(2000, 0, 1), forceZip64 }));
        const expected = new Map(entries.map(({ name, chunks }) => [name, Buffer.concat(chunks)]));
        expect(await unzipped(archive)).toEqual(expected);
        expect(await unzipped(await yazlArchive(entries))).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('writes what Python’s zipfile reads, CRC-32 checked, plain and zip64', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planmetrics-zip-'));
    const big = Buffer.from('<row>表</row>'.repeat(50_000));
    const entries = [
      { name: '[Content_Types].xml', chunks: [Buffer.from('<?xml version="1.0"?><Types/>')] },
      { name: 'xl/worksheets/sheet1.xml', chunks: [big.subarray(0, 70_000), big.subarray(70_000)] },
      { name: 'empty.xml', chunks: [] },
    ];
    for (const forceZip64 of [false, true]) {
      const file = join(dir, `${forceZip64 ? 'zip64' : 'plain'}.zip`);
      writeFileSync(file, await bytesOf(zipArchive(asEntries(entries), { level: 2, modified: new Date(2000, 0, 1), forceZip64 })));
      const script = 'import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({"bad": z.testzip(), "names": z.namelist(), "sizes": [i.file_size for i in z.infolist()]}))';
      const read = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as { bad: string | null; names: string[]; sizes: number[] };
      expect(read).toEqual({ bad: null, names: entries.map((e) => e.name), sizes: entries.map((e) => Buffer.concat(e.chunks).length) });
    }
  });

  it('gives the same bytes for the same entries', async () => {
    const entries = asEntries([{ name: 'a.xml', chunks: [Buffer.from('<a/>')] }]);
    const once = await bytesOf(zipArchive(entries, { level: 2, modified: new Date(2000, 0, 1) }));
    const again = await bytesOf(zipArchive(entries, { level: 2, modified: new Date(2000, 0, 1) }));
    expect(once.equals(again)).toBe(true);
  });

  it('closes an entry’s source when the archive is not read to its end', async () => {
    const chunk = Buffer.alloc(1 << 16, 0x78);
    let closed = false;
    const entry: ZipEntry = {
      name: 'sheet.xml',
      data: function* () {
        try {
          for (let i = 0; i < 2000; i++) yield Uint8Array.from(chunk);
        } finally {
          closed = true;
        }
      },
    };
    let read = 0;
    for await (const _ of zipArchive([entry], { level: 2, modified: new Date(2000, 0, 1) })) {
      if (++read < 3) continue;
      // Long enough for the source to fill the deflate stream and wait for it to drain.
      await new Promise((resolve) => setTimeout(resolve, 100));
      break;
    }
    expect(closed).toBe(true);
  });

  it('stops with the error of an entry whose data fails', async () => {
    const failing: ZipEntry = {
      name: 'sheet.xml',
      data: async function* () {
        yield Buffer.from('<a>');
        throw new Error('the sheet failed');
      },
    };
    await expect(bytesOf(zipArchive([failing], { level: 2, modified: new Date(2000, 0, 1) }))).rejects.toThrow('the sheet failed');
  });
});
