/** Soft-prompt methods: prompt tuning, prefix tuning, P-tuning. */
import type { MethodDef, ModelShape, ParamSpec, Params } from '../types';
import { bool, num, str } from '../values';
import { PAPERS } from './papers';
import { rule } from './rules';

const NV: ParamSpec = {
  name: 'num_virtual_tokens',
  type: 'int',
  min: 1,
  default: 8,
  doc: 'n_v soft tokens (they use n_v positions of the context).',
  paper: PAPERS.prompt,
};

const fitsContext = rule(
  'prompt-context',
  'error',
  "n_ctx + n_virtual must fit the model's positions (here: n_virtual < context).",
  'PEFT-METHODS §1.26',
  (p, _s, model) => {
    if (!model) return undefined;
    if (model.family === 'mlp')
      return {
        message: 'soft prompts need a token model; the mlp family has no sequence',
        params: ['num_virtual_tokens'],
      };
    const nv = num(p, 'num_virtual_tokens', 8);
    return model.family === 'transformer' && nv >= model.context
      ? {
          message: `num_virtual_tokens = ${nv} leaves no room in context = ${model.context}; use at most ${model.context - 1}`,
          params: ['num_virtual_tokens'],
          fix: { kind: 'set', value: Math.max(1, Math.floor(model.context / 4)) },
        }
      : undefined;
  },
);

const baseTokenFlops = (model: ModelShape) =>
  model.sites.reduce((s, x) => s + 2 * x.dIn * x.dOut, 0);
const nsub = (p: Params) => num(p, 'num_transformer_submodules', 1);

export const PROMPT_TUNING: MethodDef = {
  kind: 'method',
  name: 'prompt_tuning',
  peftType: 'PROMPT_TUNING',
  title: 'Prompt tuning',
  doc: 'n_v trained soft-token embeddings prepended to the input: n_v·d params; the sequence grows by n_v.',
  paper: PAPERS.prompt,
  family: 'prompt',
  usesTargets: false,
  mergeable: false,
  reach: 'embedding',
  params: [
    NV,
    {
      name: 'prompt_tuning_init',
      type: 'enum',
      values: ['RANDOM', 'TEXT', 'SAMPLE_VOCAB'],
      default: 'RANDOM',
      doc: 'Init: random, embeddings of prompt_tuning_init_text, or random vocabulary rows.',
    },
    {
      name: 'prompt_tuning_init_text',
      type: 'string',
      doc: 'Text whose token embeddings initialise the prompt (with TEXT).',
    },
    {
      name: 'num_transformer_submodules',
      type: 'int',
      min: 1,
      max: 2,
      default: 1,
      doc: '1 for decoder-only, 2 for encoder-decoder (exported as is).',
      exportOnly: true,
    },
  ],
  modelParams: (model, p) => num(p, 'num_virtual_tokens', 8) * nsub(p) * model.width,
  modelFlops: (model, p) =>
    (baseTokenFlops(model) * num(p, 'num_virtual_tokens', 8)) / Math.max(1, model.context),
  rules: [
    fitsContext,
    rule(
      'prompt-text-needs-init',
      'error',
      'prompt_tuning_init = TEXT needs prompt_tuning_init_text.',
      'PEFT PromptTuningConfig',
      (p, set) =>
        str(p, 'prompt_tuning_init') === 'TEXT' && !set.has('prompt_tuning_init_text')
          ? {
              message:
                'prompt_tuning_init = TEXT needs prompt_tuning_init_text; add the text or use RANDOM',
              params: ['prompt_tuning_init'],
              fix: { kind: 'set', value: 'RANDOM' },
            }
          : undefined,
    ),
  ],
};

export const PREFIX_TUNING: MethodDef = {
  kind: 'method',
  name: 'prefix_tuning',
  peftType: 'PREFIX_TUNING',
  title: 'Prefix tuning',
  doc: 'Per-layer trained key/value prefixes of n_v tokens: 2·L·n_v·d params (with prefix_projection: n_v·d + d·h + h + 2Ld(h + 1)).',
  paper: PAPERS.prefix,
  family: 'prompt',
  usesTargets: false,
  mergeable: false,
  reach: 'embedding',
  params: [
    NV,
    {
      name: 'prefix_projection',
      type: 'bool',
      default: false,
      doc: 'Reparametrise through an MLP of hidden size encoder_hidden_size.',
    },
    {
      name: 'encoder_hidden_size',
      type: 'int',
      min: 1,
      doc: 'Hidden size h of the projection MLP (default: width).',
    },
  ],
  modelParams: (model, p) => {
    const nv = num(p, 'num_virtual_tokens', 8),
      d = model.width,
      L = model.depth;
    if (!bool(p, 'prefix_projection', false)) return 2 * L * nv * d;
    const h = num(p, 'encoder_hidden_size', d);
    return nv * d + d * h + h + 2 * L * d * (h + 1);
  },
  modelFlops: (model, p) => 2 * model.depth * num(p, 'num_virtual_tokens', 8) * model.width,
  rules: [fitsContext],
};

export const P_TUNING: MethodDef = {
  kind: 'method',
  name: 'p_tuning',
  peftType: 'P_TUNING',
  title: 'P-tuning',
  doc: 'Soft prompt produced by a prompt encoder (MLP: d→h→h→d): n_v·d + d·h + h + h² + h + h·d + d params.',
  paper: PAPERS.ptuning,
  family: 'prompt',
  usesTargets: false,
  mergeable: false,
  reach: 'embedding',
  params: [
    NV,
    {
      name: 'encoder_reparameterization_type',
      type: 'enum',
      values: ['MLP', 'LSTM'],
      default: 'MLP',
      doc: 'Prompt encoder type (LSTM counts are not computed).',
    },
    {
      name: 'encoder_hidden_size',
      type: 'int',
      min: 1,
      doc: 'Hidden size h of the prompt encoder (default: width).',
    },
  ],
  modelParams: (model, p) => {
    const nv = num(p, 'num_virtual_tokens', 8),
      d = model.width,
      h = num(p, 'encoder_hidden_size', d);
    return nv * d + (d * h + h) + (h * h + h) + (h * d + d);
  },
  modelFlops: (model, p) =>
    (baseTokenFlops(model) * num(p, 'num_virtual_tokens', 8)) / Math.max(1, model.context),
  rules: [fitsContext],
};
