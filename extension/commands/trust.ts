/** The runtime guard for commands that start the CLI (which reads files a `.peft` file names). */
import * as vscode from 'vscode';

const RUNS =
  'PEFT Lab does not run experiments in an untrusted workspace: a .peft file can start training processes. Trust the workspace to enable runs; language features keep working.';

/**
 * Wraps a command so it explains itself instead of running in an untrusted workspace. The menus'
 * `when` clauses hide these commands there too; this guard covers the command palette and keybindings.
 */
export function guardTrust<A extends unknown[]>(fn: (...args: A) => unknown, message = RUNS): (...args: A) => unknown {
  return (...args: A) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(message);
      return undefined;
    }
    return fn(...args);
  };
}
