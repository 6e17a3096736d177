#!/usr/bin/env node
// Starts planmetrics: dist/bundle/planmetrics.cjs, src/ and the libraries it always needs linked
// into one CommonJS file by esbuild at build time (scripts/bundle-cli.mjs).
// Where Node has it (22.1 and later), the code Node compiles for it is kept in Node's own compile
// cache (a folder in the system's temporary directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off),
// so that later starts skip the compiling. Node 20 has no such cache: the bundle is compiled anew.
'use strict';
const nodeModule = require('node:module');

if (typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache();

let cli;
try {
  cli = require('../dist/bundle/planmetrics.cjs');
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('planmetrics.cjs')) throw error;
  process.stderr.write('planmetrics: not built (dist/ is missing): run `npm run build` in the planmetrics folder\n');
  process.exit(2);
}
cli.main(process.argv);
