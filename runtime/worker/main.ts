/**
 * The local worker process (bundled to dist/worker.js): receives trials from the scheduler over
 * IPC, one at a time, runs each with executeTrial (which writes the store), streams events back.
 * SIGINT/SIGTERM or a `cancel` message cancel the running trial; when the parent goes away (its
 * IPC channel closes) the worker exits, leaving a lock that the next run finds stale.
 */
import { executeTrial } from './execute-trial';
import type { FromWorker, ToWorker } from './messages';

let current: AbortController | undefined;
const send = (m: FromWorker): void => {
  if (process.connected) process.send?.(m);
};

function cancel(): void {
  current?.abort();
}

process.on('SIGINT', cancel);
process.on('SIGTERM', cancel);
process.on('disconnect', () => process.exit(0));
process.on('message', (raw: unknown) => {
  const msg = raw as ToWorker;
  if (msg.type === 'cancel') return cancel();
  if (msg.type !== 'run') return;
  current = new AbortController();
  const ac = current;
  executeTrial(msg.root, msg.trial, {
    signal: ac.signal,
    backend: msg.backend,
    executor: 'local',
    onEvent: (event) => send({ type: 'event', event }),
    log: (line) => send({ type: 'log', line }),
  }).then(
    (result) => send({ type: 'finished', id: msg.trial.id, result }),
    (err: unknown) => {
      // Store I/O failed: report it as the trial's failure; the scheduler records it.
      send({
        type: 'event',
        event: {
          type: 'error',
          id: msg.trial.id,
          message: err instanceof Error ? err.message : String(err),
        },
      });
      send({ type: 'finished', id: msg.trial.id, result: 'failed' });
    },
  );
});
send({ type: 'ready' });
