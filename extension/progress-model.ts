/**
 * The state of one running sweep, folded from RunEvents: what the status bar, the progress
 * notification and the Runs view show. Pure, so it is unit-tested without VS Code.
 */
import { formatSeconds } from '../core/format';
import type { RunEvent, TrialState } from '../core/protocol';

export interface TrialProgress {
  id: string;
  run: string;
  axes: Record<string, unknown>;
  state: TrialState;
  step: number;
  loss?: number;
  evalLoss?: number;
  backend?: string;
  error?: string;
  final?: Record<string, number>;
}

export class SweepProgress {
  readonly trials = new Map<string, TrialProgress>();
  experiment = '';
  file = '';
  cached = 0;
  finished = false;
  private readonly startedAt: number;
  private lastLoss: number | undefined;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  apply(event: RunEvent): void {
    switch (event.type) {
      case 'plan':
        this.experiment = event.experiment;
        this.file = event.file;
        for (const t of event.trials) {
          this.trials.set(t.id, { id: t.id, run: t.run, axes: t.axes, state: t.cached ? 'done' : 'queued', step: 0 });
          if (t.cached) this.cached += 1;
        }
        break;
      case 'trial-start':
        this.update(event.id, { state: 'running', backend: event.backend });
        break;
      case 'metric':
        this.lastLoss = event.loss;
        this.update(event.id, { step: event.step, loss: event.loss });
        break;
      case 'eval':
        this.update(event.id, { evalLoss: event.metrics.eval_loss });
        break;
      case 'trial-end':
        this.update(event.id, { state: event.status, error: event.error, final: event.final });
        break;
      case 'done':
        this.finished = true;
        break;
      default:
        break;
    }
  }

  counts(): Record<TrialState, number> & { total: number } {
    const c = { queued: 0, running: 0, done: 0, failed: 0, diverged: 0, cancelled: 0, total: this.trials.size };
    for (const t of this.trials.values()) c[t.state] += 1;
    return c;
  }

  /** Seconds left, extrapolated from trials finished in this session; undefined until one finished. */
  etaSeconds(): number | undefined {
    const c = this.counts();
    const finishedHere = c.done + c.failed + c.diverged - this.cached;
    const left = c.queued + c.running;
    if (finishedHere <= 0 || left === 0) return left === 0 ? 0 : undefined;
    const elapsed = (this.now() - this.startedAt) / 1000;
    return (elapsed / finishedHere) * left;
  }

  /** One line: "3/10 trials · loss 2.31 · ETA 4 min". */
  summary(): string {
    const c = this.counts();
    const ended = c.done + c.failed + c.diverged + c.cancelled;
    const parts = [`${ended}/${c.total} trials`];
    if (c.failed + c.diverged > 0) parts.push(`${c.failed + c.diverged} failed`);
    if (this.lastLoss !== undefined) parts.push(`loss ${this.lastLoss.toFixed(3)}`);
    const eta = this.etaSeconds();
    if (eta !== undefined && !this.finished) parts.push(`ETA ${formatSeconds(eta)}`);
    return parts.join(' · ');
  }

  private update(id: string, patch: Partial<TrialProgress>): void {
    const trial = this.trials.get(id) ?? { id, run: '', axes: {}, state: 'queued' as TrialState, step: 0 };
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) (trial as unknown as Record<string, unknown>)[key] = value;
    }
    this.trials.set(id, trial);
  }
}
