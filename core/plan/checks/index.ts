/**
 * The checks (STYLE §9): small functions, one concern each, run in order after the plan is
 * built. To add a check, write a file exporting a `Check` and add it to this list. Each check
 * guards its nodes with `onNode` (context.ts); `runChecks` also guards each check as a whole, so
 * a check that throws reports an internal error and the checks after it still run.
 */
import { internalError, type AnalysisContext, type Check } from '../context';
import { checkLoraScale, checkUnused } from './advice';
import { checkRunnable } from './runnable';
import { checkBlockParams } from './block-params';
import { checkMethodRulesAll } from './method-rules';
import { checkHfTargets } from './hf-targets';
import { checkDataFiles } from './data-files';
import { checkCorpusShape, checkCorpusTask } from './corpus-shape';
import { checkSlurm } from './slurm';

export const CHECKS: readonly Check[] = [
  checkBlockParams,
  checkMethodRulesAll,
  checkHfTargets,
  checkDataFiles,
  checkCorpusTask,
  checkCorpusShape,
  checkRunnable,
  checkSlurm,
  checkLoraScale,
  checkUnused,
];

/** Runs `checks` in order; one that throws outside its nodes reports on the first declaration (or the file start). */
export function runChecks(ctx: AnalysisContext, checks: readonly Check[] = CHECKS): void {
  const first = ctx.ast.declarations[0];
  const at = first
    ? 'name' in first && first.name
      ? first.name
      : first.keywordSpan
    : { start: 0, end: 0 };
  for (const check of checks) {
    try {
      check(ctx);
    } catch (err) {
      ctx.ev.report(internalError(check.name || 'analysis', err, at));
    }
  }
}
