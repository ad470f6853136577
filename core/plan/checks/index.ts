/**
 * The check registry (STYLE.md §9): small functions, one concern each, run in order after the
 * plan is built. To add a check, write a file exporting a `Check` and add it to this list.
 */
import type { Check } from '../context';
import { checkLoraScale, checkUnused } from './advice';
import { checkRunnable } from './runnable';
import { checkBlockParams } from './block-params';
import { checkMethodRulesAll } from './method-rules';
import { checkHfTargets } from './hf-targets';
import { checkDataFiles } from './data-files';
import { checkSlurm } from './slurm';

export const CHECKS: Check[] = [checkBlockParams, checkMethodRulesAll, checkHfTargets, checkDataFiles, checkRunnable, checkSlurm, checkLoraScale, checkUnused];

/** Registers an extra check (e.g. Hugging Face target_modules checks); returns a function that removes it. */
export function registerCheck(check: Check): () => void {
  CHECKS.push(check);
  return () => {
    const i = CHECKS.indexOf(check);
    if (i >= 0) CHECKS.splice(i, 1);
  };
}
