/**
 * The `peft` command-line interface. Each command lives in its own file under `commands/`;
 * this file only dispatches, so start-up loads just the command that runs.
 */
import type { CliCommand, CliIO } from './command';
import { UsageError } from './command';
import { commands } from './commands';

function help(): string {
  const lines = ['usage: peft <command> [options]', '', 'commands:'];
  for (const [name, entry] of Object.entries(commands))
    lines.push(`  ${name.padEnd(8)} ${entry.summary}`);
  lines.push('', 'Run `peft <command> --help` for the options of one command.');
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout('peft-lab 0.1.0\n');
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr(`peft: unknown command '${name}'\n${help()}`);
    return 2;
  }
  let command: CliCommand;
  try {
    command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`usage: ${command.usage}\n${command.summary}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`peft ${name}: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`peft ${name}: internal error: ${message}\n`);
    if (process.env.PEFT_DEBUG) io.stderr(`${err instanceof Error ? err.stack : ''}\n`);
    return 70;
  }
}

/** Wires `main` to the real process: signals, streams, exit code. */
export function runCli(): void {
  // `peft plan x.peft | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: CliIO = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    signal: controller.signal,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`peft: ${String(err)}\n`);
      process.exitCode = 70;
    },
  );
}

if (require.main === module) runCli();
