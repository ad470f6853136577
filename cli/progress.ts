/**
 * Terminal progress for `peft run`: on a TTY a block of lines redrawn in place (at most every
 * 200 ms): the summary and one line per running trial; elsewhere (CI logs, pipes) plain lines,
 * one per trial start/end and a summary every 10 s.
 */
import type { RunEvent } from '../core/protocol';
import { ProgressModel } from './progress-model';

export interface ProgressOptions {
  write: (text: string) => void;
  tty: boolean;
  workers: number;
  steps?: (id: string) => number | undefined;
  now?: () => number;
}

export class Progress {
  readonly model: ProgressModel;
  private drawn = 0;
  private last = 0;
  private readonly now: () => number;

  constructor(private readonly o: ProgressOptions) {
    this.model = new ProgressModel(o.workers, o.steps);
    this.now = o.now ?? Date.now;
  }

  handle(ev: RunEvent): void {
    const now = this.now();
    this.model.handle(ev, now);
    if (this.o.tty) {
      if (
        ev.type === 'trial-end' ||
        ev.type === 'error' ||
        ev.type === 'done' ||
        now - this.last > 200
      )
        this.redraw(ev, now);
      return;
    }
    const line = plainLine(ev, this.model);
    if (line) this.o.write(line + '\n');
    if (ev.type === 'metric' && now - this.last > 10_000) {
      this.last = now;
      this.o.write(`[progress] ${this.model.summary()}\n`);
    }
  }

  private redraw(ev: RunEvent, now: number): void {
    this.last = now;
    let out = this.drawn ? `\x1b[${this.drawn}A\x1b[J` : '';
    const permanent = plainLine(ev, this.model);
    if (permanent && ev.type !== 'trial-start') out += permanent + '\n';
    const block = [
      this.model.summary(),
      ...[...this.model.running.values()].map((r) => this.model.trialLine(r)),
    ];
    if (ev.type === 'done') block.length = 0;
    out += block.map((l) => l + '\n').join('');
    this.drawn = block.length;
    this.o.write(out);
  }
}

function plainLine(ev: RunEvent, m: ProgressModel): string | undefined {
  switch (ev.type) {
    case 'plan':
      return `${ev.experiment}: ${ev.trials.length} trials (${ev.trials.filter((t) => t.cached).length} already in the store)`;
    case 'trial-start':
      return `start ${ev.run}/${ev.id}${ev.backend ? ` on ${ev.backend}` : ''}`;
    case 'trial-end': {
      const detail =
        ev.status === 'failed'
          ? `: ${ev.error ?? ''}`
          : ev.status === 'diverged' || ev.status === 'pruned'
            ? ` at step ${ev.step ?? '?'}`
            : ev.final?.eval_loss !== undefined
              ? `  eval_loss ${ev.final.eval_loss.toFixed(4)}`
              : '';
      const wall = ev.wallSeconds !== undefined ? `  (${ev.wallSeconds.toFixed(1)} s)` : '';
      return `${ev.status} ${ev.id}${detail}${wall}  [${m.summary()}]`;
    }
    case 'error':
      return `error${ev.id ? ` ${ev.id}` : ''}: ${ev.message}`;
    case 'fit':
      return `fitted law ${ev.law}`;
    case 'done':
      return `finished in ${ev.wallSeconds.toFixed(1)} s: ${ev.done} done, ${ev.cached} cached, ${ev.failed} failed, ${ev.diverged} diverged, ${ev.cancelled} cancelled${ev.pruned ? `, ${ev.pruned} pruned` : ''}`;
    default:
      return undefined;
  }
}
