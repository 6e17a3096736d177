#!/usr/bin/python3
"""Writes fixture workbooks with the Python writers real offices use (openpyxl is what pandas'
to_excel uses; xlsxwriter is pandas' other engine). Debian: apt-get install python3-openpyxl
python3-xlsxwriter. Called by make-xlsx-fixtures.mjs; the workbooks are committed, so CI needs no Python.

  /usr/bin/python3 test/tools/make-xlsx-fixtures.py fixtures/xlsx/cities.csv fixtures/xlsx [TEMPLATE.xlsx]

Every workbook holds the rows of cities.csv (header of Chinese labels; region codes as text, years
as numbers, input cells alternating between numbers and numbers stored as text, as excelRow does).
"""
import csv
import datetime
import sys

import openpyxl
import xlsxwriter

source, out = sys.argv[1], sys.argv[2]
with open(source, encoding='utf-8-sig', newline='') as f:
    header, *records = list(csv.reader(f))

TITLE = '浙江省城乡社区服务体系建设数据填报表（示例数据，非官方统计）'
FIXED = datetime.datetime(2024, 6, 30)


def typed(record):
    cells = []
    for index, text in enumerate(record):
        if text == '':
            cells.append(None)
        elif index < 2:
            cells.append(text)
        else:
            number = float(text)
            number = int(number) if number.is_integer() else number
            cells.append(number if index == 2 or index % 2 == 0 else text)
    return cells


def fixed_properties(wb):
    wb.properties.creator = 'planmetrics fixtures'
    wb.properties.created = FIXED
    wb.properties.modified = FIXED


# openpyxl, default sheet ("Sheet"), header on row 1: what pandas' to_excel(index=False) gives.
wb = openpyxl.Workbook()
fixed_properties(wb)
sheet = wb.active
sheet.append(header)
for record in records:
    sheet.append(typed(record))
wb.save(f'{out}/openpyxl-default.xlsx')

# openpyxl, notes on the first sheet, data on a named second sheet below a merged title row.
wb = openpyxl.Workbook()
fixed_properties(wb)
notes = wb.active
notes.title = '说明'
notes.append(['说明'])
notes.append(['本表为示例数据，数字均为虚构。'])
sheet = wb.create_sheet('填报表')
sheet.append([TITLE])
sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
sheet.append(header)
for record in records:
    sheet.append(typed(record))
wb.save(f'{out}/openpyxl-named.xlsx')

# xlsxwriter: a merged title row, then the header, on its first sheet "数据".
wb = xlsxwriter.Workbook(f'{out}/xlsxwriter.xlsx', {'strings_to_numbers': False})
wb.set_properties({'author': 'planmetrics fixtures', 'created': FIXED})
sheet = wb.add_worksheet('数据')
sheet.merge_range(0, 0, 0, len(header) - 1, TITLE)
sheet.write_row(1, 0, header)
for row, record in enumerate(records, start=2):
    for column, value in enumerate(typed(record)):
        if value is None:
            continue
        if isinstance(value, str):
            sheet.write_string(row, column, value)
        else:
            sheet.write_number(row, column, value)
wb.add_worksheet('说明').write(0, 0, '本表为示例数据，数字均为虚构。')
wb.close()
print(f'wrote openpyxl-default.xlsx, openpyxl-named.xlsx, xlsxwriter.xlsx to {out}')

# planmetrics' own `template --format xlsx --year 2024 --level city`, filled in with openpyxl as a
# clerk's script would: 1000 行政村数 for every city, 新时代美丽乡村达标村数 900 (a number) on even
# rows and '800' (text) on odd rows.
if len(sys.argv) > 3:
    wb = openpyxl.load_workbook(sys.argv[3])
    sheet = wb.worksheets[0]
    labels = [cell.value for cell in sheet[3]]
    villages = labels.index('行政村数') + 1
    beautiful = labels.index('新时代美丽乡村达标村数') + 1
    for row in range(4, sheet.max_row + 1):
        sheet.cell(row=row, column=villages, value=1000)
        sheet.cell(row=row, column=beautiful, value=900 if row % 2 == 0 else '800')
    fixed_properties(wb)
    wb.save(f'{out}/template-filled-openpyxl.xlsx')
    print(f'wrote template-filled-openpyxl.xlsx to {out}')
