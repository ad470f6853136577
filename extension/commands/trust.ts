/** The runtime guard for commands that start the CLI (which reads files a `.peft` file names). */
import * as vscode from 'vscode';

const RUNS =
  'PEFT Lab does not run experiments in an untrusted workspace: a .peft file can start training processes. Trust the workspace to enable runs; language features keep working.';

/**
 * Wraps a command so it explains itself instead of running in an untrusted workspace. The menus'
 * `when` clauses hide these commands there too; this guard covers the command palette and keybindings.
 */
export function guardTrust<A extends unknown[]>(
  fn: (...args: A) => unknown,
  message = RUNS,
): (...args: A) => unknown {
  return (...args: A) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(message);
      return undefined;
    }
    return fn(...args);
  };
}

/**
 * The environment for a CLI child process: the user's extra read roots (peftLab.files.readRoots,
 * a restricted setting) become PEFT_LAB_READ_ROOTS, so the CLI reads the same files the
 * language server may (docs/security.md).
 */
export function cliEnv(): NodeJS.ProcessEnv {
  const roots = vscode.workspace
    .getConfiguration('peftLab')
    .get<string[]>('files.readRoots', [])
    .filter((r) => typeof r === 'string' && r !== '');
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  if (roots.length > 0)
    env['PEFT_LAB_READ_ROOTS'] = roots.join(process.platform === 'win32' ? ';' : ':');
  return env;
}
