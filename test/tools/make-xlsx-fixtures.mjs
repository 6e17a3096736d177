#!/usr/bin/env node
// Writes the Excel fixtures in fixtures/xlsx/ from the bundled sample (ILLUSTRATIVE, NOT OFFICIAL
// STATISTICS), the way a county clerk's workbook tends to look, with the writers offices use. The
// workbooks are committed: the project itself depends on none of these writers, and CI runs none.
//
//   mkdir -p /tmp/xlsx-writers && npm install --prefix /tmp/xlsx-writers exceljs@4.4.0 xlsx@0.18.5
//   apt-get install python3-openpyxl python3-xlsxwriter
//   XLSX_WRITERS=/tmp/xlsx-writers node test/tools/make-xlsx-fixtures.mjs
//
// - cities.csv   the sample's city rows with Chinese labels as the header (what the xlsx holds).
// - cities.xlsx  the same content on sheet 1 ("填报表"): a merged title row and a merged note row
//                above the header; region codes as text, years as numbers, and input cells
//                alternating between numbers and numbers stored as text; a second sheet "说明".
// - two-sheets.xlsx  sheet 1 "说明" is notes only; the data is on sheet 2 "2024数据" (for --sheet).
// - bad-cells.xlsx   two title rows, then a header and rows with a word in a number cell (sheet
//                row 5, column E) and a malformed region code (sheet row 6, column A).
// The four above are written by exceljs 4.4.0. Then, the rows of cities.csv as other writers save them:
// - sheetjs.xlsx     SheetJS (npm xlsx 0.18.5): it zips the sheet before workbook.xml.
// - openpyxl-default.xlsx, openpyxl-named.xlsx, xlsxwriter.xlsx: make-xlsx-fixtures.py (absolute
//                relationship targets such as /xl/worksheets/sheet1.xml from openpyxl).
// - template-filled-openpyxl.xlsx: planmetrics' own `template --format xlsx --year 2024 --level
//                city`, filled in by openpyxl (make-xlsx-fixtures.py).
// - libreoffice.xlsx: xlsxwriter.xlsx opened and saved again by LibreOffice 7.4 Calc (Debian
//                libreoffice-calc-nogui), when soffice is installed; otherwise left as it is.
// - old-excel.xls    SheetJS's Excel 97-2003 (BIFF8) file of the same rows, to be refused with advice.
// - corrupt.xlsx     cities.xlsx cut off half-way, as an interrupted download leaves it.
//
// `check --format json` must give the same output for cities.csv and cities.xlsx
// (test/reports/xlsx-input.test.ts).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import YAML from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WRITERS = process.env.XLSX_WRITERS;
if (!WRITERS) throw new Error('set XLSX_WRITERS to a folder where exceljs@4.4.0 and xlsx@0.18.5 are installed (see the top of this file)');
const writerRequire = createRequire(join(resolve(WRITERS), 'package.json'));
const ExcelJS = writerRequire('exceljs');
const XLSX = writerRequire('xlsx');
const OUT = join(ROOT, 'fixtures/xlsx');
const FIXED_DATE = new Date('2024-06-30T00:00:00Z');

const plan = YAML.parse(readFileSync(join(ROOT, 'data/zhejiang-community-services-2021-2025.yaml'), 'utf8'));
const labelOf = new Map(plan.inputs.map((input) => [input.id, input.label]));
const FIXED_LABELS = { region_code: '行政区划代码', region_name: '地区名称', year: '年份' };

const [idHeader, ...records] = parse(readFileSync(join(ROOT, 'data/sample/zhejiang-cities.csv')), { bom: true });
const header = idHeader.map((id) => FIXED_LABELS[id] ?? labelOf.get(id) ?? id);

function newWorkbook() {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'planmetrics fixtures';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  return workbook;
}

/** Region code and name as text, year as a number, inputs alternating number / text; blanks stay empty. */
function excelRow(record) {
  return record.map((text, index) => {
    if (text === '' || index < 2) return text === '' ? null : text;
    const number = Number(text);
    if (Number.isNaN(number)) return text;
    if (index === 2) return number;
    return index % 2 === 0 ? number : text;
  });
}

