/**
 * `peft cancel FILE [--sweep NAME]`: stops the running `peft run` of the file: SIGTERM to its
 * process (found in runner.json; it marks running trials `cancelled` and exits) and `scancel` of
 * its SLURM jobs. With --sweep, only a run started with that --sweep (or the whole file) is stopped.
 * Exit codes: 0 signalled, 1 nothing running, 2 usage.
 */
import { hostname } from 'node:os';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseArgs } from '../args';
import { loadPlan, selectRuns } from '../executor/plan-file';
import { readRunner, runnerAlive } from '../executor/runner-file';
import { sh } from '../executor/slurm';
import { notThisRun, SLURM_JOB_ID } from '../executor/process-identity';

export const command: CliCommand = {
  name: 'cancel',
  usage: 'peft cancel FILE [--sweep NAME]',
  summary: 'cancel the running `peft run` of a .peft file (and its SLURM jobs)',
  async run(args, io) {
    const a = parseArgs(args, ['--sweep'], []);
    if (a.positional.length !== 1) throw new UsageError('expected one FILE');
    const loaded = await loadPlan(a.positional[0]!, io);
    if (!loaded) return 1;
    const sweep = a.values.get('--sweep');
    selectRuns(loaded.plan, sweep);
    const runner = readRunner(loaded.root, loaded.plan.experiment);
    if (
      !runner ||
      !runnerAlive(runner) ||
      (sweep !== undefined && runner.sweep !== undefined && runner.sweep !== sweep)
    ) {
      io.stdout(
        `no peft run of ${loaded.plan.experiment}${sweep ? ` (sweep ${sweep})` : ''} is running\n`,
      );
      return 1;
    }
    // runner.json is workspace content: job ids and the pid are checked before anything is signalled.
    for (const job of runner.slurmJobs) {
      if (!SLURM_JOB_ID.test(job)) {
        io.stderr(`not cancelling ${JSON.stringify(job.slice(0, 40))}: not a SLURM job id\n`);
        continue;
      }
      try {
        // --name: scancel acts only if the job is this experiment's (sbatch --job-name=peft-<experiment>).
        await sh('scancel', [`--name=peft-${loaded.plan.experiment}`, job]);
        io.stdout(`scancel ${job}\n`);
      } catch (err) {
        io.stderr(`${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
    if (runner.host === hostname()) {
      const why = notThisRun(runner, loaded.path);
      if (why !== undefined) {
        io.stderr(`peft cancel: not signalling pid ${runner.pid}: ${why}\n`);
        return 1;
      }
      try {
        process.kill(runner.pid, 'SIGTERM');
        io.stdout(`sent SIGTERM to peft run (pid ${runner.pid})\n`);
      } catch (err) {
        io.stderr(
          `cannot signal pid ${runner.pid}: ${err instanceof Error ? err.message : String(err)}\n`,
        );
      }
    } else
      io.stdout(
        `peft run runs on ${runner.host} (pid ${runner.pid}); its SLURM jobs were cancelled\n`,
      );
    return 0;
  },
};
