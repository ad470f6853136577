/**
 * Page → host requests with ids and timeouts. `request` posts `{type:'request', id, …}` and
 * resolves when the host's `response` with the same id arrives, or rejects after `timeoutMs`
 * with an error naming the method and the wait. Timers are passed in so tests need no sleeps.
 */
import type { PageMessage, PageRequestMethod } from './protocol';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface Pending {
  resolve(): void;
  reject(err: Error): void;
  timer: unknown;
}

export class RequestClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly post: (m: PageMessage) => void,
    private readonly timers: Timers,
    private readonly timeoutMs = 10_000,
  ) {}

  request(method: PageRequestMethod, trial?: string): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`request ${method} (#${id}) got no response within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const message: PageMessage = { type: 'request', id, method };
      if (trial !== undefined) message.trial = trial;
      this.post(message);
    });
  }

  /** Settles the request `id`; returns false for an unknown (late or foreign) id. */
  settle(id: number, ok: boolean, error?: string): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    this.timers.clearTimeout(p.timer);
    if (ok) p.resolve();
    else p.reject(new Error(error ?? `request #${id} failed`));
    return true;
  }

  get inFlight(): number {
    return this.pending.size;
  }
}
