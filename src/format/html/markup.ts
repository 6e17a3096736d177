// Building HTML as strings, safely: every piece of data goes through escapeHtml.

import { escapeControls } from '../escape.js';

/** Text safe in element content and in double-quoted attribute values. */
export function escapeHtml(text: string): string {
  const safe = escapeControls(text);
  return HTML_SPECIAL.test(safe) ? safe.replace(HTML_SPECIALS, (char) => `&#${char.charCodeAt(0)};`) : safe;
}

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIALS = /[&<>"']/g;

/** `<tag attr="…">children</tag>`; attribute values are escaped, children are markup already. */
export function element(tag: string, attributes: Record<string, string | number | undefined>, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`)
    .join('');
  return `<${tag}${attrs}>${children.join('')}</${tag}>`;
}

/** An element holding plain text. */
export function textElement(tag: string, attributes: Record<string, string | number | undefined>, text: string): string {
  return element(tag, attributes, escapeHtml(text));
}

export interface Column {
  head: string;
  numeric?: boolean;
}

/** A table's opening and head; its rows (tableRow) and tableEnd follow, so a long table is never one string. */
export function tableStart(columns: readonly Column[], options: { id?: string; className?: string } = {}): string {
  const head = element('tr', {}, ...columns.map((column) => textElement('th', { scope: 'col', class: column.numeric ? 'num' : undefined }, column.head)));
  const open = element('table', { id: options.id, class: options.className });
  return `${open.slice(0, open.indexOf('</table>'))}${element('thead', {}, head)}<tbody>`;
}

/**
 * One row of plain-text cells; `cellClass` gives a cell a class of its own (a status colour).
 * Written out rather than through element(): a national report has millions of rows.
 */
export function tableRow(columns: readonly Column[], cells: readonly string[], cellClass?: (column: number) => string | undefined): string {
  let row = '<tr>';
  for (let c = 0; c < cells.length; c++) {
    const own = cellClass?.(c);
    const classes = columns[c]?.numeric ? (own ? `num ${own}` : 'num') : own;
    row += classes ? `<td class="${escapeHtml(classes)}">${escapeHtml(cells[c]!)}</td>` : `<td>${escapeHtml(cells[c]!)}</td>`;
  }
  return `${row}</tr>`;
}

export const TABLE_END = '</tbody></table>';

/** A small table whole (summary, plan lists); `cellClass` lets a cell carry a status colour. */
export function htmlTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  options: { id?: string; className?: string; cellClass?: (row: number, column: number) => string | undefined } = {},
): string {
  const body = rows.map((cells, r) => tableRow(columns, cells, options.cellClass && ((c) => options.cellClass!(r, c)))).join('');
  return `${tableStart(columns, options)}${body}${TABLE_END}`;
}
