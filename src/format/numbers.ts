// Number rules shared by the views. JSON keeps full precision; CSV and the human views round.

/** How the human views show a number that is not there (also the last guard against NaN/Infinity). */
export const MISSING = '—';

/** A finite number, or null: NaN and ±Infinity never leave a formatter. */
export function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * String(value), made without V8's number-to-string cache: String(), `${}` and toString() keep
 * the text of each new number there, in the old generation, and a report that writes millions of
 * distinct numbers filled it with them between collections (docs/memory.md). JSON.stringify writes
 * a finite number as String() does (ECMA-262 Number::toString) into a short-lived string.
 */
export function numberText(value: number): string {
  return Number.isFinite(value) ? JSON.stringify(value) : String(value);
}

/** Rounds to `decimals` places; -0 becomes 0 so no "-0" is ever printed. */
function roundTo(value: number, decimals: number): number {
  // A whole number is its own rounding (toFixed and back gives it unchanged): most counts and targets.
  if (Number.isInteger(value)) return value === 0 ? 0 : value;
  const rounded = Number(value.toFixed(decimals));
  return rounded === 0 ? 0 : rounded;
}

/**
 * CSV rule: at most 4 decimal places, trailing zeros dropped (12.345678 → 12.3457, 18.50 → 18.5).
 * Enough for every ratio in the plan, short enough for a spreadsheet.
 */
export function roundForCsv(value: number | null | undefined): number | null {
  const finite = finiteOrNull(value);
  return finite === null ? null : roundTo(finite, 4);
}

const MINUS = 0x2d;
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** "1234567.5" → "1,234,567.5"; text that is not plain digits (say "1e+21") is left as it is. */
function groupThousands(fixed: string): string {
  const point = fixed.indexOf('.');
  const end = point < 0 ? fixed.length : point;
  const first = fixed.charCodeAt(0) === MINUS ? 1 : 0;
  if (end - first <= 3) return fixed;
  for (let at = first; at < end; at++) {
    if (!isDigit(fixed.charCodeAt(at))) return fixed;
  }
  const lead = first + ((end - first) % 3 || 3);
  let grouped = fixed.slice(0, lead);
  for (let at = lead; at < end; at += 3) grouped += `,${fixed.slice(at, at + 3)}`;
  return grouped + fixed.slice(end);
}

/** Decimals for reading: whole numbers and ≥100 → 0, ≥10 → 1, otherwise 2 (by magnitude). */
function readableDecimals(value: number): number {
  if (Number.isInteger(value)) return 0;
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return 0;
  if (magnitude >= 10) return 1;
  return 2;
}

/** A measured value for reading: 12345.6 → "12,346", 12.34 → "12.3", 1.234 → "1.23", 12 → "12". */
export function formatReadable(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  const decimals = readableDecimals(value);
  const fixed = value.toFixed(decimals);
  // "-0.00" (a tiny negative) reads as 0.
  return groupThousands(fixed.charCodeAt(0) === MINUS && Number(fixed) === 0 ? fixed.slice(1) : fixed);
}

/** A plan constant (target, baseline): exact up to 4 decimals, zeros trimmed: 13000 → "13,000", 11.65 → "11.65". */
export function formatPlain(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  return groupThousands(numberText(roundTo(value, 4)));
}

/** A change to make: "+412", "-3.50". */
export function formatSigned(value: number): string {
  const text = formatReadable(value);
  return value > 0 && /[1-9]/.test(text) ? `+${text}` : text;
}

const withoutGrouping = (text: string): number => Number(text.includes(',') ? text.replace(/,/g, '') : text);

/**
 * A value judged against thresholds (a target, or the two ends of an "about" band), for reading:
 * formatReadable's rounding, with the decimals it takes for the printed number to fall on the same
 * side of every threshold as the value itself. A value that misses 100 reads 99.95, never 100.0.
 */
export function formatAgainst(value: number, thresholds: readonly number[]): string {
  if (!Number.isFinite(value)) return MISSING;
  const limits = thresholds.filter(Number.isFinite);
  let text = formatReadable(value);
  if (limits.length === 0) return text;
  for (let decimals = readableDecimals(value) + 1; decimals <= 15 && !sameSides(withoutGrouping(text), value, limits); decimals++) {
    text = groupThousands(value.toFixed(decimals));
  }
  return sameSides(withoutGrouping(text), value, limits) ? text : groupThousands(String(value));
}

/** Whether `x` lies on the same side of (or on) every limit as `value`; run for every value a view prints. */
function sameSides(x: number, value: number, limits: readonly number[]): boolean {
  for (let i = 0; i < limits.length; i++) {
    const side = Math.sign(x - limits[i]!);
    const wanted = Math.sign(value - limits[i]!);
    // NaN on both sides counts as the same side, as it did when the signs were compared as text.
    if (side !== wanted && !(Number.isNaN(side) && Number.isNaN(wanted))) return false;
  }
  return true;
}
