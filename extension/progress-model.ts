/**
 * The extension's reading of one running sweep (status bar, progress notification, Runs view):
 * core/run-progress.ts folds the events (the one progress model, shared with the CLI); this adds
 * the clock and the one-line summary. Pure, so it is unit-tested without VS Code.
 */
import { formatSeconds } from '../core/format';
import type { RunEvent } from '../core/protocol';
import { RunProgress, type ProgressCounts, type TrialProgress } from '../core/run-progress';

export type { TrialProgress };

export class SweepProgress {
  private readonly progress = new RunProgress();
  /** The most trials seen running at once: how many run in parallel (the extension is not told). */
  private parallel = 1;

  constructor(private readonly now: () => number = Date.now) {}

  get trials(): Map<string, TrialProgress> {
    return this.progress.trials;
  }
  get experiment(): string {
    return this.progress.experiment;
  }
  get file(): string {
    return this.progress.file;
  }
  get cached(): number {
    return this.progress.cached;
  }
  get finished(): boolean {
    return this.progress.finished;
  }

  apply(event: RunEvent): void {
    this.progress.apply(event, this.now());
    this.parallel = Math.max(this.parallel, this.progress.counts().running);
  }

  counts(): ProgressCounts {
    return this.progress.counts();
  }

  /** Seconds left, from the trials finished in this session; undefined until one finished. */
  etaSeconds(): number | undefined {
    return this.progress.eta(this.parallel);
  }

  /** One line: "3/10 trials · loss 2.31 · ETA 4 min". */
  summary(): string {
    const c = this.counts();
    const ended = c.done + c.failed + c.diverged + c.cancelled + c.pruned;
    const parts = [`${ended}/${c.total} trials`];
    if (c.pruned > 0) parts.push(`${c.pruned} pruned`);
    if (c.failed + c.diverged > 0) parts.push(`${c.failed + c.diverged} failed`);
    if (this.progress.lastLoss !== undefined)
      parts.push(`loss ${this.progress.lastLoss.toFixed(3)}`);
    const eta = this.etaSeconds();
    if (eta !== undefined && !this.finished) parts.push(`ETA ${formatSeconds(eta)}`);
    return parts.join(' · ');
  }
}
