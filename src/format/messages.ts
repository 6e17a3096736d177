// The words of every finding. Producers attach data (code, position, args); this file turns it
// into sentences that say what was found, what was expected and what to do.
//
// Args each code reads (all optional; a missing arg drops its clause, never prints "undefined"):
//   FILE_UNREADABLE path, reason          BYTES_UNDECODABLE encoding, offset
//   PLAN_YAML_SYNTAX message              PLAN_SCHEMA message, path (or d.field)
//   PLAN_DUPLICATE_ID id, first_line      PLAN_TOO_LARGE size, limit
//   FORMULA_SYNTAX formula, message, offset
//   FORMULA_UNKNOWN_ID id, formula, suggestion
//   DIVISIONS_UNREADABLE path, message    HEADER_BLANK index
//   HEADER_DUPLICATE header, first_column COLUMN_UNKNOWN header, suggestion
//   COLUMN_MISSING column                 CELL_COUNT found, expected
//   NOT_A_NUMBER / NEGATIVE_COUNT / NOT_INTEGER value (field from d.field)
//   OUT_OF_RANGE value, min, max          YEAR_INVALID value
//   YEAR_OUT_OF_PERIOD value, from, to    REGION_CODE_MALFORMED value
//   REGION_UNKNOWN value (or d.region)    RULE_BROKEN rule, detail, message
//   DUPLICATE_ROW first_line, first_file  PARENT_CHILD_MISMATCH value, children, child_level
//   IMPLAUSIBLE_JUMP previous, previous_year, value
//   USAGE message
//   FILTER_UNKNOWN option, value, kind, suggestions   DIVISIONS_NONE plan
//   SUBMISSION_ABSENT name                SUBMISSION_PARTIAL name, fields, labels, blocked
//   SUBMISSIONS_MORE count
//   VALUE_OUT_OF_RANGE value, max, unit   INPUT_BELOW_LEVEL value, level, row_level
//   DIVISION_LEVEL value, level, expected DIVISION_PARENT value, parent, expected (or missing)
//   DIVISIONS_PARTIAL name, listed, expected, child_level, missing
//   REGION_ABOLISHED value, name, valid_to, successors, source   REGION_UNKNOWN also other_province
//   WORKBOOK_CORRUPT reason               WORKBOOK_UNSUPPORTED format (xls | xlsb)
//   SHEET_NOT_FOUND sheet, sheets         OUTPUT_CHARS_REPLACED count, where
//   TOTAL_ROW_MISMATCH value, sum, rows   REGION_NAME_UNKNOWN value
//   REGION_NAME_AMBIGUOUS value, candidates   REGION_NAME_MISMATCH value, name
//   HEADER_ONE_COLUMN delimiter
//   DIVISIONS_PARTIAL_MORE count, plan
//   TARGET_MISSED name, no, indicator, indicator_name, name_en, value, comparator, target, attribute   TARGETS_MORE count
//   STRICT_WARNINGS count                 USAGE usage (a key of USAGE_TEXTS) and that text's args
// Region and year come from d.region / d.year, the column from d.field.

import type { Diagnostic, DiagnosticCode } from '../core/diagnostics.js';
import type { Lang, Level, Plan, Reason } from '../core/types.js';
import { LEVELS } from '../core/types.js';
import { escapeControls } from './escape.js';
import { inputLabel, levelAdjective, levelLabel } from './labels.js';
import { formatAgainst } from './numbers.js';

export { levelLabel, statusLabel } from './labels.js';

/** Reads a diagnostic's args as text, with fallbacks between alias names. */
class Args {
  constructor(private readonly d: Diagnostic) {}

  get(...names: string[]): string | undefined {
    for (const name of names) {
      const value = this.d.args[name];
      if (value !== undefined && value !== '') return String(value);
    }
    return undefined;
  }

  get field(): string | undefined {
    return this.d.field ?? this.get('field', 'column');
  }

  get region(): string | undefined {
    return this.d.region ?? this.get('region', 'region_code', 'code');
  }

  get year(): string | undefined {
    return this.d.year === undefined ? this.get('year') : String(this.d.year);
  }

  /** The first_file arg, only when it is another file than the finding's own. */
  get otherFile(): string | undefined {
    const first = this.get('first_file');
    return first === this.d.file ? undefined : first;
  }
}

/** `text` when the value is there, '' otherwise. */
function when(value: string | undefined, text: (value: string) => string): string {
  return value === undefined ? '' : text(value);
}

function childLevelWord(a: Args, lang: Lang): string {
  const level = a.get('child_level', 'childLevel');
  if (level && (LEVELS as readonly string[]).includes(level)) return levelLabel(level as Level, lang);
  return lang === 'zh' ? '下级地区' : 'child region';
}

/** "330106 2024: " — the row a cross-row finding is about. */
function rowPrefix(a: Args): string {
  const parts = [a.region, a.year].filter((part) => part !== undefined);
  return parts.length > 0 ? `${parts.join(' ')}: ` : '';
}

function fieldPrefix(a: Args): string {
  return when(a.field, (field) => `${field}: `);
}

/** What to do about a failed write, by its cause (the system's error code). */
type UnwritableCause = 'folder' | 'full' | 'permission' | 'missing' | 'closed' | 'other';

function adviceFor(reason: string | undefined): UnwritableCause {
  switch (reason) {
    case 'EISDIR':
      return 'folder';
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'full';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'permission';
    case 'ENOENT':
    case 'ENOTDIR':
      return 'missing';
    case 'EPIPE':
      return 'closed';
    default:
      return 'other';
  }
}


/** A path as one word of a command to copy into a shell: as it is when that is safe, else in single quotes. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./\u4e00-\u9fff-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

const UNWRITABLE_ADVICE: Record<Lang, Record<UnwritableCause, string>> = {
  en: {
    folder: 'that is a folder: name a file in it (for example report.csv inside it)',
    full: 'the disk is full: free some space or write somewhere else',
    permission: 'you may not write there: choose a place you may write to, or change its permissions',
    missing: 'its folder does not exist: create it first or choose another path',
    closed: 'the program reading the output closed it before the end',
    other: 'check that its folder exists and that you may write there; nothing was written',
  },
  zh: {
    folder: '这是一个文件夹：请指定其中的文件名（例如其中的 report.csv）',
    full: '磁盘空间已满：请腾出空间或写到别处',
    permission: '没有写入权限：请换一个可以写入的位置，或修改其权限',
    missing: '所在文件夹不存在：请先创建该文件夹，或换一个路径',
    closed: '读取输出的程序在输出结束前关闭了管道',
    other: '请检查所在文件夹是否存在、是否有写入权限；未写入任何内容',
  },
};

type Describe = (a: Args) => string;

/** "330106 西湖区 2024 年：" — the region and year a completeness finding is about. */
function submissionPrefix(a: Args, lang: Lang): string {
  const year = a.year === undefined ? undefined : lang === 'zh' ? `${a.year} 年` : a.year;
  const parts = [a.region, a.get('name'), year].filter((part) => part !== undefined);
  if (parts.length === 0) return '';
  return lang === 'zh' ? `${parts.join(' ')}：` : `${parts.join(' ')}: `;
}

/** FILTER_UNKNOWN's kinds: why an option's value matches nothing. */
const FILTER_PROBLEM_EN: Record<string, string> = {
  not_a_level: 'is not a level (province, city, county, township, village)',
  level_not_in_divisions: "has no regions in the plan's division list",
  not_in_data: 'is not a year in the data',
  no_rows: 'cannot be found: the data has no rows',
  not_in_divisions: "is not in the plan's division list",
  below_level: 'lies below the level asked',
  nothing_at_level: 'has no region at this level in the division list',
  not_an_indicator: 'is not an indicator id or number of this plan',
  not_in_plan_or_data: "is neither in the plan's division list nor in the data",
  not_at_level: 'is not at the levels reported',
  not_in_period: 'is outside the plan period',
  no_data_for_region: 'has no data in the year looked at',
};

