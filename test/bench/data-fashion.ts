/**
 * Fashion-MNIST benchmark (docs/benchmarks/data.md):
 * 1. reading the whole corpus (four gzipped IDX files → 70,000 images, labels, ids) and the 10 %
 *    holdout split: runtime/data/idx.ts + vision.ts in this process; anchor: the torch worker's
 *    reader (python/peft_lab_torch/vision.py, gzip + numpy) timed inside its own process.
 * 2. wall time of `peft run examples/fashion.peft` (six 300-step MLP trials, the default 2 workers;
 *    the built CLI: run `npm run build` first).
 * Each figure is the median of REPEATS fresh runs. Usage: npx tsx test/bench/data-fashion.ts [REPEATS=3]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectPython } from '../helpers/python';

const REPEATS = Number(process.argv[2] ?? 3);
const ROOT = resolve(__dirname, '../..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Seconds to load and split in a fresh process (no cache), as the process itself measures it. */
function readSeconds(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return Number(r.stdout.trim().split('\n').pop());
}

const TS = `const { loadImages, splitImages } = require('./runtime/data/vision');
const t = performance.now(); const s = loadImages('fashion-mnist'); splitImages(s, 0.1);
console.log((performance.now() - t) / 1000);`;
const PY = `import time
from peft_lab_torch import vision
t = time.perf_counter(); s = vision.load_images("fashion-mnist"); vision.split_images(s, 0.1)
print(time.perf_counter() - t)`;

const ours: number[] = [];
const anchor: number[] = [];
const sweep: number[] = [];
for (let i = 0; i < REPEATS; i++) {
  ours.push(readSeconds(process.execPath, ['--import', 'tsx', '-e', TS]));
  anchor.push(readSeconds(projectPython(), ['-c', PY], { PYTHONPATH: join(ROOT, 'python') }));
  const dir = mkdtempSync(join(tmpdir(), 'peft-bench-fashion-'));
  copyFileSync(join(ROOT, 'examples/fashion.peft'), join(dir, 'fashion.peft'));
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/peft.js'), 'run', 'fashion.peft'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`peft run examples/fashion.peft: ${r.stdout}${r.stderr}`);
  sweep.push((performance.now() - t) / 1000);
}
const [o, a] = [median(ours), median(anchor)];
process.stdout.write(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}\n` +
    `read + split 70,000 images: ours ${o.toFixed(3)} s, Python gzip + numpy ${a.toFixed(3)} s, ratio ${(o / a).toFixed(2)}x\n` +
    `peft run examples/fashion.peft (6 trials): ${median(sweep).toFixed(1)} s (runs: ${sweep.map((s) => s.toFixed(1)).join(', ')})\n`,
);
