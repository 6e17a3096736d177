// Coverage before verdicts: a region built from its children is judged only when enough of the
// children its division list expects report every input of the indicator (cli-contract.md,
// "Coverage"). Below that share the verdict is no_data with reason `incomplete`; the partial value
// and the coverage are still given. A share of 0 judges whatever arrived.

import type { Coverage, Reason } from './types.js';

/** The default share: every expected child. */
export const DEFAULT_MIN_COVERAGE = 1;

/** Guards the share against float noise (2/3 ≥ 0.6666666666666666). */
const SHARE_EPSILON = 1e-9;

/** Why a value built from too few children is not judged, or null when it may be. */
export function incompleteReason(coverage: Coverage | null, minCoverage: number = DEFAULT_MIN_COVERAGE): Reason | null {
  if (!coverage || coverage.from !== 'children' || coverage.expected <= 0) return null;
  if (coverage.used / coverage.expected >= minCoverage - SHARE_EPSILON) return null;
  return { code: 'incomplete', reported: coverage.used, expected: coverage.expected, child_level: coverage.childLevel ?? null, min_coverage: minCoverage };
}
