// The HTML report in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
// it loads with no console error and no network request, and shows the summary, one chart per
// indicator and the full table. Screenshot and PDF go to test-artifacts/ (gitignored).
// Never skipped: without Chromium the test fails and says how to install it.

import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ROOT, tempDir } from './run.js';

const CHROMIUM = process.env.PLANMETRICS_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const BROWSER_TIMEOUT = 120_000;
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or point PLANMETRICS_CHROMIUM at a Chromium binary`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  mkdirSync(ARTIFACTS, { recursive: true });
}, BROWSER_TIMEOUT);

afterAll(async () => {
  await browser?.close();
});

interface Loaded {
  consoleErrors: string[];
  blocked: string[];
  requested: string[];
}

describe('check --format html on the bundled data, in headless Chromium', () => {
  it(
    'loads with no console error and no network request, and shows the summary, the charts and the table',
    async () => {
      const file = join(tempDir(), 'report.html');
      const run = await runCli(['check', '--format', 'html', '-o', file]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const json = JSON.parse((await runCli(['check', '--format', 'json'])).stdout) as { results: { indicator: string }[] };
      const indicators = new Set(json.results.map((r) => r.indicator)).size;

      const context = await browser.newContext({ viewport: { width: 1200, height: 1600 } });
      const loaded: Loaded = { consoleErrors: [], blocked: [], requested: [] };
      context.on('request', (request) => loaded.requested.push(request.url()));
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
        loaded.blocked.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') loaded.consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => loaded.consoleErrors.push(String(error)));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      expect(loaded.consoleErrors).toEqual([]);
      expect(loaded.blocked).toEqual([]);
      expect(loaded.requested).toEqual([pathToFileURL(file).href]);

      await expect(page.locator('#summary table').isVisible()).resolves.toBe(true);
      expect(await page.locator('#summary .summary-line').textContent()).toMatch(/达标 \d+/);
      expect(indicators).toBeGreaterThan(20);
      await expect(page.locator('#charts svg.bars').count()).resolves.toBe(indicators);
      const firstChart = await page.locator('#charts svg.bars').first().boundingBox();
      expect(firstChart?.width).toBeGreaterThan(600);
      expect(firstChart?.height).toBeGreaterThan(100);
      await expect(page.locator('#results-table tbody tr').count()).resolves.toBe(json.results.length);
      await expect(page.locator('#provenance').textContent()).resolves.toContain('zj-community-services-2021-2025');

      const screenshot = join(ARTIFACTS, 'report.png');
      await page.screenshot({ path: screenshot });
      expect(statSync(screenshot).size).toBeGreaterThan(20_000);

      // Printing: the same page laid out on A4, charts included.
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('#charts svg.bars').first().isVisible()).resolves.toBe(true);
      const pdf = join(ARTIFACTS, 'report.pdf');
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      expect(statSync(pdf).size).toBeGreaterThan(50_000);
      expect(loaded.blocked).toEqual([]);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
