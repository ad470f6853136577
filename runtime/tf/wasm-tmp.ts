/**
 * The per-process temp folder of the wasm pthread pool (wasm-threads.ts). An exit handler removes
 * it, but a SIGKILLed process runs none, so the folder is named after its owner's pid and the next
 * process to make one removes those whose owner is dead.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pidAlive } from '../../store/lock';

const PREFIX = 'peft-wasm-';
/** `peft-wasm-<pid>-<mkdtemp suffix>`; folders of older versions (no pid) are left alone. */
const OWNED = /^peft-wasm-(\d+)-[A-Za-z0-9]+$/;

/**
 * Removes the wasm folders in `tmp` whose owner process is dead: only plain folders (never a
 * symlink), owned by this user, of another pid. Returns the names removed; never throws.
 */
export function removeStaleWasmDirs(tmp: string = os.tmpdir()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  const removed: string[] = [];
  for (const name of names) {
    const m = OWNED.exec(name);
    const pid = Number(m?.[1]);
    if (!m || pid === process.pid || pidAlive(pid)) continue;
    const dir = path.join(tmp, name);
    try {
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // gone meanwhile, or not ours to remove: left as it is
    }
  }
  return removed;
}

/** A fresh folder for this process, removed at exit; stale ones of dead processes go first. */
export function makeWasmTmpDir(tmp: string = os.tmpdir()): string {
  removeStaleWasmDirs(tmp);
  const dir = fs.mkdtempSync(path.join(tmp, `${PREFIX}${process.pid}-`));
  // The pool may grow (and load the worker file) until the process ends, so it stays until then.
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
