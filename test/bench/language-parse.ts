/**
 * Parse + analyse time for a generated 5,000-line .peft file and for the examples.
 * Run: npx tsx test/bench/language-parse.ts   (prints a Markdown table for docs/benchmarks/language.md)
 * Anchor: JSON.parse of a JSON document of the same byte size, measured in the same process, so
 * the ratio says how far the language core is from the platform's own parser on this machine.
 * Second anchor for the editor cases: the same file analysed from scratch (no run cache, what
 * every keystroke cost before the cache), in the same process.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parse } from '../../core/dsl/parser';
import { format } from '../../core/dsl/format';
import { analyze } from '../../core/plan/analyze';
import { RunCache } from '../../core/plan/run-cache';

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

/** CPU ms of `fn` in this process (not wall time: the VM is shared, and wall time there measures the neighbours). */
function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/** Median CPU ms of `runs` timed calls; `setup(i)` runs untimed before call i and hands it its input. */
function median<T>(
  fn: (x: T) => void,
  runs: number,
  setup: (i: number) => T = () => undefined as T,
): number {
  for (let w = 0; w < 3; w++) fn(setup(-1 - w)); // warm-up: V8 optimises the hot paths over a few calls
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const x = setup(i);
    times.push(cpuMs(() => fn(x)));
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
const load = loadavg().map((x) => x.toFixed(1));
const anchor = median(() => void JSON.parse(jsonDoc), RUNS);
const rows: Array<[string, number, number]> = [];
const bench = (name: string, fn: () => void): void => {
  const ms = median(fn, RUNS);
  rows.push([name, ms, ms / anchor]);
};
const trials = analyze(big).plan.runs.reduce((s, r) => s + r.trials.length, 0);
bench(`parse, ${big.split('\n').length - 1} lines`, () => parse(big));
bench(`analyse from scratch (parse + check + expand ${trials} trials), 5,000 lines`, () =>
  analyze(big),
);

/**
 * The editor's cases: a session's run cache has seen the file, then one character changes in the
 * middle (each timed call gets a fresh cache that analysed the unedited file, untimed, and a
 * different character). Replacing keeps every offset; inserting moves the runs below the edit.
 */
const editor: Array<[string, number]> = [];
const middle = (needle: string): number => big.indexOf(needle, big.length / 2);
const editCase = (name: string, edit: (i: number) => string): void => {
  const ms = median<{ cache: RunCache; text: string }>(
    ({ cache, text }) => void analyze(text, { cache }),
    RUNS,
    (i) => {
      const cache = new RunCache();
      analyze(big, { cache });
      return { cache, text: edit(i) };
    },
  );
  editor.push([name, ms]);
};
const at = (pos: number, i: number, replace: boolean): string =>
  big.slice(0, pos) + String((i + 10) % 10) + big.slice(replace ? pos + 1 : pos);
// Cold and from scratch interleaved, so both see the same load and the same heap.
const coldTimes: number[] = [];
const scratchTimes: number[] = [];
for (let i = 0; i < RUNS + 3; i++) {
  const cache = new RunCache();
  const s = cpuMs(() => analyze(big));
  const c = cpuMs(() => analyze(big, { cache }));
  if (i < 3) continue; // warm-up
  scratchTimes.push(s);
  coldTimes.push(c);
}
const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const scratch = mid(scratchTimes);
editor.push(['from scratch (no run cache)', scratch]);
editor.push(['cold: first analysis with an empty run cache', mid(coldTimes)]);
const inRun = middle('steps = 100') + 'steps = 10'.length;
const inAdapter = middle('lora_dropout = 0.05') + 'lora_dropout = 0.0'.length;
editCase('warm: one digit replaced in a run (`steps = 100` → `10N`)', (i) => at(inRun, i, true));
editCase('warm: one digit inserted in a run (moves the runs below it)', (i) => at(inRun, i, false));
editCase('warm: one digit inserted in an adapter (its run re-expands, the ones below move)', (i) =>
  at(inAdapter, i, false),
);
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
  `Date: ${new Date().toISOString().slice(0, 10)}; machine: ${cpus().length}-core VM (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; median CPU time of ${RUNS} runs after three warm-ups; load average ${load.join(' / ')} at the start, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} at the end.`,
  `Anchor: JSON.parse of a ${(jsonDoc.length / 1024).toFixed(0)} KiB JSON document (same size as the 5,000-line file, ${(big.length / 1024).toFixed(0)} KiB): ${anchor.toFixed(2)} ms.`,
  '',
  '| case | median ms | × JSON.parse anchor |',
  '|---|---:|---:|',
  ...rows.map(([n, ms, r]) => `| ${n} | ${ms.toFixed(2)} | ${r.toFixed(1)} |`),
  '',
  `Editor cases, 5,000 lines / ${trials} trials, against the from-scratch analysis measured interleaved with the cold one in this run (${scratch.toFixed(2)} ms):`,
  '',
  '| case | median ms | × from scratch | target 50 ms |',
  '|---|---:|---:|---|',
  ...editor.map(
    ([n, ms]) =>
      `| ${n} | ${ms.toFixed(2)} | ${(ms / scratch).toFixed(2)} | ${ms < 50 ? 'met' : 'missed'} |`,
  ),
];
process.stdout.write(out.join('\n') + '\n');
