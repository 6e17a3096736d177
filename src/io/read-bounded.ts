// Reading a whole file with a cap on its bytes, whatever it is: a regular file's size can be
// checked first, but /dev/zero, a FIFO or /proc file reports a size of 0 and never ends.

import { closeSync, openSync, readSync } from 'node:fs';

/** The file's bytes, or null when it holds more than `maxBytes` (only `maxBytes + 1` are read). */
export function readBounded(path: string, maxBytes: number): Buffer | null {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) break;
      filled += read;
    }
    return filled > maxBytes ? null : buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