const FILTER_PROBLEM_ZH: Record<string, string> = {
  not_a_level: '不是层级（province、city、county、township、village）',
  level_not_in_divisions: '在规划的行政区划表中没有地区',
  not_in_data: '不是数据中的年份',
  no_rows: '无法确定：数据中没有任何行',
  not_in_divisions: '不在规划的行政区划表中',
  below_level: '低于所查询的层级',
  nothing_at_level: '在行政区划表中没有该层级的下级地区',
  not_an_indicator: '不是本规划的指标 id 或序号',
  not_in_plan_or_data: '既不在规划的行政区划表中，也不在数据中',
  not_at_level: '不在所报告的层级',
  not_in_period: '不在规划期内',
  no_data_for_region: '在所查看的年份没有数据',
};

const MESSAGES: Record<DiagnosticCode, Record<Lang, Describe>> = {
  FILE_UNREADABLE: {
    en: (a) =>
      `cannot read ${a.get('path', 'file') ?? 'the file'}${when(a.get('reason', 'message'), (r) => ` (${r})`)}: check that the path exists and is readable`,
    zh: (a) =>
      `无法读取文件${when(a.get('path', 'file'), (p) => ` ${p}`)}${when(a.get('reason', 'message'), (r) => `（${r}）`)}：请检查路径是否存在、是否有读取权限`,
  },
  FILE_UNWRITABLE: {
    en: (a) =>
      `cannot write ${a.get('path', 'file') ?? 'the file'}${when(a.get('reason', 'message'), (r) => ` (${r})`)}: ${UNWRITABLE_ADVICE.en[adviceFor(a.get('reason'))]}`,
    zh: (a) =>
      `无法写入文件${when(a.get('path', 'file'), (p) => ` ${p}`)}${when(a.get('reason', 'message'), (r) => `（${r}）`)}：${UNWRITABLE_ADVICE.zh[adviceFor(a.get('reason'))]}`,
  },
  FILE_EMPTY: {
    en: () => 'the file is empty: expected a header row (region_code, year and input ids) and then one row per region and year',
    zh: () => '文件为空：应先有表头行（region_code、year 及各填报字段），再每个地区每年一行',
  },
  BYTES_UNDECODABLE: {
    en: (a) =>
      `the bytes${when(a.get('offset'), (o) => ` at offset ${o}`)}${when(a.get('value'), (v) => ` in '${v}'`)} are not valid ${a.get('encoding') ?? 'UTF-8, UTF-16 or GB18030'}: save the file as UTF-8, or pass --encoding gb18030 if Excel wrote it`,
    zh: (a) =>
      `文件内容${when(a.get('offset'), (o) => `（第 ${o} 字节处）`)}${when(a.get('value'), (v) => `“${v}”`)}不是有效的 ${a.get('encoding') ?? 'UTF-8、UTF-16 或 GB18030'} 编码：请另存为 UTF-8；若由 Excel 导出，可加 --encoding gb18030`,
  },
  WORKBOOK_CORRUPT: {
    en: (a) =>
      `not a readable .xlsx workbook${when(a.get('reason'), (r) => ` (${r})`)}: the file may be damaged or cut off (an interrupted download or copy), or another kind of file named .xlsx; open it in Excel or WPS and save it again as .xlsx, or export it as CSV`,
    zh: (a) =>
      `不是可读取的 .xlsx 工作簿${when(a.get('reason'), (r) => `（${r}）`)}：文件可能已损坏或不完整（下载或复制中断），或是其他类型的文件改成了 .xlsx 扩展名；请用 Excel 或 WPS 打开后重新另存为 .xlsx，或导出为 CSV`,
  },
  WORKBOOK_UNSUPPORTED: {
    en: (a) =>
      `${a.get('format') === 'xlsb' ? 'an Excel binary workbook (.xlsb)' : 'an Excel 97-2003 (.xls), WPS (.et) or password-protected workbook'}, which planmetrics does not read: open it in Excel or WPS and choose File > Save As > "Excel Workbook (*.xlsx)" (without a password), or "CSV UTF-8 (*.csv)"`,
    zh: (a) =>
      `这是${a.get('format') === 'xlsb' ? ' Excel 二进制工作簿（.xlsb）' : ' Excel 97-2003（.xls）、WPS 表格（.et）或设有密码的工作簿'}，planmetrics 无法读取：请用 Excel 或 WPS 打开，选择“文件 > 另存为”，保存类型选“Excel 工作簿（*.xlsx）”（不设密码）或“CSV UTF-8（逗号分隔）（*.csv）”`,
  },
  SHEET_NOT_FOUND: {
    en: (a) => `the workbook has no worksheet named "${a.get('sheet') ?? ''}"${when(a.get('sheets'), (s) => ` (sheets: ${s})`)}: pass one of its sheet names to --sheet`,
    zh: (a) => `工作簿中没有名为“${a.get('sheet') ?? ''}”的工作表${when(a.get('sheets'), (s) => `（现有工作表：${s}）`)}：请在 --sheet 中填写其中一个工作表名称`,
  },
  OUTPUT_CHARS_REPLACED: {
    en: (a) =>
      `${a.get('count') ?? 'some'} character(s) a workbook cannot hold (control characters, U+FFFE, U+FFFF, lone surrogates)${when(a.get('where'), (w) => `, first at ${w},`)} were written as U+FFFD (�): the CSV and JSON output keep the text as it is`,
    zh: (a) =>
      `有 ${a.get('count') ?? '若干'} 个字符无法写入工作簿（控制字符、U+FFFE、U+FFFF、不成对的代理项）${when(a.get('where'), (w) => `，首个在 ${w}`)}，已写作 U+FFFD（�）：CSV 和 JSON 输出保留原文`,
  },
  PLAN_YAML_SYNTAX: {
    en: (a) => `YAML syntax error${when(a.get('message'), (m) => `: ${m}`)}: check the indentation and quoting on this line`,
    zh: (a) => `YAML 语法错误${when(a.get('message'), (m) => `：${m}`)}：请检查该行的缩进和引号`,
  },
  PLAN_SCHEMA: {
    en: (a) =>
      `${when(a.get('path') ?? a.field, (p) => `${p}: `)}${a.get('message') ?? 'does not match the plan format'}: correct this entry as the README's plan format describes`,
    zh: (a) =>
      `${when(a.get('path') ?? a.field, (p) => `${p}：`)}${a.get('message') ?? '不符合规划文件格式'}：请按 README 中的规划文件格式修改此项`,
  },
  PLAN_DUPLICATE_ID: {
    en: (a) =>
      `${a.get('id') === undefined && a.get('message') ? `${a.field ?? ''}: ${a.get('message')}` : `id '${a.get('id') ?? a.field ?? '?'}' is declared more than once`}${when(a.get('first_line'), (l) => ` (first on line ${l})`)}: every input and indicator id must be unique`,
    zh: (a) =>
      `${a.get('id') === undefined && a.get('message') ? `${a.field ?? ''}：${a.get('message')}` : `标识 “${a.get('id') ?? a.field ?? '?'}” 重复声明`}${when(a.get('first_line'), (l) => `（首次在第 ${l} 行）`)}：每个填报字段和指标的 id 必须唯一`,
  },
  PLAN_TOO_LARGE: {
    en: (a) =>
      `the plan is too large${when(a.get('size'), (s) => ` (${s}${when(a.get('limit'), (l) => `, limit ${l}`)})`)}${when(a.get('message'), (m) => ` (${m})`)}: trim it below the limit`,
    zh: (a) =>
      `规划文件过大${when(a.get('size'), (s) => `（${s}${when(a.get('limit'), (l) => `，上限 ${l}`)}）`)}${when(a.get('message'), (m) => `（${m}）`)}：请精简到上限以内`,
  },
  FORMULA_SYNTAX: {
    en: (a) =>
      `formula${when(a.get('formula'), (f) => ` '${f}'`)} cannot be read${when(a.get('message'), (m) => `: ${m}`)}${when(a.get('offset'), (o) => ` at character ${Number(o) + 1}`)}: use input ids, numbers, + - * / ( ) and min()/max()`,
    zh: (a) =>
      `公式${when(a.get('formula'), (f) => ` “${f}”`)}无法解析${when(a.get('message'), (m) => `：${m}`)}${when(a.get('offset'), (o) => `（第 ${Number(o) + 1} 个字符）`)}：公式只能使用填报字段 id、数字、+ - * / ( ) 以及 min()/max()`,
  },
  FORMULA_UNKNOWN_ID: {
    en: (a) =>
      `formula${when(a.get('formula'), (f) => ` '${f}'`)} uses '${a.get('id') ?? '?'}', which is not a declared input${when(a.get('suggestion'), (s) => ` (did you mean '${s}'?)`)}: declare it under inputs or fix the spelling`,
    zh: (a) =>
      `公式${when(a.get('formula'), (f) => ` “${f}”`)}引用了未声明的字段 “${a.get('id') ?? '?'}”${when(a.get('suggestion'), (s) => `（是否应为 “${s}”？）`)}：请在 inputs 中声明，或改正拼写`,
  },
  DIVISIONS_UNREADABLE: {
    en: (a) =>
      `cannot read the division list${when(a.get('path'), (p) => ` ${p}`)}${when(a.get('message', 'reason'), (m) => ` (${m})`)}: it must be a CSV with the columns code,name,level,parent_code (or 行政区划代码,名称,级别,上级代码)`,
    zh: (a) =>
      `无法读取行政区划表${when(a.get('path'), (p) => ` ${p}`)}${when(a.get('message', 'reason'), (m) => `（${m}）`)}：应为含 code,name,level,parent_code（或 行政区划代码,名称,级别,上级代码）列的 CSV`,
  },
  HEADER_BLANK: {
    en: (a) =>
      `header cell${when(a.get('index', 'position'), (i) => ` ${i}`)} is blank: every column needs a name (an input id or its Chinese label), or delete the empty column`,
    zh: (a) =>
      `表头第${when(a.get('index', 'position'), (i) => ` ${i} `)}列为空：每列都需要列名（字段 id 或中文名称），或删除空列`,
  },
  HEADER_DUPLICATE: {
    en: (a) =>
      `column '${a.get('header', 'name') ?? a.field ?? '?'}' appears more than once${when(a.get('first_column', 'first'), (c) => ` (first as column ${c})`)}: keep one column per input (an id and its Chinese label count as the same column)`,
    zh: (a) =>
      `列 “${a.get('header', 'name') ?? a.field ?? '?'}” 重复出现${when(a.get('first_column', 'first'), (c) => `（首次为第 ${c} 列）`)}：每个字段只保留一列（id 与中文名称视为同一列）`,
  },
  COLUMN_UNKNOWN: {
    en: (a) =>
      `column '${a.get('header') ?? a.field ?? '?'}' is not an input of this plan${when(a.get('suggestion'), (s) => ` (did you mean '${s}'?)`)}: use an id or label listed by \`planmetrics indicators\`, or remove the column`,
    zh: (a) =>
      `列 “${a.get('header') ?? a.field ?? '?'}” 不是本规划的填报字段${when(a.get('suggestion'), (s) => `（是否应为 “${s}”？）`)}：请使用 \`planmetrics indicators\` 列出的 id 或中文名称，或删除该列`,
  },
  COLUMN_MISSING: {
    en: (a) =>
      `required column '${a.get('column') ?? a.field ?? '?'}' is missing: add it to the header row (region_code and year are required)`,
    zh: (a) => `缺少必需的列 “${a.get('column') ?? a.field ?? '?'}”：请在表头中加入（region_code 和 year 为必需列）`,
  },
  CELL_COUNT: {
    en: (a) =>
      `this row has ${a.get('found', 'actual') ?? 'a different number of'} cells but the header has ${a.get('expected') ?? 'another number'}: look for an unquoted comma or a missing cell`,
    zh: (a) =>
      `本行有 ${a.get('found', 'actual') ?? '?'} 个单元格，表头有 ${a.get('expected') ?? '?'} 列：请检查是否有未加引号的逗号或缺少单元格`,
  },
  QUOTE_UNCLOSED: {
    en: () => 'a quoted cell is never closed: add the closing double quote (") or remove the stray one',
    zh: () => '带引号的单元格没有闭合：请补上右双引号（"）或删除多余的引号',
  },
  NOT_A_NUMBER: {
    en: (a) =>
      `${fieldPrefix(a)}'${a.get('value') ?? ''}' is not a number: write a plain number such as 1234.5 (no units or thousands separators), or leave the cell blank if not reported`,
    zh: (a) =>
      `${fieldPrefix(a)}“${a.get('value') ?? ''}” 不是数字：请填写纯数字（如 1234.5，不带单位和千位分隔符）；未统计请留空`,
  },
  NEGATIVE_COUNT: {
    en: (a) => `${fieldPrefix(a)}${a.get('value') ?? 'the value'} is negative, but this is a count: counts are 0 or more`,
    zh: (a) => `${fieldPrefix(a)}${a.get('value') ?? '该值'} 为负数，但这是计数：计数不能小于 0`,
  },
  OUT_OF_RANGE: {
    en: (a) =>
      `${fieldPrefix(a)}${a.get('value') ?? 'the value'} is outside the plausible range ${a.get('min') ?? '…'} to ${a.get('max') ?? '…'}: check the figure and its unit (e.g. persons, not 10,000 persons)`,
    zh: (a) =>
      `${fieldPrefix(a)}${a.get('value') ?? '该值'} 超出合理范围 ${a.get('min') ?? '…'} ~ ${a.get('max') ?? '…'}：请核对数字及单位（如“人”而非“万人”）`,
  },
  NOT_INTEGER: {
    en: (a) =>
      `${fieldPrefix(a)}${a.get('value') ?? 'the value'} is not a whole number, but it counts things: check for a unit mix-up or round it`,
    zh: (a) => `${fieldPrefix(a)}${a.get('value') ?? '该值'} 不是整数，但这是计数：请检查单位是否有误，或取整`,
  },
  YEAR_INVALID: {
    en: (a) => `year '${a.get('value') ?? ''}' is not a valid year: write four digits, e.g. 2024`,
    zh: (a) => `年份 “${a.get('value') ?? ''}” 无效：请填写四位数年份，如 2024`,
  },
  YEAR_OUT_OF_PERIOD: {
    en: (a) =>
      `year ${a.get('value') ?? a.year ?? '?'} is outside the plan period ${a.get('from') ?? '?'}–${a.get('to') ?? '?'}: only years in the period can be checked; correct the year or drop the row`,
    zh: (a) =>
      `年份 ${a.get('value') ?? a.year ?? '?'} 不在规划期 ${a.get('from') ?? '?'}–${a.get('to') ?? '?'} 内：请改正年份或删除该行`,
  },
  REGION_CODE_MALFORMED: {
    en: (a) =>
      `region code '${a.get('value') ?? a.region ?? ''}' is malformed: use a division code of 6 digits (province, city, county), 9 (township) or 12 (village)${when(a.get('example'), (e) => `, e.g. ${e}`)}`,
    zh: (a) =>
      `地区代码 “${a.get('value') ?? a.region ?? ''}” 格式不对：应为 6 位（省、市、县）、9 位（乡镇街道）或 12 位（村社区）区划代码${when(a.get('example'), (e) => `，如 ${e}`)}`,
  },
  REGION_UNKNOWN: {
    en: (a) =>
      `region code ${a.get('value') ?? a.region ?? '?'} is not in the division list: ${a.get('other_province') ? `it is in province ${a.get('other_province')}, which this plan does not cover; pass --plan FILE with a plan for that province (\`planmetrics init --province ${a.get('other_province')}\` writes a starter)` : 'check it against the official division codes'}`,
    zh: (a) =>
      `地区代码 ${a.get('value') ?? a.region ?? '?'} 不在行政区划表中：${a.get('other_province') ? `它属于本规划未覆盖的省份 ${a.get('other_province')}，请用 --plan FILE 指定该省的规划（\`planmetrics init --province ${a.get('other_province')}\` 可生成初稿）` : '请对照官方区划代码核对'}`,
  },
  RULE_BROKEN: {
    en: (a) =>
      `${rowPrefix(a)}${a.get('message') ?? `rule '${a.get('rule', 'id') ?? '?'}' is broken`}${when(a.get('detail'), (d) => ` (${d})`)}: the figures contradict each other; correct the wrong one`,
    zh: (a) =>
      `${rowPrefix(a)}${a.get('message') ?? `不满足校验规则 “${a.get('rule', 'id') ?? '?'}”`}${when(a.get('detail'), (d) => `（${d}）`)}：数据相互矛盾，请改正有误的一项`,
  },
  DUPLICATE_ROW: {
    en: (a) =>
      `${[a.region ?? 'this region', a.year].filter((part) => part !== undefined).join(' ')} is reported more than once${when(a.get('first_line'), (l) => ` (first on line ${l}${when(a.otherFile, (f) => ` of ${f}`)})`)}: keep one row per region and year`,
    zh: (a) =>
      `${a.region ?? '该地区'} ${a.year ? `${a.year} 年` : ''}重复填报${when(a.get('first_line'), (l) => `（首次在${when(a.otherFile, (f) => ` ${f} `)}第 ${l} 行）`)}：每个地区每年只保留一行`,
  },
  PARENT_CHILD_MISMATCH: {
    en: (a) =>
      `${rowPrefix(a)}${a.field ?? 'the value'} is ${a.get('value', 'parent') ?? '?'} but its ${childLevelWord(a, 'en')} rows add up to ${a.get('children', 'sum') ?? '?'}: correct the total or the children's figures`,
    zh: (a) =>
      `${rowPrefix(a)}${a.field ?? '该值'} 为 ${a.get('value', 'parent') ?? '?'}，但所辖${childLevelWord(a, 'zh')}合计为 ${a.get('children', 'sum') ?? '?'}：请改正合计数或下级数据`,
  },
  IMPLAUSIBLE_JUMP: {
    en: (a) =>
      `${rowPrefix(a)}${a.field ?? 'the value'} jumps from ${a.get('previous', 'from') ?? '?'}${when(a.get('previous_year'), (y) => ` (${y})`)} to ${a.get('value', 'to') ?? '?'}: check it is not a typo or a change of unit`,
    zh: (a) =>
      `${rowPrefix(a)}${a.field ?? '该值'} 从 ${a.get('previous', 'from') ?? '?'}${when(a.get('previous_year'), (y) => `（${y} 年）`)} 突变为 ${a.get('value', 'to') ?? '?'}：请确认不是笔误或单位变化`,
  },
  USAGE: {
    en: (a) => `${usageText(a, 'en') ?? a.get('message') ?? 'invalid usage'}: see planmetrics --help`,
    zh: (a) => `${usageText(a, 'zh') ?? a.get('message') ?? '用法有误'}：请参阅 planmetrics --help`,
  },
  FILTER_UNKNOWN: {
    en: (a) =>
      `${a.get('option') ?? 'option'} ${a.get('value') ?? '?'} ${FILTER_PROBLEM_EN[a.get('kind') ?? ''] ?? 'matches nothing'}${when(a.get('suggestions'), (s) => `; closest: ${s}`)}: correct it, or leave the option out`,
    zh: (a) =>
      `${a.get('option') ?? '选项'} ${a.get('value') ?? '?'} ${FILTER_PROBLEM_ZH[a.get('kind') ?? ''] ?? '没有匹配项'}${when(a.get('suggestions'), (s) => `；最接近的：${s}`)}：请改正，或去掉该选项`,
  },
  DIVISIONS_NONE: {
    en: (a) =>
      `the plan${when(a.get('plan'), (p) => ` ${p}`)} names no division list, so which regions should report is not known: add \`divisions: FILE.csv\` (code,name,level,parent_code) under plan`,
    zh: (a) =>
      `规划${when(a.get('plan'), (p) => ` ${p} `)}未指定行政区划表，无法确定应报地区：请在 plan 下加入 \`divisions: 文件.csv\`（含 code,name,level,parent_code 列）`,
  },
  SUBMISSION_ABSENT: {
    en: (a) => `${submissionPrefix(a, 'en')}nothing arrived: ask for its submission`,
    zh: (a) => `${submissionPrefix(a, 'zh')}未报送任何数据：请联系填报单位催报`,
  },
  SUBMISSION_PARTIAL: {
    en: (a) =>
      `${submissionPrefix(a, 'en')}blank: ${a.get('fields') ?? 'some inputs the plan needs'}${when(a.get('blocked'), (b) => (b === '0' ? '' : ` (${b} indicator${b === '1' ? '' : 's'} here cannot be computed)`))}: ask for the missing figures`,
    zh: (a) =>
      `${submissionPrefix(a, 'zh')}未填 ${a.get('labels', 'fields') ?? '部分应填字段'}${when(a.get('blocked'), (b) => (b === '0' ? '' : `（本级 ${b} 项指标无法计算）`))}：请联系填报单位补报`,
  },
  SUBMISSIONS_MORE: {
    en: (a) => `and ${a.get('count') ?? 'more'} more regions absent or partial: the report on stdout lists them all`,
    zh: (a) => `另有 ${a.get('count') ?? '若干'} 个地区未报送或缺项：标准输出的报告列出全部`,
  },
  VALUE_OUT_OF_RANGE: {
    en: (a) =>
      `${fieldPrefix(a)}${a.get('value') ?? 'the value'} is beyond any sane figure in ${a.get('unit') ?? 'its unit'} (at most ${a.get('max') ?? '?'}): a typo or a corrupted cell; correct it`,
    zh: (a) =>
      `${fieldPrefix(a)}${a.get('value') ?? '该值'} 超出以“${a.get('unit') ?? '该单位'}”计的任何合理数值（至多 ${a.get('max') ?? '?'}）：应为笔误或单元格损坏，请改正`,
  },
  INPUT_BELOW_LEVEL: {
    en: (a) =>
      `${rowPrefix(a)}${a.field ?? 'this input'} counts ${a.get('level') ?? 'higher-level'} units but is ${a.get('value') ?? 'set'} on a ${a.get('row_level') ?? 'lower-level'} row: such rows are folded by max into their ${a.get('level') ?? 'parent'}, not added up; report it on the ${a.get('level') ?? 'parent'}'s own row`,
    zh: (a) =>
      `${rowPrefix(a)}${a.field ?? '该项'} 按${levelWord(a.get('level'))}计，却在${levelWord(a.get('row_level'))}行填为 ${a.get('value') ?? '?'}：下级行按最大值并入${levelWord(a.get('level'))}，不累加；请填在${levelWord(a.get('level'))}本级行`,
  },
  DIVISION_LEVEL: {
    en: (a) =>
      `level '${a.get('level') ?? ''}' of ${a.get('value') ?? '?'} does not fit its code, which is a ${a.get('expected') ?? '?'} code: write ${a.get('expected') ?? 'the level'} (or 省/市/县/乡/村), or leave the level blank`,
    zh: (a) =>
      `${a.get('value') ?? '?'} 的级别 “${a.get('level') ?? ''}” 与代码不符（代码为${levelWord(a.get('expected'))}级）：请写 ${a.get('expected') ?? ''}（或 省/市/县/乡/村），或留空`,
  },
  DIVISION_PARENT: {
    en: (a) =>
      a.get('missing')
        ? `the parent ${a.get('parent') ?? '?'} of ${a.get('value') ?? '?'} is not in the list: add its row`
        : `parent_code ${a.get('parent') ?? '?'} of ${a.get('value') ?? '?'} is wrong: its code puts it under ${a.get('expected') ?? '?'}; correct parent_code or the code`,
    zh: (a) =>
      a.get('missing')
        ? `${a.get('value') ?? '?'} 的上级 ${a.get('parent') ?? '?'} 不在区划表中：请补上该行`
        : `${a.get('value') ?? '?'} 的上级代码 ${a.get('parent') ?? '?'} 有误：按代码其上级应为 ${a.get('expected') ?? '?'}；请改正上级代码或本级代码`,
  },
  DIVISIONS_PARTIAL: {
    en: (a) =>
      `the list has ${a.get('listed') ?? '?'} of the ${a.get('expected') ?? '?'} ${childLevelWord(a, 'en')} units of ${a.get('name') ?? ''} ${a.region ?? ''} (left out: ${a.get('missing') ?? '?'}): coverage and totals will count only those listed; add the others or leave divisions: out to use the built-in list`,
    zh: (a) =>
      `区划表只列了${a.get('name') ?? ''} ${a.region ?? ''} 所辖 ${a.get('expected') ?? '?'} 个${childLevelWord(a, 'zh')}中的 ${a.get('listed') ?? '?'} 个（缺：${a.get('missing') ?? '?'}）：覆盖率和合计只计所列单位；请补全，或删去 divisions: 改用内置区划表`,
  },
  REGION_ABOLISHED: {
    en: (a) =>
      `region code ${a.get('value') ?? a.region ?? '?'}${when(a.get('name'), (n) => ` (${n})`)} was abolished after ${a.get('valid_to') ?? '?'}${when(a.year, (y) => `, so it cannot carry ${y} figures`)}: use ${a.get('successors') ? `its successor ${a.get('successors')}` : 'the code now in force'}${when(a.get('source'), (s) => ` (${s})`)}`,
    zh: (a) =>
      `地区代码 ${a.get('value') ?? a.region ?? '?'}${when(a.get('name'), (n) => `（${n}）`)} 在 ${a.get('valid_to') ?? '?'} 年后已撤销${when(a.year, (y) => `，不能填报 ${y} 年数据`)}：请改用${a.get('successors') ? `承继的 ${a.get('successors')}` : '现行代码'}${when(a.get('source'), (s) => `（${s}）`)}`,
  },
  TOTAL_ROW_MISMATCH: {
    en: (a) =>
      `${fieldPrefix(a)}the total row says ${a.get('value') ?? '?'} but the ${a.get('rows') ?? ''} rows above it add up to ${a.get('sum') ?? '?'}: correct the total or the rows`,
    zh: (a) => `${fieldPrefix(a)}合计行为 ${a.get('value') ?? '?'}，但其上 ${a.get('rows') ?? ''} 行之和为 ${a.get('sum') ?? '?'}：请核对合计或各行数据`,
  },
  REGION_NAME_UNKNOWN: {
    en: (a) => `no division of the plan is named '${a.get('value') ?? ''}': write the name as in the division list, or add a region_code column (行政区划代码)`,
    zh: (a) => `规划的区划名录中没有名为 “${a.get('value') ?? ''}” 的地区：请按名录填写名称，或增加 region_code（行政区划代码）列`,
  },
  REGION_NAME_AMBIGUOUS: {
    en: (a) => `'${a.get('value') ?? ''}' could be ${a.get('candidates') ?? 'several divisions'}: write the full name, or add a region_code column (行政区划代码)`,
    zh: (a) => `“${a.get('value') ?? ''}” 可能是 ${a.get('candidates') ?? '多个地区'}：请写全称，或增加 region_code（行政区划代码）列`,
  },
  REGION_NAME_MISMATCH: {
    en: (a) => `the name '${a.get('value') ?? ''}' does not fit code ${a.region ?? '?'}, which the division list names '${a.get('name') ?? '?'}': check the code`,
    zh: (a) => `名称 “${a.get('value') ?? ''}” 与代码 ${a.region ?? '?'} 不符（区划名录中为 “${a.get('name') ?? '?'}”）：请核对代码`,
  },
  HEADER_ONE_COLUMN: {
    en: (a) => `the header reads as one column though it holds ${a.get('delimiter') ?? 'another separator'}: save the file as comma-separated CSV, with region_code (or 行政区划代码) and year in the header`,
    zh: (a) => `表头只读出一列，其中含有${a.get('delimiter') ?? '其他分隔符'}：请另存为逗号分隔的 CSV，表头须含 region_code（或 行政区划代码）和 year`,
  },
  DIVISIONS_PARTIAL_MORE: {
    en: (a) =>
      `and ${a.get('count') ?? 'more'} more regions whose children the division list names only in part, not shown: run planmetrics validate --plan ${shellWord(a.get('plan') ?? '<plan>')} to see them all`,
    zh: (a) =>
      `另有 ${a.get('count') ?? '若干'} 个地区的下级单位在区划表中只列了一部分（未逐条列出）：运行 planmetrics validate --plan ${shellWord(a.get('plan') ?? '<规划文件>')} 查看全部`,
  },
  TARGET_MISSED: {
    en: (a) =>
      `${submissionPrefix(a, 'en')}${a.get('no') ?? '?'} ${a.get('name_en', 'indicator_name', 'indicator') ?? ''} is ${missedValue(a)}, target ${a.get('comparator') ?? ''}${a.get('target') ?? '?'}${when(a.get('attribute'), (t) => ` (${t})`)}: not met`,
    zh: (a) =>
      `${submissionPrefix(a, 'zh')}指标 ${a.get('no') ?? '?'} ${a.get('indicator_name', 'indicator') ?? ''} 为 ${missedValue(a)}，目标 ${a.get('comparator') ?? ''}${a.get('target') ?? '?'}${when(a.get('attribute'), (t) => `（${t === 'binding' ? '约束性' : '预期性'}）`)}：未达标`,
  },
  TARGETS_MORE: {
    en: (a) => `and ${a.get('count') ?? 'more'} more targets not met: the report on stdout lists them all`,
    zh: (a) => `另有 ${a.get('count') ?? '若干'} 项目标未达标：标准输出的报告列出全部`,
  },
  FINDINGS_MORE: {
    en: (a) =>
      `and ${a.get('errors') ?? '0'} more errors and ${a.get('warnings') ?? '0'} more warnings not shown (the first ${a.get('limit') ?? '?'} of each are): correct those first, or run planmetrics validate --max-errors N --format json for a full report`,
    zh: (a) =>
      `另有 ${a.get('errors') ?? '0'} 个错误、${a.get('warnings') ?? '0'} 个警告未列出（各列出前 ${a.get('limit') ?? '?'} 个）：请先改正已列出的，或运行 planmetrics validate --max-errors N --format json 查看完整报告`,
  },
  STRICT_WARNINGS: {
    en: (a) => `--strict: ${a.get('count') === '1' ? '1 warning counts as an error' : `${a.get('count') ?? 'some'} warnings count as errors`}, hence exit 1`,
    zh: (a) => `--strict：${a.get('count') ?? '若干'} 条警告按错误处理，因此退出码为 1`,
  },
};

