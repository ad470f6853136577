/**
 * The terminal's reading of a run: counts, one line per running trial and an ETA, formatted from
 * core/run-progress.ts (the one progress model, shared with the extension) with the number of
 * local workers as the trials that run at once.
 */
import { formatSeconds } from '../core/format';
import type { RunEvent } from '../core/protocol';
import { RunProgress, type TrialProgress } from '../core/run-progress';

export class ProgressModel {
  readonly progress: RunProgress;

  constructor(
    private readonly workers: number,
    steps: (id: string) => number | undefined = () => undefined,
  ) {
    this.progress = new RunProgress(steps);
  }

  handle(ev: RunEvent, now: number): void {
    this.progress.apply(ev, now);
  }

  /** Running trials by id. */
  get running(): Map<string, TrialProgress> {
    return new Map(this.progress.running().map((t) => [t.id, t]));
  }

  remaining(): number {
    return this.progress.remaining();
  }

  /** Seconds left, or undefined before the first trial finishes. */
  eta(): number | undefined {
    return this.progress.eta(this.workers);
  }

  summary(): string {
    const c = this.progress.counts();
    const eta = this.eta();
    const parts = [`${c.done}/${c.total} done`];
    if (this.progress.cached) parts.push(`${this.progress.cached} cached`);
    parts.push(`${c.running} running`);
    if (c.failed) parts.push(`${c.failed} failed`);
    if (c.diverged) parts.push(`${c.diverged} diverged`);
    if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
    if (c.pruned) parts.push(`${c.pruned} pruned`);
    if (eta !== undefined && eta > 0) parts.push(`ETA ${formatSeconds(eta)}`);
    return parts.join(', ');
  }

  trialLine(r: TrialProgress): string {
    const step = r.steps ? `step ${r.step}/${r.steps}` : `step ${r.step}`;
    const loss = r.loss !== undefined ? `  loss ${r.loss.toFixed(4)}` : '';
    const tps = r.tokensPerSec ? `  ${Math.round(r.tokensPerSec)} tok/s` : '';
    return `  ${r.run}/${r.id}  ${step}${loss}${tps}`;
  }
}
