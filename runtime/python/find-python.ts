/**
 * Finds the Python interpreter that the torch backend and the Python-backed tests use, without
 * spawning anything: `PEFT_LAB_PYTHON` (a user's own interpreter, e.g. one with a CUDA torch) wins;
 * otherwise the project's environment that scripts/python-env.sh builds from the pinned files in
 * python/, at `${XDG_CACHE_HOME:-~/.cache}/peft-lab/py-<hash>`, where <hash> is the first 16 hex
 * digits of the SHA-256 of python/requirements.txt followed by python/constraints.txt. Clones with
 * the same lock share one environment; a change of pins gets a new one. The script writes the
 * marker file last, so a half-built environment (interrupted install) is never returned.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The pinned files, in the order they are hashed (scripts/python-env.sh hashes the same). */
export const LOCK_FILES = ['python/requirements.txt', 'python/constraints.txt'] as const;
/** Written by scripts/python-env.sh once every package is installed and imports. */
export const READY_MARKER = '.peft-lab-ready';

/** The repository (or installed extension) folder that holds python/constraints.txt, searched upwards from here. */
export function projectRoot(from: string = __dirname): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, LOCK_FILES[1]))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The hash that names the environment: SHA-256 of the lock files' bytes, concatenated in order. */
export function lockHash(root: string): string {
  const h = createHash('sha256');
  for (const f of LOCK_FILES) h.update(readFileSync(join(root, f)));
  return h.digest('hex').slice(0, 16);
}

/** Where scripts/python-env.sh puts the environment for this lock (it may not exist yet). */
export function projectEnvDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cache, 'peft-lab', `py-${lockHash(root)}`);
}

/**
 * The interpreter to run: `PEFT_LAB_PYTHON` when set (returned as given, even if missing, so the
 * caller's error names the user's own setting), else the project's environment when it is complete,
 * else undefined (the caller says to run `bash scripts/python-env.sh` or set `PEFT_LAB_PYTHON`).
 */
export function findProjectPython(
  env: NodeJS.ProcessEnv = process.env,
  root: string | undefined = projectRoot(),
): string | undefined {
  if (env.PEFT_LAB_PYTHON) return env.PEFT_LAB_PYTHON;
  if (!root) return undefined;
  const dir = projectEnvDir(root, env);
  const python = join(dir, 'bin', 'python');
  return existsSync(join(dir, READY_MARKER)) && existsSync(python) ? python : undefined;
}

/** The sentence an error shows when no interpreter is found. */
export const NO_PYTHON_HINT =
  'no Python environment for PEFT Lab: run `bash scripts/python-env.sh` (pinned torch, transformers, peft, scipy) or set PEFT_LAB_PYTHON to an interpreter that has them';
