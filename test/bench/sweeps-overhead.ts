/**
 * Sweeps benchmark (docs/benchmarks/sweeps.md):
 * 1. scheduler overhead per trial: a real `peft run` of N trivially small trials (1 step each),
 *    wall time minus the trials' own training time (status.json wallSeconds); anchor: the same
 *    trials trained by runTrial in one process, no store, no scheduler.
 * 2. store write throughput: metrics records/s through the buffered writer vs one raw write of
 *    the same bytes; atomic status.json writes/s.
 * 3. wall time of the reference sweep with 1 and 2 workers.
 * Usage: npx tsx test/bench/sweeps-overhead.ts [N=100] [REPEATS=3]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyze } from '../../core/plan/analyze';
import type { MetricRecord } from '../../core/protocol';
import { openMetrics, readTrialStatus, writeStatus, writeTrialJson } from '../../store';
import { workerEntry } from '../../cli/executor/entries';
import { runTrial } from '../../runtime/train/run-trial';

const N = Number(process.argv[2] ?? 100);
const REPEATS = Number(process.argv[3] ?? 3);
const CLI = resolve(__dirname, '../../cli/main.ts');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const HEAD = 'data task = tiny { holdout = 10% }\nadapter ft = full { }\n';

function project(name: string, text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'peft-bench-'));
  writeFileSync(join(dir, `${name}.peft`), text);
  return { dir, file: join(dir, `${name}.peft`) };
}

function peftRun(dir: string, file: string, workers: number): number {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [...workerEntry().execArgv, CLI, 'run', file, '--json', '--workers', String(workers)],
    { cwd: dir, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`peft run failed (${r.status}): ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

async function overhead(): Promise<void> {
  const text = `${HEAD}model m = transformer { vocab = bytes  width = 8  depth = 1  heads = 1  context = 8 }\nrun tiny {\n  model = m  data = task  adapter = ft\n  seed = sweep [${Array.from({ length: N }, (_, i) => i + 1).join(', ')}]\n  batch = 1  steps = 1  eval_every = 1  backend = "wasm"\n}\n`;
  const { dir, file } = project('overhead', text);
  const plan = analyze(text, { experiment: 'overhead' }).plan;
  const trials = plan.runs[0]!.trials;
  if (trials.length !== N) throw new Error(`expected ${N} trials, got ${trials.length}`);
  const wall = peftRun(dir, file, 1);
  const train = trials.reduce(
    (a, t) => a + (readTrialStatus(dir, 'overhead', t.id)?.wallSeconds ?? 0),
    0,
  );
  const cache = mkdtempSync(join(tmpdir(), 'peft-bench-cache-'));
  const t0 = performance.now();
  let anchorTrain = 0;
  for (const t of trials)
    anchorTrain += (await runTrial(t.config, { cacheDir: cache, onMetric: () => undefined }))
      .wallSeconds;
  const anchor = (performance.now() - t0) / 1000;
  console.log(
    `overhead: ${N} trials, 1 worker: peft run wall ${wall.toFixed(2)} s, training ${train.toFixed(2)} s → ${(((wall - train) / N) * 1000).toFixed(1)} ms/trial overhead`,
  );
  console.log(
    `  anchor in-process loop: wall ${anchor.toFixed(2)} s, training ${anchorTrain.toFixed(2)} s → ${(((anchor - anchorTrain) / N) * 1000).toFixed(1)} ms/trial; wall ratio peft run / in-process ${(wall / anchor).toFixed(2)}`,
  );
}

function throughput(): void {
  const root = mkdtempSync(join(tmpdir(), 'peft-bench-store-'));
  const trial = analyze(
    `${HEAD}model m = transformer { vocab = bytes  width = 8  depth = 1  heads = 1  context = 8 }\nrun r { model = m  data = task  adapter = ft }\n`,
    { experiment: 'tp' },
  ).plan.runs[0]!.trials[0]!;
  writeTrialJson(root, trial);
  const rec = (step: number): MetricRecord => ({
    kind: 'train',
    step,
    loss: 2.3456789 - step * 1e-6,
    lr: 3e-4,
    tokens: step * 512,
    flops: step * 1.2e9,
    wall: step * 0.01,
    gradNorm: 0.987654,
    tokensPerSec: 51234.5,
  });
  const M = 100_000;
  const ours: number[] = [];
  const raw: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REPEATS; i++) {
    let t0 = performance.now();
    const w = openMetrics(root, 'tp', trial.id);
    for (let s = 1; s <= M; s++) w.append(rec(s));
    w.close();
    ours.push((performance.now() - t0) / 1000);
    const text = readFileSync(join(root, '.peft', 'runs', 'tp', trial.id, 'metrics.jsonl'));
    bytes = text.length;
    t0 = performance.now();
    let s = '';
    for (let k = 1; k <= M; k++) s += JSON.stringify(rec(k)) + '\n';
    writeFileSync(join(root, 'raw.jsonl'), s);
    raw.push((performance.now() - t0) / 1000);
  }
  const st: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    for (let k = 0; k < 200; k++) writeStatus(root, 'tp', trial.id, { state: 'running', step: k });
    st.push(200 / ((performance.now() - t0) / 1000));
  }
  const o = median(ours);
  const r = median(raw);
  console.log(
    `store: metrics ${M} records (${(bytes / 1e6).toFixed(1)} MB): ${Math.round(M / o)} records/s, ${(bytes / 1e6 / o).toFixed(1)} MB/s; anchor stringify + one write ${Math.round(M / r)} records/s; ratio ${(o / r).toFixed(2)}`,
  );
  console.log(
    `store: atomic status.json (write + fsync + rename) ${Math.round(median(st))} writes/s`,
  );
}

function scaling(): void {
  const text = `${HEAD}model m = transformer { vocab = bytes  width = 32  depth = 2  heads = 2  context = 32 }\nrun ref {\n  model = m  data = task  adapter = ft\n  seed = sweep [1, 2, 3, 4]\n  batch = 4  steps = 20  eval_every = 10  backend = "wasm"\n}\n`;
  const res: Record<number, number[]> = { 1: [], 2: [] };
  for (let i = 0; i < REPEATS; i++) {
    for (const w of [1, 2]) {
      const { dir, file } = project('ref', text);
      res[w]!.push(peftRun(dir, file, w));
    }
  }
  const a = median(res[1]!);
  const b = median(res[2]!);
  console.log(
    `reference sweep (4 trials, d=32 L=2 T=32, 20 steps): 1 worker ${a.toFixed(1)} s, 2 workers ${b.toFixed(1)} s (medians of ${REPEATS}); speed-up ${(a / b).toFixed(2)}× on ${cpus().length} cores`,
  );
}

async function main(): Promise<void> {
  console.log(
    `${new Date().toISOString()} node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
  );
  throughput();
  await overhead();
  scaling();
}

void main();
