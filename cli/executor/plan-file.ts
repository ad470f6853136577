/**
 * A `.peft` file → its ExperimentPlan via core/plan's analyze(), with errors printed the way
 * `peft check` prints them (`path:line:col: error: message`). Shared by run/status/cancel/export.
 */
import { dirname } from 'node:path';
import type { ExperimentPlan, RunPlan, Trial } from '../../core/types/plan';
import type { AnalyzeOptions } from '../../core/plan/analysis-types';
import { UsageError, type CliIO } from '../command';
import { fileResolver } from '../../store/resolve-file';
import { experimentName, readPeftFile } from '../commands/peft-file';

export interface LoadedPlan {
  path: string;
  /** The folder holding the file: the store is `<root>/.peft/runs/<experiment>`. */
  root: string;
  plan: ExperimentPlan;
  /** The file's text and the options it was analysed with (search runs expand their points with them). */
  text: string;
  options: AnalyzeOptions;
}

/** Returns undefined (after printing the errors) when the file has errors; throws UsageError when unreadable. */
export async function loadPlan(file: string, io: CliIO): Promise<LoadedPlan | undefined> {
  // The same strict reader as check/plan/fmt, so invalid UTF-8 is refused by every command alike.
  const read = readPeftFile(file, io.cwd);
  if (!read.ok) throw new UsageError(read.message);
  const { path, text } = read;
  const experiment = experimentName(path);
  // The name becomes a store folder: `...peft` would give `..` (seen: an internal error in status).
  if (!/^[^/\\\0]+$/.test(experiment) || /^\.+$/.test(experiment))
    throw new UsageError(
      `${file}: the file name gives no usable experiment name; rename it (e.g. ranks.peft)`,
    );
  const { analyze } = await import('../../core/plan/analyze');
  const options: AnalyzeOptions = { experiment, resolveFile: fileResolver(path, io.cwd) };
  const result = analyze(text, options);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  for (const e of errors) {
    const before = text.slice(0, e.range.start).split('\n');
    io.stderr(
      `${path}:${before.length}:${before[before.length - 1]!.length + 1}: error: ${e.message}\n`,
    );
  }
  return errors.length
    ? undefined
    : { path, root: dirname(path), plan: result.plan, text, options };
}

/** The runs selected by `--sweep NAME` (all when undefined); throws UsageError for an unknown name. */
export function selectRuns(plan: ExperimentPlan, sweep: string | undefined): RunPlan[] {
  if (sweep === undefined) return plan.runs;
  const run = plan.runs.find((r) => r.name === sweep);
  if (!run)
    throw new UsageError(
      `no run named '${sweep}' in ${plan.experiment} (runs: ${plan.runs.map((r) => r.name).join(', ') || 'none'})`,
    );
  return [run];
}

export function trialsOf(runs: RunPlan[]): Trial[] {
  return runs.flatMap((r) => r.trials);
}
