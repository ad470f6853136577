/** Validates one stdout line of the torch worker against core/protocol.ts `TorchMessage`. */
import type { MetricRecord, TorchMessage } from '../../core/protocol';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** JSON has no NaN: the worker sends a non-finite number as null. */
const numOrNaN = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

function metric(r: unknown): MetricRecord | undefined {
  if (!isObj(r) || typeof r['step'] !== 'number') return undefined;
  const base = {
    step: r['step'],
    tokens: numOrNaN(r['tokens']),
    flops: numOrNaN(r['flops']),
    wall: numOrNaN(r['wall']),
  };
  if (r['kind'] === 'train')
    return {
      kind: 'train',
      ...base,
      loss: numOrNaN(r['loss']),
      lr: numOrNaN(r['lr']),
      gradNorm: numOrNaN(r['gradNorm']),
      tokensPerSec: numOrNaN(r['tokensPerSec']),
    };
  if (r['kind'] === 'eval' && isObj(r['metrics'])) {
    return {
      kind: 'eval',
      ...base,
      metrics: Object.fromEntries(Object.entries(r['metrics']).map(([k, v]) => [k, numOrNaN(v)])),
    };
  }
  return undefined;
}

/** The message, or undefined when the line is not one (the bridge reports it if no outcome follows). */
export function parseTorchMessage(line: string): TorchMessage | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObj(v)) return undefined;
  switch (v['type']) {
    case 'metric': {
      const record = metric(v['record']);
      return record ? { type: 'metric', record } : undefined;
    }
    case 'log':
      return typeof v['line'] === 'string' ? { type: 'log', line: v['line'] } : undefined;
    case 'info':
      return typeof v['backend'] === 'string' && typeof v['device'] === 'string'
        ? (v as TorchMessage)
        : undefined;
    case 'outcome':
      return ['done', 'diverged', 'cancelled'].includes(String(v['status'])) &&
        typeof v['step'] === 'number' &&
        isObj(v['final'])
        ? (v as TorchMessage)
        : undefined;
    case 'error':
      return typeof v['message'] === 'string'
        ? {
            type: 'error',
            message: v['message'],
            traceback: typeof v['traceback'] === 'string' ? v['traceback'] : '',
          }
        : undefined;
    default:
      return undefined;
  }
}
