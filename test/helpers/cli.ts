/** The `peft` command run in-process (cli/main.ts), for tests that read what it prints. */
import { main } from '../../cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `peft <args>` in `cwd` and collects its exit code, stdout and stderr. */
export async function runCli(args: string[], cwd: string = process.cwd()): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    cwd,
    signal: new AbortController().signal,
  });
  return { code, out, err };
}
