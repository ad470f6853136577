/**
 * Runs sweeps by driving the `peft run --json` CLI in a child process (training never happens in
 * the extension host), folds its events into SweepProgress, and tells listeners what changed.
 */
import * as vscode from 'vscode';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { RunEvent } from '../core/protocol';
import { EventLineSplitter } from './event-stream';
import { SweepProgress } from './progress-model';
import { runFlags, runSettings } from './settings';
import { cliEnv } from './commands/trust';

export interface ActiveRun {
  file: vscode.Uri;
  sweep?: string;
  progress: SweepProgress;
  process: ChildProcess;
  exit: Promise<number | null>;
}

export interface RunRequest {
  file: vscode.Uri;
  sweep?: string;
  resume?: boolean;
  trial?: string;
}

export class RunController implements vscode.Disposable {
  private readonly active = new Map<string, ActiveRun>();
  private readonly changed = new vscode.EventEmitter<ActiveRun | undefined>();
  private readonly events = new vscode.EventEmitter<{ run: ActiveRun; event: RunEvent }>();
  readonly onDidChange = this.changed.event;
  readonly onEvent = this.events.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get runs(): ActiveRun[] {
    return [...this.active.values()];
  }

  isRunning(file: vscode.Uri): boolean {
    return this.active.has(file.toString());
  }

  /** The CLI entry and the arguments that run it with the user's Node (or VS Code's). */
  cliCommand(args: string[], resource?: vscode.Uri): { command: string; args: string[] } {
    const cli = this.context.asAbsolutePath(path.join('bin', 'peft.js'));
    const node = runSettings(resource).nodePath || process.execPath;
    return { command: node, args: [cli, ...args] };
  }

  start(request: RunRequest): ActiveRun {
    if (!vscode.workspace.isTrusted)
      throw new Error('Runs are disabled in an untrusted workspace.');
    const key = request.file.toString();
    const existing = this.active.get(key);
    if (existing) return existing;
    const settings = runSettings(request.file);
    const args = ['run', request.file.fsPath, '--json', ...runFlags(settings)];
    if (request.sweep) args.push('--sweep', request.sweep);
    if (request.resume) args.push('--resume');
    const { command, args: full } = this.cliCommand(args, request.file);
    const cwd =
      vscode.workspace.getWorkspaceFolder(request.file)?.uri.fsPath ??
      path.dirname(request.file.fsPath);
    this.output.info(`$ ${command} ${full.join(' ')}`);
    const child = spawn(command, full, {
      cwd,
      env: cliEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const progress = new SweepProgress();
    const run: ActiveRun = {
      file: request.file,
      sweep: request.sweep,
      progress,
      process: child,
      exit: new Promise((resolve) => child.on('close', (code) => resolve(code))),
    };
    const splitter = new EventLineSplitter(
      (event) => {
        progress.apply(event);
        if (event.type === 'error') this.output.error(event.message);
        if (event.type === 'trial-end' && event.error)
          this.output.warn(`trial ${event.id}: ${event.error}`);
        this.events.fire({ run, event });
        this.changed.fire(run);
      },
      (line) => this.output.info(line),
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => splitter.push(chunk));
    child.stderr
      ?.setEncoding('utf8')
      .on('data', (chunk: string) => this.output.info(chunk.trimEnd()));
    child.on('error', (err) => this.output.error(`could not start the peft CLI: ${err.message}`));
    void run.exit.then((code) => {
      splitter.end();
      this.output.info(`peft run exited with code ${code ?? 'null'}`);
      this.active.delete(key);
      this.changed.fire(undefined);
    });
    this.active.set(key, run);
    this.changed.fire(run);
    return run;
  }

  /** Stops a run the way Ctrl-C does: the CLI marks running trials cancelled and exits. */
  stop(file?: vscode.Uri): void {
    const targets = file ? [this.active.get(file.toString())] : [...this.active.values()];
    for (const run of targets) run?.process.kill('SIGINT');
  }

  dispose(): void {
    this.stop();
    this.changed.dispose();
    this.events.dispose();
  }
}
