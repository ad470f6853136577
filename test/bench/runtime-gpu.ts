/**
 * GPU benchmark for a lent GPU machine: the reference trial (byte transformer d128 L4 h4 T64 B32,
 * AdamW; LoRA r8 on q,v and full fine-tuning) and fp32 matmul GFLOP/s on every backend that starts
 * there (webgpu via Dawn, wasm, cpu), each in its own child process, medians of `rounds`.
 * Usage: npx tsx test/bench/runtime-gpu.ts [rounds=3] [backends=webgpu,wasm] [steps=20]
 * Rounds are interleaved (every backend and method once per round), so load changes on a shared
 * machine hit all rows alike. On a software adapter (lavapipe) use steps=3: one step takes ~10 s.
 * (scripts/gpu-bench.sh bundles it with the tfjs packages for a machine without npm access.)
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { backendDevice, selectBackend } from '../../runtime/tf/backend';
import { createTransformer } from '../../runtime/model/transformer';
import { fullFineTuning } from '../../runtime/peft/full';
import { createAdamW } from '../../runtime/train/optimizers';
import { trainStep } from '../../runtime/train/step';
import { lmBatches } from '../../runtime/data/batches';
import { loadCorpus } from '../../runtime/data/corpora';
import { resolveLora } from './runtime-bench-lora';

async function child(backend: string, mode: string, steps: number): Promise<void> {
  const log: string[] = [];
  const active = await selectBackend(backend, { log: (l) => log.push(l) });
  const m = createTransformer(
    { vocab: 256, width: 128, depth: 4, heads: 4, context: 64, mlpRatio: 4 },
    1,
  );
  const method =
    mode === 'full'
      ? fullFineTuning(m.handle, {}, { seed: 1 })
      : resolveLora()(m.handle, { r: 8, lora_alpha: 16, target_modules: ['q', 'v'] }, { seed: 1 });
  const opt = createAdamW({ lr: 1e-3 });
  const next = lmBatches(loadCorpus('tiny'), 32, 64, 7);
  const lossFirst = (await trainStep(m, method, opt, next(), 1e-3, 0, 1)).loss;
  const warm = steps >= 10 ? 3 : 1;
  for (let i = 0; i < warm; i++) await trainStep(m, method, opt, next(), 1e-3, 0, i + 2);
  const t = performance.now();
  for (let i = 0; i < steps; i++) await trainStep(m, method, opt, next(), 1e-3, 0, i + 2 + warm);
  const tokensPerSec = (steps * 32 * 64) / ((performance.now() - t) / 1000);
  const gflops: Record<number, number> = {};
  for (const n of [1024, 4096]) {
    if ((backend === 'cpu' || backendDevice()?.software) && n > 1024) continue;
    const [a, b] = [tf.randomNormal<tf.Rank.R2>([n, n]), tf.randomNormal<tf.Rank.R2>([n, n])];
    await tf.matMul(a, b).data();
    const reps = n === 4096 && backend === 'wasm' ? 1 : 5;
    const t2 = performance.now();
    for (let i = 0; i < reps; i++) {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    }
    gflops[n] = (2 * n ** 3 * reps) / ((performance.now() - t2) / 1000) / 1e9;
  }
  const out = {
    backend: active,
    device: backendDevice()?.adapter ?? null,
    mode,
    tokensPerSec,
    lossFirst,
    gflops,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    log,
  };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  process.exit(0);
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

type Run = {
  tokensPerSec: number;
  gflops: Record<string, number>;
  lossFirst: number;
  peakRssMb: number;
  backend: string;
  device: string | null;
  log: string[];
};

function parent(rounds: number, backends: string[], steps: number): void {
  const rows = backends.flatMap((backend) =>
    ['lora', 'full'].map((mode) => ({ backend, mode, runs: [] as Run[], failed: false })),
  );
  for (let r = 0; r < rounds; r++) {
    for (const row of rows) {
      if (row.failed) continue;
      const res = spawnSync(
        process.execPath,
        [...process.execArgv, process.argv[1]!, 'child', row.backend, row.mode, String(steps)],
        { encoding: 'utf8', timeout: 600_000 },
      );
      const line = res.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        process.stdout.write(
          `${row.backend}/${row.mode}: failed (${res.status}): ${(res.stderr || res.stdout).slice(-600)}\n`,
        );
        row.failed = true;
        continue;
      }
      const parsed = JSON.parse(line.slice(7)) as Run;
      if (r === 0)
        process.stdout.write(
          `${row.backend}/${row.mode}: active ${parsed.backend}${parsed.device ? ` on ${parsed.device}` : ''}; ${parsed.log.join(' | ')}\n`,
        );
      process.stdout.write(
        `round ${r + 1} ${row.backend}/${row.mode}: ${parsed.tokensPerSec.toFixed(0)} tokens/s\n`,
      );
      row.runs.push(parsed);
    }
  }
  process.stdout.write(
    '\n| backend | method | tokens/s (median) | first-step loss | matmul 1024³ GFLOP/s | matmul 4096³ GFLOP/s | peak RSS MB |\n|---|---|---:|---:|---:|---:|---:|\n',
  );
  for (const r of rows) {
    if (!r.runs.length) continue;
    const g = (n: string) => median(r.runs.map((x) => x.gflops[n] ?? NaN));
    process.stdout.write(
      `| ${r.backend} | ${r.mode} | ${median(r.runs.map((x) => x.tokensPerSec)).toFixed(0)} | ${r.runs[0]!.lossFirst.toFixed(5)} | ${g('1024').toFixed(1)} | ${g('4096').toFixed(1)} | ${median(r.runs.map((x) => x.peakRssMb)).toFixed(0)} |\n`,
    );
  }
}

const [, , a0, a1, a2, a3] = process.argv;
if (a0 === 'child') void child(a1!, a2!, Number(a3));
else parent(Number(a0 ?? 3), (a1 ?? 'webgpu,wasm').split(','), Number(a2 ?? 20));
