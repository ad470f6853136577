/**
 * The Runs view's words for trial states, pure (no vscode import) so they are unit-tested: a
 * pruned trial says where early stopping stopped it, and a sweep's counts name pruned trials
 * apart from failed ones (a pruner's decision is not an error).
 */
import type { TrialState } from '../core/protocol';

/** "pruned at step 30" for a pruned trial with its step; the state itself otherwise. */
export function trialStateText(state: TrialState, step: number | undefined): string {
  return state === 'pruned' && step !== undefined ? `pruned at step ${step}` : state;
}

/** "4/9 done · 5 pruned · 1 failed" from the trials' states. */
export function describeCounts(states: readonly TrialState[]): string {
  const count = (...s: TrialState[]): number => states.filter((x) => s.includes(x)).length;
  const pruned = count('pruned');
  const bad = count('failed', 'diverged');
  return `${count('done')}/${states.length} done${pruned ? ` · ${pruned} pruned` : ''}${bad ? ` · ${bad} failed` : ''}`;
}
