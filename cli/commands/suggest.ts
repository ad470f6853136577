/**
 * `peft suggest FILE [--law NAME] [--target x=V,…] [--budget FLOPS] [--width W] [--group G]
 * [-n K] [--json]`: fits the law on the finished trials in the run store and prints the next K
 * trials that most narrow the bootstrap interval of its `predict … at …` target per FLOP
 * (core/search/suggest.ts), as a run block to paste into the file. Exit codes: 0 printed,
 * 1 the file or the request has errors (with file:line:col), 2 usage or I/O errors.
 */
import { dirname } from 'node:path';
import { pointsFromTrials } from '../../core/laws/points';
import { createLineMap } from '../../core/dsl/positions';
import { SuggestError, suggestTrials, type SuggestOptions } from '../../core/search/suggest';
import { readTrialResults } from '../../store/fits';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { experimentName, readPeftFile, toLines } from './peft-file';

/** `--target r=256` or `--target N=1e9,D=2e10` → { r: 256 } … */
function parseTarget(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [k, v, ...rest] = part.split('=').map((s) => s.trim());
    const n = Number(v);
    if (!k || v === undefined || rest.length || v === '' || !Number.isFinite(n))
      throw new UsageError(`--target expects NAME=NUMBER[,NAME=NUMBER…], got '${part}'`);
    out[k] = n;
  }
  return out;
}

function positive(name: string, v: string | undefined, integer = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw new UsageError(
      `${name} expects a positive ${integer ? 'integer' : 'number'}, got '${v}'`,
    );
  return n;
}

export const command: CliCommand = {
  name: 'suggest',
  usage:
    'peft suggest FILE [--law NAME] [--target x=V,…] [--budget FLOPS] [--width W] [--group G] [-n K] [--json]',
  summary:
    "propose the next K trials that most narrow a law's prediction interval per FLOP, as a run block to paste",
  async run(args, io) {
    const a = parseArgs(
      args.map((x) => (x === '-n' ? '--count' : x)),
      ['--law', '--target', '--budget', '--width', '--group', '--count'],
      ['--json'],
    );
    if (a.positional.length !== 1) throw new UsageError('expected one FILE');
    const file = a.positional[0]!;
    const read = readPeftFile(file, io.cwd);
    if (!read.ok) throw new UsageError(read.message);
    const count = positive('-n', a.values.get('--count'), true) ?? 3;
    if (count > 32) throw new UsageError(`-n is at most 32, got ${count}`);
    const options: SuggestOptions = { count };
    const law = a.values.get('--law');
    if (law !== undefined) options.law = law;
    const target = a.values.get('--target');
    if (target !== undefined) options.target = parseTarget(target);
    const budget = positive('--budget', a.values.get('--budget'));
    if (budget !== undefined) options.budget = budget;
    const width = positive('--width', a.values.get('--width'));
    if (width !== undefined) options.targetWidth = width;
    const group = a.values.get('--group');
    if (group !== undefined) options.group = group;
    const text = read.text;
    // Loaded here like `peft fit` does, so the command table stays cheap to import.
    const { analyze } = await import('../../core/plan/analyze');
    const analysis = analyze(text, { experiment: experimentName(file) });
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      io.stderr(toLines(file, text, errors));
      return 1;
    }
    const results = readTrialResults(dirname(read.path), analysis.plan);
    const points = (
      spec: Parameters<typeof pointsFromTrials>[0],
    ): ReturnType<typeof pointsFromTrials>['groups'] => {
      const run = spec.source.kind === 'run' ? spec.source.run : undefined;
      const trials = analysis.plan.runs.find((r) => r.name === run)?.trials ?? [];
      return pointsFromTrials(spec, trials, results).groups;
    };
    try {
      const s = suggestTrials({ text, ast: analysis.ast, plan: analysis.plan, points }, options);
      if (a.flags.has('--json'))
        io.stdout(
          JSON.stringify({
            law: s.law,
            run: s.run,
            ...(s.group !== undefined ? { group: s.group } : {}),
            target: s.target,
            widthBefore: s.widthBefore,
            trials: s.trials.map((t) => ({
              like: t.trial.id,
              axes: t.trial.axes,
              seed: t.seed,
              flops: t.flops,
              widthAfter: t.widthAfter,
            })),
            text: s.text,
          }) + '\n',
        );
      else io.stdout(s.text);
      return 0;
    } catch (err) {
      if (!(err instanceof SuggestError)) throw err;
      const p = createLineMap(text).positionAt(err.offset);
      io.stderr(`${file}:${p.line + 1}:${p.character + 1}: error: ${err.message}\n`);
      return 1;
    }
  },
};
