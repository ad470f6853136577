/** Resolves the `.peft` file a command acts on: the argument, the active editor, or a pick. */
import * as vscode from 'vscode';

export async function activePeftFile(uri?: vscode.Uri): Promise<vscode.Uri> {
  if (uri instanceof vscode.Uri) return uri;
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'peft') {
    if (editor.document.isDirty) await editor.document.save();
    return editor.document.uri;
  }
  const files = await vscode.workspace.findFiles('**/*.peft', '**/node_modules/**', 50);
  const pick = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
    { placeHolder: 'Which .peft file?' },
  );
  if (!pick) throw new Error('No .peft file selected.');
  return pick.uri;
}
