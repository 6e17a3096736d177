#!/usr/bin/env node
// Build step (first): src/**/*.ts to dist/**/*.js, one module per file in the same folders, as
// `tsc` would emit them; build-plan and the CLI bundle (scripts/bundle-cli.mjs) start from there.
// esbuild strips the types without checking them: tsconfig's isolatedModules and
// verbatimModuleSyntax keep every file transpilable on its own. Types are checked by
// `npm run typecheck` (src/ and test/), which CI runs as its own step (.ci/run). tsc's emit took
// ~14 s of CPU, nearly all of it checking, in every `npm test`; this takes a fraction of a second.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(ROOT, 'src/**/*.ts')],
  outdir: join(ROOT, 'dist'),
  outbase: join(ROOT, 'src'),
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: join(ROOT, 'tsconfig.json'),
  logLevel: 'warning',
});
