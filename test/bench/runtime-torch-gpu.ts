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
import { loraTrial, REFERENCE_SIZE, runTorchMeasured, type TransformerSize } from './torch-trial';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const DEVICE = args['device'] ?? 'cuda';
const STEPS = Number(args['steps'] ?? 60);
/** Which trials: `ref` (the reference), `large` (d512 L8 T256; minutes per step on a CPU). */
const SIZES = (args['sizes'] ?? 'ref,large').split(',');
process.env['PEFT_LAB_TORCH_DEVICE'] = DEVICE;

const trial = (size: TransformerSize) =>
  loraTrial(size, STEPS, { experiment: 'gpu', run: `d${size.width}`, model: 'm' });

async function main(): Promise<void> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peft-gpu-'));
  const rows: Record<string, unknown>[] = [];
  const all = [
    ['ref', 'reference d128 L4 T64', trial(REFERENCE_SIZE)],
    ['large', 'large d512 L8 T256', trial({ width: 512, depth: 8, heads: 8, context: 256 })],
  ] as const;
  for (const [, name, cfg] of all.filter(([key]) => SIZES.includes(key))) {
    const {
      outcome: out,
      tokensPerSec,
      logs,
    } = await runTorchMeasured(cfg, cacheDir, name.split(' ')[0]!);
    rows.push({
      trial: name,
      backend: out.backend,
      tokensPerSec: Math.round(tokensPerSec),
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
