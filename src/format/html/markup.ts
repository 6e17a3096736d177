// Building HTML as strings, safely: every piece of data goes through escapeHtml.

import { escapeControls } from '../escape.js';

/** Text safe in element content and in double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return escapeControls(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

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

/** A table of plain-text cells; `rowClass` lets a row carry a status colour. */
export function htmlTable(
  columns: Column[],
  rows: string[][],
  options: { id?: string; className?: string; cellClass?: (row: number, column: number) => string | undefined } = {},
): string {
  const head = element('tr', {}, ...columns.map((column) => textElement('th', { scope: 'col', class: column.numeric ? 'num' : undefined }, column.head)));
  // Rows joined, never spread into one call: a spread of 125,000 arguments overflows the stack.
  const body = rows
    .map((cells, r) => {
      const row = cells.map((cell, c) => {
        const classes = [columns[c]?.numeric ? 'num' : '', options.cellClass?.(r, c) ?? ''].filter(Boolean).join(' ');
        return textElement('td', { class: classes || undefined }, cell);
      });
      return element('tr', {}, row.join(''));
    })
    .join('');
  return element('table', { id: options.id, class: options.className }, element('thead', {}, head), element('tbody', {}, body));
}
