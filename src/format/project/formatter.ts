// The shape of a project/explain/allocation output format: data and options in, text out.

import type { AllocationReport } from '../../core/allocate.js';
import type { Explanation } from '../../core/explain.js';
import type { ProjectReport } from '../../core/project.js';
import type { FormatOptions } from '../formatter.js';

export interface ProjectFormatter {
  project(report: ProjectReport, options: FormatOptions): string;
  explain(explanation: Explanation, options: FormatOptions): string;
  allocation(report: AllocationReport, options: FormatOptions): string;
}
