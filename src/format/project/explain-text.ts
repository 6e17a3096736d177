// The sentences of `explain` shared by the table and markdown views.

import { escapeControls } from '../escape.js';
import type { Explanation } from '../../core/explain.js';
import { indicatorName, statusLabel, unitLabel } from '../labels.js';
import { describeReason } from '../messages.js';
import { finiteOrNull, formatReadable } from '../numbers.js';
import { gapText, regionText, verdictTargetText, type ViewOptions } from '../view.js';
import { exactNumber, substitutedFormula } from './view.js';
import { countOfLevel } from '../labels.js';
import { words } from './words.js';

export interface ExplanationLines {
  title: string;
  /** Formula, the formula with numbers, and where the numbers come from. */
  formula: string[];
}

function sourceText(explanation: Explanation, options: ViewOptions): string {
  const coverage = explanation.coverage;
  if (!coverage) return '';
  if (coverage.from === 'reported') return words('from_own_row', options.lang);
  const count = countOfLevel(coverage.used, coverage.expected, coverage.childLevel, options.lang);
  return options.lang === 'zh' ? `由 ${count} 汇总（各填报字段按其汇总方式）` : `added up from ${count} (each input by its aggregation rule)`;
}

export function explanationLines(explanation: Explanation, options: ViewOptions): ExplanationLines {
  const lang = options.lang;
  const { indicator, region } = explanation;
  const unit = indicator.unit ? ` (${unitLabel(indicator.unit, lang)})` : '';
  const title = `${indicator.no} ${indicatorName(indicator, lang)}${unit} — ${regionText({ region_code: region.code, region_name: region.name }, lang)} · ${explanation.year}`;
  const substituted = substitutedFormula(explanation);
  const result =
    explanation.value === null
      ? `${words('result', lang)}: — (${explanation.reason ? describeReason(explanation.reason, lang, options.plan) : ''})`
      : `= ${exactNumber(explanation.value)}`;
  const formula = [`${words('formula', lang)}: ${indicator.formula}`];
  if (substituted) formula.push(`${words('substituted', lang)}: ${substituted} ${result}`);
  const source = sourceText(explanation, options);
  if (source) formula.push(source);
  return { title: escapeControls(title), formula: formula.map((line) => escapeControls(line)) };
}

/** "off track · target ≥18 (2025) · baseline 14.2 (2020, own) · expected 16.6 · +317 community_workers". */
export function verdictLine(explanation: Explanation, options: ViewOptions): string {
  const lang = options.lang;
  const v = explanation.verdict;
  const parts = [statusLabel(v.status, lang)];
  parts.push(`${words('target', lang)} ${verdictTargetText(v, options)} (${v.target_year})`);
  const baseline = finiteOrNull(v.baseline);
  if (baseline !== null) {
    const source = v.baseline_source === 'region' ? words('own', lang) : words('plan', lang);
    parts.push(`${words('baseline', lang)} ${formatReadable(baseline)} (${explanation.plan.baseline_year}, ${source})`);
  }
  const expected = finiteOrNull(v.expected);
  if (expected !== null) parts.push(`${words('expected', lang)} ${formatReadable(expected)}`);
  const gap = gapText(v, options);
  if (gap) parts.push(gap);
  if (v.reason) parts.push(describeReason(v.reason, lang, options.plan));
  return escapeControls(parts.join(' · '));
}
