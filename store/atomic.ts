/**
 * Whole-file writes readers never see half-done: write a temp file in the same folder, fsync,
 * rename. The run store sits in the workspace, which a repository controls, and trial ids are
 * predictable, so a planted symlink (`.peft/runs/x/<id>/status.json → ~/.bashrc`) must never be
 * written through: folders under `.peft` are checked to be real folders, new files are created
 * exclusively with O_NOFOLLOW, and rename replaces a link instead of following it.
 */
import {
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join, parse, sep } from 'node:path';

let counter = 0;

/**
 * Creates `dir` and checks that it and every folder from `.peft` down to it is a real folder, not
 * a symlink. Throws an Error naming the link otherwise.
 */
export function ensureStoreDir(dir: string): void {
  const root = parse(dir).root;
  const parts = dir
    .slice(root.length)
    .split(sep)
    .filter((p) => p !== '');
  const from = parts.lastIndexOf('.peft');
  if (from < 0) {
    mkdirSync(dir, { recursive: true }); // not a store folder (e.g. a user-chosen --out directory)
    return;
  }
  const above = join(root, ...parts.slice(0, from));
  mkdirSync(above, { recursive: true });
  // From .peft down, one level at a time, so mkdir never walks through a planted link.
  let cur = above;
  for (const part of parts.slice(from)) {
    cur = join(cur, part);
    try {
      mkdirSync(cur);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const st = lstatSync(cur);
    if (st.isSymbolicLink() || !st.isDirectory())
      throw new Error(
        `refusing to write into ${cur}: it is a symlink or not a folder (the run store must be plain folders)`,
      );
  }
}

/** Opens a new file for writing: fails if anything (a file or a planted symlink) is already there. */
export function openNew(path: string, mode = 0o644): number {
  return openSync(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    mode,
  );
}

/** Opens `path` empty for writing: an existing entry (a file, or a symlink to anywhere) is removed first, never followed. */
export function openFresh(path: string): number {
  ensureStoreDir(dirname(path));
  rmSync(path, { force: true });
  return openNew(path);
}

export function writeAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  ensureStoreDir(dirname(path));
  const tmp = `${path}.${process.pid}.${counter++}.tmp`;
  const fd = openNew(tmp, mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/** The parsed JSON of a file, or undefined when missing or unparsable (never throws). */
export function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
