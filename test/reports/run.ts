// Helpers for the report tests; the CLI runners are the shared ones.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

export { ROOT, runCliBytes, type BinaryRun } from '../helpers/cli.js';
export const NATIONAL_PLAN = join(ROOT, 'data/national-community-services-2021-2025.yaml');

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'planmetrics-reports-'));
}
