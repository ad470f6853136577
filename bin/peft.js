#!/usr/bin/env node
'use strict';
// The `peft` command: a thin shim over the bundled CLI so the package's bin works after `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('peft: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
require(cli).runCli();
