// Scripted trial curves for the pruner tests: reports are appended in a global order (seq), as
// the run store appends metrics lines, so each test reads like the timeline it scripts.
import type { TrialCurve, TrialState } from '../../../core/search/types';

export class Timeline {
  readonly trials = new Map<string, TrialCurve>();
  private seq = 0;

  /** Appends a report of `value` at `step` to trial `id` (created on first use) and returns this. */
  report(id: string, step: number, value: number): this {
    const t = this.trials.get(id) ?? { id, state: 'running' as TrialState, reports: [] };
    t.reports.push({ step, value, seq: ++this.seq });
    this.trials.set(id, t);
    return this;
  }

  finish(id: string): this {
    this.trials.get(id)!.state = 'complete';
    return this;
  }

  /** A deep copy of the history as a store reader would return it. */
  history(): TrialCurve[] {
    return structuredClone([...this.trials.values()]);
  }
}
