/** `peft check FILE... [--json] [--max-trials N]`: diagnostics; exit 1 on errors, 2 on I/O errors. */
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { analyze } from '../../core/plan/analyze';
import {
  experimentName,
  readPeftFile,
  splitArgs,
  toJson,
  toLines,
  type JsonDiagnostic,
} from './peft-file';
import { fileResolver } from '../../store/resolve-file';
import { resolve } from 'node:path';

export function maxTrialsOf(flags: Map<string, string>): number | undefined {
  const raw = flags.get('max-trials');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--max-trials needs a whole number ≥ 1, got '${raw}'`);
  return n;
}

export const command: CliCommand = {
  name: 'check',
  usage: 'peft check FILE... [--json] [--max-trials N]',
  summary:
    'Check .peft files; print file:line:col: severity code: message (or a JSON array). Exit 1 on errors.',
  run(args, io) {
    const { flags, files, unknown } = splitArgs(args, ['max-trials']);
    if (unknown.length) throw new UsageError(`unknown option --${unknown[0]}`);
    if (files.length === 0) throw new UsageError(`no files given (usage: ${this.usage})`);
    const maxTrials = maxTrialsOf(flags);
    const json: JsonDiagnostic[] = [];
    let errors = false;
    let io2 = false;
    for (const file of files) {
      const read = readPeftFile(file, io.cwd);
      if (!read.ok) {
        io.stderr(`peft check: ${read.message}\n`);
        io2 = true;
        continue;
      }
      const result = analyze(read.text, {
        experiment: experimentName(file),
        resolveFile: fileResolver(resolve(io.cwd, file), io.cwd),
        ...(maxTrials === undefined ? {} : { maxTrials }),
      });
      if (result.diagnostics.some((d) => d.severity === 'error')) errors = true;
      if (flags.has('json')) json.push(...toJson(file, read.text, result.diagnostics));
      else io.stdout(toLines(file, read.text, result.diagnostics));
    }
    if (flags.has('json')) io.stdout(JSON.stringify(json, null, 2) + '\n');
    return Promise.resolve(io2 ? 2 : errors ? 1 : 0);
  },
};
