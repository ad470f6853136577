/**
 * `peft import FILE [--out PATH] [--config PATH]`: an adapter_config.json (PEFT) or an axolotl /
 * LLaMA-Factory YAML → a `.peft` file (printed, or written to --out). Fields that cannot be
 * carried over are listed on stderr and as comments in the file. Exit 2 on unreadable or
 * unsupported input (the message names the field or line).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { importAdapterConfig, importFrameworkYaml } from '../../core/interop';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseArgs } from '../args';

export const command: CliCommand = {
  name: 'import',
  usage:
    'peft import adapter_config.json|config.yaml [--out FILE.peft] [--config path/to/config.json]',
  summary: 'turn a PEFT adapter_config.json or an axolotl/LLaMA-Factory YAML into a .peft file',
  run(args, io) {
    const a = parseArgs(args, ['--out', '--config'], []);
    if (a.positional.length !== 1) throw new UsageError(`expected one FILE (usage: ${this.usage})`);
    const path = resolve(io.cwd, a.positional[0]!);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new UsageError(
        `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const config = a.values.get('--config');
    const opts = { source: basename(path), ...(config ? { config } : {}) };
    let result;
    try {
      result = /\.ya?ml$/i.test(path)
        ? importFrameworkYaml(text, opts)
        : importAdapterConfig(text, opts);
    } catch (err) {
      throw new UsageError(`${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const w of result.warnings) io.stderr(`peft import: ${w}\n`);
    const out = a.values.get('--out');
    if (out) writeFileSync(resolve(io.cwd, out), result.text);
    else io.stdout(result.text);
    return Promise.resolve(0);
  },
};
