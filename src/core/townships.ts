// The townships village rows are folded into, kept compactly. Nationally there are ~150,000 of
// them (one per ~17 villages), so whatever each keeps counts: a region object, a map entry by
// string and a live row of totals cost ~1 KB a township and made memory grow with the input.
// Here a township is a row of numbers in one shared array, found by its code as a number; its
// totals and the villages it has seen are packed (PackedNumbers, lossless) while the input is
// elsewhere, so only the township being added to has live arrays. Nothing depends on the input
// being sorted: a township the input comes back to is unpacked exactly as it was, and from then on
// kept live (packing it again at each return would leave a dead copy per return: memory by rows).

import { PackedNumbers } from './packed.js';

/** Columns of a township's row: 32-bit integers (codes are below 10^9, packed offsets below 2 GB). */
const SEQ = 0;
const ROWS = 1;
const CODE = 2;
const YEAR = 3;
const TOTALS_AT = 4;
const VILLAGES_AT = 5;
const VILLAGES = 6;
const STRIDE = 7;
/** Townships per chunk of the table (2^14: 448 KB). */
const CHUNK_BITS = 14;
const CHUNK_TOWNSHIPS = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK_TOWNSHIPS - 1;

/** Village numbers (the code's last three digits) seen by a township, one bit each. */
export const VILLAGE_WORDS = Math.ceil(1000 / 32);

/** The index starts with 2^10 slots and doubles whenever it is half full. */
const FIRST_SLOT_BITS = 10;

function emptySlots(bits: number): Int32Array {
  return new Int32Array(1 << bits).fill(-1);
}

/** A code and year's first slot among 2^(32 - shift): the top bits of a multiplicative hash. */
function slotOf(code: number, year: number, shift: number): number {
  return Math.imul(code ^ Math.imul(year, 0x27d4eb2d), 0x9e3779b1) >>> shift;
}

/** The township part of a village's or township's code (its first nine digits) as a number, read without making a string ('0' is 48). */
export function townshipNumber(code: string): number {
  let n = 0;
  for (let i = 0; i < 9; i++) n = n * 10 + (code.charCodeAt(i) - 48);
  return n;
}

export class TownshipTable<Live, Node> {
  count = 0;
  /**
   * The townships' rows, CHUNK_TOWNSHIPS to a chunk: grown by a chunk, never copied (a table that
   * doubled held up to twice what it used, and both copies while it grew).
   */
  private chunks: Int32Array[] = [];
  /**
   * Each township's index by its code and year: open addressing over the table's rows (-1: an
   * empty slot), at most half full. A typed array, not a Map: at 150,000 townships a Map held ~7 MB of the
   * JavaScript heap, which the garbage collector traced and sized the heap by.
   */
  private slots = emptySlots(FIRST_SLOT_BITS);
  /** 32 - log2(slots.length): slotOf keeps the hash's top bits. */
  private shift = 32 - FIRST_SLOT_BITS;
  /** Totals kept live (not packed), by index. */
  private readonly live: (Live | undefined)[] = [];
  /** Villages seen, kept live (not packed), by index. */
  private readonly liveVillages: (Uint32Array | undefined)[] = [];
  /** The region made for a township with a row of its own, by index. */
  private readonly nodes: (Node | undefined)[] = [];
  /** Each township's county (or whatever its parent is), once the fold links them. */
  private parents: (Node | null)[] = [];
  private totals = new PackedNumbers();
  private villages = new PackedNumbers();
  private readonly villageList = new Float64Array(1000);

  /** A township by its code as a number (townshipNumber). */
  find(code: number, year: number): number {
    const mask = this.slots.length - 1;
    for (let at = slotOf(code, year, this.shift); ; at = (at + 1) & mask) {
      const t = this.slots[at]!;
      if (t < 0 || (this.get(t, CODE) === code && this.get(t, YEAR) === year)) return t;
    }
  }

  /** A new township (`code`: its number, townshipNumber); `seq` is its place in the order regions were first seen. */
  add(code: number, year: number, seq: number): number {
    const t = this.count++;
    if ((t & IN_CHUNK) === 0) this.chunks.push(new Int32Array(CHUNK_TOWNSHIPS * STRIDE));
    this.set(t, SEQ, seq);
    this.set(t, ROWS, 0);
    this.set(t, CODE, code);
    this.set(t, YEAR, year);
    this.set(t, TOTALS_AT, -1);
    this.set(t, VILLAGES_AT, -1);
    this.set(t, VILLAGES, 0);
    if (this.count * 2 > this.slots.length) this.growSlots();
    this.place(t);
    return t;
  }

