/**
 * `peft export FILE --format csv|json [--sweep NAME] [--out PATH]`: one row per planned trial:
 * id, run, the swept axes, status, final metrics, backend, wall time. CSV quotes per RFC 4180.
 * `--to peft|axolotl|llama-factory|tensorboard|mlflow [--trial ID] [--out DIR]`: cli/export/export-to.ts.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseArgs } from '../args';
import { loadPlan, selectRuns, trialsOf } from '../executor/plan-file';
import { withSearchTrials } from '../executor/search-trials';
import { readTrialStatus } from '../../store';
import { exportTo } from '../export/export-to';

type Row = Record<string, string | number | boolean | null>;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at
 * the start: an error message or a run name from the workspace) gets a leading `'` (OWASP's CSV
 * injection advice); numbers are written as numbers, so `-0.5` stays a number.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s =
    typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : JSON.stringify(v);
  if (typeof v !== 'number' && typeof v !== 'boolean' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: Row[]): string {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return (
    [
      cols.map(csvCell).join(','),
      ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(',')),
    ].join('\n') + '\n'
  );
}

export const command: CliCommand = {
  name: 'export',
  usage:
    'peft export FILE --format csv|json [--sweep NAME] [--out PATH] | --to peft|axolotl|llama-factory|tensorboard|mlflow [--trial ID] [--out DIR]',
  summary: 'export trials (config, final metrics, status) as CSV or JSON',
  async run(args, io) {
    const a = parseArgs(args, ['--format', '--sweep', '--out', '--to', '--trial'], []);
    if (a.positional.length !== 1) throw new UsageError('expected one FILE');
    const format = a.values.get('--format') ?? 'csv';
    if (format !== 'csv' && format !== 'json')
      throw new UsageError(`--format must be csv or json, got '${format}'`);
    const loaded = await loadPlan(a.positional[0]!, io);
    if (!loaded) return 1;
    const { root } = loaded;
    // Search runs list their trials only in the store's search state.
    const plan = withSearchTrials(root, loaded.text, loaded.options, loaded.plan);
    const to = a.values.get('--to');
    if (to !== undefined) {
      const out = a.values.get('--out');
      const trial = a.values.get('--trial');
      for (const p of exportTo(
        plan,
        trialsOf(selectRuns(plan, a.values.get('--sweep'))),
        { to, root, ...(out ? { out } : {}), ...(trial ? { trial } : {}) },
        io,
      ))
        io.stdout(`${p}\n`);
      return 0;
    }
    const rows: Row[] = trialsOf(selectRuns(plan, a.values.get('--sweep'))).map((t) => {
      const s = readTrialStatus(root, plan.experiment, t.id);
      const row: Row = { id: t.id, run: t.run };
      for (const [k, v] of Object.entries(t.axes))
        row[k] = typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
      row.status = s?.state ?? 'not-run';
      for (const [k, v] of Object.entries(s?.final ?? {}))
        row[k] = Number.isFinite(v) ? v : String(v);
      row.step = s?.step ?? null;
      row.backend = s?.backend ?? null;
      row.wall_seconds = s?.wallSeconds ?? null;
      row.trainable_params = t.estimates.trainableParams;
      row.error = s?.error?.split('\n')[0] ?? null;
      return row;
    });
    const text = format === 'csv' ? toCsv(rows) : JSON.stringify(rows, null, 2) + '\n';
    const out = a.values.get('--out');
    if (out) writeFileSync(resolve(io.cwd, out), text);
    else io.stdout(text);
    return 0;
  },
};
