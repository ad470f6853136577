#!/usr/bin/env node
// Runs node's test runner over test files found by walking folders (Node 20's --test has no globs).
// Usage: node scripts/test.mjs [folder-or-file ...]   (default: test/unit)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) collect(join(path, name), out);
  } else if (/\.test\.ts$/.test(path)) out.push(path);
  return out;
}
const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['test/unit']).flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
// A hung test fails after 5 minutes instead of holding CI to its 90-minute limit.
const timeout = process.env.TEST_TIMEOUT_MS ?? '300000';
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${timeout}`, ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
