/**
 * The order WSD branches run in (core/plan/branches.ts): a trial that starts from another
 * trial's checkpoint waits while that trial is still queued or running here, so the shared
 * stable phase is trained once. A leader that is not in this run (already finished, refused,
 * held by another process) does not hold its branches back: they use its checkpoint if it has
 * one and start from step 0 otherwise.
 */
import type { Trial } from '../../core/types/plan';

/** The position in `queue` of the first trial that may start now, or -1 when all wait. */
export function nextReady(queue: readonly Trial[], running: readonly Trial[]): number {
  const pending = new Set<string>();
  for (const t of queue) pending.add(t.id);
  for (const t of running) pending.add(t.id);
  return queue.findIndex((t) => !t.branchFrom || !pending.has(t.branchFrom.trial));
}
