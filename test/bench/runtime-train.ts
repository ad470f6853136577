/**
 * Runtime benchmark: the reference trial (byte transformer d128 L4 h4 T64 B32, AdamW) with LoRA
 * (r 8 on q, v) and full fine-tuning, per available backend, against the same model in PyTorch
 * (test/bench/runtime-torch-anchor.py, 2 threads) measured in the same run, interleaved per round.
 * Also fp32 matmul GFLOP/s (1024³) per backend, and each configuration's peak RSS (one child
 * process per measurement). Usage: npx tsx test/bench/runtime-train.ts [rounds=3] [backends=wasm,cpu]
 * Variants of wasm for same-run A/Bs (VARIANTS below): `wasm-unfused` (no fused kernels),
 * `wasm-xnnpack` (the fused kernels without the GEMM: matmuls in XNNPACK, one kernel thread, as
 * before the GEMM), `wasm-nofma` (the plain-SIMD build), `wasm-nohelper` (no kernel helper thread).
 * Anchors: the project's Python (scripts/python-env.sh: PyPI torch) as `pytorch`, and Debian's
 * python3-torch 1.13 + OpenBLAS (the anchor) as `pytorch-debian` when /usr/bin/python3 has
 * it (scripts/bench-anchors.sh installs it); PEFT_BENCH_ANCHORS=name=python,… overrides. PEFT_WASM_THREADS sets wasm's threads (2).
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, wasmThreadsInUse } from '../../runtime/tf/backend';
import { createTransformer } from '../../runtime/model/transformer';
import { fullFineTuning } from '../../runtime/peft/full';
import { createAdamW } from '../../runtime/train/optimizers';
import { trainStep } from '../../runtime/train/step';
import { lmBatches } from '../../runtime/data/batches';
import { loadCorpus } from '../../runtime/data/corpora';
import { resolveLora } from './runtime-bench-lora';
import { projectPython } from '../helpers/python';

interface Child {
  tokensPerSec: number;
  lossFirst: number;
  gflops: number;
  peakRssMb: number;
  threads: number;
}

const VARIANTS: Record<string, Record<string, string>> = {
  'wasm-unfused': { PEFT_FUSED_KERNELS: '0' },
  'wasm-xnnpack': { PEFT_FUSED_GEMM: '0', PEFT_KERNEL_THREADS: '1', PEFT_KERNEL_FMA: '0' },
  'wasm-nofma': { PEFT_KERNEL_FMA: '0' },
  'wasm-nohelper': { PEFT_KERNEL_THREADS: '1' },
};

/** The PyTorch anchors: name → interpreter. */
function anchors(): [string, string][] {
  const env = process.env['PEFT_BENCH_ANCHORS'];
  if (env) return env.split(',').map((a) => a.split('=', 2) as [string, string]);
  const out: [string, string][] = [['pytorch', projectPython()]];
  const debian = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  if (debian.status === 0) out.push(['pytorch-debian', '/usr/bin/python3']);
  else
    process.stderr.write('no Debian python3-torch: run scripts/bench-anchors.sh for that anchor\n');
  return out;
}