function levelWord(level: string | undefined): string {
  return level !== undefined && (LEVELS as readonly string[]).includes(level) ? levelLabel(level as Level, 'zh') : (level ?? '上级');
}

export function describeDiagnostic(d: Diagnostic, lang: Lang): string {
  return MESSAGES[d.code][lang](new Args(d));
}

/** "FILE:LINE:COLUMN", with unknown parts left out ('' when there is no file). */
function location(d: Diagnostic): string {
  if (!d.file) return '';
  if (d.line === undefined) return d.file;
  return d.column === undefined ? `${d.file}:${d.line}` : `${d.file}:${d.line}:${d.column}`;
}

/** `planmetrics: FILE:LINE:COLUMN: error CODE message` (severity and code stay English for grep). */
export function formatDiagnosticLine(d: Diagnostic, lang: Lang): string {
  const where = location(d);
  return escapeControls(`planmetrics: ${where ? `${where}: ` : ''}${d.severity} ${d.code} ${describeDiagnostic(d, lang)}`);
}

/** GitHub Actions annotation: `::error file=F,line=L,col=C,title=CODE::message`. */
export function formatGithubAnnotation(d: Diagnostic, lang: Lang): string {
  const escapeProperty = (text: string) =>
    text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
  const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const properties = [
    d.file === undefined ? undefined : `file=${escapeProperty(d.file)}`,
    d.line === undefined ? undefined : `line=${d.line}`,
    d.column === undefined ? undefined : `col=${d.column}`,
    `title=${d.code}`,
  ].filter((p) => p !== undefined);
  return `::${d.severity} ${properties.join(',')}::${escapeData(describeDiagnostic(d, lang))}`;
}

