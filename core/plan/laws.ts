/**
 * `law` and `predict` declarations → LawSpec / PredictSpec. The math of `fit "…"` stays a string
 * (core/laws parses it); here we check the form name, the data source, the variables and options.
 */
import type { Expr, LawDecl, PredictDecl, StringLiteral } from '../dsl/ast';
import { customLaw } from '../laws/custom';
import { DiagnosticCodes } from '../dsl/diagnostics';
import { closestName } from '../dsl/suggest';
import { getLawForm, lawForms, paramsFor } from '../catalog';
import type { AnalysisContext } from './context';
import { collectEntries, newScope } from './evaluate';
import { plain } from './trial';
import { checkValue, resolveKey } from './typecheck';
import type { LawSource, LawSpec, PlanValue, PredictSpec } from '../types/plan';

const pathOf = (e: Expr | undefined): string[] | undefined =>
  e?.kind === 'Reference' ? e.path.map((s) => s.name) : undefined;

/** Builds the LawSpec of `decl`, or undefined when it is too broken to fit (errors reported). */
export function resolveLaw(ctx: AnalysisContext, decl: LawDecl): LawSpec | undefined {
  const { ev } = ctx;
  if (!decl.name || !decl.form || !decl.relation) return undefined;
  const formName = decl.form.name;
  let form = 'custom';
  let inputs: readonly string[] | undefined;
  if (formName === 'fit') {
    if (!decl.expression) return undefined;
    if (decl.expression.value.trim() === '')
      ev.error(
        DiagnosticCodes.invalidLaw,
        'The law expression is empty; write its math, e.g. fit "E + A*N^-a".',
        decl.expression,
      );
  } else {
    const entry = getLawForm(formName);
    if (!entry || entry.name === 'custom') {
      const names = lawForms()
        .map((l) => l.name)
        .filter((n) => n !== 'custom');
      const guess = closestName(formName, names);
      ev.error(
        DiagnosticCodes.unknownLawForm,
        `Unknown law form '${formName}'${guess ? `; did you mean '${guess}'?` : `; use ${names.join(', ')} or fit "…".`}`,
        decl.form,
        guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
      );
      return undefined;
    }
    form = entry.name;
    inputs = entry.inputs;
  }
  const y = pathOf(decl.relation.y);
  if (!y) {
    ev.error(
      DiagnosticCodes.invalidLaw,
      'The response must be a name such as run.eval_loss.',
      decl.relation.y,
    );
    return undefined;
  }
  let source: LawSource;
  let response = y.join('.');
  const fromPath = pathOf(decl.from);
  if (
    decl.from?.kind === 'Construct' &&
    decl.from.head.name === 'csv' &&
    decl.from.arg?.kind === 'String'
  ) {
    source = { kind: 'csv', path: decl.from.arg.value };
  } else if (fromPath && fromPath.length === 1) {
    source = { kind: 'run', run: fromPath[0]! };
    if (!isRun(ctx, fromPath[0]!)) return undefinedRun(ctx, fromPath[0]!, decl.from!);
  } else if (decl.from) {
    ev.error(
      DiagnosticCodes.invalidLaw,
      'A law reads from a run (from ranks) or a CSV file (from csv "results.csv").',
      decl.from,
    );
    return undefined;
  } else if (y.length >= 2) {
    source = { kind: 'run', run: y[0]! };
    response = y.slice(1).join('.');
    if (!isRun(ctx, y[0]!))
      return undefinedRun(
        ctx,
        y[0]!,
        decl.relation.y.kind === 'Reference' ? decl.relation.y.path[0]! : decl.relation.y,
      );
  } else {
    ev.error(
      DiagnosticCodes.invalidLaw,
      `Say where '${y[0]}' comes from: RUN.${y[0]} or add 'from csv "file.csv"'.`,
      decl.relation.y,
    );
    return undefined;
  }
  const x: string[] = [];
  for (const e of decl.relation.x) {
    const p = pathOf(e);
    if (!p)
      ev.error(
        DiagnosticCodes.invalidLaw,
        'Law inputs are names (r, N, D, …), not expressions.',
        e,
      );
    else x.push(p.join('.'));
  }
  if (inputs && x.length !== inputs.length) {
    ev.error(
      DiagnosticCodes.invalidLaw,
      `The ${form} law takes ${inputs.length} input${inputs.length === 1 ? '' : 's'} (${inputs.join(', ')}), but ${x.length} ${x.length === 1 ? 'is' : 'are'} given.`,
      decl.relation,
    );
  }
  const options: Record<string, PlanValue> = {};
  const specs = paramsFor('law', form);
  const entries = collectEntries(decl.options, (d) => ev.report(d));
  const scope = newScope(`law:${decl.name.name}`, entries);
  for (const [k, e] of entries) {
    const spec = resolveKey(ev, specs, k, e.key, 'law', form);
    const v = ev.lookup(scope, k);
    if (spec) checkValue(ev, spec, v, e.expr, () => undefined);
    options[spec?.name ?? k] = plain(ev, v, scope);
  }
  const spec: LawSpec = { name: decl.name.name, form, source, y: response, x, options };
  if (form === 'custom') {
    spec.expression = decl.expression!.value;
    if (spec.expression.trim() !== '') checkExpression(ctx, decl.expression!, x);
  }
  if (decl.by) spec.by = decl.by.path.map((s) => s.name).join('.');
  return spec;
}

