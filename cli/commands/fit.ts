/**
 * `peft fit FILE [--json]`: fit every law of a `.peft` file (or of a plan JSON) on the finished
 * trials in its store, print parameters with intervals, quality and predictions, save fits.json.
 * Exit codes: 0 all laws fitted, 1 some law could not be fitted (its diagnostics say why),
 * 2 usage or I/O errors.
 */
import { dirname, resolve } from 'node:path';
import type { FitsFile, LawFit } from '../../core/laws/types';
import type { ExperimentPlan } from '../../core/types/plan';
import { formatFitted } from '../../core/format';
import { parseArgs } from '../args';
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { loadPlan } from '../executor/plan-file';
import { withSearchTrials } from '../executor/search-trials';
import { fitAndSave, fitsPath } from '../../store/fits';
import { readPeftFile } from './peft-file';

/**
 * The plan of FILE and the folder holding its store: a `.peft` file through the CLI's one loader
 * (cli/executor/plan-file.ts: errors printed, undefined), or a plan JSON (`peft plan --json`).
 */
async function planOf(
  file: string,
  io: CliIO,
): Promise<{ plan: ExperimentPlan; root: string } | undefined> {
  if (!file.endsWith('.json')) {
    const loaded = await loadPlan(file, io);
    if (!loaded) return undefined;
    // A search run's trials are in the store's search state, not in the plan.
    const plan = withSearchTrials(loaded.root, loaded.text, loaded.options, loaded.plan);
    return { plan, root: loaded.root };
  }
  const path = resolve(io.cwd, file);
  // Strict UTF-8 like every other command (cli/commands/peft-file.ts).
  const read = readPeftFile(path, io.cwd);
  if (!read.ok) throw new UsageError(read.message);
  let plan: Partial<ExperimentPlan> | null;
  try {
    plan = JSON.parse(read.text) as Partial<ExperimentPlan> | null;
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
  return { plan: plan as ExperimentPlan, root: dirname(path) };
}

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
        `  ${p.name.padEnd(8)} ${formatFitted(p.value).padStart(11)}   ${pct}% [${formatFitted(p.lo)}, ${formatFitted(p.hi)}]${p.atBound ? '  (at bound)' : ''}`,
      );
    const q = fit.quality;
    if (q) {
      const held = q.heldOut
        ? `; held-out ${q.heldOut.count} largest: RMSE(log) ${formatFitted(q.heldOut.rmseLog)}, max error ${(q.heldOut.maxRelError * 100).toFixed(2)}%`
        : '';
      lines.push(
        `  R² ${q.r2.toFixed(5)}  RMSE(log) ${formatFitted(q.rmseLog)}  AIC ${q.aic.toFixed(1)}${held}`,
      );
    }
    const c = fit.convergence;
    if (c)
      lines.push(
        `  ${c.method}: objective ${c.objective.toExponential(4)}, ${c.converged ? 'converged' : 'NOT converged'} (${c.reason}, ${c.iterations} iterations, best of ${c.starts} starts from a grid of ${c.gridSize})`,
      );
    for (const p of fit.predictions) {
      const at = Object.entries(p.point)
        .map(([k, v]) => `${k} = ${formatFitted(v)}`)
        .join(', ');
      lines.push(
        `  predict at ${at}: ${formatFitted(p.value)}  ${Math.round(p.level * 100)}% [${formatFitted(p.lo)}, ${formatFitted(p.hi)}]${p.extrapolating ? '  (extrapolating)' : ''}`,
      );
    }
    for (const o of fit.computeOptimal ?? [])
      lines.push(
        `  compute-optimal at C = ${formatFitted(o.flops)}: N* = ${formatFitted(o.params)}, D* = ${formatFitted(o.tokens)}, ${formatFitted(o.tokensPerParam)} tokens/param, loss ${formatFitted(o.loss)}`,
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
    const a = parseArgs(args, [], ['--json']);
    const json = a.flags.has('--json');
    if (a.positional.length !== 1) throw new UsageError('expected one FILE');
    const loaded = await planOf(a.positional[0]!, io);
    if (!loaded) return 1;
    const { plan, root } = loaded;
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
