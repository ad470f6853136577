/**
 * `peft run FILE [--sweep NAME] [--resume] [--executor local|slurm] [--workers N] [--backend B] [--memory BYTES] [--json]`:
 * plans the file, skips trials already finished in the store (same id: `done` or `diverged`;
 * `failed` ones too unless `--resume`), runs the rest, fits the file's laws, ends with `done`.
 * `--json` writes the RunEvent protocol (docs/protocol.md) on stdout; otherwise a progress display.
 * Trials whose engine cannot run their method or an option value (core/plan/runnable.ts) are
 * refused before any trial starts. Exit codes: 0 all trials done, 1 errors in the file or failed trials, 2 usage, 130 cancelled.
 */
import { hostname } from 'node:os';
import type { RunEvent, TrialState } from '../../core/protocol';
import { PROTOCOL_VERSION } from '../../core/protocol';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseArgs } from '../args';
import { loadPlan, selectRuns, trialsOf } from '../executor/plan-file';
import {
  claimRunner,
  heldElsewhere,
  markQueued,
  removeRunner,
  writeRunner,
  type RunnerInfo,
} from '../executor/runner-file';
import { processStartTicks } from '../executor/process-identity';
import { isSettled, readTrialStatus } from '../../store';
import { Progress } from '../progress';
import { mergeSlurm, takeSlurmFlags } from '../executor/slurm-flags';
import { refusedTrials } from '../executor/refusals';

