/**
 * Checkpoints benchmark (docs/benchmarks/checkpoints.md), in one process on the default backend:
 * 1. the cost of saving: one LoRA trial with `checkpoint_every = 10` against the same trial
 *    without checkpoints (anchor), alternating, median wall time of each; plus the bytes per file.
 * 2. WSD branching: a three-variant decay sweep trained as independent trials (anchor) and
 *    branched off the leader's stable phase; median wall time and steps trained.
 * Usage: npx tsx test/bench/checkpoints.ts [REPEATS=3]
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../core/plan/analyze';
import type { Trial } from '../../core/types/plan';
import { executeTrial } from '../../runtime/worker/execute-trial';
import { checkpointsDir, trialDir } from '../../store';

const REPEATS = Number(process.argv[2] ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const HEAD = `data task = tiny { holdout = 10% }
model m = transformer { vocab = bytes  width = 32  depth = 2  heads = 2  context = 32 }
adapter lo = lora { target_modules = [q, v]  r = 8  lora_alpha = 16 }
`;
const RUN = (extra: string): string => `${HEAD}run r {
  model = m  data = task  adapter = lo  optimizer = adamw { lr = 3e-3 }
  batch = 8  steps = 120  eval_every = 40  ${extra}
}`;

const trials = (text: string): Trial[] =>
  analyze(text, { experiment: 'bench' }).plan.runs.flatMap((r) => r.trials);

async function timed(list: Trial[]): Promise<{ s: number; steps: number; root: string }> {
  const root = mkdtempSync(join(tmpdir(), 'peft-bench-ckpt-'));
  let steps = 0;
  const t0 = performance.now();
  for (const t of list) {
    const r = await executeTrial(root, t, {
      onEvent: (e) => void (e.type === 'metric' && steps++),
    });
    if (r !== 'done') throw new Error(`trial ${t.id} ended ${r}`);
  }
  return { s: (performance.now() - t0) / 1000, steps, root };
}

async function main(): Promise<void> {
  const load0 = loadavg()[0]!;
  await timed(trials(RUN(''))); // warm-up: backend start, tiny corpus read
  const plain: number[] = [];
  const saving: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REPEATS; i++) {
    plain.push((await timed(trials(RUN('')))).s);
    const ck = trials(RUN('checkpoint_every = 10  keep_checkpoints = 2'));
    const r = await timed(ck);
    saving.push(r.s);
    const dir = checkpointsDir(trialDir(r.root, 'bench', ck[0]!.id));
    bytes = statSync(join(dir, readdirSync(dir)[0]!)).size;
  }
  const sweep = trials(RUN('schedule = wsd { warmup = 5% }  decay = sweep [10%, 20%, 40%]'));
  const apart = sweep.map((t) => ({ ...t, branchFrom: undefined, checkpoint: undefined }));
  const lead = [...sweep].sort((a, b) => Number(!!a.branchFrom) - Number(!!b.branchFrom));
  const ind: { s: number; steps: number }[] = [];
  const br: { s: number; steps: number }[] = [];
  for (let i = 0; i < REPEATS; i++) {
    ind.push(await timed(apart));
    br.push(await timed(lead));
  }
  const load1 = loadavg()[0]!;
  const m = (xs: { s: number }[]): number => median(xs.map((x) => x.s));
  console.log(`load average ${load0.toFixed(1)} → ${load1.toFixed(1)}, ${REPEATS} repeats`);
  console.log(
    `save: no checkpoints ${median(plain).toFixed(2)} s, every 10 steps (11 saves) ${median(saving).toFixed(2)} s, ratio ${(median(saving) / median(plain)).toFixed(3)}; ${bytes} bytes per checkpoint`,
  );
  console.log(
    `wsd: independent ${m(ind).toFixed(2)} s (${ind[0]!.steps} steps), branched ${m(br).toFixed(2)} s (${br[0]!.steps} steps), ratio ${(m(br) / m(ind)).toFixed(3)}`,
  );
}

void main();
