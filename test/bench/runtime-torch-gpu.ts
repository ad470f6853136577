/**
 * The torch backend on a GPU machine (scripts/gpu-check.sh runs this): the reference trial (byte
 * transformer d128 L4 h4 T64 B32, LoRA r8 on q,v, AdamW) and a larger one (d512 L8 h8 T256 B32) through
 * the real backend (runtime/torch, one Python worker per trial), on `device` (cuda | mps | cpu).
 * Records steady-state tokens/s (steps after the 5th) and the worker's peak memory (the GPU allocator's
 * peak on cuda/mps, peak RSS on cpu). Usage: npx tsx test/bench/runtime-torch-gpu.ts [device=cuda] [steps=60] [sizes=ref,large]
 */
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricRecord } from '../../core/protocol';
import type { TrialConfig } from '../../core/types/plan';
import { runTorchTrial } from '../../runtime/torch/bridge';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const DEVICE = args['device'] ?? 'cuda';
const STEPS = Number(args['steps'] ?? 60);
/** Which trials: `ref` (the reference), `large` (d512 L8 T256; minutes per step on a CPU). */
const SIZES = (args['sizes'] ?? 'ref,large').split(',');
process.env['PEFT_LAB_TORCH_DEVICE'] = DEVICE;

const trial = (width: number, depth: number, heads: number, context: number): TrialConfig => ({
  experiment: 'gpu',
  run: `d${width}`,
  model: {
    name: 'm',
    family: 'transformer',
    params: { vocab: 'bytes', width, depth, heads, context },
  },
  data: { name: 'd', corpus: 'tiny', holdout: 0.1, params: {} },
  adapter: {
    name: 'lora',
    method: 'lora',
    params: { r: 8, lora_alpha: 16, target_modules: ['q', 'v'] },
  },
  optimizer: { name: 'adamw', params: { lr: 1e-3 } },
  schedule: { name: 'constant', params: {} },
  batch: 32,
  steps: STEPS,
  seed: 1,
  evalEvery: STEPS,
  metric: 'eval_loss',
  clip: 1,
});

function steady(ms: MetricRecord[]): number {
  const t = ms.filter((m): m is Extract<MetricRecord, { kind: 'train' }> => m.kind === 'train');
  const a = t[4]!,
    b = t[t.length - 1]!;
  return (b.tokens - a.tokens) / (b.wall - a.wall);
}

async function main(): Promise<void> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peft-gpu-'));
  const rows: Record<string, unknown>[] = [];
  const all = [
    ['ref', 'reference d128 L4 T64', trial(128, 4, 4, 64)],
    ['large', 'large d512 L8 T256', trial(512, 8, 8, 256)],
  ] as const;
  for (const [, name, cfg] of all.filter(([key]) => SIZES.includes(key))) {
    const ms: MetricRecord[] = [];
    const logs: string[] = [];
    const out = await runTorchTrial(cfg, {
      cacheDir,
      id: name.split(' ')[0]!,
      onMetric: (m) => ms.push(m),
      log: (l) => logs.push(l),
    });
    if (out.status !== 'done') throw new Error(`${name}: ${out.status}`);
    rows.push({
      trial: name,
      backend: out.backend,
      tokensPerSec: Math.round(steady(ms)),
      peakMemoryMiB: Math.round((out.peakMemoryBytes ?? 0) / 2 ** 20),
      device: logs.find((l) => l.startsWith('backend: torch')),
    });
    process.stderr.write(`${name}: ${JSON.stringify(rows[rows.length - 1])}\n`);
  }
  process.stdout.write(
    JSON.stringify({
      date: new Date().toISOString(),
      host: os.hostname(),
      cpus: os.cpus().length,
      device: DEVICE,
      steps: STEPS,
      rows,
    }) + '\n',
  );
}

void main();
