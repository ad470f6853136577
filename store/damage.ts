/**
 * What the store's readers skipped in one trial folder. They never throw on damage (store/read.ts):
 * a damaged status.json or trial.json reads as absent and a damaged metrics line is skipped, which,
 * unsaid, makes a damaged trial look like one that never ran or stopped early. Commands and views
 * report it with `damageNote`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FILES, trialDir } from './paths';
import { readMetricsCounted, readStoredTrial, readTrialStatus } from './read';

export interface TrialDamage {
  /** metrics.jsonl lines skipped: torn, unparsable or missing their kind's fields. */
  metricLines: number;
  /** status.json exists but is no status (unparsable, unknown state). */
  status: boolean;
  /** trial.json exists but is not this trial's record. */
  trial: boolean;
}

/**
 * The damage in trial `id`'s folder. `metrics: false` leaves metrics.jsonl unread (metricLines 0),
 * for views that refresh often over many trials. Throws only for an id that is not a store id.
 */
export function readTrialDamage(
  root: string,
  experiment: string,
  id: string,
  opts: { metrics?: boolean } = {},
): TrialDamage {
  const dir = trialDir(root, experiment, id);
  const damaged = (file: string, read: () => unknown): boolean =>
    read() === undefined && existsSync(join(dir, file));
  return {
    metricLines: opts.metrics === false ? 0 : readMetricsCounted(root, experiment, id).skipped,
    status: damaged(FILES.status, () => readTrialStatus(root, experiment, id)),
    trial: damaged(FILES.trial, () => readStoredTrial(root, experiment, id)),
  };
}

/** One phrase for what was skipped, e.g. "3 damaged metric lines skipped", or undefined when nothing was. */
export function damageNote(d: TrialDamage): string | undefined {
  const parts = [
    d.metricLines > 0
      ? `${d.metricLines} damaged metric line${d.metricLines === 1 ? '' : 's'} skipped`
      : '',
    d.status ? `${FILES.status} damaged (read as no status)` : '',
    d.trial ? `${FILES.trial} damaged (skipped)` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}
