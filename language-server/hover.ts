/**
 * Hover: catalog docs for keywords, parameters and entries; static estimates for named blocks
 * and sweep values; law fits and predictions for laws, sweep values and `predict` points.
 */
import type { Hover, Position } from 'vscode-languageserver';
import {
  getCorpus,
  getLawForm,
  getMethod,
  getModelFamily,
  getOptimizer,
  getSchedule,
  getSearcher,
  getPruner,
  paramsFor,
  resolveAlias,
  type CatalogEntry,
} from '../core/catalog';
import type { AnyNode, NumberLiteral, PredictDecl } from '../core/dsl/ast';
import type { AnalyzedDocument } from './analysis';
import { nodePath } from './ast-walk';
import { blockContext } from './block-context';
import { entryMarkdown, paramMarkdown } from './catalog-docs';
import { toRange } from './convert';
import { nameAt } from './navigation';
import { fitStatusLines, lawsOverAxis, predictLaw, predictionText } from './predictions';
import type { StoreView } from '../store/view';
import { estimateLines, trialsOfBlock, trialsWithAxis } from './trial-summary';
import { searchLines } from '../core/plan/search-summary';
import { sweepValueAt } from './sweep-value';
import { adapterTargetHint } from './hf-hints';

const DECL_DOCS: Record<string, string> = {
  data: '`data NAME = corpus "…" { holdout = 10% }` — a corpus or task.',
  model: '`model NAME = transformer { … }` — a base model (pretrained by the runtime and cached).',
  adapter:
    '`adapter NAME = METHOD { … }` — a PEFT method and its parameters (Hugging Face PEFT names).',
  run: '`run NAME { model = …  data = …  adapter = … }` — a sweep: one trial per combination of swept values.',
  law: "`law NAME = FORM(run.metric ~ x) [by key]` — a scaling law fitted to a run's finished trials.",
  predict:
    "`predict LAW at x = [...]` — the law's prediction with an interval at points never run.",
};

const entryNamed = (name: string): CatalogEntry | undefined =>
  getMethod(name) ??
  getModelFamily(name) ??
  getOptimizer(name) ??
  getSchedule(name) ??
  getSearcher(name) ??
  getPruner(name) ??
  getCorpus(name) ??
  getLawForm(name);

const result = (
  doc: AnalyzedDocument,
  node: { start: number; end: number },
  lines: string[],
): Hover => ({
  contents: { kind: 'markdown', value: lines.join('\n') },
  range: toRange(doc.lines, node),
});

function blockHover(doc: AnalyzedDocument, view: StoreView, name: string): string[] {
  const s = doc.analysis.symbols.byName[name];
  if (!s) return [];
  const lines = [`**${s.kind} ${name}**`, ''];
  if (s.kind === 'law') lines.push(...fitStatusLines(view, name));
  else {
    const search =
      s.kind === 'run' ? doc.analysis.plan.runs.find((r) => r.name === name)?.search : undefined;
    const est = estimateLines(trialsOfBlock(doc, s.kind, name), view);
    if (search) lines.push(...searchLines(name, search).map((l) => `- ${l.trim()}`));
    else lines.push(...(est.length ? est : ['No trials planned from this block yet.']));
  }
  return lines;
}

function predictPointHover(
  doc: AnalyzedDocument,
  view: StoreView,
  decl: PredictDecl,
  num: NumberLiteral,
  level?: number,
): string[] | undefined {
  const law = decl.law?.path[0]?.name;
  if (!law) return undefined;
  // Points are zipped: the i-th item of every list makes the i-th point.
  const arg = decl.points.find((p) => p.start <= num.start && num.end <= p.end);
  const items = arg?.value.kind === 'List' ? arg.value.items : arg ? [arg.value] : [];
  const index = items.findIndex((x) => x === num);
  if (index < 0) return undefined;
  const point: Record<string, number> = {};
  for (const p of decl.points) {
    const v = p.value.kind === 'List' ? p.value.items[index] : p.value;
    if (v?.kind === 'Number') point[p.name.name] = v.value;
  }
  const preds = predictLaw(view, law, point, level);
  const where = Object.entries(point)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  if (preds.length === 0) return [`**${law}** at ${where}`, '', ...fitStatusLines(view, law)];
  return [
    `**${law}** at ${where}`,
    '',
    ...preds.map(
      (p) => `- ${p.group !== undefined ? `${p.group}: ` : ''}${predictionText(p.prediction)}`,
    ),
  ];
}

