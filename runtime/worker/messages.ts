/** Messages between the scheduler and a local worker process (Node IPC, JSON). */
import type { Trial } from '../../core/types/plan';
import type { RunEvent } from '../../core/protocol';
import type { ExecuteResult } from './execute-trial';

export type ToWorker =
  { type: 'run'; root: string; trial: Trial; backend?: string } | { type: 'cancel' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'event'; event: RunEvent }
  | { type: 'log'; line: string }
  | { type: 'finished'; id: string; result: ExecuteResult };
