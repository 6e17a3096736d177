#!/usr/bin/env node
// Build step (after scripts/transpile.mjs): links dist/cli.js and the modules it can load into one CommonJS file,
// dist/bundle/planmetrics.cjs, which bin/planmetrics.js runs. One file instead of ~65 ES modules:
// at start-up Node 20 spends more time finding, reading and compiling modules than running
// `check` on the bundled sample through them.
//
// Left out, loaded from node_modules only by a run that needs them: sax, yauzl and yazl (.xlsx), yaml and zod
// (a plan other than the compiled bundled one) and iconv-lite (GB18030 output).

import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// Two folders below the package root, like every module in dist/, so that paths the modules
// resolve against their own URL ('../../data/...') are the same from the bundle.
const OUTDIR = join(ROOT, 'dist/bundle');

// Anew each build: nothing of an earlier build (or of an earlier name) is left beside this one.
rmSync(OUTDIR, { recursive: true, force: true });
mkdirSync(OUTDIR, { recursive: true });
await build({
  entryPoints: [join(ROOT, 'dist/cli.js')],
  outfile: join(OUTDIR, 'planmetrics.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['sax', 'yauzl', 'yazl', 'yaml', 'zod', 'iconv-lite'],
  // The modules are ESM and read import.meta.url; in the CommonJS bundle that is the bundle's own URL.
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
