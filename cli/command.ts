/**
 * One CLI command. `run` returns the process exit code: 0 success, 1 the input has errors
 * (diagnostics, failed trials), 2 usage or I/O errors (bad path, unreadable file, invalid UTF-8).
 * Commands print to the streams passed in (never console.*), so tests can capture them.
 */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Aborted on Ctrl-C / SIGTERM: long commands stop cleanly. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {}
