/**
 * `peft trial --store DIR --experiment E --id ID [--backend NAME] [--json]`: runs one trial from its
 * trial.json in the store (what a SLURM array task calls). Writes the store like a local worker;
 * SIGTERM (scancel) or Ctrl-C cancels the trial. Exit codes: 0 done/diverged/skipped (finished
 * already), 1 failed, 3 locked by another process, 130 cancelled, 2 usage.
 */
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import type { EarlyStopSpec } from '../../core/types/plan';
import { parseArgs } from '../args';
import { executeTrial } from '../../runtime/worker/execute-trial';
import { readStoredTrial } from '../../store';
import { refusedTrials } from '../executor/refusals';

export const command: CliCommand = {
  name: 'trial',
  usage: 'peft trial --store DIR --experiment NAME --id TRIAL_ID [--backend NAME] [--json]',
  summary: 'run one trial of a run store from its trial.json (used by SLURM tasks)',
  async run(args, io) {
    const a = parseArgs(args, ['--store', '--experiment', '--id', '--backend'], ['--json']);
    const root = a.values.get('--store');
    const experiment = a.values.get('--experiment');
    const id = a.values.get('--id');
    if (!root || !experiment || !id || a.positional.length)
      throw new UsageError('expected --store DIR --experiment NAME --id TRIAL_ID');
    let stored;
    try {
      stored = readStoredTrial(root, experiment, id);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    if (!stored) throw new UsageError(`no readable trial.json for ${experiment}/${id} in ${root}`);
    const json = a.flags.has('--json');
    const trial = {
      id,
      run: stored.run,
      index: stored.index,
      axes: stored.axes,
      config: stored.config,
      estimates: stored.estimates,
      ...(validEarlyStop(stored.earlyStop) ? { earlyStop: stored.earlyStop } : {}),
    };
    const [refused] = refusedTrials([trial], a.values.get('--backend'));
    if (refused) {
      io.stderr(`peft trial: ${id} cannot run: ${refused.message}\n`);
      return 1;
    }
    const result = await executeTrial(root, trial, {
      signal: io.signal,
      backend: a.values.get('--backend'),
      executor: process.env.SLURM_JOB_ID ? 'slurm' : 'local',
      slurmJob: process.env.SLURM_ARRAY_JOB_ID
        ? `${process.env.SLURM_ARRAY_JOB_ID}_${process.env.SLURM_ARRAY_TASK_ID ?? ''}`
        : process.env.SLURM_JOB_ID,
      log: (l) => io.stderr(l + '\n'),
      onEvent: (ev) => {
        if (json) io.stdout(JSON.stringify(ev) + '\n');
        else if (ev.type === 'trial-end')
          io.stdout(`${ev.status} ${id}${ev.error ? `: ${ev.error}` : ''}\n`);
      },
    });
    const code =
      result === 'locked' ? 3 : result === 'failed' ? 1 : result === 'cancelled' ? 130 : 0;
    if (result === 'locked') io.stderr(`trial ${id} is held by another live process\n`);
    // The wasm backend's thread pool keeps the event loop alive after the trial: a SLURM task must
    // end when its trial has (its files are written and closed by now). unref: no delay otherwise.
    setTimeout(() => process.exit(code), 500).unref();
    return code;
  },
};

/** A trial.json's `earlyStop` as the pruner needs it (a hand-edited or older file may lack or damage it). */
function validEarlyStop(v: unknown): v is EarlyStopSpec {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.pruner === 'string' && typeof o.params === 'object' && o.params !== null;
}
