/** Opens the bundled example: copied into the workspace when one is open, so it can be run there. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import * as fs from 'node:fs';

export const EXAMPLE = 'examples/quickstart.peft';

export function registerExampleCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('peftLab.openExample', async () => {
      const source = context.asAbsolutePath(EXAMPLE);
      const folder = vscode.workspace.workspaceFolders?.[0];
      let target = vscode.Uri.file(source);
      if (folder) {
        target = vscode.Uri.joinPath(folder.uri, path.basename(EXAMPLE));
        if (!fs.existsSync(target.fsPath)) await fs.promises.copyFile(source, target.fsPath);
      }
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
    }),
  );
}
