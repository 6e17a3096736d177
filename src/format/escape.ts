// Nothing raw from a file reaches a terminal: control characters (C0, DEL, C1) and the bidi
// controls that reorder text (U+200E/F, U+202A–202E, U+2066–2069) are shown as escapes (\x1b,
// \u202e) in every human view (table, markdown, explain, html text) and in messages. CSV and JSON
// keep the data as it is.

const UNSAFE = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
/** The colour codes the terminal views paint with (chalk's SGR sequences). */
const COLOUR = /(\x1b\[[0-9;]*m)/;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control and bidi character escaped. With `keepColours`, colour codes
 * (ESC [ … m, as a painter adds them) are kept and everything else is escaped. Escaping twice
 * changes nothing.
 */
export function escapeControls(text: string, keepColours = false): string {
  if (!UNSAFE.test(text)) return text;
  if (!keepColours) return text.replace(UNSAFE_ALL, escapeOne);
  return text
    .split(COLOUR)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(UNSAFE_ALL, escapeOne)))
    .join('');
}
