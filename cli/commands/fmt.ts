/**
 * `peft fmt FILE|DIR... [--check]`: rewrite files in canonical layout; --check only reports (exit 1
 * when any would change). A directory stands for the .peft files below it (sorted, recursively).
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { format } from '../../core/dsl/format';
import { readPeftFile, splitArgs, toLines } from './peft-file';

export const command: CliCommand = {
  name: 'fmt',
  usage: 'peft fmt FILE|DIR... [--check]',
  summary: 'Format .peft files in place (--check: list files that are not formatted, exit 1).',
  run(args, io) {
    const { flags, files, unknown } = splitArgs(args);
    if (unknown.length) throw new UsageError(`unknown option --${unknown[0]}`);
    if (files.length === 0) throw new UsageError(`no files given (usage: ${this.usage})`);
    let code = 0;
    for (const file of files.flatMap((f) => expand(f, io.cwd))) {
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
          io.stderr(
            `peft fmt: ${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? 'error'})\n`,
          );
          code = 2;
        }
      }
    }
    return Promise.resolve(code);
  },
};

/** A directory's .peft files, recursively and sorted (paths as the user wrote the folder); a file as is. */
function expand(file: string, cwd: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(resolve(cwd, file)).isDirectory();
  } catch {
    return [file]; // readPeftFile reports the missing path
  }
  if (!isDir) return [file];
  return readdirSync(resolve(cwd, file), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory()
        ? expand(join(file, e.name), cwd)
        : e.name.endsWith('.peft')
          ? [join(file, e.name)]
          : [],
    );
}
