// Where each (region code, year) was first seen, for the duplicate check across 600,000+ rows.
// A Map keyed by strings costs ~150 bytes a row; this open-addressing table packs the key and the
// place into two doubles (16 bytes a slot, at most 70% full: 16-23 bytes a row), with no object per row.

import { isRegionCode } from './regions.js';

export interface RowPlace {
  /** Index into the caller's list of file names. */
  file: number;
  line: number;
}

const EMPTY = -1;
const MAX_LOAD = 0.7;
const TWO_TO_32 = 2 ** 32;
const YEAR_BASE = 1900;
const YEAR_SPAN = 2048;
/** 6, 9 and 12 digit codes: 330100 and 330100000 are different regions with the same number. */
const CODE_LENGTHS = 3;

/**
 * (code, year) as one exact integer: code × 3 + length class, then × 2048 + year offset.
 * The largest (a 12-digit code) stays below 2^53. null when the pair cannot be packed.
 */
export function rowKey(code: string, year: number): number | null {
  const lengthClass = (code.length - 6) / 3;
  if (!isRegionCode(code)) return null;
  const yearOffset = year - YEAR_BASE;
  if (!Number.isInteger(yearOffset) || yearOffset < 0 || yearOffset >= YEAR_SPAN) return null;
  return (Number(code) * CODE_LENGTHS + lengthClass) * YEAR_SPAN + yearOffset;
}

function hash(key: number): number {
  const low = key >>> 0;
  const high = Math.floor(key / TWO_TO_32) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class RowIndex {
  private keys: Float64Array;
  private places: Float64Array;
  private count = 0;

  constructor(capacity = 1024) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, capacity / MAX_LOAD)));
    this.keys = new Float64Array(size).fill(EMPTY);
    this.places = new Float64Array(size);
  }

  get size(): number {
    return this.count;
  }

  /** The place a key was first recorded at; otherwise records this place (file index, line) and returns null. */
  firstOrAdd(key: number, file: number, line: number): RowPlace | null {
    const slot = this.slotOf(key, this.keys);
    if (this.keys[slot] === key) {
      const packed = this.places[slot]!;
      return { file: Math.floor(packed / TWO_TO_32), line: packed % TWO_TO_32 };
    }
    this.keys[slot] = key;
    this.places[slot] = file * TWO_TO_32 + line;
    this.count++;
    if (this.count > this.keys.length * MAX_LOAD) this.grow();
    return null;
  }

  /** The slot holding `key`, or the empty slot where it belongs (linear probing). */
  private slotOf(key: number, keys: Float64Array): number {
    const mask = keys.length - 1;
    let slot = hash(key) & mask;
    while (keys[slot] !== EMPTY && keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldPlaces = this.places;
    this.keys = new Float64Array(oldKeys.length * 2).fill(EMPTY);
    this.places = new Float64Array(oldKeys.length * 2);
    for (let i = 0; i < oldKeys.length; i++) {
      const key = oldKeys[i]!;
      if (key === EMPTY) continue;
      const slot = this.slotOf(key, this.keys);
      this.keys[slot] = key;
      this.places[slot] = oldPlaces[i]!;
    }
  }
}
