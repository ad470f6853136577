/** Parameters of the blocks that are not catalog entries themselves: data, pretrain, run, law, predict. */
import type { BlockEntry } from './types';

export const BLOCKS: readonly BlockEntry[] = [
  {
    kind: 'block',
    name: 'data',
    title: 'data block',
    doc: 'A corpus or task: `data task = corpus "moby-dick" { holdout = 10% }`.',
    params: [
      { name: 'corpus', type: 'string', required: true, doc: 'Catalog corpus name (sotu, moby-dick, spam-assassin, fashion-mnist, …).' },
      { name: 'holdout', type: 'fraction', min: 0, exclusiveMin: true, max: 1, exclusiveMax: true, default: 0.1, doc: 'Fraction held out for evaluation (deterministic split).' },
      { name: 'limit', type: 'size', min: 1, unit: 'bytes or examples', doc: 'Read at most this much (quick runs, tests).' },
    ],
  },
  {
    kind: 'block',
    name: 'pretrain',
    title: 'pretrain block',
    doc: 'How the base model is pre-trained before fine-tuning (cached by config).',
    params: [
      { name: 'data', type: 'ref', refKind: 'data', required: true, doc: 'Pre-training data.' },
      { name: 'steps', type: 'int', min: 1, default: 1000, unit: 'steps', doc: 'Optimizer steps.' },
      { name: 'lr', type: 'float', min: 0, exclusiveMin: true, default: 1e-3, doc: 'Peak learning rate.' },
      { name: 'batch', type: 'int', min: 1, default: 32, unit: 'sequences', doc: 'Batch size.' },
      { name: 'seed', type: 'int', min: 0, default: 0, doc: 'Random seed.' },
      { name: 'optimizer', type: 'enum', values: ['adamw', 'adam', 'sgd', 'adagrad'], default: 'adamw', doc: 'Optimizer (with an optional { … } block).' },
      { name: 'schedule', type: 'enum', values: ['constant', 'linear_warmup', 'cosine', 'wsd'], default: 'cosine', doc: 'Learning-rate schedule.' },
    ],
  },
  {
    kind: 'block',
    name: 'run',
    title: 'run block',
    doc: 'A sweep: model × data × adapter × hyper-parameters, expanded into trials. Adapter parameters (r, lora_alpha, …) may be swept here too.',
    params: [
      { name: 'model', type: 'ref', refKind: 'model', required: true, doc: 'The base model.' },
      { name: 'data', type: 'ref', refKind: 'data', required: true, doc: 'The fine-tuning data.' },
      { name: 'adapter', type: 'ref', refKind: 'adapter', required: true, doc: 'The PEFT method (a named adapter block; sweepable).' },
      { name: 'optimizer', type: 'enum', values: ['adamw', 'adam', 'sgd', 'adagrad'], default: 'adamw', doc: 'Optimizer, optionally with { lr = … }.' },
      { name: 'schedule', type: 'enum', values: ['constant', 'linear_warmup', 'cosine', 'wsd'], default: 'constant', doc: 'Learning-rate schedule, optionally with { warmup = … }.' },
      { name: 'lr', type: 'float', min: 0, exclusiveMin: true, doc: 'Shorthand for optimizer lr.' },
      { name: 'batch', type: 'int', min: 1, default: 32, unit: 'sequences', doc: 'Batch size (sequences or examples per step).' },
      { name: 'steps', type: 'int', min: 1, default: 400, unit: 'steps', doc: 'Optimizer steps per trial.' },
      { name: 'seed', type: 'int', min: 0, default: 0, doc: 'Base random seed.' },
      { name: 'seeds', type: 'int', min: 1, max: 1000, default: 1, doc: 'Repeat every configuration with this many seeds.' },
      { name: 'eval_every', type: 'int', min: 1, default: 100, unit: 'steps', doc: 'Evaluate on held-out data every this many steps (and at the end).' },
      { name: 'metric', type: 'enum', values: ['eval_loss', 'eval_accuracy', 'train_loss'], default: 'eval_loss', doc: 'The metric laws read by default.' },
      { name: 'clip', type: 'float', min: 0, default: 1, doc: 'Global gradient-norm clip; 0 disables.' },
      { name: 'backend', type: 'enum', values: ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow', 'torch'], doc: 'Force a backend: a tfjs one, or `torch` (a PyTorch worker per trial, docs/torch.md). Default: fastest present.' },
      { name: 'executor', type: 'enum', values: ['local', 'slurm'], default: 'local', doc: 'Where trials run.' },
      { name: 'slurm', type: 'map', doc: 'SLURM options { partition, time, cpus, gpus, mem, extra }.' },
    ],
  },
  {
    kind: 'block',
    name: 'law',
    title: 'law block',
    doc: 'A scaling law fitted to a run\'s trials: `law l = power(run.eval_loss ~ r) by adapter` or `fit "E + A*N^-a"`.',
    params: [
      { name: 'loss', type: 'enum', values: ['lm', 'huber'], default: 'huber', doc: 'Fitting objective: least squares (LM) or log-space Huber (Chinchilla).' },
      { name: 'delta', type: 'float', min: 0, exclusiveMin: true, default: 1e-3, doc: 'Huber δ.' },
      { name: 'holdout', type: 'int', min: 0, default: 0, doc: 'Largest-x points held out to score extrapolation.' },
      { name: 'bootstrap', type: 'int', min: 0, max: 10000, default: 200, doc: 'Bootstrap resamples for intervals.' },
    ],
  },
  { kind: 'block', name: 'predict', title: 'predict', doc: 'Points to predict with a fitted law: `predict law at r = [64, 128]`.', params: [] },
];
