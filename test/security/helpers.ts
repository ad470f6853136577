/**
 * Shared by the security suite: the CLI run in-process with captured output and a wall-clock
 * bound, a throwaway workspace, and a snapshot of every file outside `.peft/` so a test can prove
 * that a hostile input touched nothing.
 */
import {
  mkdtempSync,
  readdirSync,
  lstatSync,
  readFileSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { main } from '../../cli/main';

export interface CliResult {
  code: number;
  out: string;
  err: string;
  ms: number;
}

/** Runs `peft <args>` in `cwd`, failing the test when it takes longer than `boundMs`. */
export async function cli(args: string[], cwd: string, boundMs = 20000): Promise<CliResult> {
  let out = '';
  let err = '';
  const t0 = performance.now();
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`peft ${args.join(' ')} ran past ${boundMs} ms`)),
      boundMs,
    );
  });
  try {
    const code = await Promise.race([
      main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, signal: ac.signal }),
      bound,
    ]);
    return { code, out, err, ms: performance.now() - t0 };
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
}

/** A fresh workspace folder holding `files` (relative path → content). */
export function workspace(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'peft-sec-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Every regular file under `root` outside `.peft/`, with its content, for before/after comparison. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isDirectory()) {
        if (name !== '.peft') walk(p);
      } else if (st.isFile()) out.set(relative(root, p), readFileSync(p, 'latin1'));
      else out.set(relative(root, p), `<${st.isSymbolicLink() ? 'symlink' : 'special'}>`);
    }
  };
  walk(root);
  return out;
}

/** A small valid experiment whose adapter block is `adapter` (one training step, tiny corpus). */
export const tinyExperiment = (
  adapter = 'lora { target_modules = [q, v]  r = 4 }',
  extra = '',
): string =>
  `data d = corpus "sotu" { holdout = 10%  limit = 10k }
model m = transformer { vocab = bytes  width = 16  depth = 1  heads = 2  context = 16 }
adapter a = ${adapter}
run r { model = m  data = d  adapter = a  optimizer = adamw { lr = 1e-3 }  batch = 2  steps = 1 ${extra} }
`;
