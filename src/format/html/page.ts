// The page around every HTML report: head with the inline stylesheet, title block, provenance.

import type { Lang, Plan, PlanSummary } from '../../core/types.js';
import type { FormatOptions, Provenance } from '../formatter.js';
import { element, escapeHtml, textElement } from './markup.js';
import { STYLESHEET } from './style.js';
import { word, type HtmlWord } from './words.js';

/**
 * Nothing may be fetched: no scripts, no fonts, no images from anywhere. The policy makes the
 * browser refuse any request the markup might cause, so the file reads the same offline.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function planTitle(plan: PlanSummary, options: FormatOptions): string {
  return options.lang === 'en' && options.plan?.meta.title_en ? options.plan.meta.title_en : plan.title;
}

export function section(id: string, title: string, ...content: string[]): string {
  return element('section', { id }, textElement('h2', {}, title), ...content);
}

function entry(term: string, ...definition: string[]): string {
  return `${textElement('dt', {}, term)}${element('dd', {}, ...definition)}`;
}

function fileItem(file: Provenance['files'][number], lang: Lang): string {
  const name = file.path === '-' ? word('stdin', lang) : file.path;
  const modified = file.modified ? ` (${word('modified', lang)} ${file.modified})` : '';
  return element('li', {}, textElement('code', {}, name), escapeHtml(modified));
}

/** Plan id, title, issuer and source; then, when known, the plan file, the submissions and when the report was made. */
export function provenanceSection(plan: PlanSummary, options: FormatOptions): string {
  const lang = options.lang;
  const meta: Partial<Plan['meta']> = options.plan?.meta ?? {};
  const entries = [
    entry(word('planId', lang), textElement('code', {}, plan.id)),
    entry(word('planTitle', lang), escapeHtml(plan.title)),
    entry(word('period', lang), escapeHtml(`${plan.baseline_year}–${plan.target_year}`)),
  ];
  if (meta.issuer) entries.push(entry(word('issuer', lang), escapeHtml(meta.issuer)));
  if (meta.source) entries.push(entry(word('planSource', lang), escapeHtml(meta.source)));
  const provenance = options.provenance;
  if (provenance) {
    entries.push(entry(word('planFile', lang), textElement('code', {}, provenance.planFile)));
    if (provenance.files.length > 0) {
      entries.push(entry(word('submissions', lang), element('ul', {}, ...provenance.files.map((file) => fileItem(file, lang)))));
    }
    entries.push(entry(word('generated', lang), escapeHtml(provenance.generated)));
    entries.push(entry(word('tool', lang), escapeHtml(provenance.tool)));
  }
  return section('provenance', word('provenance', lang), element('dl', { class: 'provenance' }, ...entries));
}

/** A part of a page: its text whole, or its pieces in order. */
export type Part = string | Iterable<string>;

/**
 * A whole document, in pieces as they are made; `kind` names the report in the subtitle. Each
 * part of `body` is read only when the page reaches it, so a part may judge as it goes.
 */
export function* page(plan: PlanSummary, kind: HtmlWord, subtitle: string, body: Iterable<Part>, options: FormatOptions): Generator<string> {
  const title = planTitle(plan, options);
  const head = [
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    textElement('title', {}, `${title} · ${word(kind, options.lang)}`),
    `<style>${STYLESHEET}</style>`,
  ].join('\n');
  const header = element(
    'header',
    {},
    textElement('h1', {}, title),
    textElement('p', { class: 'subtitle' }, [word(kind, options.lang), subtitle].filter(Boolean).join(' · ')),
  );
  const lang = options.lang === 'zh' ? 'zh-CN' : 'en';
  yield `<!doctype html>\n<html lang="${lang}">\n<head>\n${head}\n</head>\n<body>\n${header}`;
  for (const part of body) {
    yield '\n';
    if (typeof part === 'string') yield part;
    else yield* part;
  }
  yield '\n</body>\n</html>\n';
}
