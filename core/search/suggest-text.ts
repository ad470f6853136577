/**
 * The suggested trials as `.peft` text: a copy of the law's run block under a new name, its sweeps
 * and seeds replaced by one `zip(…)` axis that lists exactly the suggested configurations, each
 * with a fresh seed (so a replicate is a new trial, not the finished one again), and a comment per
 * trial with its FLOPs and the expected interval width after it. Printed in `peft fmt` layout.
 */
import type { BlockDecl, PeftFile } from '../dsl/ast';
import { format } from '../dsl/format';
import type { PlanValue } from '../types/plan';
import type { Suggestion } from './suggest';

/** A problem with the request, at `offset` in the file (the law, the run, or 0 for the file). */
export class SuggestError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Entry values that make an axis: the swept entries the zip replaces. */
const SWEEP_CALLS = new Set(['log', 'lin', 'zip', 'random']);

const num = (v: number): string => {
  const s = String(Number(v.toPrecision(12)));
  return s.replace('e+', 'e');
};
const short = (v: number): string =>
  Math.abs(v) >= 1e5 ? v.toExponential(2).replace('e+', 'e') : num(Number(v.toPrecision(3)));

/** A plan value written back as `.peft` (block names and symbols bare, other strings quoted). */
function literal(v: PlanValue): string {
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  throw new Error(`cannot write ${JSON.stringify(v)} as a zip value`);
}

/** A run name not yet declared: `<run>_next`, `<run>_next2`, … */
function freshName(ast: PeftFile, run: string): string {
  const taken = new Set(
    ast.declarations.flatMap((d) => ('name' in d && d.name ? [d.name.name] : [])),
  );
  for (let i = 1; ; i++) {
    const name = `${run}_next${i === 1 ? '' : i}`;
    if (!taken.has(name)) return name;
  }
}

/** The formatted run block (with its comment lines) for `s`; throws SuggestError for isoflop runs. */
export function suggestionText(
  text: string,
  ast: PeftFile,
  runDecl: BlockDecl,
  s: Omit<Suggestion, 'text'>,
): string {
  const kept: string[] = [];
  for (const e of runDecl.body?.entries ?? []) {
    const key = text.slice(e.key.start, e.key.end);
    const v = e.value;
    if (v.kind === 'Isoflop')
      throw new SuggestError(
        `run ${s.run} sweeps an isoflop budget: suggest cannot write its trials yet`,
        e.start,
      );
    const swept = v.kind === 'Sweep' || (v.kind === 'Call' && SWEEP_CALLS.has(v.callee.name));
    if (swept || key === 'seed' || key === 'seeds') continue;
    kept.push(text.slice(e.start, e.end));
  }
  const keys = [...new Set(s.trials.flatMap((t) => Object.keys(t.trial.axes)))].filter(
    (k) => k !== 'seed' && k !== 'seeds',
  );
  const lists = keys.map(
    (k) => `${k} = [${s.trials.map((t) => literal(t.trial.axes[k] ?? null)).join(', ')}]`,
  );
  lists.push(`seed = [${s.trials.map((t) => t.seed).join(', ')}]`);
  const target = Object.entries(s.target)
    .map(([k, v]) => `${k} = ${num(v)}`)
    .join(', ');
  const group = s.group !== undefined ? ` [${s.group}]` : '';
  const comments = [
    `# Suggested by peft suggest for ${s.law}${group} at ${target}: interval width now ${short(s.widthBefore)}.`,
    ...s.trials.map(
      (t, i) =>
        `# ${i + 1}. ${keys.map((k) => `${k} = ${literal(t.trial.axes[k] ?? null)}`).join(', ')}${keys.length ? ', ' : ''}seed ${t.seed}: ${short(t.flops)} FLOPs, expected width after ${short(t.widthAfter)}`,
    ),
  ];
  const block = [
    ...comments,
    `run ${freshName(ast, s.run)} {`,
    ...kept.map((k) => `  ${k}`),
    `  suggested = zip(${lists.join(', ')})`,
    '}',
    '',
  ].join('\n');
  const formatted = format(block);
  if (formatted.errors.length)
    throw new SuggestError(
      `the suggested block does not parse (${formatted.errors[0]!.message}); please report this`,
      runDecl.start,
    );
  return formatted.text;
}