/** Latin text (ids, formulas) gets spaces around it inside a Chinese sentence; Chinese labels do not. */
function embedZh(text: string): string {
  return /^[\x20-\x7e]+$/.test(text) ? ` ${text} ` : text;
}

function denominatorLabel(denominator: string, lang: Lang, plan?: Plan): string {
  return plan?.inputs.some((input) => input.id === denominator) ? inputLabel(denominator, lang, plan) : denominator;
}

function missingInputZh(field: string, plan?: Plan): string {
  const label = inputLabel(field, 'zh', plan);
  return label === field ? `未填报 ${field}` : `未填报${label}（${field}）`;
}

/** Why a value is missing or not judged, in one short clause. */
export function describeReason(reason: Reason, lang: Lang, plan?: Plan): string {
  switch (reason.code) {
    case 'missing_input':
      return lang === 'zh'
        ? missingInputZh(reason.field, plan)
        : `${reason.field} is not reported`;
    case 'zero_denominator':
      return lang === 'zh'
        ? `分母${embedZh(denominatorLabel(reason.denominator, lang, plan))}为零`
        : `denominator ${reason.denominator} is zero`;
    case 'no_complete_child':
      if (lang === 'zh') {
        return `所辖${reason.childLevel ? levelLabel(reason.childLevel, lang) : '下级地区'}均未完整填报所需数据`;
      }
      return `no ${reason.childLevel ?? 'child region'} reports every input`;
    case 'not_judged_at_level':
      return lang === 'zh'
        ? `不在${levelAdjective(reason.level, lang)}考核（目标为其他层级的总量，本地区无分解任务）`
        : `not judged at ${levelAdjective(reason.level, lang)} (the target is for other levels and this region has no quota)`;
    case 'no_baseline':
      return lang === 'zh' ? '无基期值，无法按进度线判断' : 'no baseline to draw the straight line to the target';
    case 'overflow':
      return lang === 'zh' ? '数值过大，超出可计算范围（请核对是否有笔误）' : 'the figures are too large to compute with (check for a typo)';
    case 'not_submitted':
      return lang === 'zh' ? '未报送数据' : 'no data submitted';
    case 'incomplete': {
      const share = `${Math.round(reason.min_coverage * 1000) / 10}%`;
      const level = reason.child_level;
      return lang === 'zh'
        ? `所辖${level ? levelLabel(level, lang) : '下级地区'}仅 ${reason.reported}/${reason.expected} 完整填报所需数据，未达覆盖要求（${share}），不予判断；数值仅供参考`
        : `only ${reason.reported} of ${reason.expected} ${level ? `${levelAdjective(level, lang)} ` : ''}units report every input (${share} needed): not judged; the value is partial`;
    }
    case 'series_break':
      return lang === 'zh'
        ? `${reason.year} 年区划调整（拆分、合并或边界变化），与基期不可比，无基期值`
        : `boundaries changed in ${reason.year} (a split, merge or redrawn boundary): no baseline comparable across it`;
  }
}

