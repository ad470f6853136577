/** Paper references used by method entries (arXiv ids). */
import type { PaperRef } from '../types';

export const PAPERS = {
  lora: {
    title: 'LoRA: Low-Rank Adaptation of Large Language Models',
    arxiv: '2106.09685',
    year: 2021,
  },
  rslora: {
    title: 'A Rank Stabilization Scaling Factor for Fine-Tuning with LoRA',
    arxiv: '2312.03732',
    year: 2023,
  },
  loraplus: {
    title: 'LoRA+: Efficient Low Rank Adaptation of Large Models',
    arxiv: '2402.12354',
    year: 2024,
  },
  pissa: {
    title:
      'PiSSA: Principal Singular Values and Singular Vectors Adaptation of Large Language Models',
    arxiv: '2404.02948',
    year: 2024,
  },
  olora: {
    title: 'OLoRA: Orthonormal Low-Rank Adaptation of Large Language Models',
    arxiv: '2406.01775',
    year: 2024,
  },
  loraga: {
    title: 'LoRA-GA: Low-Rank Adaptation with Gradient Approximation',
    arxiv: '2407.05000',
    year: 2024,
  },
  eva: {
    title: 'One Initialization to Rule them All: Fine-tuning via Explained Variance Adaptation',
    arxiv: '2410.07170',
    year: 2024,
  },
  dora: { title: 'DoRA: Weight-Decomposed Low-Rank Adaptation', arxiv: '2402.09353', year: 2024 },
  allora: {
    title: 'ALLoRA: Adaptive Learning Rate Mitigates LoRA Fatal Flaws',
    arxiv: '2410.09692',
    year: 2024,
  },
  loldu: {
    title: 'LoLDU: Low-Rank Adaptation via Lower-Diag-Upper Decomposition',
    arxiv: '2410.13618',
    year: 2024,
  },
  bone: {
    title: 'Bone: Block-Affine Adaptation of Large Language Models',
    arxiv: '2409.15371',
    year: 2024,
  },
  hydra: {
    title: 'Hydra: Multi-head Low-rank Adaptation for Parameter Efficient Fine-tuning',
    arxiv: '2309.06922',
    year: 2023,
  },
  increlora: {
    title: 'IncreLoRA: Incremental Parameter Allocation Method for Parameter-Efficient Fine-tuning',
    arxiv: '2308.12043',
    year: 2023,
  },
  adalora: {
    title: 'AdaLoRA: Adaptive Budget Allocation for Parameter-Efficient Fine-Tuning',
    arxiv: '2303.10512',
    year: 2023,
  },
  triadaptlora: {
    title: 'TriAdaptLoRA: Brain-Inspired Triangular Adaptive Low-Rank Adaptation',
    arxiv: '2501.08008',
    year: 2025,
  },
  orthogonal: {
    title: 'Orthogonal Adaptation for Modular Customization of Diffusion Models',
    arxiv: '2312.02432',
    year: 2023,
  },
  diffusekrona: {
    title:
      'DiffuseKronA: A Parameter Efficient Fine-tuning Method for Personalized Diffusion Models',
    arxiv: '2402.17412',
    year: 2024,
  },
  lokr: {
    title: 'Navigating Text-To-Image Customization: From LyCORIS Fine-Tuning to Model Evaluation',
    arxiv: '2309.14859',
    year: 2023,
  },
  llmadapters: {
    title:
      'LLM-Adapters: An Adapter Family for Parameter-Efficient Fine-Tuning of Large Language Models',
    arxiv: '2304.01933',
    year: 2023,
  },
  houlsby: {
    title: 'Parameter-Efficient Transfer Learning for NLP',
    arxiv: '1902.00751',
    year: 2019,
  },
  ssf: {
    title: 'Scaling & Shifting Your Features: A New Baseline for Efficient Model Tuning',
    arxiv: '2210.08823',
    year: 2022,
  },
  ia3: {
    title:
      'Few-Shot Parameter-Efficient Fine-Tuning is Better and Cheaper than In-Context Learning',
    arxiv: '2205.05638',
    year: 2022,
  },
  difffit: {
    title:
      'DiffFit: Unlocking Transferability of Large Diffusion Models via Simple Parameter-Efficient Fine-Tuning',
    arxiv: '2304.06648',
    year: 2023,
  },
  bitfit: {
    title:
      'BitFit: Simple Parameter-efficient Fine-tuning for Transformer-based Masked Language-models',
    arxiv: '2106.10199',
    year: 2021,
  },
  scalearn: {
    title: 'ScaLearn: Simple and Highly Parameter-Efficient Task Transfer by Learning to Scale',
    arxiv: '2310.01217',
    year: 2023,
  },
  unipt: {
    title:
      'UniPT: Universal Parallel Tuning for Transfer Learning with Efficient Parameter and Memory',
    arxiv: '2308.14316',
    year: 2023,
  },
  spiel: {
    title: 'Scaling Sparse Fine-Tuning to Large Language Models',
    arxiv: '2401.16405',
    year: 2024,
  },
  ltsft: {
    title: 'Composable Sparse Fine-Tuning for Cross-Lingual Transfer',
    arxiv: '2110.07560',
    year: 2021,
  },
  apet: {
    title:
      'Arbitrary Few Parameters are Good Enough for Adapting Large-scale Pre-trained Language Models',
    arxiv: '2306.02320',
    year: 2023,
  },
  mosa: {
    title: 'Split & Merge: Unlocking the Potential of Visual Adapters via Sparse Training',
    arxiv: '2312.02923',
    year: 2023,
  },
  prompt: {
    title: 'The Power of Scale for Parameter-Efficient Prompt Tuning',
    arxiv: '2104.08691',
    year: 2021,
  },
  prefix: {
    title: 'Prefix-Tuning: Optimizing Continuous Prompts for Generation',
    arxiv: '2101.00190',
    year: 2021,
  },
  ptuning: { title: 'GPT Understands, Too', arxiv: '2103.10385', year: 2021 },
  lae: {
    title: 'A Unified Continual Learning Framework with General Parameter-Efficient Tuning',
    arxiv: '2303.10070',
    year: 2023,
  },
  blackvip: {
    title: 'BlackVIP: Black-Box Visual Prompting for Robust Transfer Learning',
    arxiv: '2303.14773',
    year: 2023,
  },
  eft: {
    title: 'An Emulator for Fine-Tuning Large Language Models using Small Language Models',
    arxiv: '2310.12962',
    year: 2023,
  },
  generative: {
    title:
      'Generative Adapter: Contextualizing Language Models in Parameters with a Single Forward Pass',
    arxiv: '2411.05877',
    year: 2024,
  },
  rws: {
    title: 'Robust Weight Signatures: Gaining Robustness as Easy as Patching Weights?',
    arxiv: '2302.12480',
    year: 2023,
  },
  merging: {
    title:
      'Merging Models on the Fly Without Retraining: A Sequential Approach to Scalable Continual Model Merging',
    arxiv: '2501.09522',
    year: 2025,
  },
} satisfies Record<string, PaperRef>;
