#!/usr/bin/env node
// `npm run demo`: the whole product on the embedded default (wasm backend, local workers).
// 1. build dist/ when a source file is newer than dist/cli.js (or dist is missing),
// 2. `peft run examples/demo.peft` with its progress display (finished trials are reused),
// 3. `peft report` → a standalone HTML file, 4. `peft summary` → the table printed at the end.
// Usage: node scripts/demo.mjs [--workers N] [--out PATH]   (defaults: 2 workers, examples/.peft/demo-report.html)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(import.meta.url), '../..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const workers = opt('--workers', process.env.PEFT_DEMO_WORKERS ?? '2');
const out = resolve(opt('--out', join(repo, 'examples', '.peft', 'demo-report.html')));
const file = join(repo, 'examples', 'demo.peft');

/** Newest modification time under the source folders the bundles are built from. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(dir, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (/\.(ts|mjs|json)$/.test(name)) newest = Math.max(newest, s.mtimeMs);
    }
  };
  for (const d of ['core', 'runtime', 'webview', 'language-server', 'extension'])
    if (existsSync(join(repo, d))) walk(join(repo, d));
  return Math.max(newest, statSync(join(repo, 'scripts', 'build.mjs')).mtimeMs);
}

/** Runs one CLI step; exit 1 from `peft run` (some trial failed) still goes on to the report. */
function step(title, args, okCodes = [0]) {
  const t0 = Date.now();
  process.stdout.write(`\n== ${title}\n`);
  const r = spawnSync(process.execPath, args, { cwd: repo, stdio: 'inherit' });
  const seconds = (Date.now() - t0) / 1000;
  if (!okCodes.includes(r.status)) {
    process.stderr.write(
      `demo: '${title}' failed (exit ${r.status ?? r.signal}) after ${seconds.toFixed(1)} s\n`,
    );
    process.exit(r.status ?? 1);
  }
  return seconds;
}

const times = {};
const cli = join(repo, 'dist', 'cli.js');
if (
  !existsSync(cli) ||
  !existsSync(join(repo, 'dist', 'worker.js')) ||
  statSync(cli).mtimeMs < newestSource()
) {
  times.build = step('build (dist/ is missing or older than the sources)', [
    join(repo, 'scripts', 'build.mjs'),
  ]);
}
const peft = join(repo, 'bin', 'peft.js');
const rel = relative(repo, file);
// --resume: a trial that failed last time (a killed worker, say) is retried, finished ones are reused.
times.run = step(
  `peft run ${rel} --resume --workers ${workers}`,
  [peft, 'run', rel, '--resume', '--workers', workers],
  [0, 1],
);
times.report = step(`peft report ${rel}`, [peft, 'report', rel, '--out', out]);
times.summary = step(`peft summary ${rel}`, [peft, 'summary', rel]);

const total = Object.values(times).reduce((a, b) => a + b, 0);
process.stdout.write(`\nreport: ${out}\n(open it in any browser; it is one self-contained file)\n`);
process.stdout.write(
  `wall time: ${Object.entries(times)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ')}; total ${total.toFixed(1)} s\n`,
);
