/** A status-bar item that shows the running sweep's progress; click → Runs view. */
import * as vscode from 'vscode';
import type { RunController } from './run-controller';

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'peftLab.progress',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly subscription: vscode.Disposable;

  constructor(private readonly runs: RunController) {
    this.item.name = 'PEFT Lab';
    this.item.command = 'peftLab.runs.focus';
    this.subscription = runs.onDidChange(() => this.render());
  }

  private render(): void {
    const active = this.runs.runs;
    if (active.length === 0) {
      this.item.hide();
      return;
    }
    const text = active.map((r) => r.progress.summary()).join(' | ');
    this.item.text = `$(beaker~spin) ${text}`;
    this.item.tooltip = 'PEFT Lab: sweep running. Click to open the Runs view.';
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
