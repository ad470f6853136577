/**
 * `peft suggest` and the "Insert suggested trials" code action share this: from an analysed
 * `.peft` file and a law's points, pick the law, its `predict … at …` target, the candidate trials
 * (the configurations of the law's run) and the next trials by law-guided design
 * (`proposeTrials`), and write them as a run block (suggest-text.ts). Pure: the points come in.
 */
import type { PeftFile } from '../dsl/ast';
import { fitOptionsFromSpec } from '../laws/fit-plan';
import { resolveLaw } from '../laws/resolve';
import type { LawPoint } from '../laws/types';
import type { ExperimentPlan, LawSpec, Trial } from '../types/plan';
import { proposeTrials } from './design';
import { SuggestError, suggestionText } from './suggest-text';
import { candidatesOf, chooseLaw, declNamed } from './suggest-inputs';

export { SuggestError };

export interface SuggestOptions {
  law?: string;
  /** The prediction target by variable name; default the first point of the law's `predict`. */
  target?: Record<string, number>;
  count: number;
  /** FLOPs the suggested trials may spend together (a trial dearer than this is not a candidate). */
  budget?: number;
  /** The interval width wanted (default: half the current one). */
  targetWidth?: number;
  /** The `by` group to design for (default the first group with points). */
  group?: string;
}

export interface SuggestInput {
  text: string;
  ast: PeftFile;
  plan: ExperimentPlan;
  /** The law's points by `by` group (key undefined without `by`): the store's results or fits.json. */
  points: (spec: LawSpec) => Map<string | undefined, LawPoint[]>;
}

export interface SuggestedTrial {
  trial: Trial;
  seed: number;
  flops: number;
  widthAfter: number;
}

export interface Suggestion {
  law: string;
  run: string;
  group?: string;
  target: Record<string, number>;
  widthBefore: number;
  trials: SuggestedTrial[];
  /** The run block to paste, in `peft fmt` layout, with a comment per trial. */
  text: string;
  /** Where the code action inserts it: after the law's run block. */
  insertAt: number;
}

/** Proposes the next `options.count` trials for the law's prediction; throws SuggestError. */
export function suggestTrials(input: SuggestInput, options: SuggestOptions): Suggestion {
  const spec = chooseLaw(input.plan, options.law);
  const at = declNamed(input.ast, 'LawDecl', spec.name)?.start ?? 0;
  const target =
    options.target ?? input.plan.predictions.find((p) => p.law === spec.name)?.points[0];
  if (!target)
    throw new SuggestError(
      `law ${spec.name} has no \`predict ${spec.name} at …\` line: add one or pass --target`,
      at,
    );
  const missing = spec.x.filter((v) => !Number.isFinite(target[v]));
  if (missing.length)
    throw new SuggestError(
      `the target gives no value for ${missing.join(', ')} of law ${spec.name}`,
      at,
    );
  if (spec.source.kind !== 'run')
    throw new SuggestError(
      `law ${spec.name} reads a CSV file: suggest proposes trials of a run, so the law must fit RUN.METRIC`,
      at,
    );
  if (spec.form === 'lr_annealing' || spec.form === 'batch_lr')
    throw new SuggestError(
      `law ${spec.name}: suggest works on laws of final metrics, not ${spec.form}`,
      at,
    );
  const runName = spec.source.run;
  const run = input.plan.runs.find((r) => r.name === runName);
  const decl = declNamed(input.ast, 'BlockDecl', runName);
  const runDecl = decl?.kind === 'BlockDecl' ? decl : undefined;
  if (!run || !runDecl || run.trials.length === 0)
    throw new SuggestError(
      `run ${runName} of law ${spec.name} has no trials (does it check clean?)`,
      runDecl?.start ?? at,
    );
  const { model } = resolveLaw(spec.form, spec.expression, spec.x);
  if (!model) throw new SuggestError(`law ${spec.name} does not resolve (peft check says why)`, at);
  const groups = input.points(spec);
  const group = options.group ?? [...groups.keys()][0];
  const points = groups.get(group) ?? [];
  if (points.length <= model.params.length)
    throw new SuggestError(
      `law ${spec.name}${group !== undefined ? ` [${spec.by} = ${group}]` : ''} has ${points.length} finished trial(s); a design needs more than ${model.params.length} (its parameters): run the sweep first`,
      at,
    );
  const candidates = candidatesOf(spec, run.trials, group, options.budget);
  if (candidates.length === 0)
    throw new SuggestError(
      `no trial of run ${runName} fits the budget of ${options.budget} FLOPs`,
      runDecl.start,
    );
  const picks = proposeTrials({
    model,
    points,
    target: spec.x.map((v) => target[v]!),
    candidates: candidates.map((c) => c.candidate),
    count: options.count,
    ...(options.targetWidth !== undefined ? { targetWidth: options.targetWidth } : {}),
    options: fitOptionsFromSpec(spec.options),
  });
  const firstSeed = Math.max(...run.trials.map((t) => t.config.seed)) + 1;
  let spent = 0;
  const trials: SuggestedTrial[] = [];
  for (const p of picks) {
    spent += p.candidate.cost;
    if (options.budget !== undefined && spent > options.budget) break;
    const trial = candidates.find((c) => c.candidate === p.candidate)!.trial;
    trials.push({
      trial,
      seed: firstSeed + trials.length,
      flops: p.candidate.cost,
      widthAfter: p.widthAfter,
    });
  }
  const suggestion = {
    law: spec.name,
    run: runName,
    ...(group !== undefined ? { group } : {}),
    target,
    widthBefore: picks[0]!.widthBefore,
    trials,
    insertAt: runDecl.end,
  };
  return { ...suggestion, text: suggestionText(input.text, input.ast, runDecl, suggestion) };
}
