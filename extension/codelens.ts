/**
 * CodeLenses above each `run` block (run, resume, curves) and each `law` (show fit). Block
 * positions come from the language server's document symbols, so there is one parser.
 */
import * as vscode from 'vscode';

export class PeftCodeLensProvider implements vscode.CodeLensProvider {
  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const symbols =
      (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
        'vscode.executeDocumentSymbolProvider',
        document.uri,
      )) ?? [];
    const lenses: vscode.CodeLens[] = [];
    const uri = document.uri;
    for (const symbol of symbols) {
      const kind = blockKind(symbol);
      const range = symbol.selectionRange;
      if (kind === 'run') {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(play) Run sweep',
            command: 'peftLab.runSweep',
            arguments: [uri, symbol.name],
          }),
          new vscode.CodeLens(range, {
            title: 'Resume',
            command: 'peftLab.resume',
            arguments: [uri, symbol.name],
          }),
          new vscode.CodeLens(range, {
            title: 'Loss curves',
            command: 'peftLab.showLossCurves',
            arguments: [uri],
          }),
        );
      } else if (kind === 'law') {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(graph-line) Show scaling law',
            command: 'peftLab.showScalingLaws',
            arguments: [uri, symbol.name],
          }),
        );
      }
    }
    return lenses;
  }
}

/** The block keyword of a top-level symbol: the server puts it first in `detail` ("run · 12 trials"). */
export function blockKind(symbol: { detail?: string }): string | undefined {
  return symbol.detail?.split(/[\s·:]/)[0]?.toLowerCase();
}
