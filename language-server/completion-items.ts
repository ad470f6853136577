/** Completion items built from the catalog and the symbol table (no cursor logic here). */
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import {
  corpora,
  lawForms,
  methods,
  modelFamilies,
  optimizers,
  schedules,
  searchers,
  type CatalogEntry,
  type ParamSpec,
} from '../core/catalog';
import type { AnalyzedDocument } from './analysis';
import { entryMarkdown, paramDetail, paramMarkdown } from './catalog-docs';

export const md = (value: string) => ({ kind: 'markdown' as const, value });

export function entryItems(
  entries: readonly CatalogEntry[],
  kind: CompletionItemKind,
): CompletionItem[] {
  return entries
    .filter((e) => !(e.kind === 'corpus' && e.fixture))
    .map((e) => ({
      label: e.name,
      kind,
      detail: `${e.kind} · ${e.title}`,
      documentation: md(entryMarkdown(e)),
    }));
}

export const methodItems = (): CompletionItem[] => entryItems(methods(), CompletionItemKind.Class);
export const modelItems = (): CompletionItem[] =>
  entryItems(modelFamilies(), CompletionItemKind.Class);
export const optimizerItems = (): CompletionItem[] =>
  entryItems(optimizers(), CompletionItemKind.EnumMember);
export const scheduleItems = (): CompletionItem[] =>
  entryItems(schedules(), CompletionItemKind.EnumMember);
export const searchItems = (): CompletionItem[] =>
  entryItems(searchers(), CompletionItemKind.EnumMember);
export const corpusItems = (): CompletionItem[] => entryItems(corpora(), CompletionItemKind.Value);
export const lawItems = (): CompletionItem[] => [
  ...lawForms()
    .filter((l) => l.name !== 'custom')
    .map((l) => ({
      label: l.name,
      kind: CompletionItemKind.Function,
      detail: `law · ${l.expression ?? l.title}`,
      documentation: md(entryMarkdown(l)),
      insertText: `${l.name}(\${1:run.eval_loss} ~ \${2:${(l.inputs ?? ['x']).join(', ')}})`,
      insertTextFormat: InsertTextFormat.Snippet,
    })),
  {
    label: 'fit',
    kind: CompletionItemKind.Function,
    detail: 'law · custom expression',
    documentation: md(
      'A law written as math over free parameters, parsed by core/laws (never evaluated as code).',
    ),
    insertText: 'fit "${1:E + A*N^-a}" (${2:run.eval_loss} ~ ${3:N})',
    insertTextFormat: InsertTextFormat.Snippet,
  },
];

export function paramItem(p: ParamSpec): CompletionItem {
  return {
    label: p.name,
    kind: CompletionItemKind.Property,
    detail: paramDetail(p),
    documentation: md(paramMarkdown(p)),
    insertText: `${p.name} = `,
  };
}

export function valueItems(values: readonly string[]): CompletionItem[] {
  return values.map((v) => ({ label: v, kind: CompletionItemKind.EnumMember }));
}

/** Named blocks of `kind` (all kinds when undefined), for references. */
export function blockItems(doc: AnalyzedDocument, kind?: string): CompletionItem[] {
  return doc.analysis.symbols.declarations
    .filter((s) => s.name && s.kind !== 'predict' && (kind === undefined || s.kind === kind))
    .map((s) => ({ label: s.name, kind: CompletionItemKind.Reference, detail: `${s.kind} block` }));
}

const snippet = (
  label: string,
  detail: string,
  body: string,
  kind: CompletionItemKind = CompletionItemKind.Snippet,
): CompletionItem => ({
  label,
  kind,
  detail,
  insertText: body,
  insertTextFormat: InsertTextFormat.Snippet,
});

/** Sweep constructors, offered wherever a value goes. */
export const SWEEP_SNIPPETS: CompletionItem[] = [
  snippet(
    'sweep',
    'sweep [a, b, …]: one trial per value',
    'sweep [${1:2, 4, 8}]',
    CompletionItemKind.Keyword,
  ),
  snippet(
    'log',
    'log(from .. to, n): n log-spaced values',
    'log(${1:1e-4} .. ${2:1e-2}, ${3:5})',
    CompletionItemKind.Function,
  ),
  snippet(
    'lin',
    'lin(from .. to, n): n evenly spaced values',
    'lin(${1:0} .. ${2:1}, ${3:5})',
    CompletionItemKind.Function,
  ),
  snippet(
    'zip',
    'zip(a = […], b = […]): axes swept together',
    'zip(${1:r} = [${2:4, 8}], ${3:lora_alpha} = [${4:8, 16}])',
    CompletionItemKind.Function,
  ),
  snippet(
    'random',
    'random(dist, n = N, seed = S): sampled values',
    'random(${1:loguniform}(${2:1e-4} .. ${3:1e-2}), n = ${4:8}, seed = ${5:1})',
    CompletionItemKind.Function,
  ),
  snippet(
    'isoflop',
    'isoflop [budgets]: steps chosen so 6·N·D meets each budget',
    'isoflop [${1:1e15, 3e15}]',
    CompletionItemKind.Keyword,
  ),
];

/** Top-level declaration keywords and whole-block snippets. */
export const DECLARATION_SNIPPETS: CompletionItem[] = [
  snippet(
    'data',
    'data block: a corpus',
    'data ${1:task} = corpus "${2:moby-dick}" { holdout = ${3:10%} }',
  ),
  snippet(
    'model',
    'model block: a tiny transformer',
    'model ${1:tiny} = transformer {\n  vocab = bytes   width = ${2:128}   depth = ${3:4}   heads = ${4:4}   context = ${5:64}\n}',
  ),
  snippet(
    'adapter',
    'adapter block: LoRA',
    'adapter ${1:lora} = ${2:lora} {\n  target_modules = [${3:q, v}]   r = ${4:8}   lora_alpha = ${5:16}\n}',
  ),
  snippet(
    'run',
    'run block: a sweep',
    'run ${1:ranks} {\n  model = ${2:tiny}   data = ${3:task}\n  adapter = ${4:lora}\n  r = sweep [${5:2, 4, 8}]\n  steps = ${6:400}   batch = ${7:32}\n}',
  ),
  snippet(
    'law',
    'law: a scaling law fitted to a run',
    'law ${1:rank_law} = ${2:power}(${3:ranks}.eval_loss ~ ${4:r})',
  ),
  snippet(
    'predict',
    'predict: extrapolate a law',
    'predict ${1:rank_law} at ${2:r} = [${3:64, 128}]',
  ),
];
