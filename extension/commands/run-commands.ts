/** Palette commands that start and stop runs. All are disabled in untrusted workspaces. */
import * as vscode from 'vscode';
import { guardTrust } from './trust';
import * as fs from 'node:fs';
import type { RunController } from '../run-controller';
import type { RunsTreeProvider, RunsNode } from '../runs-view';
import { blockKind } from '../codelens';
import { activePeftFile } from './active-file';

const BACKENDS = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

export function registerRunCommands(
  context: vscode.ExtensionContext,
  runs: RunController,
  tree: RunsTreeProvider,
): void {
  const register = (id: string, fn: (...args: never[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, guardTrust(fn)));
  };

  register('peftLab.runExperiment', async (uri?: vscode.Uri) =>
    start(runs, await activePeftFile(uri)),
  );
  register('peftLab.runSweep', async (uri?: vscode.Uri, sweep?: string) => {
    const file = await activePeftFile(uri);
    const name = sweep ?? (await pickSweep(file));
    if (name) start(runs, file, { sweep: name });
  });
  register('peftLab.resume', async (uri?: vscode.Uri, sweep?: string) =>
    start(runs, await activePeftFile(uri), { sweep, resume: true }),
  );
  register('peftLab.stop', (uri?: vscode.Uri) => runs.stop(uri));
  register('peftLab.selectBackend', async () => {
    const pick = await vscode.window.showQuickPick(BACKENDS, {
      placeHolder: 'Backend for new runs (auto = the fastest present)',
    });
    if (pick)
      await vscode.workspace
        .getConfiguration('peftLab')
        .update('backend', pick, vscode.ConfigurationTarget.Workspace);
  });
  register('peftLab.rerunTrial', async (node?: RunsNode) => {
    if (node?.kind !== 'trial') return;
    // A trial re-runs when its folder is gone: the next resume plans it again under the same id.
    await fs.promises.rm(node.trial.dir, { recursive: true, force: true });
    const file = node.trial.trial.config.experiment;
    const uri = (await vscode.workspace.findFiles(`**/${file}.peft`, '**/node_modules/**', 1))[0];
    if (uri) start(runs, uri, { sweep: node.trial.trial.run, resume: true });
    tree.refresh();
  });
  register('peftLab.deleteTrial', async (node?: RunsNode) => {
    if (node?.kind !== 'trial') return;
    const ok = await vscode.window.showWarningMessage(
      `Delete trial ${node.trial.trial.id} and its metrics?`,
      { modal: true },
      'Delete',
    );
    if (ok !== 'Delete') return;
    await fs.promises.rm(node.trial.dir, { recursive: true, force: true });
    tree.refresh();
  });
}

function start(
  runs: RunController,
  file: vscode.Uri,
  opts: { sweep?: string; resume?: boolean } = {},
): void {
  const run = runs.start({ file, ...opts });
  void vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `PEFT Lab: ${opts.sweep ?? 'experiment'}`,
      cancellable: true,
    },
    (progress, token) => {
      token.onCancellationRequested(() => runs.stop(file));
      const sub = runs.onDidChange((changed) => {
        if (changed === run) progress.report({ message: run.progress.summary() });
      });
      return run.exit.then((code) => {
        sub.dispose();
        const c = run.progress.counts();
        const message = `PEFT Lab: ${c.done} done, ${c.failed + c.diverged} failed, ${c.cancelled} cancelled`;
        if (code === 0)
          void vscode.window.showInformationMessage(message, 'Show loss curves').then((p) => {
            if (p) void vscode.commands.executeCommand('peftLab.showLossCurves', file);
          });
        else
          void vscode.window
            .showWarningMessage(`${message} (exit ${code ?? 'killed'})`, 'Show log')
            .then((p) => {
              if (p) void vscode.commands.executeCommand('peftLab.showLog');
            });
      });
    },
  );
}

async function pickSweep(file: vscode.Uri): Promise<string | undefined> {
  const symbols =
    (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
      'vscode.executeDocumentSymbolProvider',
      file,
    )) ?? [];
  const names = symbols
    .filter((s) => blockKind(s) === 'run')
    .map((s) => ({ label: s.name, description: s.detail }));
  if (names.length === 0) {
    void vscode.window.showWarningMessage('This file has no run blocks.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(names, { placeHolder: 'Sweep to run' }))?.label;
}
