/**
 * PEFT Lab's VS Code extension. `activate` reads as a table of contents: every part is created
 * here, owns its disposables, and pushes them into `context.subscriptions`.
 */
import * as vscode from 'vscode';
import { startLanguageClient } from './client';
import { RunController } from './run-controller';
import { RunsTreeProvider } from './runs-view';
import { RunStatusBar } from './status-bar';
import { PeftCodeLensProvider } from './codelens';
import { registerRunCommands } from './commands/run-commands';
import { registerResultCommands } from './commands/result-commands';
import { registerPanels } from './panels';
import { registerExampleCommand } from './commands/example';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('PEFT Lab', { log: true });
  context.subscriptions.push(output);
  try {
    const runs = new RunController(context, output);
    const tree = new RunsTreeProvider(runs);
    const statusBar = new RunStatusBar(runs);
    context.subscriptions.push(
      runs,
      tree,
      statusBar,
      vscode.window.createTreeView('peftLab.runs', {
        treeDataProvider: tree,
        showCollapseAll: true,
      }),
      vscode.languages.registerCodeLensProvider({ language: 'peft' }, new PeftCodeLensProvider()),
    );
    const panels = registerPanels(context, runs, output);
    registerRunCommands(context, runs, tree);
    registerResultCommands(context, runs, panels, tree);
    registerExampleCommand(context);
    context.subscriptions.push(await startLanguageClient(context, output));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.error(`PEFT Lab failed to activate: ${message}`);
    void vscode.window
      .showErrorMessage(`PEFT Lab failed to activate: ${message}`, 'Show log')
      .then((pick) => {
        if (pick) output.show();
      });
    throw err;
  }
}

export function deactivate(): void {
  // Every resource is a disposable in context.subscriptions; VS Code disposes them.
}
