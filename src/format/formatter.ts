// The shape every output format implements. A formatter returns text (ending in a newline); it never writes.

import type { CheckReport, ComputeReport, Lang, Plan } from '../core/types.js';

export interface FormatOptions {
  lang: Lang;
  color: boolean;
  /** The plan, for input labels, tolerances and targets in the human views. */
  plan?: Plan;
}

export interface Formatter {
  check(report: CheckReport, options: FormatOptions): string;
  compute(report: ComputeReport, options: FormatOptions): string;
  indicators(plan: Plan, options: FormatOptions): string;
}
