// Reading a whole file with a cap on its bytes, whatever it is: a regular file's size can be
// checked first, but /dev/zero, a FIFO or /proc file reports a size of 0 and never ends.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The first buffer for a file that reports no size (a FIFO, /proc, /dev/zero). */
const FIRST_CHUNK = 64 * 1024;

/**
 * The file's bytes, or null when it holds more than `maxBytes` (only `maxBytes + 1` are read).
 * The buffer starts at the size the file reports and doubles while more comes, up to the cap:
 * not one of the cap's size for every file (64 MB zero-filled for a 100 KB division list).
 */
export function readBounded(path: string, maxBytes: number): Buffer | null {
  const fd = openSync(path, 'r');
  try {
    // + 1: reading one byte more than the file reports is how its end (or growth) is seen.
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(fstatSync(fd).size + 1, FIRST_CHUNK)));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (filled > maxBytes) break;
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, filled);
        buffer = grown;
      }
      const read = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) break;
      filled += read;
    }
    return filled > maxBytes ? null : buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
