/**
 * A `.peft` file → its ExperimentPlan via core/plan's analyze(), with errors printed the way
 * `peft check` prints them (`path:line:col: error: message`). Shared by run/status/cancel/export.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { ExperimentPlan, RunPlan, Trial } from '../../core/plan/types';
import { UsageError, type CliIO } from '../command';
import { fileResolver } from '../../store/resolve-file';

export interface LoadedPlan {
  path: string;
  /** The folder holding the file: the store is `<root>/.peft/runs/<experiment>`. */
  root: string;
  plan: ExperimentPlan;
}

/** Returns undefined (after printing the errors) when the file has errors; throws UsageError when unreadable. */
export async function loadPlan(file: string, io: CliIO): Promise<LoadedPlan | undefined> {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { analyze } = await import('../../core/plan/analyze');
  const result = analyze(text, { experiment: basename(path).replace(/\.peft$/, ''), resolveFile: fileResolver(path) });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  for (const e of errors) {
    const before = text.slice(0, e.range.start).split('\n');
    io.stderr(`${path}:${before.length}:${before[before.length - 1]!.length + 1}: error: ${e.message}\n`);
  }
  return errors.length ? undefined : { path, root: dirname(path), plan: result.plan };
}

/** The runs selected by `--sweep NAME` (all when undefined); throws UsageError for an unknown name. */
export function selectRuns(plan: ExperimentPlan, sweep: string | undefined): RunPlan[] {
  if (sweep === undefined) return plan.runs;
  const run = plan.runs.find((r) => r.name === sweep);
  if (!run) throw new UsageError(`no run named '${sweep}' in ${plan.experiment} (runs: ${plan.runs.map((r) => r.name).join(', ') || 'none'})`);
  return [run];
}

export function trialsOf(runs: RunPlan[]): Trial[] {
  return runs.flatMap((r) => r.trials);
}

/** Tiny argv parser: flags with values (`--workers 2`, `--workers=2`), boolean flags, positionals. */
export function parseArgs(args: string[], valued: string[], flags: string[]): { values: Map<string, string>; flags: Set<string>; positional: string[] } {
  const values = new Map<string, string>();
  const set = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.split('=', 2) as [string, string | undefined];
    if (valued.includes(name)) {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      values.set(name, v);
    } else if (flags.includes(name) && inline === undefined) set.add(name);
    else throw new UsageError(`unknown option ${a}`);
  }
  return { values, flags: set, positional };
}