/** The hover at `position`, or null over whitespace and punctuation. */
export function hover(
  doc: AnalyzedDocument,
  view: StoreView,
  position: Position,
  level?: number,
): Hover | null {
  const offset = doc.lines.offsetAt(position);
  const path = nodePath(doc.analysis.ast, offset);
  const leaf: AnyNode | undefined = path[path.length - 1];
  const decl = path[1];
  if (
    decl &&
    (decl.kind === 'BlockDecl' || decl.kind === 'LawDecl' || decl.kind === 'PredictDecl')
  ) {
    const k = decl.keywordSpan;
    if (k.start <= offset && offset <= k.end)
      return result(doc, k, [DECL_DOCS[decl.keyword] ?? decl.keyword]);
  }
  // `target_modules` of an adapter used with a real (hf) model: the per-module matching table.
  if (decl?.kind === 'BlockDecl' && decl.keyword === 'adapter') {
    const target = adapterTargetHint(doc, decl);
    if (target?.key && target.key.start <= offset && offset <= target.key.end) {
      return result(doc, target.key, [target.hints.hover]);
    }
  }
  const named = nameAt(doc, position);
  if (named) return result(doc, named.span, blockHover(doc, view, named.name));
  if (!leaf) return null;
  const sweep = sweepValueAt(doc, path);
  if (sweep) {
    const lines = [
      `**${sweep.axis} = ${JSON.stringify(sweep.value)}** in run \`${sweep.run}\``,
      '',
      ...estimateLines(trialsWithAxis(doc, sweep.run, sweep.axis, sweep.value), view),
    ];
    if (typeof sweep.value === 'number') {
      for (const law of lawsOverAxis(doc, sweep.run, sweep.axis)) {
        const preds = predictLaw(view, law.name, { [sweep.axis]: sweep.value }, level);
        lines.push(
          '',
          `**${law.name}** predicts ${law.y}:`,
          ...(preds.length
            ? preds.map(
                (p) =>
                  `- ${p.group !== undefined ? `${p.group}: ` : ''}${predictionText(p.prediction)}`,
              )
            : fitStatusLines(view, law.name)),
        );
      }
    }
    return result(doc, sweep.node, lines);
  }
  if (decl?.kind === 'PredictDecl' && leaf.kind === 'Number') {
    const lines = predictPointHover(doc, view, decl, leaf, level);
    if (lines) return result(doc, leaf, lines);
  }
  if (leaf.kind !== 'Identifier') return null;
  const parent = path[path.length - 2];
  const owner = path[path.length - 3];
  // A parameter key: its catalog doc in the enclosing block.
  if (parent?.kind === 'Reference' && owner?.kind === 'Assignment' && owner.key === parent) {
    const ctx = blockContext(path.slice(0, path.length - 3));
    const params = ctx ? paramsFor(ctx.kind, ctx.entry) : [];
    const spec = params.find((p) => p.name === leaf.name);
    if (spec) return result(doc, leaf, [paramMarkdown(spec)]);
    const alias = ctx && resolveAlias(leaf.name, ctx.kind, ctx.entry);
    if (alias)
      return result(doc, leaf, [
        `\`${leaf.name}\` is ${alias.tool}'s name for \`${alias.canonical}\`.`,
        '',
        paramMarkdown(params.find((p) => p.name === alias.canonical)!),
      ]);
  }
  if (decl?.kind === 'LawDecl' && decl.form === leaf) {
    const lines = [
      getLawForm(leaf.name) ? entryMarkdown(getLawForm(leaf.name)!) : `custom law \`${leaf.name}\``,
    ];
    if (decl.name) lines.push('', ...fitStatusLines(view, decl.name.name));
    return result(doc, leaf, lines);
  }
  const entry = entryNamed(leaf.name);
  return entry ? result(doc, leaf, [entryMarkdown(entry)]) : null;
}
