// Colour for the terminal views. chalk is loaded only for a run that colours: with colour off (a
// pipe, a file, NO_COLOR) every paint leaves the text as it is, and loading chalk would cost ~3 M
// instructions of every start (its module sets up every style) for nothing.

import type { FormatOptions } from './formatter.js';

export type Paint = (text: string) => string;

/** The styles the terminal views use; a chalk instance is one. */
export interface Painter {
  bold: Paint;
  green: Paint;
  cyan: Paint;
  yellow: Paint;
  red: Paint;
  gray: Paint;
  dim: Paint;
}

const same: Paint = (text) => text;

/** No colour: every text as it is. */
export const PLAIN: Painter = { bold: same, green: same, cyan: same, yellow: same, red: same, gray: same, dim: same };

/** The painter for a run: chalk's (loaded now) when it colours, else PLAIN. */
export async function painterFor(color: boolean): Promise<Painter> {
  if (!color) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}

/** What a terminal view paints with: the painter in the options (render() and the commands add chalk's when colouring), else none. */
export function painterOf(options: FormatOptions): Painter {
  return options.painter ?? PLAIN;
}