function addTitledSheet(workbook, name, rows) {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(['浙江省城乡社区服务体系建设数据填报表（示例数据，非官方统计）']);
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.addRow(['填报单位：各设区市民政局', null, null, null, '单位：见各列名称']);
  sheet.mergeCells(2, 1, 2, 4);
  sheet.addRow(header);
  for (const record of rows) sheet.addRow(excelRow(record));
  sheet.getColumn(1).numFmt = '@';
  return sheet;
}

function addNotesSheet(workbook, name) {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(['说明']);
  sheet.addRow(['本表为示例数据，数字均为虚构。']);
  return sheet;
}

async function save(workbook, file) {
  await workbook.xlsx.writeFile(join(OUT, file));
}

writeFileSync(join(OUT, 'cities.csv'), stringify([header, ...records]));

const cities = newWorkbook();
addTitledSheet(cities, '填报表', records);
addNotesSheet(cities, '说明');
await save(cities, 'cities.xlsx');

const twoSheets = newWorkbook();
addNotesSheet(twoSheets, '说明');
addTitledSheet(twoSheets, '2024数据', records.filter((record) => record[2] === '2024'));
await save(twoSheets, 'two-sheets.xlsx');

const bad = newWorkbook();
const badRows = records.slice(0, 3).map((record) => [...record]);
badRows[1][4] = '约一千';
badRows[2][0] = '33O300';
addTitledSheet(bad, '填报表', badRows);
await save(bad, 'bad-cells.xlsx');

const sheetjs = XLSX.utils.book_new();
const sheetjsRows = [['浙江省城乡社区服务体系建设数据填报表（示例数据，非官方统计）'], header, ...records.map(excelRow)];
const sheetjsSheet = XLSX.utils.aoa_to_sheet(sheetjsRows);
sheetjsSheet['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: header.length - 1 } }];
XLSX.utils.book_append_sheet(sheetjs, sheetjsSheet, '填报表');
XLSX.utils.book_append_sheet(sheetjs, XLSX.utils.aoa_to_sheet([['本表为示例数据，数字均为虚构。']]), '说明');
sheetjs.Props = { Author: 'planmetrics fixtures', CreatedDate: FIXED_DATE };
XLSX.writeFile(sheetjs, join(OUT, 'sheetjs.xlsx'), { compression: true });
XLSX.writeFile(sheetjs, join(OUT, 'old-excel.xls'), { bookType: 'xls' });

const whole = readFileSync(join(OUT, 'cities.xlsx'));
writeFileSync(join(OUT, 'corrupt.xlsx'), whole.subarray(0, Math.floor(whole.length / 2)));

// planmetrics' own template (needs `npm run build`), for openpyxl to fill in.
const template = join(mkdtempSync(join(tmpdir(), 'planmetrics-template-')), 'template.xlsx');
execFileSync(process.execPath, [join(ROOT, 'bin/planmetrics.js'), 'template', '--format', 'xlsx', '--year', '2024', '--level', 'city', '-o', template], { stdio: 'inherit' });
execFileSync('/usr/bin/python3', [join(ROOT, 'test/tools/make-xlsx-fixtures.py'), join(OUT, 'cities.csv'), OUT, template], { stdio: 'inherit' });
try {
  const saved = mkdtempSync(join(tmpdir(), 'planmetrics-libreoffice-'));
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${saved}/profile`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', saved, join(OUT, 'xlsxwriter.xlsx')], { stdio: 'inherit' });
  writeFileSync(join(OUT, 'libreoffice.xlsx'), readFileSync(join(saved, 'xlsxwriter.xlsx')));
} catch (error) {
  console.warn(`libreoffice.xlsx left as it is (soffice: ${error.message})`);
}
console.log(`wrote cities.csv, cities.xlsx, two-sheets.xlsx, bad-cells.xlsx, sheetjs.xlsx, old-excel.xls, corrupt.xlsx to ${OUT}`);
