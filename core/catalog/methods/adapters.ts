/** Bottleneck adapters (series, parallel, MoSA) and feature insertions (SSF, IA³). */
import type { PlanValue } from '../../types/plan';
import type { MethodDef, ModelShape, ParamSpec, Params } from '../types';
import { num, numList, str, strList } from '../values';
import { TARGET_PARAMS } from './common-params';
import { PAPERS } from './papers';
import { rule, TARGET_RULES } from './rules';

const withTargetDefault = (def: PlanValue): ParamSpec[] =>
  TARGET_PARAMS.map((s) => (s.name === 'target_modules' ? { ...s, default: def } : s));

const BOTTLENECK: ParamSpec[] = [
  {
    name: 'bottleneck_size',
    type: 'int',
    min: 1,
    default: 256,
    doc: 'Bottleneck width m (LLM-Adapters default 256; adapter-transformers uses width / reduction_factor).',
    paper: PAPERS.llmadapters,
  },
  {
    name: 'non_linearity',
    type: 'enum',
    values: ['tanh', 'relu', 'gelu', 'silu'],
    default: 'tanh',
    doc: 'Activation f between down and up projections.',
  },
  {
    name: 'adapter_dropout',
    type: 'fraction',
    min: 0,
    max: 1,
    exclusiveMax: true,
    default: 0,
    doc: 'Dropout on the adapter input.',
  },
  {
    name: 'scaling',
    type: ['float', 'enum'],
    values: ['learned'],
    default: 1,
    doc: 'Output scale s, or `learned` (a trained scalar initialised to 1).',
  },
  {
    name: 'init_weights',
    type: 'enum',
    values: ['bert', 'mam_adapter'],
    default: 'bert',
    doc: 'bert: all N(0, 0.02²); mam_adapter: down kaiming, up = 0 (no-op start).',
  },
  {
    name: 'adapter_bias',
    type: 'bool',
    default: false,
    doc: 'Biases on both projections (+m + d per insertion).',
  },
];

/** Widths of the series-adapter insertion points: per block × position (transformer) or per hidden layer (mlp). */
export function seriesInsertions(model: ModelShape, p: Params): number[] {
  const layers = numList(p, 'layers_to_transform');
  const keep = (l: number) => !layers || layers.includes(l);
  if (model.family === 'mlp')
    return model.sites.filter((s) => s.layer >= 0 && keep(s.layer)).map((s) => s.dOut);
  const positions = strList(p['positions']) ?? ['attn', 'mlp'];
  const out: number[] = [];
  for (let l = 0; l < model.depth; l++)
    if (keep(l)) for (let i = 0; i < positions.length; i++) out.push(model.width);
  return out;
}

const learned = (p: Params) => (str(p, 'scaling') === 'learned' ? 1 : 0);
const seriesCount = (model: ModelShape, p: Params) => {
  const m = num(p, 'bottleneck_size', 256);
  const bias = p['adapter_bias'] === true;
  return seriesInsertions(model, p).reduce(
    (s, w) => s + 2 * w * m + (bias ? m + w : 0) + learned(p),
    0,
  );
};

const wideBottleneck = rule(
  'bottleneck-wider-than-model',
  'warning',
  'A bottleneck at least as wide as the model saves nothing.',
  'PEFT-METHODS §1.17',
  (p, _s, model) => {
    const m = num(p, 'bottleneck_size', 256);
    return model && model.width > 0 && m >= model.width
      ? {
          message: `bottleneck_size = ${m} ≥ model width ${model.width}: the adapter is not a bottleneck; try ${Math.max(1, Math.floor(model.width / 16))}`,
          params: ['bottleneck_size'],
          fix: { kind: 'set', value: Math.max(1, Math.floor(model.width / 16)) },
        }
      : undefined;
  },
);

export const ADAPTER_SERIES: MethodDef = {
  kind: 'method',
  name: 'adapter_series',
  title: 'Series (bottleneck) adapter',
  doc: 'After each chosen sub-block: h + s·U·f(D·h) with D (m×d), U (d×m): 2·d·m per insertion (Houlsby: attn + mlp; Pfeiffer: mlp only).',
  paper: PAPERS.houlsby,
  family: 'adapter',
  usesTargets: false,
  mergeable: false,
  reach: 'layers',
  params: [
    ...BOTTLENECK,
    {
      name: 'positions',
      type: 'list',
      of: 'enum',
      values: ['attn', 'mlp'],
      default: ['attn', 'mlp'],
      doc: 'Sub-blocks followed by an adapter: [attn, mlp] (Houlsby) or [mlp] (Pfeiffer).',
    },
    {
      name: 'layers_to_transform',
      type: ['list', 'int'],
      of: 'int',
      min: 0,
      doc: 'Only insert adapters in these blocks.',
    },
  ],
  modelParams: seriesCount,
  modelFlops: (model, p) =>
    seriesInsertions(model, p).reduce((s, w) => s + 4 * w * num(p, 'bottleneck_size', 256), 0),
  rules: [wideBottleneck],
};

