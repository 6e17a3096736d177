// The quotas of an allocation as a YAML fragment the plan file accepts under the indicator.
// Flow style on one line, so it pastes correctly at any indentation.

import type { AllocationReport } from '../../core/allocate.js';
import type { Lang } from '../../core/types.js';

export function allocationYaml(report: AllocationReport, lang: Lang): string {
  const quotas = report.shares.map((s) => `"${s.code}": ${s.quota}`).join(', ');
  const where = `${report.parent.code}${report.parent.name ? ` ${report.parent.name}` : ''}`;
  const comment =
    lang === 'zh'
      ? [
          `# ${report.indicator.id}：${where} 的目标 ${report.total} 按 ${report.by}（${report.year} 年）分解到${report.shares.length}个下级地区，最大余数法取整`,
          `# 粘贴到规划文件中 “- id: ${report.indicator.id}” 之下（与 target 同一缩进）`,
        ]
      : [
          `# ${report.indicator.id}: the target ${report.total} of ${where}, split among ${report.shares.length} regions by ${report.by} (${report.year}), largest-remainder rounding`,
          `# paste under "- id: ${report.indicator.id}" in the plan file (same indentation as target)`,
        ];
  return `${[...comment, `quotas: { ${quotas} }`].join('\n')}\n`;
}
