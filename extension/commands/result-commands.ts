/** Commands that read results: charts, report, export, run folder, log. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import type { RunController } from '../run-controller';
import type { Panels, PanelView } from '../panels';
import type { RunsNode, RunsTreeProvider } from '../runs-view';
import { activePeftFile } from './active-file';
import { cliEnv, guardTrust } from './trust';

export function registerResultCommands(
  context: vscode.ExtensionContext,
  runs: RunController,
  panels: Panels,
  tree: RunsTreeProvider,
): void {
  const register = (id: string, fn: (...args: never[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };
  const show = (view: PanelView) => async (arg?: vscode.Uri | RunsNode, focus?: string) => {
    const file = await fileOf(arg);
    panels.open(view, file, typeof focus === 'string' ? focus : trialOf(arg));
  };
  register('peftLab.showLossCurves', show('curves'));
  register('peftLab.showScalingLaws', show('laws'));
  register('peftLab.showSweepTable', show('table'));
  register('peftLab.showAxes', show('axes'));
  register('peftLab.refreshRuns', () => tree.refresh());
  register(
    'peftLab.showLog',
    () =>
      void vscode.commands.executeCommand(
        'workbench.action.output.show.extension-output-peft-lab.peft-lab-#1-PEFT Lab',
      ),
  );

  // Report and export start the CLI, which reads the files a .peft file names (CSV, config.json).
  const untrusted =
    'PEFT Lab does not build reports or exports in an untrusted workspace: they read files the .peft file names. Trust the workspace to enable them.';
  register(
    'peftLab.openReport',
    guardTrust(async (uri?: vscode.Uri) => {
      const file = await activePeftFile(uri);
      const out = path.join(storeRoot(file), `${path.basename(file.fsPath, '.peft')}-report.html`);
      await cli(runs, ['report', file.fsPath, '--out', out], file);
      await vscode.env.openExternal(vscode.Uri.file(out));
    }, untrusted),
  );

  register(
    'peftLab.exportResults',
    guardTrust(async (uri?: vscode.Uri) => {
      const file = await activePeftFile(uri);
      const format = await vscode.window.showQuickPick(['csv', 'json'], {
        placeHolder: 'Export format',
      });
      if (!format) return;
      const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(file.fsPath.replace(/\.peft$/, `.${format}`)),
        filters: { [format.toUpperCase()]: [format] },
      });
      if (!target) return;
      const text = await cli(runs, ['export', file.fsPath, '--format', format], file);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      void vscode.window.showInformationMessage(
        `Exported results to ${vscode.workspace.asRelativePath(target)}`,
      );
    }, untrusted),
  );

  register('peftLab.openRunFolder', async (arg?: vscode.Uri | RunsNode) => {
    const dir =
      arg && !(arg instanceof vscode.Uri) && arg.kind === 'trial'
        ? arg.trial.dir
        : storeRoot(await fileOf(arg));
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dir));
  });
}

async function fileOf(arg?: vscode.Uri | RunsNode): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri) return activePeftFile(arg);
  if (arg && 'experiment' in arg) {
    const found = await vscode.workspace.findFiles(
      `**/${arg.experiment}.peft`,
      '**/node_modules/**',
      1,
    );
    if (found[0]) return found[0];
  }
  return activePeftFile();
}

function trialOf(arg?: vscode.Uri | RunsNode): string | undefined {
  return arg && !(arg instanceof vscode.Uri) && arg.kind === 'trial'
    ? arg.trial.trial.id
    : undefined;
}

/** The experiment's folder in the run store, which lives next to the `.peft` file (as the CLI writes it). */
export function storeRoot(file: vscode.Uri): string {
  return path.join(path.dirname(file.fsPath), '.peft', 'runs', path.basename(file.fsPath, '.peft'));
}

/** Runs a short CLI command (report, export) and returns its stdout; a failure is shown. */
function cli(runs: RunController, args: string[], file: vscode.Uri): Promise<string> {
  const { command, args: full } = runs.cliCommand(args, file);
  const cwd = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath ?? path.dirname(file.fsPath);
  return new Promise((resolve, reject) => {
    execFile(command, full, { cwd, env: cliEnv(), maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(stderr.trim() || err.message));
      else resolve(stdout);
    });
  });
}
