// Benchmark (issue 15): FLOPs to reach the same best eval loss with ASHA vs the full grid, on the
// demo's `methods` run (examples/demo.peft: lora/dora/allora × r 1..16 × 2 seeds, 80 steps) on wasm.
// Both runs evaluate every 10 steps (the grid too, so the trials are the same trials); the ASHA run
// adds `early_stop = asha { min_steps = 10  reduction = 3 }` (rungs at steps 10 and 30). Training
// FLOPs are the catalog's per-step estimate × the steps each trial actually trained (pretraining of
// the shared base excluded: it is cached and the same for both). FLOPs do not depend on the load.
// Run: npx tsx test/bench/search-asha.ts [--workers N] [--store DIR]   (ASHA always runs with one
// worker, so its decisions do not depend on timing; the grid uses N, default 2. --store DIR reads
// the figures from a finished bench's store instead of training again.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyze } from '../../core/plan';
import { formatCount } from '../../core/format';
import { readTrialStatus } from '../../store';
import { workerEntry } from '../../cli/executor/entries';

const REPO = resolve(__dirname, '../..');
const EARLY_STOP = 'asha { min_steps = 10  reduction = 3 }';
const workers = process.argv.includes('--workers')
  ? process.argv[process.argv.indexOf('--workers') + 1]!
  : '2';

const demo = readFileSync(join(REPO, 'examples/demo.peft'), 'utf8');
const head = demo.slice(0, demo.indexOf('# 1.'));
const methods = /run methods \{[\s\S]*?\n\}/.exec(demo)?.[0];
if (!methods) throw new Error('examples/demo.peft has no `run methods { … }` block');
const grid = methods.replace(/eval_every = \d+/, 'eval_every = 10');
const files = {
  grid: `${head}${grid}\n`,
  asha: `${head}${grid.replace(/\n\}$/, `\n  early_stop = ${EARLY_STOP}\n}`)}\n`,
};
const reuse = process.argv.includes('--store')
  ? process.argv[process.argv.indexOf('--store') + 1]
  : undefined;
const dir = reuse ?? mkdtempSync(join(tmpdir(), 'peft-bench-asha-'));

interface Result {
  trials: number;
  pruned: number;
  flops: number;
  best: number;
  /** The best trial's position in the run and its axes: ids differ (the experiment is hashed in). */
  bestAt: string;
  wall: number;
}

function run(name: 'grid' | 'asha'): Result {
  const file = join(dir, `${name}.peft`);
  const t0 = performance.now();
  if (!reuse) train(name, file);
  const wall = (performance.now() - t0) / 1000;
  const trials = analyze(files[name], { experiment: name }).plan.runs[0]!.trials;
  let flops = 0;
  let pruned = 0;
  let best = { v: Infinity, at: '' };
  for (const t of trials) {
    const s = readTrialStatus(dir, name, t.id);
    if (s?.state !== 'done' && s?.state !== 'pruned') throw new Error(`trial ${t.id}: ${s?.state}`);
    const steps = s.state === 'pruned' ? (s.step ?? 0) : t.config.steps;
    flops += t.estimates.flopsPerStep * steps;
    if (s.state === 'pruned') pruned++;
    const v = s.final?.eval_loss;
    if (s.state === 'done' && v !== undefined && v < best.v)
      best = { v, at: `#${t.index} ${JSON.stringify(t.axes)}` };
  }
  return { trials: trials.length, pruned, flops, best: best.v, bestAt: best.at, wall };
}

function train(name: 'grid' | 'asha', file: string): void {
  writeFileSync(file, files[name]);
  const cli = spawnSync(
    process.execPath,
    [
      ...workerEntry().execArgv,
      join(REPO, 'cli/main.ts'),
      'run',
      file,
      '--workers',
      name === 'asha' ? '1' : workers,
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CI: '1' } },
  );
  if (cli.status !== 0) throw new Error(`peft run ${name}.peft exited ${cli.status}`);
}

const load0 = loadavg()[0]!;
const g = run('grid');
const a = run('asha');
const load1 = loadavg()[0]!;
console.log('| run | trials | pruned | training FLOPs | best eval_loss | best trial | wall |');
console.log('|---|---:|---:|---:|---:|---|---:|');
for (const [name, r] of [
  ['grid', g],
  [`asha (${EARLY_STOP})`, a],
] as const)
  console.log(
    `| ${name} | ${r.trials} | ${r.pruned} | ${formatCount(r.flops)} (${r.flops.toExponential(3)}) | ${r.best.toFixed(4)} | ${r.bestAt} | ${reuse ? '—' : `${r.wall.toFixed(0)} s`} |`,
  );
console.log(
  `ASHA/grid FLOPs ${(a.flops / g.flops).toFixed(3)}×; best eval_loss ${a.best.toFixed(4)} vs ${g.best.toFixed(4)} (${a.bestAt === g.bestAt ? 'the same trial' : `grid ${g.bestAt}, asha ${a.bestAt}`}); load average ${load0.toFixed(1)} → ${load1.toFixed(1)}; store ${dir}`,
);
