/**
 * The torch backend on the reference trial (byte transformer d128 L4 h4 T64 B32, LoRA r8 α16 on q,v, AdamW):
 * 1. bridge overhead: the torch backend (runtime/torch: a Python worker per trial, metrics over the
 *    protocol, the store's batches, clipping, schedule) vs the same torch modules and PEFT LoRA in a plain
 *    loop (test/bench/runtime-torch-anchor.py impl=builtin); target ≥ 0.95×;
 * 2. the torch backend vs the wasm default (runtime/train) on the same trial.
 * Steady-state tokens/s (steps after the 5th), interleaved per round, medians; one thread each (on the
 * shared 2-core machine torch's 2-thread pool collapses under load). Usage:
 *   npx tsx test/bench/runtime-torch-bridge.ts [rounds=3] [steps=20]
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricRecord } from '../../core/protocol';
import { runTrial } from '../../runtime/train/run-trial';
import { projectPython } from '../helpers/python';
import {
  loraTrial,
  median,
  REFERENCE_SIZE,
  runTorchMeasured,
  steadyTokensPerSec,
} from './torch-trial';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const ROUNDS = Number(args['rounds'] ?? 3);
const STEPS = Number(args['steps'] ?? 20);
process.env['PEFT_TORCH_THREADS'] = '1';
process.env['PEFT_WASM_THREADS'] = '1';

const REFERENCE = loraTrial(REFERENCE_SIZE, STEPS, {
  experiment: 'bench',
  run: 'ref',
  model: 'ref',
});

async function main(): Promise<void> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peft-bench-torch-'));
  const res = { torch: [] as number[], anchor: [] as number[], wasm: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    res.torch.push((await runTorchMeasured(REFERENCE, cacheDir, `b${r}`)).tokensPerSec);
    const py = spawnSync(
      projectPython(),
      [
        'test/bench/runtime-torch-anchor.py',
        'impl=builtin',
        'rounds=1',
        `steps=${STEPS - 5}`,
        'threads=1',
      ],
      { encoding: 'utf8' },
    );
    if (py.status !== 0) throw new Error(py.stderr.slice(-2000));
    res.anchor.push(
      (JSON.parse(py.stdout.trim().split('\n').pop()!) as { tokens_per_s: number[] })
        .tokens_per_s[0]!,
    );
    const mw: MetricRecord[] = [];
    await runTrial(REFERENCE, { cacheDir, backend: 'wasm', onMetric: (m) => mw.push(m) });
    res.wasm.push(steadyTokensPerSec(mw));
    process.stderr.write(
      `round ${r + 1}: torch ${res.torch[r]!.toFixed(0)}  anchor ${res.anchor[r]!.toFixed(0)}  wasm ${res.wasm[r]!.toFixed(0)} tokens/s\n`,
    );
  }
  const [t, a, w] = [median(res.torch), median(res.anchor), median(res.wasm)];
  const out = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`,
    rounds: ROUNDS,
    steps: STEPS,
    tokensPerSec: { torch: t, plainTorch: a, wasm: w },
    bridgeRatio: t / a,
    torchVsWasm: t / w,
    raw: res,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

void main();
