// GB/T 2260 / statistical division codes: 330000 province, 330100 city, 330106 county,
// 9 digits township, 12 digits village or community. A region's parent follows from its code.

import type { InputField, Level } from './types.js';

const DEPTH: Record<Level, number> = { province: 0, city: 1, county: 2, township: 3, village: 4 };

/**
 * 6, 9 or 12 ASCII digits; a 9- or 12-digit code's first six must be a county (330106001, not
 * 330100001 or 330000001: a township under a city or a province cannot exist, and would be added
 * into that city's or province's totals). A loop, not a regex: it runs for every row read.
 */
export function isRegionCode(code: string): boolean {
  const length = code.length;
  if (length !== 6 && length !== 9 && length !== 12) return false;
  for (let i = 0; i < length; i++) {
    const digit = code.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
  }
  // '0' is 48: the county part's last two digits are not both zero.
  return length === 6 || code.charCodeAt(4) !== 48 || code.charCodeAt(5) !== 48;
}

/**
 * The levels of six-digit codes seen so far (province, city, county: ~3,200 in all China). A run
 * asks for the same few again and again (every row, every parent, every sort of regions), and
 * before V8 has optimised isRegionCode a lookup costs a fraction of its loop. Villages and
 * townships, which can be many, are worked out each time; the bound keeps odd input small.
 */
const sixDigitLevels = new Map<string, Level>();
const SIX_DIGIT_LEVELS_KEPT = 4096;

export function regionLevel(code: string): Level | null {
  if (code.length !== 6) return levelOf(code);
  let level: Level | null | undefined = sixDigitLevels.get(code);
  if (level !== undefined) return level;
  level = levelOf(code);
  if (level !== null && sixDigitLevels.size < SIX_DIGIT_LEVELS_KEPT) sixDigitLevels.set(code, level);
  return level;
}

function levelOf(code: string): Level | null {
  if (!isRegionCode(code)) return null;
  if (code.length === 12) return 'village';
  if (code.length === 9) return 'township';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

export function parentCode(code: string): string | null {
  switch (regionLevel(code)) {
    case 'village':
      return code.slice(0, 9);
    case 'township':
      return code.slice(0, 6);
    case 'county':
      return `${code.slice(0, 4)}00`;
    case 'city':
      return `${code.slice(0, 2)}0000`;
    default:
      return null;
  }
}

export function levelDepth(level: Level): number {
  return DEPTH[level];
}

export function childLevelOf(level: Level): Level | null {
  const order: Level[] = ['province', 'city', 'county', 'township', 'village'];
  return order[DEPTH[level] + 1] ?? null;
}

/**
 * How an input is folded into a region at `depth` (0 province … 3 township): an input that belongs
 * to a level (plan: `level: county`, a county flag) is folded by max below that level (three
 * township rows flagging a county make it 1) and as declared (sum) at and above it.
 */
export function foldedBy(input: Pick<InputField, 'aggregate' | 'level'>, depth: number): InputField['aggregate'] {
  return input.level !== undefined && input.aggregate === 'sum' && depth >= DEPTH[input.level] ? 'max' : input.aggregate;
}
