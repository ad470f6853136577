/**
 * The seam between the model engine (runtime/model, runtime/train) and the PEFT methods
 * (runtime/peft/*). A method is attached to a built base model and answers: which variables train,
 * how each adapted linear site computes, and which hooks it needs at insertion points.
 *
 * Layout convention: tfjs multiplies `x[n, dIn] · kernel[dIn, dOut]`, so kernels are stored
 * `[dIn, dOut]` — the transpose of PyTorch's `nn.Linear.weight` (`[dOut, dIn]`), which
 * PEFT-METHODS.md's formulas use. safetensors export transposes to PyTorch's layout.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { PlanValue } from '../../core/types/plan';

/** One linear layer of the base model: y = x·kernel + bias. */
export interface LinearSite {
  /** Full name, e.g. "layers.2.attn.q", "layers.0.mlp.up", "head". */
  name: string;
  /** Layer index for block sites, -1 for the output head. */
  layer: number;
  dIn: number;
  dOut: number;
  kernel: tf.Variable; // [dIn, dOut]
  bias: tf.Variable | null; // [dOut]
}

/** What a method sees of the base model. */
export interface BaseModelHandle {
  width: number;
  depth: number;
  /** Every adaptable linear site, in forward order. */
  sites: LinearSite[];
  /** Every base variable by name (embeddings, norms, kernels, biases). */
  variables: Map<string, tf.Variable>;
  /**
   * The fast linear (a `tf.customGrad` that runs the backward as plain 2-D matmuls).
   * With `trainKernel` false the kernel receives no gradient (frozen weights cost only dX).
   */
  linear(
    x: tf.Tensor2D,
    kernel: tf.Tensor2D,
    bias: tf.Tensor1D | null,
    trainKernel: boolean,
  ): tf.Tensor2D;
}

export interface MethodContext {
  seed: number;
  /**
   * For data-driven inits (EVA): a few batches of the inputs each site sees, as [n, dIn] per site
   * name, computed by the engine on the fine-tuning data before attaching.
   */
  calibrationInputs?: () => Map<string, tf.Tensor2D>;
}

export interface AttachedMethod {
  /** The variables the optimizer updates (base kernels too, for full or sparse fine-tuning). */
  trainable: tf.Variable[];
  /** Replaces a linear site's computation; `base(x)` is the frozen site. Absent: site unchanged. */
  linear?(site: LinearSite, x: tf.Tensor2D, base: (x: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D;
  /**
   * Transforms the embedded sequence [batch, time, width] (prompt tuning prepends soft tokens).
   * Contract: the result may be longer ([batch, n_v + time, width]); the engine keeps the LAST
   * `time` positions after the blocks, so the loss covers the real tokens only.
   */
  embed?(h: tf.Tensor3D): tf.Tensor3D;
  /** Transforms a sub-block's output before the residual add (series adapters, SSF). */
  afterSublayer?(layer: number, which: 'attn' | 'mlp', h: tf.Tensor2D): tf.Tensor2D;
  /** Learning-rate multipliers by variable (LoRA+: B and 1-D adapter vectors at loraplus_lr_ratio); absent = 1. */
  lrScale?: ReadonlyMap<tf.Variable, number>;
  /** Rewrites gradients before the optimizer step (ALLoRA's per-row scaling, sparse masks). */
  transformGradients?(grads: Map<string, tf.Tensor>): Map<string, tf.Tensor>;
  /** After each optimizer step (IncreLoRA rank growth). May change `trainable`. */
  afterStep?(step: number, grads: Map<string, tf.Tensor>): void | Promise<void>;
  /** Merged kernels by site name (merge-and-unload); absent when the method cannot merge. */
  merge?(): Map<string, tf.Tensor2D>;
  /**
   * Merged biases by site name, for methods whose merge also changes the bias (IA³ on outputs,
   * SSF, Hydra). Sites absent here keep their bias. Added by the PEFT methods; optional.
   */
  mergeBiases?(): Map<string, tf.Tensor1D>;
  /**
   * Adapter tensors to save, by name in PyTorch layout (PEFT's names where PEFT has the method).
   * The PEFT adapters return fresh copies the caller disposes; `full` returns the live variables.
   */
  state(): Map<string, tf.Tensor>;
  /** Number of trainable scalars, to check against the catalog's formula. */
  trainableCount(): number;
  dispose(): void;
}

export type MethodFactory = (
  model: BaseModelHandle,
  params: Record<string, PlanValue>,
  ctx: MethodContext,
) => AttachedMethod;
