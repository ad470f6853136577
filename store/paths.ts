/**
 * Where everything lives in the run store (a public format, see docs/run-store.md):
 * `<root>/.peft/runs/<experiment>/<trial-id>/{trial.json, metrics.jsonl, status.json, adapter.safetensors, lock}`.
 * `root` is the folder that holds the `.peft` file.
 */
import { join } from 'node:path';

export const STORE_VERSION = 1;

export function runsDir(root: string): string {
  return join(root, '.peft', 'runs');
}

export function experimentDir(root: string, experiment: string): string {
  return join(runsDir(root), experiment);
}

/** Throws on ids that could escape the experiment folder (ids are hex hashes; anything else is a bug or an attack). */
export function trialDir(root: string, experiment: string, id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`invalid trial id ${JSON.stringify(id)}`);
  if (!experiment || /[/\\\0]/.test(experiment) || experiment === '.' || experiment === '..')
    throw new Error(`invalid experiment name ${JSON.stringify(experiment)}`);
  return join(experimentDir(root, experiment), id);
}

export const FILES = {
  trial: 'trial.json',
  metrics: 'metrics.jsonl',
  status: 'status.json',
  adapter: 'adapter.safetensors',
  lock: 'lock',
} as const;

/** The file `peft run` writes while it runs, so `peft cancel` can find it. */
export function runnerPath(root: string, experiment: string): string {
  return join(experimentDir(root, experiment), 'runner.json');
}

/** Base models pretrained once and shared by every experiment of the folder. */
export function cacheDir(root: string): string {
  return join(root, '.peft', 'cache');
}
