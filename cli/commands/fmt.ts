/** `peft fmt FILE... [--check]`: rewrite files in canonical layout; --check only reports (exit 1 when any would change). */
import { writeFileSync } from 'node:fs';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { format } from '../../core/dsl/format';
import { readPeftFile, splitArgs, toLines } from './peft-file';

export const command: CliCommand = {
  name: 'fmt',
  usage: 'peft fmt FILE... [--check]',
  summary: 'Format .peft files in place (--check: list files that are not formatted, exit 1).',
  run(args, io) {
    const { flags, files, unknown } = splitArgs(args);
    if (unknown.length) throw new UsageError(`unknown option --${unknown[0]}`);
    if (files.length === 0) throw new UsageError(`no files given (usage: ${this.usage})`);
    let code = 0;
    for (const file of files) {
      const read = readPeftFile(file, io.cwd);
      if (!read.ok) {
        io.stderr(`peft fmt: ${read.message}\n`);
        code = 2;
        continue;
      }
      const r = format(read.text);
      if (r.errors.length > 0) {
        io.stderr(toLines(file, read.text, r.errors));
        io.stderr(`peft fmt: ${file}: not formatted because it has syntax errors\n`);
        code = Math.max(code, 1);
        continue;
      }
      if (!r.changed) continue;
      if (flags.has('check')) {
        io.stdout(`${file}: would reformat\n`);
        code = Math.max(code, 1);
      } else {
        try {
          writeFileSync(read.path, r.text);
          io.stdout(`${file}: formatted\n`);
        } catch (err) {
          io.stderr(`peft fmt: ${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? 'error'})\n`);
          code = 2;
        }
      }
    }
    return Promise.resolve(code);
  },
};