async function child(backend: string, mode: string, steps: number): Promise<void> {
  Object.assign(process.env, VARIANTS[backend] ?? {});
  await selectBackend(backend.startsWith('wasm') ? 'wasm' : backend, {
    wasmThreads: Number(process.env['PEFT_WASM_THREADS'] ?? 2),
  });
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
  await trainStep(m, method, opt, next(), 1e-3, 0, 2);
  const t = performance.now();
  for (let i = 0; i < steps; i++) await trainStep(m, method, opt, next(), 1e-3, 0, i + 3);
  const tokensPerSec = (steps * 32 * 64) / ((performance.now() - t) / 1000);
  const n = 1024;
  const [a, b] = [tf.randomNormal<tf.Rank.R2>([n, n]), tf.randomNormal<tf.Rank.R2>([n, n])];
  const reps = backend === 'cpu' ? 1 : 5;
  await tf.matMul(a, b).data();
  const t2 = performance.now();
  for (let i = 0; i < reps; i++) {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  }
  const gflops = (2 * n ** 3 * reps) / ((performance.now() - t2) / 1000) / 1e9;
  const out: Child = {
    tokensPerSec,
    lossFirst,
    gflops,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    threads: wasmThreadsInUse(),
  };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  process.exit(0);
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function parent(rounds: number, backends: string[]): void {
  const rows = new Map<string, Child[]>();
  const torch = new Map<string, { tps: number[]; gflops: number[]; rss: number[]; loss: number }>();
  const anchorList = anchors();
  for (let r = 0; r < rounds; r++) {
    for (const mode of ['lora', 'full']) {
      for (const [name, python] of anchorList) {
        const py = JSON.parse(
          run(python, ['test/bench/runtime-torch-anchor.py', `mode=${mode}`, 'rounds=1', 'steps=8'])
            .trim()
            .split('\n')
            .pop()!,
        ) as {
          tokens_per_s: number[];
          gflops_matmul: number;
          peak_rss_mb: number;
          loss_first: number;
        };
        const key = `${name}/${mode}`;
        const t = torch.get(key) ?? { tps: [], gflops: [], rss: [], loss: py.loss_first };
        t.tps.push(...py.tokens_per_s);
        t.gflops.push(py.gflops_matmul);
        t.rss.push(py.peak_rss_mb);
        torch.set(key, t);
      }
      for (const be of backends) {
        if (be === 'cpu' && r > 0) continue; // pure JS: one short round is plenty
        const out = run(process.execPath, [
          '--import',
          'tsx',
          __filename,
          '--child',
          be,
          mode,
          be === 'cpu' ? '1' : '8',
        ]);
        const line = out.split('\n').find((l) => l.startsWith('RESULT '));
        if (!line) throw new Error(`no RESULT from ${be}/${mode}: ${out.slice(-500)}`);
        const key = `${be}/${mode}`;
        rows.set(key, [...(rows.get(key) ?? []), JSON.parse(line.slice(7)) as Child]);
      }
      process.stderr.write(`round ${r + 1}/${rounds} ${mode} done\n`);
    }
  }
  const report: Record<string, unknown>[] = [];
  for (const mode of ['lora', 'full']) {
    const t = torch.get(`${anchorList[0]![0]}/${mode}`)!;
    for (const [name] of anchorList) {
      const a = torch.get(`${name}/${mode}`)!;
      report.push({
        runtime: name,
        mode,
        tokensPerSec: Math.round(median(a.tps)),
        gflops: +median(a.gflops).toFixed(1),
        peakRssMb: Math.round(median(a.rss)),
        lossFirst: a.loss,
      });
    }
    for (const be of backends) {
      const xs = rows.get(`${be}/${mode}`) ?? [];
      const tps = median(xs.map((x) => x.tokensPerSec));
      const vs = Object.fromEntries(
        anchorList.map(([name]) => [
          `vs ${name}`,
          +(tps / median(torch.get(`${name}/${mode}`)!.tps)).toFixed(3),
        ]),
      );
      report.push({
        runtime: be,
        mode,
        threads: xs[0]?.threads,
        tokensPerSec: Math.round(tps),
        ...vs,
        gflops: +median(xs.map((x) => x.gflops)).toFixed(1),
        gflopsRatio: +(median(xs.map((x) => x.gflops)) / median(t.gflops)).toFixed(3),
        // Memory against the first anchor (PyPI torch's RSS is the larger).
        peakRssMb: Math.round(median(xs.map((x) => x.peakRssMb))),
        rssRatio: +(median(xs.map((x) => x.peakRssMb)) / median(t.rss)).toFixed(2),
        lossFirst: xs[0]?.lossFirst,
        rounds: xs.length,
      });
    }
  }
  console.table(report);
  console.log(JSON.stringify({ date: new Date().toISOString(), rounds, report }));
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') void child(argv[1]!, argv[2]!, Number(argv[3]));
else parent(Number(argv[0] ?? 3), (argv[1] ?? 'wasm,cpu').split(','));
