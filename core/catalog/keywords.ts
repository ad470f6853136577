/** Names the grammar and completion take from the catalog (one source for colouring and completion). */
import {
  BLOCKS,
  CORPORA,
  LAWS,
  METHODS,
  MODELS,
  OPTIMIZERS,
  PRUNERS,
  SCHEDULES,
  SEARCHERS,
} from './registry';

export interface CatalogKeywords {
  /** Top-level declarations. */
  declarations: string[];
  /** Other language words (sweep constructors, operators spelled as words). */
  constructors: string[];
  languageWords: string[];
  models: string[];
  methods: string[];
  optimizers: string[];
  schedules: string[];
  /** Adaptive search methods (`search = tpe { … }`). */
  searchers: string[];
  corpora: string[];
  laws: string[];
  /** Every parameter name of every entry and block, sorted. */
  params: string[];
  /** Constant-like enum values (`bytes`, `all-linear`, `gaussian`, …). */
  constants: string[];
}

/** All catalog-derived keyword lists, each sorted and deduplicated. */
export function catalogKeywords(): CatalogKeywords {
  const uniq = (xs: Iterable<string>) => [...new Set(xs)].sort();
  // Pruners add their parameter names (min_steps, reduction, …); their names are the run's early_stop values.
  const all = [
    ...MODELS,
    ...METHODS,
    ...OPTIMIZERS,
    ...SCHEDULES,
    ...CORPORA,
    ...LAWS,
    ...BLOCKS,
    ...SEARCHERS,
    ...PRUNERS,
  ];
  const params = all.flatMap((e) => e.params.map((p) => p.name));
  const constants = all.flatMap((e) =>
    e.params.flatMap((p) => (p.values ?? []).filter((v) => /^[A-Za-z_][\w-]*$/.test(v))),
  );
  return {
    declarations: ['data', 'model', 'adapter', 'run', 'law', 'predict'],
    constructors: ['sweep', 'log', 'lin', 'zip', 'random', 'isoflop'],
    languageWords: ['corpus', 'pretrain', 'fit', 'by', 'at', 'true', 'false', 'none'],
    models: uniq(MODELS.map((m) => m.name)),
    methods: uniq(METHODS.flatMap((m) => [m.name, ...(m.aliases ?? [])])),
    optimizers: uniq(OPTIMIZERS.map((m) => m.name)),
    schedules: uniq(SCHEDULES.map((m) => m.name)),
    searchers: uniq(SEARCHERS.map((m) => m.name)),
    corpora: uniq(CORPORA.map((m) => m.name)),
    laws: uniq(LAWS.map((m) => m.name)),
    params: uniq(params),
    constants: uniq(constants),
  };
}
