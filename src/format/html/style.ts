// The report's only stylesheet, inlined in <head>: system fonts, no web fonts, no images.

import type { Status } from '../../core/types.js';

/** One colour per status, shared by the chart bars and the status cells. Text always says the status too. */
export const STATUS_COLORS: Record<Status, string> = {
  met: '#2e7d32',
  on_track: '#1e88e5',
  off_track: '#ef8f00',
  not_met: '#c62828',
  no_data: '#8d8d8d',
  not_applicable: '#c4c4c4',
};

const statusRules = Object.entries(STATUS_COLORS)
  .map(([status, color]) => `.status-${status}{color:${color};font-weight:600}`)
  .join('\n');

export const STYLESHEET = `
:root{color-scheme:light;--ink:#1f2328;--muted:#59636e;--rule:#d0d7de;--band:#f6f8fa}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0 auto;max-width:1100px;padding:24px;color:var(--ink);background:#fff;
  font:14px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:32px 0 12px;padding-bottom:4px;border-bottom:2px solid var(--rule)}
h3{font-size:15px;margin:16px 0 6px}
.subtitle{color:var(--muted);margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid var(--rule);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--band);font-weight:600}
thead{display:table-header-group}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr{break-inside:avoid;page-break-inside:avoid}
.summary-table td.num{font-size:16px}
.shortfalls li{margin:2px 0}
figure.chart{margin:0 0 20px;padding:8px 0;break-inside:avoid;page-break-inside:avoid}
figure.chart figcaption{font-weight:600;margin-bottom:4px}
svg.bars{width:100%;height:auto;display:block}
svg.bars text{font-size:11px;fill:var(--ink)}
svg.bars .value{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg.bars .axis text{fill:var(--muted)}
svg.bars .grid{stroke:#eaeef2}
svg.bars .target{stroke:#1f2328;stroke-width:2}
svg.bars .expected{stroke:#6f42c1;stroke-width:2;stroke-dasharray:4 3}
svg.bars .band{fill:#1f2328;fill-opacity:.08}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:0 0 12px;color:var(--muted);font-size:12px}
.legend span{display:inline-flex;align-items:center;gap:5px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px}
.line-swatch{display:inline-block;width:18px;height:0;border-top:2px solid #1f2328}
.line-swatch.expected{border-top:2px dashed #6f42c1}
dl.provenance{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dl.provenance dt{color:var(--muted)}
dl.provenance dd{margin:0;word-break:break-all}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
${statusRules}
@media print{
  body{max-width:none;padding:0;font-size:11px}
  h2{break-after:avoid;page-break-after:avoid}
  a{color:inherit;text-decoration:none}
  @page{size:A4;margin:14mm 12mm}
}
`;
