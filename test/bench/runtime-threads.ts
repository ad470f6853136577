/**
 * Workers × threads for the local executor on a 2-core machine: the reference LoRA trial run as
 * 1 worker × 2 wasm threads (one trial at a time) against 2 workers × 1 thread (two trials side
 * by side), interleaved per round. Reports each layout's total tokens/s (the sweep's throughput)
 * and the per-trial tokens/s (a single trial's latency), medians over rounds, and the peak RSS
 * per worker. Usage: npx tsx test/bench/runtime-threads.ts [rounds=3] [mode=lora]
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

interface Child {
  tokensPerSec: number;
  peakRssMb: number;
  threads: number;
}

function child(threads: number, mode: string): Promise<Child> {
  const script = path.join(__dirname, 'runtime-train.ts');
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, '--child', 'wasm', mode, '8'], {
      env: { ...process.env, PEFT_WASM_THREADS: String(threads) },
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line)
        reject(new Error(`child (${threads} threads) exited ${code}: ${out.slice(-300)}`));
      else resolve(JSON.parse(line.slice(7)) as Child);
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const [rounds = 3, mode = 'lora'] = [Number(process.argv[2] ?? 3), process.argv[3] ?? 'lora'];
  const layouts = [
    { workers: 1, threads: 2 },
    { workers: 2, threads: 1 },
  ];
  const rows = new Map<string, { total: number[]; perTrial: number[]; rss: number[] }>();
  for (let r = 0; r < rounds; r++) {
    for (const { workers, threads } of layouts) {
      const res = await Promise.all(Array.from({ length: workers }, () => child(threads, mode)));
      const key = `${workers} × ${threads}`;
      const row = rows.get(key) ?? { total: [], perTrial: [], rss: [] };
      row.total.push(res.reduce((s, c) => s + c.tokensPerSec, 0));
      row.perTrial.push(median(res.map((c) => c.tokensPerSec)));
      row.rss.push(Math.max(...res.map((c) => c.peakRssMb)));
      rows.set(key, row);
    }
    process.stderr.write(`round ${r + 1}/${rounds} done\n`);
  }
  const report = [...rows].map(([layout, v]) => ({
    layout,
    mode,
    totalTokensPerSec: Math.round(median(v.total)),
    perTrialTokensPerSec: Math.round(median(v.perTrial)),
    peakRssMbPerWorker: Math.round(median(v.rss)),
    rounds: v.total.length,
  }));
  console.table(report);
  console.log(JSON.stringify({ date: new Date().toISOString(), report }));
}
void main();
