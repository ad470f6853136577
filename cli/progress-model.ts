/**
 * The state behind the terminal progress display, fed with RunEvents: counts of trials by state,
 * each running trial's step, loss and tokens/s, and an ETA from the mean wall time per finished
 * trial and the number of workers. Pure: time is passed in.
 */
import { formatSeconds } from '../core/format';
import type { RunEvent } from '../core/protocol';

export interface RunningTrial {
  id: string;
  run: string;
  step: number;
  steps?: number;
  loss?: number;
  tokensPerSec?: number;
  started: number;
}

export class ProgressModel {
  total = 0;
  cached = 0;
  done = 0;
  failed = 0;
  diverged = 0;
  cancelled = 0;
  running = new Map<string, RunningTrial>();
  private wallSum = 0;
  private wallCount = 0;

  constructor(
    private readonly workers: number,
    private readonly steps: (id: string) => number | undefined = () => undefined,
  ) {}

  handle(ev: RunEvent, now: number): void {
    if (ev.type === 'plan') {
      this.total = ev.trials.length;
      this.cached = ev.trials.filter((t) => t.cached).length;
    } else if (ev.type === 'trial-start') {
      this.running.set(ev.id, { id: ev.id, run: ev.run, step: 0, steps: this.steps(ev.id), started: now });
    } else if (ev.type === 'metric') {
      const r = this.running.get(ev.id);
      if (r) Object.assign(r, { step: ev.step, loss: ev.loss, tokensPerSec: ev.tokensPerSec });
    } else if (ev.type === 'trial-end') {
      const r = this.running.get(ev.id);
      this.running.delete(ev.id);
      if (ev.status === 'done') this.done++;
      else if (ev.status === 'failed') this.failed++;
      else if (ev.status === 'diverged') this.diverged++;
      else this.cancelled++;
      const wall = ev.wallSeconds ?? (r ? (now - r.started) / 1000 : undefined);
      if (wall !== undefined && ev.status !== 'cancelled') {
        this.wallSum += wall;
        this.wallCount++;
      }
    }
  }

  /** Trials still to run (not finished, not cached). */
  remaining(): number {
    return Math.max(0, this.total - this.cached - this.done - this.failed - this.diverged - this.cancelled);
  }

  /** Seconds left, or undefined before the first trial finishes. */
  eta(): number | undefined {
    if (!this.wallCount) return undefined;
    const mean = this.wallSum / this.wallCount;
    return (mean * this.remaining()) / Math.max(1, this.workers);
  }

  summary(): string {
    const eta = this.eta();
    const parts = [`${this.done + this.cached}/${this.total} done`];
    if (this.cached) parts.push(`${this.cached} cached`);
    parts.push(`${this.running.size} running`);
    if (this.failed) parts.push(`${this.failed} failed`);
    if (this.diverged) parts.push(`${this.diverged} diverged`);
    if (this.cancelled) parts.push(`${this.cancelled} cancelled`);
    if (eta !== undefined) parts.push(`ETA ${formatSeconds(eta)}`);
    return parts.join(', ');
  }

  trialLine(r: RunningTrial): string {
    const step = r.steps ? `step ${r.step}/${r.steps}` : `step ${r.step}`;
    const loss = r.loss !== undefined ? `  loss ${r.loss.toFixed(4)}` : '';
    const tps = r.tokensPerSec ? `  ${Math.round(r.tokensPerSec)} tok/s` : '';
    return `  ${r.run}/${r.id}  ${step}${loss}${tps}`;
  }
}
