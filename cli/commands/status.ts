/**
 * `peft status FILE [--sweep NAME] [--json]`: each planned trial's state in the store (not run,
 * queued, running, done, failed, diverged, cancelled, pruned at step N), final eval loss, wall time, what the readers
 * skipped as damaged (store/damage.ts); and whether a `peft run` is running now. Exit code 0 (2 usage, 1 errors in the file).
 */
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseArgs } from '../args';
import { loadPlan, selectRuns, trialsOf } from '../executor/plan-file';
import { withSearchTrials } from '../executor/search-trials';
import { readRunner, runnerAlive } from '../executor/runner-file';
import { damageNote, readTrialDamage, readTrialStatus } from '../../store';
import type { TrialStatus } from '../../core/protocol';

/**
 * Where a trial ran, e.g. "wasm" or "webgpu on llvmpipe: Mesa 25.0.7 (software, no GPU)": the
 * adapter is what tells a GPU run from a software-emulated one.
 */
export function backendLabel(s: Pick<TrialStatus, 'backend' | 'device'> | undefined): string {
  if (!s?.backend) return '';
  if (!s.device) return s.backend;
  return `${s.backend} on ${s.device.adapter}${s.device.software ? ' (software, no GPU)' : ''}`;
}

export const command: CliCommand = {
  name: 'status',
  usage: 'peft status FILE [--sweep NAME] [--json]',
  summary: 'show the state of every trial of a .peft file in the run store',
  async run(args, io) {
    const a = parseArgs(args, ['--sweep'], ['--json']);
    if (a.positional.length !== 1) throw new UsageError('expected one FILE');
    const loaded = await loadPlan(a.positional[0]!, io);
    if (!loaded) return 1;
    const { root } = loaded;
    // Search runs list their trials only in the store's search state.
    const plan = withSearchTrials(root, loaded.text, loaded.options, loaded.plan);
    const rows = trialsOf(selectRuns(plan, a.values.get('--sweep'))).map((t) => {
      const s = readTrialStatus(root, plan.experiment, t.id);
      return {
        id: t.id,
        run: t.run,
        axes: t.axes,
        state: s?.state ?? 'not-run',
        final: s?.final,
        error: s?.error?.split('\n')[0],
        step: s?.step,
        wallSeconds: s?.wallSeconds,
        backend: s?.backend,
        device: s?.device,
        // What the readers skipped, said rather than hidden: damage looks like a trial that never ran.
        damage: damageNote(readTrialDamage(root, plan.experiment, t.id)),
      };
    });
    const runner = readRunner(root, plan.experiment);
    const active = runner && runnerAlive(runner) ? runner : undefined;
    if (a.flags.has('--json')) {
      io.stdout(
        JSON.stringify({ experiment: plan.experiment, runner: active ?? null, trials: rows }) +
          '\n',
      );
      return 0;
    }
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
    io.stdout(
      `${plan.experiment}: ${rows.length} trials — ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}\n`,
    );
    io.stdout(
      active
        ? `running: peft run pid ${active.pid} on ${active.host} (${active.executor}${active.slurmJobs.length ? `, jobs ${active.slurmJobs.join(' ')}` : ''})\n`
        : 'no peft run is running\n',
    );
    for (const r of rows) {
      const axes = Object.entries(r.axes)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ');
      const loss =
        r.final?.eval_loss !== undefined ? `  eval_loss ${r.final.eval_loss.toFixed(4)}` : '';
      const extra =
        r.state === 'failed'
          ? `  ${r.error ?? ''}`
          : r.state === 'diverged' || r.state === 'pruned'
            ? `  at step ${r.step}`
            : '';
      const where = backendLabel(r);
      io.stdout(
        `  ${r.state.padEnd(9)} ${r.run}/${r.id}  ${axes}${loss}${r.wallSeconds !== undefined ? `  ${r.wallSeconds.toFixed(1)} s` : ''}${where ? `  ${where}` : ''}${extra}\n`,
      );
      if (r.damage) io.stdout(`            ${r.damage} in trial ${r.id}\n`);
    }
    return 0;
  },
};
