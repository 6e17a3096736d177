// Preloaded into a benchmarked process (node --import): reports its peak resident memory on fd 3.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
  } catch {
    // not run by the benchmark: nothing to report to
  }
});
