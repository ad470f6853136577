/** What the trainer needs from a model, on top of the BaseModelHandle that methods see. */
import type * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, BaseModelHandle } from '../peft/types';

/** A language-model batch: byte ids, targets shifted by one. Shapes [batch, time], row-major. */
export interface LmBatch {
  kind: 'lm';
  x: Int32Array;
  y: Int32Array;
  batch: number;
  time: number;
}

/** A classification batch: features [batch, nIn] and class ids [batch]. */
export interface ClsBatch {
  kind: 'cls';
  x: Float32Array;
  y: Int32Array;
  batch: number;
  nIn: number;
}

export type Batch = LmBatch | ClsBatch;

export interface EngineModel {
  family: 'transformer' | 'mlp';
  handle: BaseModelHandle;
  /** Total base parameters (the catalog's formula must give the same number). */
  paramCount: number;
  /** Variables that receive gradients in the next steps (frozen ones get only dX). */
  setTrainable(vars: readonly tf.Variable[]): void;
  /** Logits [rows, classes]: one row per token (LM) or per example (classifier). */
  logits(batch: Batch, method?: AttachedMethod): tf.Tensor2D;
  /** Mean cross-entropy over the batch; call inside a tidy or variableGrads. */
  loss(batch: Batch, method?: AttachedMethod): tf.Scalar;
  /** Examples → tokens counted for throughput (time steps for LM, 1 per example otherwise). */
  tokensPerExample: number;
  /** Forward FLOPs per token (2 × matmul MACs), for per-step FLOP metrics. */
  forwardFlopsPerToken: number;
  dispose(): void;
}
