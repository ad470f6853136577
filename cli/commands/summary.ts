/**
 * `peft summary FILE [--json]`: what an experiment found, from its run store and fits.json —
 * the best trial of each run, the method ranking of adapter sweeps, and every fitted law with
 * parameters ± intervals, held-out errors, predictions and compute-optimal N*, D*.
 * Exit codes: 0 printed, 1 errors in the file, 2 usage or I/O errors.
 */
import type { PlanValue } from '../../core/types/plan';
import { formatFitted } from '../../core/format';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { loadFits } from '../../store/fits';
import { loadPlan } from '../executor/plan-file';
import { readTrialStatus } from '../../store';
import { summarize, type ExperimentSummary, type LawSummary } from './summary-data';

const axesText = (axes: Record<string, PlanValue>): string =>
  Object.entries(axes)
    .map(
      ([k, v]) => `${k}=${typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v)}`,
    )
    .join(' ') || '(single config)';

/** Left-aligned text table. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function formatLaw(l: LawSummary): string {
  const head = `${l.law}${l.group !== undefined ? ` [${l.group}]` : ''}: ${l.form} ${l.expression}  (${l.points} points)`;
  if (!l.ok) return `${head}\n  not fitted: ${l.problems.join('; ') || 'no data'}\n`;
  const pct = Math.round(l.level * 100);
  const lines = [
    head,
    '  ' +
      l.params
        .map(
          (p) =>
            `${p.name} = ${formatFitted(p.value)} [${formatFitted(p.lo)}, ${formatFitted(p.hi)}]${p.atBound ? '*' : ''}`,
        )
        .join('   ') +
      `   (${pct}% intervals)`,
  ];
  const held = l.heldOut
    ? `; held-out ${l.heldOut.count}: RMSE(log) ${formatFitted(l.heldOut.rmseLog)}, max error ${(l.heldOut.maxRelError * 100).toFixed(1)}%`
    : '';
  if (l.r2 !== undefined)
    lines.push(`  R² ${l.r2.toFixed(3)}  RMSE(log) ${formatFitted(l.rmseLog ?? NaN)}${held}`);
  for (const p of l.predictions) {
    const at = Object.entries(p.point)
      .map(([k, v]) => `${k} = ${formatFitted(v)}`)
      .join(', ');
    lines.push(
      `  predict ${at}: ${formatFitted(p.value)} [${formatFitted(p.lo)}, ${formatFitted(p.hi)}]${p.extrapolating ? ' (extrapolating)' : ''}`,
    );
  }
  const o = l.computeOptimal;
  if (o) {
    const iv = o.interval;
    lines.push(
      `  compute-optimal at C = ${formatFitted(o.flops)}: N* = ${formatFitted(o.params)}${iv ? ` [${formatFitted(iv.params[0])}, ${formatFitted(iv.params[1])}]` : ''}, D* = ${formatFitted(o.tokens)}${iv ? ` [${formatFitted(iv.tokens[0])}, ${formatFitted(iv.tokens[1])}]` : ''}, loss ${formatFitted(o.loss)}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The human-readable summary: a table of best setups, method rankings, then the laws. */
export function formatSummary(s: ExperimentSummary): string {
  let out = `${s.experiment}: best setup per run\n`;
  out += table([
    ['run', 'done', 'metric', 'best', 'setup'],
    ...s.runs.map((r) => [
      r.run,
      `${r.done}/${r.trials}${r.failed ? ` (${r.failed} failed)` : ''}`,
      r.metric,
      r.best ? formatFitted(r.best.value) : '—',
      r.best ? axesText(r.best.axes) : '—',
    ]),
  ]);
  for (const r of s.runs) {
    if (!r.ranking?.length) continue;
    out += `\nmethod ranking (${r.run}, mean ${r.metric} over ranks and seeds; same model and data):\n`;
    out += table([
      ['#', 'adapter', 'method', 'mean', 'best', 'trials'],
      ...r.ranking.map((m, i) => [
        String(i + 1),
        m.adapter,
        m.method,
        formatFitted(m.mean),
        formatFitted(m.best),
        String(m.trials),
      ]),
    ]);
  }
  out += s.laws.length
    ? '\nfitted laws:\n' + s.laws.map(formatLaw).join('')
    : '\nno fits yet (run `peft fit FILE`)\n';
  return out;
}

export const command: CliCommand = {
  name: 'summary',
  usage: 'peft summary FILE [--json]',
  summary:
    'summarise an experiment: best setup per run, method ranking, fitted laws with intervals',
  async run(args, io) {
    const a = parseArgs(args, [], ['--json']);
    const json = a.flags.has('--json');
    if (a.positional.length !== 1) throw new UsageError('expected one FILE');
    const loaded = await loadPlan(a.positional[0]!, io);
    if (!loaded) return 1;
    const { root, plan } = loaded;
    const status = (t: { id: string }) => {
      try {
        return readTrialStatus(root, plan.experiment, t.id);
      } catch {
        return undefined; // an unreadable status counts as not finished
      }
    };
    const s = summarize(plan, status, loadFits(root, plan.experiment)?.fits ?? []);
    io.stdout(json ? JSON.stringify(s, null, 2) + '\n' : formatSummary(s));
    return 0;
  },
};
