#!/usr/bin/env node
// Build step (after scripts/transpile.mjs): links dist/cli.js and the modules it can load into one CommonJS file,
// dist/bundle/planmetrics.cjs, which bin/planmetrics.js runs. One file instead of ~65 ES modules:
// at start-up Node 20 spends more time finding, reading and compiling modules than running
// `check` on the bundled sample through them.
//
// Left out, loaded from node_modules only by a run that needs them: sax and yauzl (reading .xlsx), yaml and zod
// (a plan other than the compiled bundled one) and iconv-lite (GB18030 output).

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// Two folders below the package root, like every module in dist/, so that paths the modules
// resolve against their own URL ('../../data/...') are the same from the bundle.
const OUTDIR = join(ROOT, 'dist/bundle');

// commander requires node:child_process as it loads, for subcommands that are programs of their
// own (planmetrics has none), and with it ~30 of Node's own modules (net, stream, dgram...): ~10M
// instructions at every start. Its one use of it, childProcess.spawn, loads the module when called instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, ({ importer }) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(importer) ? { path: 'node:child_process', namespace: 'lazy-child-process' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "exports.spawn = (...args) => require('node:child_process').spawn(...args);",
      loader: 'js',
    }));
  },
};

// Anew each build: nothing of an earlier build (or of an earlier name) is left beside this one.
rmSync(OUTDIR, { recursive: true, force: true });
mkdirSync(OUTDIR, { recursive: true });
await build({
  // The CLI, and the reader thread's module (src/io/read-worker.ts), which a large file's reading
  // starts beside it (src/io/reader-thread.ts); each a bundle of its own.
  entryPoints: { planmetrics: join(ROOT, 'dist/cli.js'), 'read-worker': join(ROOT, 'dist/io/read-worker.js') },
  outdir: OUTDIR,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['sax', 'yauzl', 'yaml', 'zod', 'iconv-lite'],
  // The modules are ESM and read import.meta.url; in the CommonJS bundle that is the bundle's own URL.
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [lazyChildProcess],
  // Half the text for V8 to scan at every start (690 to 360 KB; ~15M fewer instructions, ~2% of
  // `check` on the bundled sample). Names are shortened too: a --debug stack trace names bundle
  // positions; rebuild with `sourcemap: true` here to read one.
  minify: true,
  logLevel: 'warning',
});

// esbuild writes strings as ASCII escapes but copies the characters of a /regular expression/
// literal; one such character makes Node read the whole bundle as two-byte text and V8 scan it as
// such (measured: ~15M more instructions at every start, most of them decoding the file). Write
// such a pattern as a string: new RegExp('…').
for (const name of ['planmetrics.cjs', 'read-worker.cjs']) {
  const bundled = readFileSync(join(OUTDIR, name), 'latin1');
  const nonAscii = bundled.search(/[^\x00-\x7f]/);
  if (nonAscii >= 0) {
    const text = Buffer.from(bundled.slice(Math.max(0, nonAscii - 60), nonAscii + 20), 'latin1').toString('utf8');
    console.error(`bundle-cli: dist/bundle/${name} is not ASCII at byte ${nonAscii} (a regular expression literal?): …${text}…`);
    process.exit(1);
  }
}
