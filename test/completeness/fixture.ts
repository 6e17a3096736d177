// 90 county submissions for 2024, made at test time from the bundled sample's 22 county rows of
// 2024 (each county takes the figures of one sample row, so every row keeps to the plan's rules).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const SAMPLE = join(ROOT, 'data/sample/zhejiang-counties.csv');
const DIVISIONS = join(ROOT, 'data/zhejiang-divisions.csv');

export interface CountyFixture {
  /** Codes to leave out. */
  absent?: string[];
  /** Code -> input ids to leave blank. */
  blank?: Record<string, string[]>;
  /** The counties to write, [code] (names from the sample when it has the code); default every county of the list. */
  codes?: string[];
  /** The rows' year (the figures are the sample's 2024 ones either way). */
  year?: string;
}

/** Every county of the division list: [code, name]. */
export function counties(): [string, string][] {
  return readFileSync(DIVISIONS, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells[2] === 'county')
    .map((cells) => [cells[0]!, cells[1]!]);
}

/** Writes the CSV and returns its path. */
export function writeCountyFixture({ absent = [], blank = {}, codes, year = '2024' }: CountyFixture = {}): string {
  const [header, ...lines] = readFileSync(SAMPLE, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  const templates = lines.map((line) => line.split(',')).filter((cells) => cells[2] === '2024');
  const names = new Map(counties());
  const wanted: [string, string][] = codes ? codes.map((code) => [code, names.get(code) ?? '']) : counties();
  const rows = wanted
    .filter(([code]) => !absent.includes(code))
    .map(([code, name], i) => {
      const cells = [...templates[i % templates.length]!];
      cells[0] = code;
      cells[1] = name;
      cells[2] = year;
      for (const id of blank[code] ?? []) cells[columns.indexOf(id)] = '';
      return cells.join(',');
    });
  const file = join(mkdtempSync(join(tmpdir(), 'planmetrics-completeness-')), `counties-${year}.csv`);
  writeFileSync(file, `${[header, ...rows].join('\n')}\n`);
  return file;
}
