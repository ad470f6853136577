/**
 * The trials an engine cannot run (core/plan/runnable.ts), found before any trial starts: `peft
 * run` refuses the whole run, `peft trial` its one trial. A `--backend` flag overrides the file's
 * backend, so it can change the engine and is applied first.
 */
import { trialRefusals } from '../../core/plan';
import type { Trial } from '../../core/types/plan';

export interface RefusedTrial {
  id: string;
  run: string;
  message: string;
}

export function refusedTrials(trials: readonly Trial[], backendFlag?: string): RefusedTrial[] {
  const out: RefusedTrial[] = [];
  for (const t of trials) {
    const config = backendFlag ? { ...t.config, backend: backendFlag } : t.config;
    const reasons = trialRefusals(config, t.checkpoint !== undefined);
    if (reasons.length)
      out.push({ id: t.id, run: t.run, message: reasons.map((r) => r.message).join(' ') });
  }
  return out;
}