export const MOSA: MethodDef = {
  ...ADAPTER_SERIES,
  name: 'mosa',
  title: 'MoSA (Mixture of Sparse Adapters)',
  doc: 'A series adapter split into num_splits random sparse modules trained stochastically and merged after tuning: 2·d·m per insertion.',
  paper: PAPERS.mosa,
  params: [
    ...ADAPTER_SERIES.params,
    {
      name: 'num_splits',
      type: 'int',
      min: 1,
      default: 4,
      doc: 'K sparse modules the adapter is split into (2–8).',
    },
  ],
};

export const ADAPTER_PARALLEL: MethodDef = {
  kind: 'method',
  name: 'adapter_parallel',
  title: 'Parallel adapter',
  doc: 'Beside a linear site: W·x + b + s·U·f(D·x) with D (m×d_in), U (d_out×m): m(d_in + d_out) per site.',
  paper: PAPERS.llmadapters,
  family: 'adapter',
  usesTargets: true,
  mergeable: false,
  params: [
    ...BOTTLENECK.map((s) => (s.name === 'scaling' ? { ...s, default: 1 } : s)),
    ...withTargetDefault(['up']),
  ],
  siteParams: (s, p) => {
    const m = num(p, 'bottleneck_size', 256);
    return m * (s.dIn + s.dOut) + (p['adapter_bias'] === true ? m + s.dOut : 0) + learned(p);
  },
  siteFlops: (s, p) => 2 * num(p, 'bottleneck_size', 256) * (s.dIn + s.dOut),
  rules: [...TARGET_RULES, wideBottleneck],
};

export const SSF: MethodDef = {
  kind: 'method',
  name: 'ssf',
  title: 'SSF (Scale and Shift Features)',
  doc: "After each targeted linear: y' = γ ⊙ y + β (γ ~ N(1, 0.02²), β ~ N(0, 0.02²)): 2·d_out per site; mergeable into the linear.",
  paper: PAPERS.ssf,
  family: 'insertion',
  usesTargets: true,
  mergeable: true,
  params: withTargetDefault('all-linear'),
  siteParams: (s) => 2 * s.dOut,
  siteFlops: (s) => 2 * s.dOut,
  rules: TARGET_RULES,
};

const isFeedforward = (name: string, p: Params) =>
  (strList(p['feedforward_modules']) ?? []).some((e) => name === e || name.endsWith(`.${e}`));

export const IA3: MethodDef = {
  kind: 'method',
  name: 'ia3',
  peftType: 'IA3',
  title: '(IA)³',
  doc: "Learned vectors rescale activations: a targeted site's output (d_out) or, for feedforward_modules, its input (d_in); init 1.",
  paper: PAPERS.ia3,
  family: 'insertion',
  usesTargets: true,
  mergeable: true,
  params: [
    ...withTargetDefault(['k', 'v', 'down']),
    {
      name: 'feedforward_modules',
      type: ['list', 'string'],
      of: 'string',
      default: ['down'],
      doc: 'Targeted sites whose input (not output) is scaled; must be a subset of target_modules.',
    },
    {
      name: 'init_ia3_weights',
      type: 'bool',
      default: true,
      doc: 'Initialise the vectors to 1 (no-op start).',
    },
  ],
  siteParams: (s, p) => (isFeedforward(s.name, p) ? s.dIn : s.dOut),
  siteFlops: (s, p) => (isFeedforward(s.name, p) ? s.dIn : s.dOut),
  rules: [
    ...TARGET_RULES,
    rule(
      'ia3-ff-subset',
      'error',
      'feedforward_modules must be a subset of target_modules.',
      'PEFT IA3Config',
      (p) => {
        const t = p['target_modules'];
        const ff = strList(p['feedforward_modules']) ?? [];
        if (!Array.isArray(t)) return undefined;
        const ts = strList(t) ?? [];
        const bad = ff.find((e) => !ts.includes(e));
        return bad
          ? {
              message: `feedforward_modules entry "${bad}" is not in target_modules = ${JSON.stringify(t)}; add it there or remove it`,
              params: ['feedforward_modules'],
            }
          : undefined;
      },
    ),
  ],
};