export const command: CliCommand = {
  name: 'run',
  usage:
    'peft run FILE [--sweep NAME] [--resume] [--executor local|slurm] [--workers N] [--backend NAME] [--memory BYTES] [--slurm-partition P] [--slurm-time T] [--slurm-cpus N] [--slurm-gpus N] [--slurm-mem M] [--slurm-extra LINE]... [--json]',
  summary:
    'run the trials of a .peft file (or one sweep), skipping finished ones, then fit its laws',
  async run(args, io) {
    const { overrides: slurmFlags, rest } = takeSlurmFlags(args);
    const a = parseArgs(
      rest,
      ['--sweep', '--executor', '--workers', '--backend', '--memory'],
      ['--resume', '--json'],
    );
    if (a.positional.length !== 1) throw new UsageError('expected one FILE');
    const workersArg = a.values.get('--workers');
    const workers = workersArg === undefined ? undefined : Number(workersArg);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1))
      throw new UsageError(`--workers must be a positive integer, got '${workersArg}'`);
    const memArg = a.values.get('--memory');
    const memoryBudget = memArg === undefined ? undefined : Number(memArg);
    if (memoryBudget !== undefined && !(memoryBudget > 0))
      throw new UsageError(`--memory must be a positive number of bytes, got '${memArg}'`);
    const loaded = await loadPlan(a.positional[0]!, io);
    if (!loaded) return 1;
    const { root, plan } = loaded;
    const sweep = a.values.get('--sweep');
    const runs = selectRuns(plan, sweep);
    const executor =
      a.values.get('--executor') ?? runs.find((r) => r.executor)?.executor ?? 'local';
    if (executor !== 'local' && executor !== 'slurm')
      throw new UsageError(`--executor must be local or slurm, got '${executor}'`);
    const resume = a.flags.has('--resume');
    const trials = trialsOf(runs);
    const refused = refusedTrials(trials, a.values.get('--backend'));
    if (refused.length) {
      // Said before anything starts: a sweep never stops half-way on an option its engine lacks.
      for (const r of refused) {
        if (a.flags.has('--json'))
          io.stdout(
            JSON.stringify({ type: 'error', id: r.id, message: r.message } satisfies RunEvent) +
              '\n',
          );
        io.stderr(`peft run: trial ${r.id} (run ${r.run}) cannot run: ${r.message}\n`);
      }
      io.stderr(
        `peft run: ${refused.length} trial(s) are not runnable on their engine; nothing was started (see \`peft check\`'s not-runnable warnings).\n`,
      );
      return 1;
    }
    const steps = new Map(trials.map((t) => [t.id, t.config.steps]));
    const progress = a.flags.has('--json')
      ? undefined
      : new Progress({
          write: io.stdout,
          tty: Boolean(process.stdout.isTTY) && !process.env.CI,
          workers: workers ?? 2,
          steps: (id) => steps.get(id),
        });
    const emit = (ev: RunEvent): void =>
      progress ? progress.handle(ev) : io.stdout(JSON.stringify(ev) + '\n');
    const t0 = performance.now();
    const cached = new Set<string>();
    const cachedState = new Map<string, TrialState>();
    for (const t of trials) {
      const st = readTrialStatus(root, plan.experiment, t.id)?.state;
      // A pruned trial stays settled while its run still prunes (store/pruned.ts).
      if (isSettled(st, !!t.earlyStop) || (st === 'failed' && !resume)) cached.add(t.id);
      if (st && st !== 'done' && cached.has(t.id)) cachedState.set(t.id, st);
    }
    emit({
      type: 'plan',
      v: PROTOCOL_VERSION,
      experiment: plan.experiment,
      file: loaded.path,
      trials: trials.map((t) => ({
        id: t.id,
        run: t.run,
        axes: t.axes,
        cached: cached.has(t.id),
        ...(cachedState.has(t.id) ? { state: cachedState.get(t.id) } : {}),
      })),
    });
    const elsewhere = trials.filter((t) => !cached.has(t.id) && heldElsewhere(root, t));
    for (const t of elsewhere)
      emit({
        type: 'error',
        id: t.id,
        message: `trial ${t.id} is being trained by another process (its lock is held); not starting it twice`,
      });
    const pending = trials.filter((t) => !cached.has(t.id) && !elsewhere.includes(t));
    const startTicks = processStartTicks(process.pid);
    const runner: RunnerInfo = {
      pid: process.pid,
      host: hostname(),
      started: new Date().toISOString(),
      sweep,
      executor,
      slurmJobs: [],
      ...(startTicks === undefined ? {} : { startTicks }),
    };
    // One live run per experiment: a second one would overwrite runner.json and count the first one's trials as cancelled.
    let other: RunnerInfo | undefined;
    try {
      other = claimRunner(root, plan.experiment, runner, loaded.path);
    } catch (err) {
      // e.g. a symlinked store folder (store/atomic.ts refuses to write through it)
      io.stderr(`peft run: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    if (other) {
      io.stderr(
        `peft run: another peft run of ${plan.experiment} is running (pid ${other.pid} on ${other.host}); wait for it or stop it with peft cancel\n`,
      );
      return 1;
    }
    try {
      markQueued(root, pending);
      // One executor call for the grid and for each round of a search (search runs: cli/executor/search.ts).
      const execute = async (list: typeof pending): Promise<void> => {
        if (!list.length) return;
        if (executor === 'local') {
          const { runLocal } = await import('../executor/local');
          await runLocal(list, {
            root,
            workers,
            memoryBudget,
            backend: a.values.get('--backend'),
            signal: io.signal,
            onEvent: emit,
            log: (l) => io.stderr(l + '\n'),
          });
        } else {
          const { runSlurm } = await import('../executor/slurm');
          await runSlurm(list, {
            root,
            experiment: plan.experiment,
            options: mergeSlurm(runs.find((r) => r.slurm)?.slurm ?? {}, slurmFlags),
            backend: a.values.get('--backend'),
            signal: io.signal,
            onEvent: emit,
            onSubmit: (job) =>
              writeRunner(root, plan.experiment, {
                ...runner,
                slurmJobs: [...runner.slurmJobs, job],
              }),
          });
        }
      };
      try {
        await execute(pending);
        const { runSearches } = await import('../executor/search-rounds');
        const searched = await runSearches(runs, {
          loaded,
          workers,
          resume,
          signal: io.signal,
          backend: a.values.get('--backend'),
          emit,
          onTrials: (list) => list.forEach((t) => steps.set(t.id, t.config.steps)),
          execute,
        });
        for (const t of searched) if (!pending.some((p) => p.id === t.id)) pending.push(t);
      } catch (err) {
        // e.g. sbatch refused the job: the trials stay queued, the user sees why
        emit({
          type: 'error',
          message: `${executor} executor: ${err instanceof Error ? err.message : String(err)}`,
        });
        if (!progress) io.stderr(`peft run: ${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
      }
      const counts = { done: 0, failed: 0, diverged: 0, cancelled: 0, pruned: 0 };
      for (const t of pending) {
        const st = readTrialStatus(root, plan.experiment, t.id)?.state;
        if (st === 'done' || st === 'failed' || st === 'diverged' || st === 'pruned') counts[st]++;
        else counts.cancelled++;
      }
      if (!io.signal.aborted && plan.laws.length) {
        try {
          const { fitAndSave } = await import('../../store/fits');
          const { withSearchTrials } = await import('../executor/search-trials');
          const fits = fitAndSave(root, withSearchTrials(root, loaded.text, loaded.options, plan));
          for (const fit of fits.fits) emit({ type: 'fit', law: fit.law, result: fit });
        } catch (err) {
          emit({
            type: 'error',
            message: `fitting the laws failed: ${err instanceof Error ? err.message : String(err)}`,
          });
        }
      }
      emit({
        type: 'done',
        ...counts,
        cached: cached.size,
        wallSeconds: (performance.now() - t0) / 1000,
      });
      if (io.signal.aborted) return 130;
      return counts.failed || elsewhere.length || counts.cancelled ? 1 : 0;
    } finally {
      removeRunner(root, plan.experiment, process.pid);
    }
  },
};