/** What a capped view shows: `shown` of `total` (results or regions), those at `levels` (only the first of one level when `partial`). */
export interface Shown {
  shown: number;
  total: number;
  levels: Level[];
  partial: boolean;
}

/** "市级、县级" / "city and county": the levels a capped view shows. */
export function shownLevels(shown: Shown, lang: Lang): string {
  return shown.levels.map((level) => levelAdjective(level, lang)).join(lang === 'zh' ? '、' : ' and ');
}

/** Under an overview with fewer columns than the report has regions: what it shows, and where the rest is. */
export function overviewColumnsNote(shown: Shown, lang: Lang): string {
  const levels = shownLevels(shown, lang);
  if (lang === 'zh') return `仅列出${levels}的${shown.partial ? '前 ' : ' '}${shown.shown} 个地区（共 ${shown.total} 个）：全部结果用 --detail 或 --format csv 查看`;
  return `${shown.partial ? 'the first ' : ''}${shown.shown} of ${shown.total} regions shown (${levels}): --detail or --format csv has every result`;
}

/**
 * The pointer from `check`'s no_data verdicts with reason `incomplete` (its table footer) to the
 * command that lists who has not reported what.
 */
export function completenessPointer(lang: Lang): string {
  return lang === 'zh'
    ? '部分地区数据不全：运行 planmetrics completeness 查看哪些地区未报送、缺填哪些字段'
    : 'some regions have not reported everything: run `planmetrics completeness` to see who is missing what';
}

