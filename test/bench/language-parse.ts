/**
 * Parse + analyse time for a generated 5,000-line .peft file and for the examples.
 * Run: npx tsx test/bench/language-parse.ts   (prints a Markdown table for docs/benchmarks/language.md)
 * Anchor: JSON.parse of a JSON document of the same byte size, measured in the same process, so
 * the ratio says how far the language core is from the platform's own parser on this machine.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { parse } from '../../core/dsl/parser';
import { format } from '../../core/dsl/format';
import { analyze } from '../../core/plan/analyze';

function generate(lines: number, withRuns = true): string {
  const out = [
    'data task = corpus "moby-dick" { holdout = 10% }',
    'model tiny = transformer { width = 64  depth = 2  heads = 4  context = 32 }',
    '',
  ];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `# block ${i}`,
      `adapter a${i} = lora {`,
      '  target_modules = [q, v]',
      `  r = ${4 + (i % 4) * 4}`,
      '  lora_alpha = 2 * r',
      '  lora_dropout = 0.05',
      '}',
    );
    if (withRuns)
      out.push(
        `run r${i} {`,
        `  model = tiny  data = task  adapter = a${i}`,
        '  r = sweep [4, 8]',
        '  optimizer = adamw { lr = 3e-4 }',
        '  steps = 100',
        '}',
      );
  }
  return out.join('\n') + '\n'; // whole blocks: a few lines over `lines`
}

function median(fn: () => void, runs: number): number {
  fn(); // warm-up
  const times: number[] = [];
  // CPU time of this process, not wall time: the 2-core VM is shared with other jobs, and wall time
  // there measures the neighbours as much as this code.
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    times.push((d.user + d.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const big = generate(5000);
const json = JSON.stringify(
  Array.from({ length: Math.ceil(big.length / 60) }, (_, i) => ({
    name: `a${i}`,
    r: 8,
    alpha: 16,
    t: ['q', 'v'],
  })),
).slice(0, big.length);
const jsonDoc = json.slice(0, json.lastIndexOf('},') + 1) + ']';
const RUNS = 9;
const anchor = median(() => void JSON.parse(jsonDoc), RUNS);
const rows: Array<[string, number, number]> = [];
const bench = (name: string, fn: () => void): void => {
  const ms = median(fn, RUNS);
  rows.push([name, ms, ms / anchor]);
};
const trials = analyze(big).plan.runs.reduce((s, r) => s + r.trials.length, 0);
bench(`parse, ${big.split('\n').length - 1} lines`, () => parse(big));
bench(`analyse (parse + check + expand ${trials} trials), 5,000 lines`, () => analyze(big));
const declsOnly = generate(5000, false);
bench('analyse 5,000 lines of adapter blocks (no runs: resolve + type-check only)', () =>
  analyze(declsOnly),
);
bench('format, 5,000 lines', () => format(big));
for (const f of readdirSync('examples')
  .filter((x) => x.endsWith('.peft'))
  .sort()) {
  const text = readFileSync(`examples/${f}`, 'utf8');
  bench(`analyse examples/${f} (${text.split('\n').length} lines)`, () => analyze(text));
}
const out = [
  `Date: ${new Date().toISOString().slice(0, 10)}; machine: ${cpus().length}-core VM (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; median CPU time of ${RUNS} runs after one warm-up.`,
  `Anchor: JSON.parse of a ${(jsonDoc.length / 1024).toFixed(0)} KiB JSON document (same size as the 5,000-line file, ${(big.length / 1024).toFixed(0)} KiB): ${anchor.toFixed(2)} ms.`,
  '',
  '| case | median ms | × JSON.parse anchor |',
  '|---|---:|---:|',
  ...rows.map(([n, ms, r]) => `| ${n} | ${ms.toFixed(2)} | ${r.toFixed(1)} |`),
];
process.stdout.write(out.join('\n') + '\n');
