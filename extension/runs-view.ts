/**
 * The Runs view: experiments → sweeps → trials, from the run stores of the open workspace folders,
 * merged with the live progress of running sweeps. Refreshes when a run changes or the store does.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { TrialState } from '../core/protocol';
import type { RunController } from './run-controller';
import { readStoreTrials } from './store-reader';
import type { StoreTrial } from './store-reader';
import { describeCounts as describeStates, trialStateText } from './trial-labels';

type Node =
  | { kind: 'experiment'; root: string; experiment: string; trials: StoreTrial[] }
  | { kind: 'sweep'; root: string; experiment: string; run: string; trials: StoreTrial[] }
  | { kind: 'trial'; root: string; experiment: string; trial: StoreTrial };

const ICONS: Record<TrialState, [string, string?]> = {
  queued: ['circle-outline'],
  running: ['sync~spin', 'charts.blue'],
  done: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  diverged: ['warning', 'list.warningForeground'],
  cancelled: ['circle-slash'],
  // Stopped by early_stop: a decision, not an error; its curve up to the rung is kept.
  pruned: ['debug-step-out', 'disabledForeground'],
};

export class RunsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly runs: RunController) {
    this.disposables.push(runs.onDidChange(() => this.refreshSoon()));
    const watcher = vscode.workspace.createFileSystemWatcher('**/.peft/runs/**/status.json');
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.refreshSoon()),
      watcher.onDidCreate(() => this.refreshSoon()),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Coalesces bursts of events (a trial streams metrics many times a second). */
  private refreshSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, 500);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.experiments();
    if (node.kind === 'experiment') {
      const byRun = groupBy(node.trials, (t) => t.trial.run);
      return [...byRun].map(([run, trials]) => ({
        kind: 'sweep',
        root: node.root,
        experiment: node.experiment,
        run,
        trials,
      }));
    }
    if (node.kind === 'sweep') {
      return node.trials.map((trial) => ({
        kind: 'trial',
        root: node.root,
        experiment: node.experiment,
        trial,
      }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.experiment, vscode.TreeItemCollapsibleState.Expanded);
      item.description = describeCounts(node.trials);
      item.contextValue = 'experiment';
      item.iconPath = new vscode.ThemeIcon('beaker');
      return item;
    }
    if (node.kind === 'sweep') {
      const item = new vscode.TreeItem(node.run, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = describeCounts(node.trials);
      item.contextValue = 'sweep';
      item.iconPath = new vscode.ThemeIcon('list-tree');
      return item;
    }
    const { trial, status } = node.trial;
    const state = this.liveState(node) ?? status.state;
    const label =
      Object.entries(trial.axes)
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join(' ') || trial.id.slice(0, 8);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    const metric = status.final?.[trial.config.metric];
    item.description = [
      trialStateText(state, status.step),
      metric !== undefined ? `${trial.config.metric} ${metric.toFixed(4)}` : '',
      status.backend ?? '',
      node.trial.damage ? 'damaged' : '',
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = new vscode.MarkdownString(
      `**${trial.id}**\n\n${node.trial.damage ? `Skipped: ${node.trial.damage}\n\n` : ''}${status.error ? `Error: ${status.error}\n\n` : ''}\`\`\`json\n${JSON.stringify(trial.axes, null, 2)}\n\`\`\``,
    );
    const [icon, color] = ICONS[state];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = 'trial';
    item.command = {
      command: 'peftLab.showLossCurves',
      title: 'Show loss curves',
      arguments: [node],
    };
    return item;
  }

  private liveState(node: Extract<Node, { kind: 'trial' }>): TrialState | undefined {
    for (const run of this.runs.runs) {
      const live = run.progress.trials.get(node.trial.trial.id);
      if (live) return live.state;
    }
    return undefined;
  }

  /** Every run store in the workspace: each lives next to its `.peft` file, in any folder. */
  private async experiments(): Promise<Node[]> {
    const markers = await vscode.workspace.findFiles(
      '**/.peft/runs/*/*/trial.json',
      '**/node_modules/**',
      20_000,
    );
    // <root>/.peft/runs/<experiment>/<id>/trial.json → <root>
    const roots = new Set(
      markers.map((uri) => path.resolve(uri.fsPath, '..', '..', '..', '..', '..')),
    );
    const nodes: Node[] = [];
    for (const root of [...roots].sort()) {
      for (const [experiment, trials] of groupBy(readStoreTrials(root), (t) => t.experiment)) {
        nodes.push({ kind: 'experiment', root, experiment, trials });
      }
    }
    return nodes;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export type RunsNode = Node;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

function describeCounts(trials: StoreTrial[]): string {
  return describeStates(trials.map((t) => t.status.state));
}
