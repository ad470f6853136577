/** Starts the `.peft` language server (dist/server.js over stdio) with vscode-languageclient. */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

export async function startLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): Promise<vscode.Disposable> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: {
      module,
      transport: TransportKind.stdio,
      options: { execArgv: ['--nolazy', '--inspect=6010'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'peft' }],
    outputChannel: output,
    synchronize: { configurationSection: 'peftLab' },
    initializationOptions: {
      inlayHints: vscode.workspace
        .getConfiguration('peftLab')
        .get<boolean>('inlayHints.enabled', true),
      intervalLevel: vscode.workspace
        .getConfiguration('peftLab')
        .get<number>('prediction.intervalLevel', 0.9),
      // The server reads files a document names (hf config.json) only in a trusted workspace.
      trusted: vscode.workspace.isTrusted,
      readRoots: vscode.workspace.getConfiguration('peftLab').get<string[]>('files.readRoots', []),
    },
  };
  const client = new LanguageClient(
    'peftLab',
    'PEFT Lab language server',
    serverOptions,
    clientOptions,
  );
  await client.start();
  // Trust is told at start-up; granting it restarts the server so it may read files from then on.
  const granted = vscode.workspace.onDidGrantWorkspaceTrust(() => void client.restart());
  return {
    dispose: () => {
      granted.dispose();
      void client.stop();
    },
  };
}
