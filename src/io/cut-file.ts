// Where to cut a large submission file in two, for reading it on two threads
// (src/commands/load-in-parts.ts): reads the header and a window at the middle, nothing more.

import { open } from 'node:fs/promises';
import { resolveHeader } from '../core/submissions.js';
import type { Plan } from '../core/types.js';

/** How far past the middle to look for a line where the township changes. */
const CUT_WINDOW = 1024 * 1024;
const HEADER_WINDOW = 64 * 1024;
const TOWNSHIP_DIGITS = 9;
const LF = 0x0a;

async function readAt(file: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A line's region code cell, or null when the line is not plain (quotes: then no cut here). */
function regionCodeOf(line: Buffer, column: number): string | null {
  const text = line.toString('latin1');
  if (text.includes('"')) return null;
  return text.split(',')[column]?.trim() ?? null;
}

/**
 * Where to cut: the start of the first line past the middle whose township (first nine digits of
 * the region code) differs from the line before, so that no township's villages are split in a
 * file sorted by code. null when there is no such line near the middle or the header is unusual.
 */
export async function findCut(file: string, size: number, plan: Plan): Promise<{ cut: number; header: Buffer } | null> {
  const head = await readAt(file, 0, HEADER_WINDOW);
  const headerEnd = head.indexOf(LF);
  if (headerEnd < 0) return null;
  const header = Buffer.from(head.subarray(0, headerEnd + 1)); // a copy: it is sent to the worker
  const headerText = header.toString('utf8').replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
  if (headerText.includes('"')) return null;
  const { columns } = resolveHeader(headerText.split(','), plan, file, 1);
  if (!columns) return null;

  const middle = Math.floor(size / 2);
  const window = await readAt(file, middle, CUT_WINDOW);
  let lineStart = window.indexOf(LF) + 1;
  if (lineStart === 0) return null;
  let previous: string | null = null;
  while (lineStart < window.length) {
    const lineEnd = window.indexOf(LF, lineStart);
    if (lineEnd < 0) return null;
    const code = regionCodeOf(window.subarray(lineStart, lineEnd), columns.regionCode);
    const township = code?.slice(0, TOWNSHIP_DIGITS) ?? null;
    if (previous !== null && township !== null && township !== previous) return { cut: middle + lineStart, header };
    previous = township;
    lineStart = lineEnd + 1;
  }
  return null;
}
