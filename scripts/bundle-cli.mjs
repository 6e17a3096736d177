#!/usr/bin/env node
// Build step (after tsc): links dist/cli.js and every module it can load into one CommonJS module,
// dist/bundle/planmetrics.wrapped.js, then runs `planmetrics check` once on the bundled sample so
// that V8's compiled code for that file is saved beside it (planmetrics.wrapped.js.code-cache).
// The file holds the module already inside the function Node wraps a CommonJS module in, so that
// the loader compiles the text it read: wrapping it at every start made a second copy of 600 KB,
// and one more young-generation collection (~2.4 M instructions of ~285 M).
//
// Why: at start-up Node 20 spends more time resolving, reading and compiling ~65 ES modules than
// running the bundled sample through them, and it has no compile cache for ES modules of its own.
// bin/planmetrics.js runs the bundle with the cached code, and falls back to dist/cli.js without it.
//
// Left out of the bundle, loaded from node_modules only when a run needs them: sax, yauzl, yazl (.xlsx),
// yaml and zod (a plan other than the compiled bundled one) and iconv-lite (GB18030 output).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// Two folders below the package root, like every module in dist/, so that paths the modules
// resolve against their own URL ('../../data/...') are the same from the bundle.
const BUNDLE = join(ROOT, 'dist/bundle/planmetrics.wrapped.js');
const CODE_CACHE = `${BUNDLE}.code-cache`;
const EXTERNAL = ['sax', 'yauzl', 'yazl', 'yaml', 'zod', 'iconv-lite'];

// chalk detects colour support as it loads (loading node:tty, ~3 ms); planmetrics always gives
// chalk its level (src/format/table.ts, from src/cli.ts's useColor), so the bundle skips the probe.
const noColorProbe = {
  name: 'no-color-probe',
  setup(build) {
    build.onResolve({ filter: /^#supports-color$/ }, ({ importer }) =>
      importer.includes('/node_modules/chalk/') ? { path: 'supports-color', namespace: 'no-color-probe' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'no-color-probe' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

// commander requires child_process as it loads, for subcommands that are separate executables
// (planmetrics has none); that pulls in net, dgram and more, ~3 ms of every start. In the bundle
// commander gets a stand-in that loads child_process on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, ({ importer }) =>
      importer.includes('/node_modules/commander/') ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });",
      loader: 'js',
    }));
  },
};

// Anew each build: no code cache or bundle of an earlier build (or name) is left beside this one.
rmSync(dirname(BUNDLE), { recursive: true, force: true });
mkdirSync(dirname(BUNDLE), { recursive: true });
const { outputFiles } = await build({
  entryPoints: [join(ROOT, 'dist/cli.js')],
  outfile: BUNDLE,
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: EXTERNAL,
  // The modules are ESM and read import.meta.url; in the CommonJS bundle that is the bundle's own URL.
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [lazyChildProcess, noColorProbe],
  logLevel: 'warning',
});
const bundled = outputFiles[0].text;
// The loader runs the bundle without an ES module loader: every import() must have been linked in.
if (/\bimport\(/.test(bundled)) throw new Error(`bundle-cli: ${BUNDLE} still has a dynamic import()`);
// esbuild escapes non-ASCII text in strings, not in regular expressions. One such character makes
// V8 decode and scan the whole source as UTF-16 at every start: write it as \uXXXX in src/.
const nonAscii = bundled.search(/[^\x00-\x7f]/);
if (nonAscii >= 0) throw new Error(`bundle-cli: ${BUNDLE} has a non-ASCII character at line ${bundled.slice(0, nonAscii).split('\n').length}: use a \\u escape in the source`);
// The wrapper on the module's first line, as Node puts it: line numbers in stack traces stay right.
writeFileSync(BUNDLE, `(function (exports, require, module, __filename, __dirname) {${bundled}\n})`);

// The warm-up run: its output is thrown away; at exit the loader saves the code V8 compiled.
const warmUp = spawnSync(process.execPath, [join(ROOT, 'bin/planmetrics.js'), 'check', '--fail-on', 'none'], {
  env: { ...process.env, PLANMETRICS_WRITE_CODE_CACHE: '1', NO_COLOR: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (warmUp.status !== 0 || !existsSync(CODE_CACHE)) {
  console.error(`bundle-cli: the warm-up run failed (exit ${warmUp.status}); the CLI will run without a code cache`);
  process.exitCode = 1;
}
