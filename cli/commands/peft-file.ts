/**
 * Shared by `peft check`, `peft plan` and `peft fmt`: read a .peft file as strict UTF-8 and turn
 * diagnostics into the CLI's line and JSON forms. I/O problems are one-line messages, never traces.
 */
import { parseArgs } from '../args';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Diagnostic } from '../../core/dsl/diagnostics';
import { createLineMap } from '../../core/dsl/positions';

export type ReadResult = { ok: true; text: string; path: string } | { ok: false; message: string };

/** Reads `file` (relative to `cwd`); fails with a one-line message on a bad path, unreadable file or invalid UTF-8. */
export function readPeftFile(file: string, cwd: string): ReadResult {
  const path = resolve(cwd, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? 'cannot read');
    return { ok: false, message: `${file}: ${why}` };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path };
  } catch {
    return { ok: false, message: `${file}: not valid UTF-8 text` };
  }
}

/** The experiment name of a file: its base name without `.peft`. */
export const experimentName = (file: string): string => basename(file).replace(/\.peft$/i, '');

export interface JsonDiagnostic {
  file: string;
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  data?: unknown;
}

export function toJson(
  file: string,
  text: string,
  diagnostics: readonly Diagnostic[],
): JsonDiagnostic[] {
  const map = createLineMap(text);
  return diagnostics.map((d) => {
    const j: JsonDiagnostic = {
      file,
      code: String(d.code),
      severity: d.severity,
      message: d.message,
      range: { start: map.positionAt(d.range.start), end: map.positionAt(d.range.end) },
    };
    if (d.data) j.data = d.data;
    return j;
  });
}

/** `file:line:col: severity code: message` with 1-based line and column. */
export function toLines(file: string, text: string, diagnostics: readonly Diagnostic[]): string {
  const map = createLineMap(text);
  return diagnostics
    .map((d) => {
      const p = map.positionAt(d.range.start);
      return `${file}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code}: ${d.message}\n`;
    })
    .join('');
}

/**
 * The file commands' arguments (`--json`, `--check` and the `valued` names) through the CLI's one
 * parser (cli/args.ts): flags by name without dashes (booleans as "true") and the files. An
 * unknown option is a UsageError there, so `unknown` is always empty (kept for the callers' check).
 */
export function splitArgs(
  args: string[],
  valued: string[] = [],
): { flags: Map<string, string>; files: string[]; unknown: string[] } {
  const a = parseArgs(
    args,
    valued.map((v) => `--${v}`),
    ['--json', '--check'],
  );
  const flags = new Map<string, string>([...a.values].map(([k, v]) => [k.slice(2), v]));
  for (const f of a.flags) flags.set(f.slice(2), 'true');
  return { flags, files: a.positional, unknown: [] };
}