/**
 * A missed target's value with the digits it takes to differ from the target (99.95, never 100.0
 * against ≥100): the readable rounding first, more decimals while it still reads as the target.
 */
function missedValue(a: Args): string {
  const value = Number(a.get('value'));
  if (!Number.isFinite(value)) return a.get('value') ?? '?';
  return formatAgainst(value, [Number(a.get('target'))]);
}

type UsageText = Record<Lang, Describe>;

/** The words of each usage error (USAGE with arg `usage` = a key of this table, and its args). */
const USAGE_TEXTS: Record<string, UsageText> = {
  year_syntax: {
    en: (a) => `--year takes a year like 2024, a list like 2020,2024, or "all"; got "${a.get('value') ?? ''}"`,
    zh: (a) => `--year 应为年份（如 2024）、年份列表（如 2020,2024）或 all；收到 “${a.get('value') ?? ''}”`,
  },
  level_syntax: {
    en: (a) => `--level takes ${a.get('levels') ?? ''}|all (or a comma list); got "${a.get('value') ?? ''}"`,
    zh: (a) => `--level 应为 ${a.get('levels') ?? ''}|all 之一（或逗号分隔的列表）；收到 “${a.get('value') ?? ''}”`,
  },
  fail_on: {
    en: (a) => `--fail-on takes binding|any|none; got "${a.get('value') ?? ''}"`,
    zh: (a) => `--fail-on 应为 binding|any|none 之一；收到 “${a.get('value') ?? ''}”`,
  },
  format_choice: {
    en: (a) => `${a.get('command') ?? 'this command'} writes ${a.get('formats') ?? ''}; got --format ${a.get('value') ?? ''}`,
    zh: (a) => `${a.get('command') ?? '该命令'} 只能输出 ${a.get('formats') ?? ''}；收到 --format ${a.get('value') ?? ''}`,
  },
  one_year: {
    en: (a) => `${a.get('command') ?? 'this command'} looks from one year: give --year 2024, or leave it out for the latest year in the data`,
    zh: (a) => `${a.get('command') ?? '该命令'} 只看一个年份：请给出 --year 2024，或省略以使用数据中最新的年份`,
  },
  output_is_input: {
    en: (a) => `--output ${a.get('output') ?? ''} is one of the input files; choose another name so the input is not overwritten`,
    zh: (a) => `--output ${a.get('output') ?? ''} 是输入文件之一：请换一个文件名，以免覆盖输入`,
  },
  output_in_bundled_data: {
    en: (a) => `--output ${a.get('output') ?? ''} is in planmetrics' bundled data (${a.get('folder') ?? ''}); choose a path outside it`,
    zh: (a) => `--output ${a.get('output') ?? ''} 位于 planmetrics 自带数据目录（${a.get('folder') ?? ''}）中：请选择该目录以外的路径`,
  },
  format_contradicts_output: {
    en: (a) => `--format ${a.get('format') ?? ''} contradicts -o ${a.get('output') ?? ''} (a ${a.get('extension') ?? ''} file is ${a.get('implied') ?? ''}): give one of them, or a matching pair`,
    zh: (a) => `--format ${a.get('format') ?? ''} 与 -o ${a.get('output') ?? ''} 矛盾（${a.get('extension') ?? ''} 文件应为 ${a.get('implied') ?? ''}）：只给其一，或使二者一致`,
  },
  output_encoding_choice: {
    en: (a) => `--output-encoding takes ${a.get('choices') ?? ''}; got "${a.get('value') ?? ''}"`,
    zh: (a) => `--output-encoding 应为 ${a.get('choices') ?? ''} 之一；收到 “${a.get('value') ?? ''}”`,
  },
  bom_contradicts_encoding: {
    en: (a) => `--bom asks for UTF-8 with a BOM but --output-encoding says ${a.get('value') ?? ''}: give one of them`,
    zh: (a) => `--bom 要求带 BOM 的 UTF-8，但 --output-encoding 为 ${a.get('value') ?? ''}：只给其一`,
  },
  xlsx_to_terminal: {
    en: () => '--format xlsx writes a binary workbook: name a file with -o report.xlsx (or redirect standard output)',
    zh: () => '--format xlsx 输出二进制工作簿：请用 -o report.xlsx 指定文件（或重定向标准输出）',
  },
  encoding_not_applicable: {
    en: (a) => `--output-encoding ${a.get('value') ?? ''} (or --bom) applies to ${a.get('formats') ?? ''}; --format ${a.get('format') ?? ''} is always UTF-8`,
    zh: (a) => `--output-encoding ${a.get('value') ?? ''}（或 --bom）只适用于 ${a.get('formats') ?? ''}；--format ${a.get('format') ?? ''} 总是 UTF-8`,
  },
  scenario_yaml: {
    en: (a) => `scenario file: YAML cannot be read (${a.get('detail') ?? ''})`,
    zh: (a) => `情景文件的 YAML 无法读取（${a.get('detail') ?? ''}）`,
  },
  scenario_too_large: {
    en: (a) => `the scenario file holds more than ${a.get('max') ?? '2097152'} bytes: a scenario file is a short YAML list of changes`,
    zh: (a) => `情景文件超过 ${a.get('max') ?? '2097152'} 字节：情景文件应是简短的 YAML 变动清单`,
  },
  init_year: {
    en: (a) => `${a.get('option') ?? '--baseline'} takes a year like 2025; got "${a.get('value') ?? ''}"`,
    zh: (a) => `${a.get('option') ?? '--baseline'} 应为年份，如 2025；收到 “${a.get('value') ?? ''}”`,
  },
  init_province: {
    en: (a) => `init needs --province CODE, a province code (or name) of the built-in division list, e.g. 110000 (Beijing) … 650000 (Xinjiang); got "${a.get('value') ?? ''}"`,
    zh: (a) => `init 需要 --province 代码：内置区划表中的省级代码（或名称），如 110000 北京市 … 650000 新疆维吾尔自治区；收到 “${a.get('value') ?? ''}”`,
  },
  init_years_order: {
    en: (a) => `--target (${a.get('target') ?? '?'}) must come after --baseline (${a.get('baseline') ?? '?'})`,
    zh: (a) => `--target（${a.get('target') ?? '?'}）必须晚于 --baseline（${a.get('baseline') ?? '?'}）`,
  },
  template_one_year: {
    en: () => 'template writes the rows of one year: give one --year, e.g. --year 2025',
    zh: () => 'template 只生成一个年份的行：请只给一个 --year，如 --year 2025',
  },
  set_syntax: {
    en: (a) => `--set takes FIELD=VALUE|+N|-N|+P%|-P% (e.g. elderly_population=+5%); got "${a.get('value') ?? ''}"`,
    zh: (a) => `--set 应写作 字段=值|+N|-N|+P%|-P%（如 elderly_population=+5%）；收到 “${a.get('value') ?? ''}”`,
  },
  change_syntax: {
    en: (a) => `"${a.get('value') ?? ''}" is not a change: write VALUE, +N, -N, +P% or -P% (e.g. 13000, +30, -5%)`,
    zh: (a) => `“${a.get('value') ?? ''}” 不是有效的变动：请写作 值、+N、-N、+P% 或 -P%（如 13000、+30、-5%）`,
  },
  change_percent_sign: {
    en: (a) => `"${a.get('value') ?? ''}": a percentage change needs a sign, +${a.get('digits') ?? 'P'}% or -${a.get('digits') ?? 'P'}%`,
    zh: (a) => `“${a.get('value') ?? ''}”：百分比变动需要正负号，如 +${a.get('digits') ?? 'P'}% 或 -${a.get('digits') ?? 'P'}%`,
  },
  change_to_zero: {
    en: (a) => `"${a.get('value') ?? ''}" would take the input to zero or below`,
    zh: (a) => `“${a.get('value') ?? ''}” 会使该字段变为零或负数`,
  },
  not_an_input: {
    en: (a) => `${when(a.get('option'), (o) => `${o}: `)}"${a.get('value') ?? ''}" is not an input of this plan: use an id or label listed by \`planmetrics indicators\``,
    zh: (a) => `${when(a.get('option'), (o) => `${o}：`)}“${a.get('value') ?? ''}” 不是本规划的填报字段：请使用 \`planmetrics indicators\` 列出的 id 或中文名称`,
  },
  scenario_name_reserved: {
    en: (a) => `scenario name "${a.get('value') ?? ''}" is reserved for the --set changes (or starts with "--"): rename the scenario`,
    zh: (a) => `情景名 “${a.get('value') ?? ''}” 已保留给 --set 的变动（或以 “--” 开头）：请为该情景改名`,
  },
  allocate_one_level: {
    en: () => '--allocate splits among one level: --level city (the default) or --level county',
    zh: () => '--allocate 只在一个层级间分解：--level city（默认）或 --level county',
  },
  allocate_needs_by: {
    en: (a) => `--allocate INDICATOR needs --by FIELD (e.g. --allocate ${a.get('indicator') ?? 'INDICATOR'} --by ${a.get('field') ?? 'FIELD'})`,
    zh: (a) => `--allocate 指标 需要同时给出 --by 字段（如 --allocate ${a.get('indicator') ?? '指标'} --by ${a.get('field') ?? '字段'}）`,
  },
  allocate_one_region: {
    en: () => "--allocate splits one region's target: give at most one --region (default: the province)",
    zh: () => '--allocate 只分解一个地区的目标：--region 至多一个（默认：全省）',
  },
  allocate_no_rows: {
    en: () => '--allocate: the data has no rows',
    zh: () => '--allocate：数据中没有任何行',
  },
  template_needs_year: {
    en: () => 'template writes one row per division only for a year: add --year (e.g. --year 2025) to use --level or --region',
    zh: () => 'template 只有给出年份才按区划逐行生成：使用 --level 或 --region 时请加上 --year（如 --year 2025）',
  },
  scenario_region_code: {
    en: (a) => `scenario file: ${a.get('path') ?? 'region'}: "${a.get('value') ?? ''}" is not a region code (6, 9 or 12 digits${when(a.get('example'), (e) => `, e.g. "${e}"`)})`,
    zh: (a) => `情景文件 ${a.get('path') ?? 'region'}：“${a.get('value') ?? ''}” 不是地区代码（应为 6、9 或 12 位数字${when(a.get('example'), (e) => `，如 "${e}"`)}）`,
  },
  scenario_name_twice: {
    en: (a) => `scenario file: scenario "${a.get('value') ?? ''}" is defined twice`,
    zh: (a) => `情景文件：情景 “${a.get('value') ?? ''}” 重复定义`,
  },
  scenario_unknown_key: {
    en: (a) => `scenario file: ${a.get('path') ?? ''}: unknown key '${a.get('value') ?? ''}' (a scenario has name and changes; a change has field, change, region and year)`,
    zh: (a) => `情景文件 ${a.get('path') ?? ''}：未知的键 “${a.get('value') ?? ''}”（情景含 name 与 changes；变动含 field、change、region 与 year）`,
  },
  scenario_change_unquoted: {
    en: (a) => `scenario file: ${a.get('path') ?? 'change'}: write the change as a quoted string, e.g. "+5%", "+30" or "13000" (unquoted, +30 reads as the number 30)`,
    zh: (a) => `情景文件 ${a.get('path') ?? 'change'}：变动请写成带引号的字符串，如 "+5%"、"+30" 或 "13000"（不加引号时 +30 会被读作数字 30）`,
  },
  scenario_shape: {
    en: (a) => `scenario file: ${a.get('path') ?? ''}: ${a.get('detail') ?? 'does not match the scenario format'}`,
    zh: (a) => `情景文件 ${a.get('path') ?? ''} 不符合情景文件格式（scenarios 列表，每项含 name 与 changes）`,
  },
  refused: {
    en: (a) => `${a.get('command') ?? 'this command'} cannot go on${when(a.get('detail'), (d) => `: ${d}`)}`,
    zh: (a) => `${a.get('command') ?? '该命令'} 无法继续${when(a.get('detail'), (d) => `（${d}）`)}`,
  },
  max_errors: {
    en: (a) => `--max-errors takes a whole number of at least 1; got "${a.get('value') ?? ''}"`,
    zh: (a) => `--max-errors 应为不小于 1 的整数；收到 “${a.get('value') ?? ''}”`,
  },
  explain_one_region: {
    en: (a) => `explain needs exactly one --region CODE (e.g. explain ${a.get('indicator') ?? 'INDICATOR'} --region ${a.get('region') ?? 'CODE'})`,
    zh: (a) => `explain 需要且只能给一个 --region 代码（如 explain ${a.get('indicator') ?? '指标'} --region ${a.get('region') ?? '代码'}）`,
  },
  no_files_for_plan: {
    en: () => 'no submission files given; the bundled sample data only fits the bundled plan (name the CSV files, or - for standard input)',
    zh: () => '未给出填报文件；内置样例数据只适用于内置规划（请列出 CSV 文件，或用 - 表示标准输入）',
  },
  min_coverage: {
    en: (a) => `--min-coverage takes a share from 0 to 1, e.g. 0.8; got "${a.get('value') ?? ''}"`,
    zh: (a) => `--min-coverage 应为 0 到 1 之间的比例，如 0.8；收到 “${a.get('value') ?? ''}”`,
  },
  completeness_no_indicator: {
    en: () => 'completeness does not take --indicator: it lists every input and the indicators each blocks',
    zh: () => 'completeness 不接受 --indicator：它列出每个填报字段及其影响的指标',
  },
  completeness_one_level: {
    en: (a) => `completeness looks at one level at a time; got --level ${a.get('value') ?? ''}`,
    zh: (a) => `completeness 一次只看一个层级；收到 --level ${a.get('value') ?? ''}`,
  },
  detail_table_only: {
    en: (a) => `--detail chooses between the table's overview and its long form; --format ${a.get('value') ?? ''} has one form only`,
    zh: (a) => `--detail 用于在表格的总览与明细之间选择；--format ${a.get('value') ?? ''} 只有一种形式`,
  },
};

