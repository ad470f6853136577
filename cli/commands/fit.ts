/**
 * `peft fit FILE [--json]`: fit every law of a `.peft` file (or of a plan JSON) on the finished
 * trials in its store, print parameters with intervals, quality and predictions, save fits.json.
 * Exit codes: 0 all laws fitted, 1 some law could not be fitted (its diagnostics say why),
 * 2 usage or I/O errors.
 */
import { basename, dirname, resolve } from 'node:path';
import type { FitsFile, LawFit } from '../../core/laws/types';
import type { ExperimentPlan } from '../../core/types/plan';
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { fitAndSave, fitsPath } from '../../store/fits';
import { readPeftFile } from './peft-file';

type Analyze = (
  text: string,
  options: { experiment?: string },
) => {
  plan: ExperimentPlan;
  diagnostics: Array<{ severity?: unknown; message: string; range?: { start: number } }>;
};

/** core/plan's analyze(), loaded lazily so `peft fit FILE.json` does not load the language core. */
async function loadAnalyze(): Promise<Analyze> {
  return (await import('../../core/plan/analyze')).analyze;
}

async function planOf(path: string, io: CliIO): Promise<ExperimentPlan | undefined> {
  // Strict UTF-8 like every other command (runtime/cli/commands/peft-file.ts).
  const read = readPeftFile(path, io.cwd);
  if (!read.ok) throw new UsageError(read.message);
  const text = read.text;
  if (path.endsWith('.json')) {
    let plan: Partial<ExperimentPlan> | null;
    try {
      plan = JSON.parse(text) as Partial<ExperimentPlan> | null;
    } catch {
      throw new UsageError(`${path} is not valid JSON`);
    }
    if (
      plan === null ||
      typeof plan !== 'object' ||
      plan.version !== 1 ||
      !Array.isArray(plan.laws) ||
      !Array.isArray(plan.runs)
    )
      throw new UsageError(`${path} is not an experiment plan (version 1 with runs and laws)`);
    return plan as ExperimentPlan;
  }
  const analyze = await loadAnalyze();
  const result = analyze(text, { experiment: basename(path).replace(/\.peft$/, '') });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    for (const e of errors) {
      const before = text.slice(0, e.range?.start ?? 0).split('\n');
      io.stderr(
        `${path}:${before.length}:${before[before.length - 1]!.length + 1}: error: ${e.message}\n`,
      );
    }
    return undefined;
  }
  return result.plan;
}

const g = (v: number): string =>
  Number.isFinite(v)
    ? Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0)
      ? v.toExponential(3)
      : String(Number(v.toPrecision(4)))
    : '—';

/** Human-readable report of one fit. */
export function formatFit(fit: LawFit): string {
  const lines: string[] = [];
  const group = fit.group !== undefined ? ` [${fit.by ?? 'group'} = ${fit.group}]` : '';
  lines.push(
    `law ${fit.law}${group}: ${fit.form} ${fit.expression}  (${fit.y} ~ ${fit.variables.join(', ')}; ${fit.points.length} points)`,
  );
  if (fit.ok) {
    const pct = Math.round(fit.level * 100);
    for (const p of fit.params)
      lines.push(
        `  ${p.name.padEnd(8)} ${g(p.value).padStart(11)}   ${pct}% [${g(p.lo)}, ${g(p.hi)}]${p.atBound ? '  (at bound)' : ''}`,
      );
    const q = fit.quality;
    if (q) {
      const held = q.heldOut
        ? `; held-out ${q.heldOut.count} largest: RMSE(log) ${g(q.heldOut.rmseLog)}, max error ${(q.heldOut.maxRelError * 100).toFixed(2)}%`
        : '';
      lines.push(
        `  R² ${q.r2.toFixed(5)}  RMSE(log) ${g(q.rmseLog)}  AIC ${q.aic.toFixed(1)}${held}`,
      );
    }
    const c = fit.convergence;
    if (c)
      lines.push(
        `  ${c.method}: objective ${c.objective.toExponential(4)}, ${c.converged ? 'converged' : 'NOT converged'} (${c.reason}, ${c.iterations} iterations, best of ${c.starts} starts from a grid of ${c.gridSize})`,
      );
    for (const p of fit.predictions) {
      const at = Object.entries(p.point)
        .map(([k, v]) => `${k} = ${g(v)}`)
        .join(', ');
      lines.push(
        `  predict at ${at}: ${g(p.value)}  ${Math.round(p.level * 100)}% [${g(p.lo)}, ${g(p.hi)}]${p.extrapolating ? '  (extrapolating)' : ''}`,
      );
    }
    for (const o of fit.computeOptimal ?? [])
      lines.push(
        `  compute-optimal at C = ${g(o.flops)}: N* = ${g(o.params)}, D* = ${g(o.tokens)}, ${g(o.tokensPerParam)} tokens/param, loss ${g(o.loss)}`,
      );
  }
  for (const d of fit.diagnostics) lines.push(`  ${d.severity}: ${d.message} [${d.code}]`);
  return lines.join('\n') + '\n';
}

export const command: CliCommand = {
  name: 'fit',
  usage: 'peft fit FILE [--json]',
  summary:
    'fit the scaling laws of a .peft file on its finished trials; print parameters, intervals, predictions; save fits.json',
  async run(args, io) {
    const json = args.includes('--json');
    const files = args.filter((a) => a !== '--json');
    const unknown = files.find((a) => a.startsWith('-'));
    if (unknown) throw new UsageError(`unknown option ${unknown}`);
    if (files.length !== 1) throw new UsageError('expected one FILE');
    const path = resolve(io.cwd, files[0]!);
    const plan = await planOf(path, io);
    if (!plan) return 1;
    const root = dirname(path);
    let file: FitsFile;
    try {
      file = fitAndSave(root, plan);
    } catch (err) {
      throw new UsageError(
        `cannot write ${fitsPath(root, plan.experiment)}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (json) io.stdout(JSON.stringify(file) + '\n');
    else {
      if (file.fits.length === 0) io.stdout('no laws in this file\n');
      for (const fit of file.fits) io.stdout(formatFit(fit));
      io.stdout(`saved ${fitsPath(root, plan.experiment)}\n`);
    }
    return file.fits.every((f) => f.ok) ? 0 : 1;
  },
};
