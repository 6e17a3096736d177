// Where a YAML path is in its file (1-based line and column), for findings in plan and scenario
// files. Works on the parsed document it is given; loads nothing itself.

import type { Document, LineCounter } from 'yaml';
import type { Locate, YamlPath } from '../core/catalogue.js';

/** Plan files are a few hundred lines; anything this large is a mistake or an attack. */
export const MAX_PLAN_BYTES = 2 * 1024 * 1024;

export function locator(doc: Document, lines: LineCounter): Locate {
  return (path: YamlPath, offsetInScalar = 0) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      const range = (node as { range?: [number, number, number] } | null)?.range;
      if (!range) continue;
      // Only scalars have these types; a quoted scalar's text starts after its quote.
      const type = (node as { type?: string }).type;
      const quoted = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE';
      const exact = depth === path.length;
      const offset = range[0] + (exact ? offsetInScalar + (quoted ? 1 : 0) : 0);
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    }
    return { line: 1, column: 1 };
  };
}