/**
 * Parses a `fit "…"` expression now, so `peft check` and the editor report bad math where it is
 * instead of `peft fit` failing later. Offsets map into the string literal when it has no escapes.
 */
function checkExpression(
  ctx: AnalysisContext,
  lit: StringLiteral,
  variables: readonly string[],
): void {
  const { errors } = customLaw(lit.value, variables);
  const plain = lit.raw.length === lit.value.length + 2;
  for (const e of errors.slice(0, 5)) {
    const at = plain
      ? {
          start: lit.start + 1 + e.start,
          end: Math.min(lit.end - 1, lit.start + 1 + Math.max(e.end, e.start + 1)),
        }
      : lit;
    ctx.ev.error(DiagnosticCodes.invalidLaw, `Law expression: ${e.message}.`, at);
  }
}

function isRun(ctx: AnalysisContext, name: string): boolean {
  const d = ctx.declared.get(name);
  return d?.kind === 'BlockDecl' && d.keyword === 'run';
}

function undefinedRun(
  ctx: AnalysisContext,
  name: string,
  at: { start: number; end: number },
): undefined {
  const runs = [...ctx.declared.values()]
    .filter((d) => d.kind === 'BlockDecl' && d.keyword === 'run')
    .map((d) => d.name!.name);
  const guess = closestName(name, runs);
  ctx.ev.error(
    DiagnosticCodes.undefinedReference,
    `No run named '${name}'${guess ? `; did you mean '${guess}'?` : '; a law reads the trials of a run.'}`,
    at,
    guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
  );
  return undefined;
}

/** Builds the PredictSpec of `decl` (points zipped, scalars broadcast), or undefined on errors. */
export function resolvePredict(
  ctx: AnalysisContext,
  decl: PredictDecl,
  laws: ReadonlyMap<string, LawSpec | undefined>,
): PredictSpec | undefined {
  const { ev } = ctx;
  if (!decl.law) return undefined;
  const lawName = decl.law.path.map((s) => s.name).join('.');
  const d = ctx.declared.get(lawName);
  if (!d || d.kind !== 'LawDecl') {
    const guess = closestName(lawName, [...laws.keys()]);
    ev.error(
      DiagnosticCodes.undefinedReference,
      `No law named '${lawName}'${guess ? `; did you mean '${guess}'?` : '; declare it with law NAME = ….'}`,
      decl.law,
      guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
    );
    return undefined;
  }
  const law = laws.get(lawName);
  const columns: Array<[string, number[]]> = [];
  const scope = newScope(`predict:${decl.start}`, new Map());
  for (const p of decl.points) {
    const name = p.name.name;
    if (law && !law.x.includes(name)) {
      const guess = closestName(name, law.x);
      ev.error(
        DiagnosticCodes.invalidPredict,
        `'${name}' is not an input of law '${lawName}' (inputs: ${law.x.join(', ')}).`,
        p.name,
        guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
      );
      continue;
    }
    const v = ev.eval(p.value, scope);
    const list =
      typeof v === 'number'
        ? [v]
        : Array.isArray(v) && v.every((x) => typeof x === 'number')
          ? v
          : undefined;
    if (!list || list.length === 0) {
      ev.error(
        DiagnosticCodes.invalidPredict,
        `Predict points are numbers or lists of numbers, e.g. ${name} = [64, 128].`,
        p.value,
      );
      continue;
    }
    columns.push([name, list]);
  }
  if (law) {
    const missing = law.x.filter((x) => !columns.some(([n]) => n === x));
    if (missing.length > 0 && columns.length === decl.points.length) {
      ev.error(
        DiagnosticCodes.invalidPredict,
        `Give a value for every input of '${lawName}': missing ${missing.join(', ')}.`,
        decl.law,
      );
      return undefined;
    }
  }
  const lengths = new Set(columns.map(([, l]) => l.length).filter((n) => n > 1));
  if (lengths.size > 1) {
    ev.error(
      DiagnosticCodes.zipLengthMismatch,
      `Predict lists are paired by position; make them the same length (got ${[...lengths].join(' and ')}).`,
      decl,
    );
    return undefined;
  }
  const n = lengths.size ? [...lengths][0]! : 1;
  const points = Array.from({ length: n }, (_, i) =>
    Object.fromEntries(columns.map(([k, l]) => [k, l.length === 1 ? l[0]! : l[i]!])),
  );
  return { law: lawName, points };
}
