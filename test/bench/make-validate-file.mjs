// Writes a large village-level submission with a known number of errors spread through it, to
// measure `planmetrics validate` (not part of npm test):
//
//   node test/bench/make-validate-file.mjs /tmp/villages-600k.csv 600000 50
//   /usr/bin/time -v node bin/planmetrics.js validate --format json /tmp/villages-600k.csv
//
// Rows: villages (12-digit codes under the real Zhejiang county codes of data/zhejiang-divisions.csv,
// 40 townships × 28 villages per county) × the years 2020–2025. Every row satisfies the bundled
// plan's rules except the injected ones; each injected error yields exactly one diagnostic.
// Deterministic: the same arguments always write the same bytes.
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const [target = '/tmp/villages-600k.csv', rowsArg = '600000', errorsArg = '50'] = process.argv.slice(2);
const totalRows = Number(rowsArg);
const errorCount = Number(errorsArg);
const YEARS = [2020, 2021, 2022, 2023, 2024, 2025];
const TOWNSHIPS = 40;
const VILLAGES = 28;

const divisions = readFileSync(fileURLToPath(new URL('../../data/zhejiang-divisions.csv', import.meta.url)), 'utf8');
const counties = divisions
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .filter((cells) => cells[2] === 'county')
  .map((cells) => cells[0]);

const FIELDS = [
  'resident_population', 'urban_population', 'elderly_population', 'households', 'administrative_villages',
  'urban_communities', 'beautiful_villages', 'hygienic_villages', 'epidemic_free_units', 'community_workers',
  'certified_community_workers', 'special_needs_elderly', 'special_needs_elderly_visited',
];

/** A seeded hash in [0, 1): the same village and year always get the same figures. */
function unit(n) {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

function villageCode(index) {
  const county = counties[Math.floor(index / (TOWNSHIPS * VILLAGES)) % counties.length];
  const township = Math.floor(index / VILLAGES) % TOWNSHIPS;
  const village = index % VILLAGES;
  return `${county}${String(township + 1).padStart(3, '0')}${String(village + 1).padStart(3, '0')}`;
}

function figures(index, year) {
  const resident = 800 + Math.floor(unit(index) * 4000) + (year - 2020) * 7;
  const urban = Math.floor(resident * 0.3);
  const elderly = Math.floor(resident * 0.21);
  const isVillage = unit(index + 7) < 0.8 ? 1 : 0;
  const workers = 3 + Math.floor(unit(index + 11) * 6);
  const specialNeeds = 4 + Math.floor(unit(index + 13) * 10);
  return [resident, urban, elderly, Math.floor(resident / 2.6), isVillage, 1 - isVillage, isVillage, isVillage, 1,
    workers, Math.min(workers, 1 + Math.floor(unit(index + 17) * 3)), specialNeeds, specialNeeds - 1];
}

/** Each kind turns a good row into a row with exactly one finding. */
const INJECT = [
  (cells) => { cells[3 + FIELDS.indexOf('community_workers')] = '12人'; return 'NOT_A_NUMBER'; },
  (cells) => { cells[3 + FIELDS.indexOf('households')] = '-5'; return 'NEGATIVE_COUNT'; },
  (cells) => { cells[3 + FIELDS.indexOf('certified_community_workers')] = '99'; return 'RULE_BROKEN'; },
  (cells) => { cells[2] = '2019'; return 'YEAR_OUT_OF_PERIOD'; },
  (cells) => { cells[0] = `330103${cells[0].slice(6)}`; return 'REGION_UNKNOWN'; },
  (cells) => { cells[0] = cells[0].slice(1); return 'REGION_CODE_MALFORMED'; },
  (cells) => { cells[2] = '20x4'; return 'YEAR_INVALID'; },
  (cells) => { cells.push('extra'); return 'CELL_COUNT'; },
];

const villagesPerYear = Math.ceil(totalRows / YEARS.length);
const errorAt = new Map(Array.from({ length: errorCount }, (_, k) => [Math.floor(((k + 0.5) * totalRows) / errorCount), k]));
const out = createWriteStream(target);
out.write(`region_code,region_name,year,${FIELDS.join(',')}\n`);
const injected = {};
let written = 0;
let previousKey = null;
for (const year of YEARS) {
  for (let index = 0; index < villagesPerYear && written < totalRows; index++) {
    const cells = [villageCode(index), `村${index}`, String(year), ...figures(index, year).map(String)];
    const k = errorAt.get(written);
    if (k !== undefined) {
      // Every ninth error repeats the row before it: the same village and year twice.
      const code = k % 9 === 8 && previousKey ? ((cells[0] = previousKey[0]), (cells[2] = previousKey[1]), 'DUPLICATE_ROW') : INJECT[k % INJECT.length](cells);
      injected[code] = (injected[code] ?? 0) + 1;
    }
    previousKey = [cells[0], cells[2]];
    if (!out.write(`${cells.join(',')}\n`)) await once(out, 'drain');
    written++;
  }
}
out.end();
await once(out, 'finish');
console.log(JSON.stringify({ file: target, rows: written, errors: errorCount, injected }));
