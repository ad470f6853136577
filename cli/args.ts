/**
 * The CLI's one argument parser, over node's util.parseArgs: options that take a value
 * (`--workers 2`, `--workers=2`), boolean flags, positionals. Anything else is a UsageError that
 * names the option, so every command reports bad arguments the same way.
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';

export interface ParsedArgs {
  /** Valued options by their `--name`. */
  values: Map<string, string>;
  /** Boolean flags given, by their `--name`. */
  flags: Set<string>;
  positional: string[];
}

/** Parses `args` against `valued` and `flags` (each written `--name`); throws UsageError on anything else. */
export function parseArgs(
  args: string[],
  valued: readonly string[],
  flags: readonly string[],
): ParsedArgs {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const v of valued) options[v.slice(2)] = { type: 'string' };
  for (const f of flags) options[f.slice(2)] = { type: 'boolean' };
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({ args, options, strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw new UsageError(usageMessage(err, args));
  }
  const values = new Map<string, string>();
  const set = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    if (typeof t.value === 'string') values.set(`--${t.name}`, t.value);
    else set.add(`--${t.name}`);
  }
  return { values, flags: set, positional: parsed.positionals };
}

/** util.parseArgs' errors in the CLI's words: "--x needs a value", "unknown option --y". */
function usageMessage(err: unknown, args: string[]): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const named = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && named) {
    const given = args.find((a) => a === named || a.startsWith(`${named}=`));
    return given?.includes('=') ? `${named} takes no value` : `${named} needs a value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && named) return `unknown option ${named}`;
  return message;
}
