// One read of a check's verdicts for what the page shows before its table: the counts, the years,
// and per indicator the few verdicts its chart draws and its shortfall list names. What is kept
// is bounded by the number of indicators, never by the number of verdicts: the table reads the
// verdicts again, row by row (a second read judges again: see judgeStream).

import { LEVELS, type Attribute, type IndicatorInfo, type Level, type Status, type Summary, type Verdict } from '../../core/types.js';
import { summarize, type CheckStream } from '../../core/judge.js';
import { verdictsByIndicator } from '../view.js';
import type { Shown } from '../messages.js';

/**
 * Bars in one chart, regions in one shortfall list, at most. Whole levels are shown from the
 * province down while they fit (a province and its cities and counties do; the 31 provinces of a
 * national report do), else the first of the highest level; the page says what it left out.
 */
export const SHOWN_PER_INDICATOR = 60;

const SHORTFALL: readonly Status[] = ['not_met', 'off_track'];

/** The first verdicts of each level, in the order read, and how many each level has. */
export class Keeper {
  private readonly kept = new Map<Level, { at: number; verdict: Verdict }[]>();
  private readonly counts = new Map<Level, number>();
  total = 0;

  constructor(private readonly cap: number) {}

  add(verdict: Verdict, at: number): void {
    this.total++;
    const count = (this.counts.get(verdict.level) ?? 0) + 1;
    this.counts.set(verdict.level, count);
    if (count > this.cap) return;
    // A level deeper than one already too long is never shown: nothing of it is kept.
    const depth = LEVELS.indexOf(verdict.level);
    if (LEVELS.some((level, d) => d < depth && (this.counts.get(level) ?? 0) > this.cap)) return;
    let list = this.kept.get(verdict.level);
    if (!list) this.kept.set(verdict.level, (list = []));
    list.push({ at, verdict });
  }

  /** Whole levels from the highest while they fit in the cap, else the first of the highest; in the order read. */
  pick(): { verdicts: Verdict[]; shown: Shown } {
    const present = LEVELS.filter((level) => (this.counts.get(level) ?? 0) > 0);
    const levels: Level[] = [];
    let shown = 0;
    for (const level of present) {
      const count = this.counts.get(level)!;
      if (shown + count > this.cap) break;
      levels.push(level);
      shown += count;
    }
    let partial = false;
    if (levels.length === 0 && present.length > 0) {
      levels.push(present[0]!);
      shown = this.cap;
      partial = true;
    }
    const chosen = levels.flatMap((level) => (this.kept.get(level) ?? []).slice(0, shown));
    chosen.sort((a, b) => a.at - b.at);
    return { verdicts: chosen.map((entry) => entry.verdict), shown: { shown: chosen.length, total: this.total, levels, partial } };
  }
}

export interface GroupSurvey {
  info: IndicatorInfo;
  /** The verdict its heading reads the target from when the plan does not have the indicator. */
  headingVerdict: Verdict;
  firstYear: number;
  severalYears: boolean;
  chart: Keeper;
  shortfalls: Keeper;
}

export interface Survey {
  summary: Summary;
  byAttribute: Map<Attribute, Summary>;
  /** One verdict of each year, in the order read. */
  yearVerdicts: Verdict[];
  /** Indicators with verdicts: the report's order, then any the report does not list, as read. */
  groups: GroupSurvey[];
}

export function emptySummary(): Summary {
  return summarize([]);
}

export function survey(report: CheckStream): Survey {
  const summary = emptySummary();
  const byAttribute = new Map<Attribute, Summary>();
  const years = new Map<number, Verdict>();
  // The report's indicators first, in its order, whether or not they come.
  const groups = new Map<string, GroupSurvey | null>(report.indicators.map((info) => [info.id, null]));
  let at = 0;
  for (const { verdict, group: { info } } of verdictsByIndicator(report)) {
    summary[verdict.status]++;
    let counts = byAttribute.get(verdict.attribute);
    if (!counts) byAttribute.set(verdict.attribute, (counts = emptySummary()));
    counts[verdict.status]++;
    if (!years.has(verdict.year)) years.set(verdict.year, verdict);
    let group = groups.get(info.id);
    if (!group) {
      group = { info, headingVerdict: verdict, firstYear: verdict.year, severalYears: false, chart: new Keeper(SHOWN_PER_INDICATOR), shortfalls: new Keeper(SHOWN_PER_INDICATOR) };
      groups.set(info.id, group);
    }
    if (verdict.year !== group.firstYear) group.severalYears = true;
    if (group.headingVerdict.target_source !== 'plan' && verdict.target_source === 'plan') group.headingVerdict = verdict;
    group.chart.add(verdict, at);
    if (SHORTFALL.includes(verdict.status)) group.shortfalls.add(verdict, at);
    at++;
  }
  return {
    summary,
    byAttribute,
    yearVerdicts: [...years.values()],
    groups: [...groups.values()].filter((group): group is GroupSurvey => group !== null),
  };
}
