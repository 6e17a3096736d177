// Parsing of the options shared by the commands; bad values are usage errors (exit 2).

import { diagnostic, PlanmetricsError } from '../core/diagnostics.js';
import { LEVELS, type Lang, type Level, type Plan } from '../core/types.js';
import type { EncodingOption } from '../io/decode.js';

export interface CommonOptions {
  plan?: string;
  year?: string;
  level?: string;
  region?: string[];
  indicator?: string[];
  format: string;
  output?: string;
  lang: Lang;
  encoding: EncodingOption;
  color: boolean;
  debug?: boolean;
  /** The terminal's width (columns) the table views fit. */
  width?: number;
  /** The plan already read from `plan` (by the CLI's guard on -o), so that a run reads it once. */
  loadedPlan?: Plan;
}

/** A usage error (exit 2) in the catalogue's words: `usage` is a key of USAGE_TEXTS in src/format/messages.ts. */
export function usageError(usage: string, args: Record<string, string | number> = {}): PlanmetricsError {
  return new PlanmetricsError([diagnostic('USAGE', {}, { usage, ...args })]);
}

/** "2024", "2020,2024" or "all". Missing option: [] (the latest year in the data). */
export function parseYears(text: string | undefined): number[] | 'all' {
  if (text === undefined) return [];
  if (text === 'all') return 'all';
  return text.split(',').map((part) => {
    const year = Number(part.trim());
    if (!Number.isInteger(year) || year < 1900 || year > 2200) throw usageError('year_syntax', { value: part });
    return year;
  });
}

/** "city", "province,city" or "all". */
export function parseLevels(text: string | undefined, fallback: Level[]): Level[] {
  if (text === undefined) return fallback;
  if (text === 'all') return [...LEVELS];
  return text.split(',').map((part) => {
    const level = part.trim() as Level;
    if (!LEVELS.includes(level)) throw usageError('level_syntax', { value: part, levels: LEVELS.join('|') });
    return level;
  });
}

/** Accepts repeated options and comma lists alike: --region 330100 --region 331100,330200. */
export function splitList(values: string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** "0.8": a share from 0 to 1. */
export function parseMinCoverage(text: string | undefined): number {
  if (text === undefined) return 1;
  const share = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(share) || share < 0 || share > 1) throw usageError('min_coverage', { value: text });
  return share;
}
