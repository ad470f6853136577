/** `peft plan FILE [--json] [--max-trials N]`: the expanded trials with ids and static estimates. */
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { analyze } from '../../core/plan/analyze';
import type { Trial } from '../../core/types/plan';
import { maxTrialsOf } from './check';
import { experimentName, readPeftFile, splitArgs, toLines } from './peft-file';
import { fileResolver } from '../../store/resolve-file';
import { resolve } from 'node:path';
import { formatCount } from '../../core/format';
import { branchSavedFlops } from '../../core/plan/branches';
import { searchLines } from '../../core/plan/search-summary';

/** 1234567 → "1.23M" (core/format.ts), with a unit; "?" when unknown. */
export function human(n: number, unit = ''): string {
  return Number.isFinite(n) ? `${formatCount(n)}${unit}` : '?';
}

const axesText = (t: Trial): string =>
  Object.entries(t.axes)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export const command: CliCommand = {
  name: 'plan',
  usage: 'peft plan FILE [--json] [--max-trials N]',
  summary: 'Expand the sweeps of a .peft file and print every trial with its id and estimates.',
  run(args, io) {
    const { flags, files, unknown } = splitArgs(args, ['max-trials']);
    if (unknown.length) throw new UsageError(`unknown option --${unknown[0]}`);
    if (files.length !== 1) throw new UsageError(`give exactly one file (usage: ${this.usage})`);
    const file = files[0]!;
    const read = readPeftFile(file, io.cwd);
    if (!read.ok) {
      io.stderr(`peft plan: ${read.message}\n`);
      return Promise.resolve(2);
    }
    const maxTrials = maxTrialsOf(flags);
    const result = analyze(read.text, {
      experiment: experimentName(file),
      resolveFile: fileResolver(resolve(io.cwd, file), io.cwd),
      ...(maxTrials === undefined ? {} : { maxTrials }),
    });
    const hasErrors = result.diagnostics.some((d) => d.severity === 'error');
    const problems = result.diagnostics.filter(
      (d) => d.severity === 'error' || d.severity === 'warning',
    );
    io.stderr(toLines(file, read.text, problems));
    if (flags.has('json')) {
      io.stdout(JSON.stringify(result.plan, null, 2) + '\n');
      return Promise.resolve(hasErrors ? 1 : 0);
    }
    const rows: string[][] = [
      [
        'run',
        '#',
        'id',
        'method',
        'trainable',
        '%base',
        'memory',
        'FLOPs',
        'tokens',
        'steps',
        'axes',
      ],
    ];
    let total = 0;
    let flops = 0;
    let saved = 0;
    let branched = 0;
    for (const run of result.plan.runs) {
      if (!run.search) continue;
      const n = run.search.trials * run.search.seeds;
      total += n;
      flops += run.search.estimate.meanTrainFlops * n;
    }
    for (const run of result.plan.runs) {
      for (const t of run.trials) {
        const e = t.estimates;
        rows.push([
          run.name,
          String(t.index),
          t.id,
          t.config.adapter.method,
          human(e.trainableParams),
          e.trainablePercent.toPrecision(3),
          human(e.memoryBytes, 'B'),
          human(e.trainFlops),
          human(e.tokens),
          t.branchFrom ? `${t.config.steps} (from ${t.branchFrom.step})` : String(t.config.steps),
          axesText(t),
        ]);
        total++;
        flops += e.trainFlops;
        saved += branchSavedFlops(t);
        if (t.branchFrom) branched++;
      }
    }
    io.stdout(table(rows));
    // A search run lists its space and estimated cost instead of trials (they come at run time).
    for (const run of result.plan.runs)
      if (run.search) io.stdout(searchLines(run.name, run.search).join('\n') + '\n');
    io.stdout(
      `${total} trial${total === 1 ? '' : 's'} in ${result.plan.runs.length} run${result.plan.runs.length === 1 ? '' : 's'}, ${human(flops)} training FLOPs${result.plan.runs.some((r) => r.search) ? ' (searches: estimated)' : ''}; ${result.plan.laws.length} law${result.plan.laws.length === 1 ? '' : 's'}, ${result.plan.predictions.length} prediction${result.plan.predictions.length === 1 ? '' : 's'}\n`,
    );
    if (branched)
      io.stdout(
        `WSD branching: ${branched} trial${branched === 1 ? '' : 's'} start from a shared stable phase (steps "N (from S)": trained from step S), so the run trains ${human(flops - saved)} FLOPs (${((100 * saved) / flops).toFixed(0)}% fewer)\n`,
      );
    return Promise.resolve(hasErrors ? 1 : 0);
  },
};
