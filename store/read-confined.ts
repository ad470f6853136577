/**
 * The one way a path written in a `.peft` file is read (an hf config.json, a `from csv` table):
 * the path must resolve — symlinks followed — inside an allowed root (the workspace, or folders
 * the user lists in PEFT_LAB_READ_ROOTS), name a regular file (never a FIFO, a device or
 * /dev/stdin, which would block the process), hold at most `maxBytes` and be valid UTF-8.
 * Failures throw an Error whose message gives the reason and never the file's content, so a
 * hostile file cannot make the tools print or store `/etc/shadow`.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, relative, resolve } from 'node:path';

/** Files larger than this are refused: a config.json is kilobytes, a results table rarely megabytes. */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

export interface ReadPolicy {
  /** Folders the path may resolve into (the workspace). */
  roots: readonly string[];
  maxBytes?: number;
}

/** Extra read roots the user allows, from PEFT_LAB_READ_ROOTS (path-delimiter separated). */
export function userReadRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env['PEFT_LAB_READ_ROOTS'] ?? '')
    .split(delimiter)
    .filter((p) => p !== '' && isAbsolute(p));
}

const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Reads `path` (relative to `base`) under `policy`; throws an Error with the reason. */
export function readConfinedText(path: string, base: string, policy: ReadPolicy): string {
  const full = isAbsolute(path) ? path : resolve(base, path);
  let real: string;
  try {
    real = realpathSync(full);
  } catch (e) {
    throw new Error('no such file', { cause: e });
  }
  if (!policy.roots.some((r) => inside(realOrSelf(r), real))) {
    throw new Error(
      'the path leads outside the workspace (list extra folders in PEFT_LAB_READ_ROOTS to allow them)',
    );
  }
  const max = policy.maxBytes ?? MAX_READ_BYTES;
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not wait; fstat below refuses it anyway.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new Error(`cannot open (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > max) throw new Error(`larger than ${max} bytes (${st.size})`);
    const buf = Buffer.alloc(Math.min(st.size, max) + 1);
    let n = 0;
    while (n < buf.length) {
      const k = readSync(fd, buf, n, buf.length - n, null);
      if (k <= 0) break;
      n += k;
    }
    if (n > max) throw new Error(`larger than ${max} bytes`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, n));
    } catch (e) {
      throw new Error('not valid UTF-8 text', { cause: e });
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The `resolveFile` seam core takes, for paths written in a file in `base`: returns the text, or
 * throws an Error naming the path and the reason (core turns it into a diagnostic).
 */
export function confinedResolver(base: string, policy: ReadPolicy): (path: string) => string {
  return (path) => {
    try {
      return readConfinedText(path, base, policy);
    } catch (e) {
      throw new Error(`cannot read "${path}": ${(e as Error).message}`, { cause: e });
    }
  };
}
