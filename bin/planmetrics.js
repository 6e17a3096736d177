#!/usr/bin/env node
// Starts planmetrics. The CLI runs from dist/bundle/planmetrics.wrapped.js, one CommonJS module
// made at build time by scripts/bundle-cli.mjs (already in the function Node wraps a module in),
// with the code V8 compiled for it on a warm-up run read back from
// planmetrics.wrapped.js.code-cache: this is what makes a run on the bundled sample cost little
// more than Node's own start. Without the bundle (say, after a bare tsc), it runs the ES modules in dist/.
// CommonJS on purpose (bin/package.json says so for this folder): an ES module entry makes Node
// set up its ESM loader first (~15 ms).
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '../dist/bundle/planmetrics.wrapped.js');
const CODE_CACHE = `${BUNDLE}.code-cache`;

function readOrNull(file, encoding) {
  try {
    return readFileSync(file, encoding);
  } catch {
    return null;
  }
}

/** Writes the code cache whole or not at all; a read-only install just goes without. */
function saveCodeCache(script) {
  const temporary = `${CODE_CACHE}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, CODE_CACHE);
  } catch {
    // not writable: the next run compiles as usual
  }
}

/** Runs the bundle as Node would run a CommonJS module, with the cached code when V8 accepts it. */
function runBundle(wrappedSource) {
  const cachedData = readOrNull(CODE_CACHE) ?? undefined;
  const script = new Script(wrappedSource, { filename: BUNDLE, cachedData });
  // Set only by the build's warm-up run; a cache V8 rejects (another Node version) is just unused.
  if (process.env.PLANMETRICS_WRITE_CODE_CACHE === '1') process.once('exit', () => saveCodeCache(script));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
}

/** Without a bundle: the ES modules, or, when nothing was built, what to do about it. */
function runModules() {
  import('../dist/cli.js').catch((error) => {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stderr.write('planmetrics: not built (dist/ is missing): run `npm run build` in the planmetrics folder\n');
    process.exitCode = 2;
  });
}

// latin1: the build keeps the bundle ASCII, and reading it so skips UTF-8 decoding (~1 ms).
const source = readOrNull(BUNDLE, 'latin1');
if (source === null) runModules();
else runBundle(source);
