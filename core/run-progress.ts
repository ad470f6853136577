/**
 * The one model of a running sweep, folded from `peft run --json` events (core/protocol.ts): each
 * trial's state, step, loss and throughput, the counts, and an ETA. The CLI's terminal display
 * (cli/progress.ts) and the extension's status bar and Runs view (extension/progress-model.ts)
 * only format it. Pure: the time of each event is passed in.
 */
import type { RunEvent, TrialState } from './protocol';

export interface TrialProgress {
  id: string;
  run: string;
  axes: Record<string, unknown>;
  state: TrialState;
  step: number;
  /** Planned steps, when the caller knows them. */
  steps?: number;
  loss?: number;
  evalLoss?: number;
  tokensPerSec?: number;
  backend?: string;
  error?: string;
  final?: Record<string, number>;
  /** When it started (ms, the caller's clock). */
  started?: number;
}

export type ProgressCounts = Record<TrialState, number> & { total: number };

export class RunProgress {
  readonly trials = new Map<string, TrialProgress>();
  experiment = '';
  file = '';
  /** Trials already in the store when the run started. */
  cached = 0;
  finished = false;
  lastLoss: number | undefined;
  private wallSum = 0;
  private wallCount = 0;

  constructor(private readonly stepsOf: (id: string) => number | undefined = () => undefined) {}

  apply(ev: RunEvent, now: number): void {
    switch (ev.type) {
      case 'plan':
        this.experiment = ev.experiment;
        this.file = ev.file;
        for (const t of ev.trials) {
          this.trials.set(t.id, {
            id: t.id,
            run: t.run,
            axes: t.axes,
            state: t.cached ? (t.state ?? 'done') : 'queued',
            step: 0,
          });
          if (t.cached) this.cached++;
        }
        break;
      case 'trial-start':
        this.update(ev.id, {
          state: 'running',
          run: ev.run,
          backend: ev.backend,
          started: now,
          steps: this.stepsOf(ev.id),
        });
        break;
      case 'metric':
        this.lastLoss = ev.loss;
        this.update(ev.id, { step: ev.step, loss: ev.loss, tokensPerSec: ev.tokensPerSec });
        break;
      case 'eval':
        this.update(ev.id, { evalLoss: ev.metrics.eval_loss });
        break;
      case 'trial-end': {
        const started = this.trials.get(ev.id)?.started;
        this.update(ev.id, { state: ev.status, error: ev.error, final: ev.final });
        const wall = ev.wallSeconds ?? (started !== undefined ? (now - started) / 1000 : undefined);
        if (wall !== undefined && ev.status !== 'cancelled') {
          this.wallSum += wall;
          this.wallCount++;
        }
        break;
      }
      case 'done':
        this.finished = true;
        break;
      default:
        break;
    }
  }

  counts(): ProgressCounts {
    const c = {
      queued: 0,
      running: 0,
      done: 0,
      failed: 0,
      diverged: 0,
      cancelled: 0,
      pruned: 0,
      total: this.trials.size,
    };
    for (const t of this.trials.values()) c[t.state]++;
    return c;
  }

  /** The trials running now, in start order. */
  running(): TrialProgress[] {
    return [...this.trials.values()].filter((t) => t.state === 'running');
  }

  /** Trials still to run or running. */
  remaining(): number {
    const c = this.counts();
    return c.queued + c.running;
  }

  /**
   * Seconds left: the mean wall time of the trials finished in this run × the trials left ÷ the
   * trials that run at once; undefined before one finished, 0 when none is left.
   */
  eta(parallel: number): number | undefined {
    const left = this.remaining();
    if (left === 0) return 0;
    if (!this.wallCount) return undefined;
    return ((this.wallSum / this.wallCount) * left) / Math.max(1, parallel);
  }

  private update(id: string, patch: Partial<TrialProgress>): void {
    const trial = this.trials.get(id) ?? {
      id,
      run: '',
      axes: {},
      state: 'queued' as TrialState,
      step: 0,
    };
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) (trial as unknown as Record<string, unknown>)[key] = value;
    }
    this.trials.set(id, trial);
  }
}
