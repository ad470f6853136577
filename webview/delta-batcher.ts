/**
 * For hosts: coalesces streamed metric records into `points` messages, at most one per
 * `intervalMs` (default 100 ms, i.e. ≤ 10 messages a second however fast trials log), so a
 * sweep of many fast trials never floods the page. Timers are passed in (tests need no sleeps).
 */
import type { MetricRecord } from '../core/protocol';
import type { HostMessage } from './protocol';
import { seriesFromRecords } from './adapters';
import type { Timers } from './request-client';

export class DeltaBatcher {
  private readonly pending = new Map<string, MetricRecord[]>();
  private timer: unknown;

  constructor(
    private readonly post: (message: HostMessage) => void,
    private readonly timers: Timers,
    private readonly metric = 'eval_loss',
    private readonly intervalMs = 100,
  ) {}

  add(id: string, record: MetricRecord): void {
    let list = this.pending.get(id);
    if (!list) this.pending.set(id, (list = []));
    list.push(record);
    if (this.timer === undefined)
      this.timer = this.timers.setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Posts everything pending now (call before a `trial` end message, and on dispose). */
  flush(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.size) return;
    const series = [...this.pending].map(([id, records]) =>
      seriesFromRecords(id, records, this.metric),
    );
    this.pending.clear();
    this.post({ type: 'points', series });
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
