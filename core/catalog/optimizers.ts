/** Optimizers and learning-rate schedules (names and params as runtime/train reads them). */
import type { OptimizerEntry, ParamSpec, ScheduleEntry } from './types';
import { num } from './values';

const LR: ParamSpec = {
  name: 'lr',
  type: 'float',
  min: 0,
  exclusiveMin: true,
  max: 10,
  default: 1e-3,
  doc: 'Peak learning rate.',
};
const WD = (def: number): ParamSpec => ({
  name: 'weight_decay',
  type: 'float',
  min: 0,
  default: def,
  doc: 'Decoupled weight decay (AdamW) or L2 (SGD, AdaGrad).',
});

export const OPTIMIZERS: readonly OptimizerEntry[] = [
  {
    kind: 'optimizer',
    name: 'adamw',
    title: 'AdamW',
    doc: 'Adam with decoupled weight decay; 2 fp32 state slots per trainable parameter (8 bytes).',
    paper: { title: 'Decoupled Weight Decay Regularization', arxiv: '1711.05101', year: 2017 },
    aliases: ['adam'],
    params: [
      LR,
      {
        name: 'betas',
        type: 'list',
        of: 'float',
        min: 0,
        max: 1,
        exclusiveMax: true,
        default: [0.9, 0.999],
        doc: '(β1, β2) moment decay rates.',
      },
      {
        name: 'eps',
        type: 'float',
        min: 0,
        exclusiveMin: true,
        default: 1e-8,
        doc: 'Denominator epsilon.',
      },
      WD(0.01),
    ],
    stateSlots: () => 2,
  },
  {
    kind: 'optimizer',
    name: 'sgd',
    title: 'SGD (momentum)',
    doc: 'Stochastic gradient descent with heavy-ball momentum; 1 state slot when momentum > 0.',
    params: [
      LR,
      {
        name: 'momentum',
        type: 'float',
        min: 0,
        max: 1,
        exclusiveMax: true,
        default: 0.9,
        doc: 'Momentum coefficient (0 = plain SGD).',
      },
      WD(0),
    ],
    stateSlots: (p) => (num(p, 'momentum', 0.9) > 0 ? 1 : 0),
  },
  {
    kind: 'optimizer',
    name: 'adagrad',
    title: 'AdaGrad',
    doc: 'Per-parameter learning rates from accumulated squared gradients; 1 state slot.',
    paper: {
      title: 'Adaptive Subgradient Methods for Online Learning and Stochastic Optimization',
      year: 2011,
    },
    params: [
      LR,
      {
        name: 'eps',
        type: 'float',
        min: 0,
        exclusiveMin: true,
        default: 1e-10,
        doc: 'Denominator epsilon.',
      },
      {
        name: 'initial_accumulator_value',
        type: 'float',
        min: 0,
        default: 0,
        doc: 'Starting value of the accumulator.',
      },
      WD(0),
    ],
    stateSlots: () => 1,
  },
];

const WARMUP: ParamSpec = {
  name: 'warmup',
  type: 'fraction',
  min: 0,
  default: 0,
  doc: 'Linear warm-up: a fraction of steps (< 1) or a step count (≥ 1).',
};
const MIN_RATIO: ParamSpec = {
  name: 'min_lr_ratio',
  type: 'fraction',
  min: 0,
  max: 1,
  default: 0,
  doc: 'Final learning rate as a fraction of the peak.',
};

export const SCHEDULES: readonly ScheduleEntry[] = [
  {
    kind: 'schedule',
    name: 'constant',
    title: 'Constant',
    doc: 'lr throughout (after an optional warm-up).',
    params: [WARMUP],
  },
  {
    kind: 'schedule',
    name: 'linear_warmup',
    title: 'Linear warm-up',
    doc: 'Linear 0 → lr over the warm-up, then constant.',
    params: [{ ...WARMUP, default: 0.05 }],
  },
  {
    kind: 'schedule',
    name: 'cosine',
    title: 'Cosine',
    doc: 'Warm-up, then cosine decay from lr to min_lr_ratio·lr.',
    paper: {
      title: 'SGDR: Stochastic Gradient Descent with Warm Restarts',
      arxiv: '1608.03983',
      year: 2016,
    },
    params: [WARMUP, MIN_RATIO],
  },
  {
    kind: 'schedule',
    name: 'wsd',
    title: 'Warmup-Stable-Decay',
    doc: 'Warm-up, stable at lr, then linear decay to min_lr_ratio·lr over the last `decay` part (MiniCPM).',
    paper: {
      title:
        'MiniCPM: Unveiling the Potential of Small Language Models with Scalable Training Strategies',
      arxiv: '2404.06395',
      year: 2024,
    },
    params: [
      { ...WARMUP, default: 0.05 },
      {
        name: 'decay',
        type: 'fraction',
        min: 0,
        default: 0.2,
        doc: 'Decay phase: a fraction of steps (< 1) or a step count (≥ 1).',
      },
      MIN_RATIO,
    ],
  },
];
