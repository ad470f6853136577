#!/usr/bin/env node
// Runs node's test runner over test files found by walking folders (Node 20's --test has no globs).
// Usage: node scripts/test.mjs [--lane unit|integration|system] [folder-or-file ...]   (default: test/unit)
// Lanes (docs/testing.md): a test file is in the `unit` lane unless a line near its top says
// `// @lane integration: <what it needs>` (python, SLURM) or `// @lane system: <…>` (a browser).
// The unit lane needs no apt package, no browser, no SLURM and no python.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const LANES = ['unit', 'integration', 'system'];

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) collect(join(path, name), out);
  } else if (/\.test\.ts$/.test(path)) out.push(path);
  return out;
}

/** The lane a test file declares in its first 20 lines; `unit` when it declares none. */
function laneOf(file) {
  const head = readFileSync(file, 'utf8').split('\n', 20).join('\n');
  const m = /^\s*\/\/ @lane (\w+)/m.exec(head);
  if (!m) return 'unit';
  if (!LANES.includes(m[1]))
    throw new Error(
      `${file}: unknown lane "${m[1]}" (lanes: ${LANES.join(', ')}; see docs/testing.md)`,
    );
  return m[1];
}

const args = process.argv.slice(2);
let lane;
const li = args.indexOf('--lane');
if (li >= 0) {
  lane = args[li + 1];
  args.splice(li, 2);
  if (!LANES.includes(lane)) {
    console.error(
      `--lane must be one of ${LANES.join(', ')} (docs/testing.md), got ${JSON.stringify(lane)}`,
    );
    process.exit(2);
  }
}
const files = (args.length ? args : ['test/unit'])
  .flatMap((r) => collect(r, []))
  .filter((f) => !lane || laneOf(f) === lane);
if (files.length === 0) {
  console.error(`no test files found${lane ? ` in the ${lane} lane` : ''}`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
// A hung test fails after 5 minutes instead of holding CI to its 90-minute limit.
const timeout = process.env.TEST_TIMEOUT_MS ?? '300000';
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${timeout}`,
    ...files,
  ],
  {
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);