function usageText(a: Args, lang: Lang): string | undefined {
  const key = a.get('usage');
  return key === undefined ? undefined : USAGE_TEXTS[key]?.[lang](a);
}

/** The keys of the usage texts, for a test that every usage error in the code has its words. */
export const USAGE_KEYS: readonly string[] = Object.keys(USAGE_TEXTS);

/**
 * commander's own usage errors ("error: unknown option '--x'"), prefixed like every other message
 * and, under --lang zh, in Chinese; a text it does not know is passed on as it is.
 */
export function commanderErrorText(text: string, lang: Lang): string {
  if (lang === 'en') return text.replace(/^error: /, 'planmetrics: error: ');
  const rules: [RegExp, string][] = [
    [/^error: unknown option '([^']*)'/, '未知选项 “$1”'],
    [/^error: unknown command '([^']*)'/, '未知命令 “$1”'],
    [/^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are ([^\n]*)\./, '选项 $1 的值 “$2” 无效；可选：$3'],
    [/^error: missing required argument '([^']*)'/, '缺少必需的参数 “$1”'],
    [/^error: required option '([^']*)' not specified/, '缺少必需的选项 $1'],
    [/^error: option '([^']*)' argument missing/, '选项 $1 缺少取值'],
    [/^error: too many arguments[^\n]*/, '参数过多'],
    [/^\(Did you mean ([^?]*)\?\)/m, '（是否想输入 $1？）'],
    [/^\(run with --help for usage\)/m, '（用 --help 查看用法）'],
  ];
  let out = text;
  for (const [pattern, words] of rules) out = out.replace(pattern, words);
  return out === text ? text.replace(/^error: /, 'planmetrics: error: ') : `planmetrics: 错误：${out}`;
}