  /** Puts township t (its code and year already in the table) into its slot. */
  private place(t: number): void {
    const mask = this.slots.length - 1;
    let at = slotOf(this.get(t, CODE), this.get(t, YEAR), this.shift);
    while (this.slots[at]! >= 0) at = (at + 1) & mask;
    this.slots[at] = t;
  }

  private growSlots(): void {
    this.shift -= 1;
    this.slots = emptySlots(32 - this.shift);
    for (let t = 0; t < this.count; t++) this.place(t);
  }

  /** Column `column` of township t's row. */
  private get(t: number, column: number): number {
    return this.chunks[t >>> CHUNK_BITS]![(t & IN_CHUNK) * STRIDE + column]!;
  }

  private set(t: number, column: number, value: number): void {
    this.chunks[t >>> CHUNK_BITS]![(t & IN_CHUNK) * STRIDE + column] = value;
  }

  seq(t: number): number {
    return this.get(t, SEQ);
  }

  rows(t: number): number {
    return this.get(t, ROWS);
  }

  addRow(t: number): void {
    this.set(t, ROWS, this.get(t, ROWS) + 1);
  }

  year(t: number): number {
    return this.get(t, YEAR);
  }

  /** The township's code as a string (codes have no leading zero: provinces are 11 to 82). */
  code(t: number): string {
    return String(this.get(t, CODE)).padStart(9, '0');
  }

  parentOf(t: number): Node | null {
    return this.parents[t] ?? null;
  }

  setParent(t: number, parent: Node | null): void {
    this.parents[t] = parent;
  }

  node(t: number): Node | undefined {
    return this.nodes[t];
  }

  link(t: number, node: Node): void {
    this.nodes[t] = node;
  }

  /** Packs the totals away. */
  packTotals(t: number, fields: Float64Array): void {
    this.set(t, TOTALS_AT, this.totals.write(fields, fields.length));
  }

  /** Keeps these totals live (not packed) from now on. */
  keepTotals(t: number, live: Live): void {
    this.set(t, TOTALS_AT, -1);
    this.live[t] = live;
  }

  /** The live totals kept by keepTotals, if any. */
  liveTotals(t: number): Live | undefined {
    return this.live[t];
  }

  /** Unpacks the totals into `into`; false when none were packed. */
  readTotals(t: number, into: Float64Array): boolean {
    const at = this.get(t, TOTALS_AT);
    if (at < 0) return false;
    this.totals.read(at, into, into.length);
    return true;
  }

  /** Packs the villages seen (bits) as a list of their numbers (as steps, see below). */
  packVillages(t: number, bits: Uint32Array): void {
    // Ascending, each as its step from the one before: small numbers, a byte each when packed.
    let n = 0;
    let last = 0;
    for (let word = 0; word < VILLAGE_WORDS; word++) {
      for (let w = bits[word]!; w !== 0; w &= w - 1) {
        const village = word * 32 + (31 - Math.clz32(w & -w));
        this.villageList[n++] = village - last;
        last = village;
      }
    }
    this.set(t, VILLAGES, n);
    this.set(t, VILLAGES_AT, n > 0 ? this.villages.write(this.villageList, n) : -1);
  }

  /** The township's villages seen, as live bits from now on (unpacked the first time). */
  liveVillagesOf(t: number): Uint32Array {
    let bits = this.liveVillages[t];
    if (!bits) this.readVillages(t, (this.liveVillages[t] = bits = new Uint32Array(VILLAGE_WORDS)));
    return bits;
  }

  /** Sets `bits` to the villages seen, as packVillages packed them. */
  private readVillages(t: number, bits: Uint32Array): void {
    bits.fill(0);
    const n = this.get(t, VILLAGES);
    if (n === 0) return;
    this.villages.read(this.get(t, VILLAGES_AT), this.villageList, n);
    let village = 0;
    for (let k = 0; k < n; k++) {
      village += this.villageList[k]!;
      bits[village >>> 5] = bits[village >>> 5]! | (1 << (village & 31));
    }
  }

  /** Every row is in: the villages seen are not read again. */
  dropVillages(): void {
    this.villages = new PackedNumbers();
    this.liveVillages.length = 0;
  }

  /** Lets go of every township (the engine's results have regions for those it reads). */
  clear(): void {
    this.count = 0;
    this.chunks = [];
    this.slots = emptySlots(FIRST_SLOT_BITS);
    this.shift = 32 - FIRST_SLOT_BITS;
    this.live.length = 0;
    this.nodes.length = 0;
    this.parents = [];
    this.totals = new PackedNumbers();
    this.dropVillages();
  }

  /** Indexes of one year's townships, in the order they were first seen. */
  *ofYear(year: number): Generator<number> {
    for (let t = 0; t < this.count; t++) if (this.get(t, YEAR) === year) yield t;
  }
}
