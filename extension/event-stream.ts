/**
 * Splits the CLI's stdout into `RunEvent`s (one JSON object per line, core/protocol.ts).
 * Pure: no vscode import, so it is unit-tested directly. A malformed line is reported, not thrown.
 */
import type { RunEvent } from '../core/protocol';

const EVENT_TYPES = new Set([
  'plan',
  'trial-start',
  'metric',
  'eval',
  'trial-end',
  'error',
  'fit',
  'done',
]);

export class EventLineSplitter {
  private pending = '';

  constructor(
    private readonly onEvent: (event: RunEvent) => void,
    private readonly onBadLine: (line: string) => void,
  ) {}

  /** Feeds a chunk of stdout; complete lines are parsed, a partial last line is kept. */
  push(chunk: string): void {
    this.pending += chunk;
    let newline = this.pending.indexOf('\n');
    while (newline >= 0) {
      this.line(this.pending.slice(0, newline));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
  }

  /** Flushes a last line without a newline (the process ended). */
  end(): void {
    if (this.pending.trim()) this.line(this.pending);
    this.pending = '';
  }

  private line(raw: string): void {
    const text = raw.trim();
    if (!text) return;
    const event = parseRunEvent(text);
    if (event) this.onEvent(event);
    else this.onBadLine(text);
  }
}

/** Parses one line into a RunEvent, or undefined when it is not one (wrong JSON, unknown type). */
export function parseRunEvent(text: string): RunEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) return undefined;
  return value as RunEvent;
}
