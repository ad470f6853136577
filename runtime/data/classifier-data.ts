/**
 * Training batches for the MLP classifier from either kind of example corpus: text
 * (classification.ts: hashed n-gram features) or images (vision.ts: pixels). The fine-tuning
 * trial and the MLP's pretraining both draw through here, so one corpus name means the same split.
 */
import type { ClsBatch } from '../model/types';
import { clsBatches, clsEvalBatches, loadExamples, splitExamples } from './classification';
import { imageBatches, imageEvalBatches, isVisionCorpus, loadImages, splitImages } from './vision';

export interface ClassifierData {
  next: () => ClsBatch;
  /** The holdout in batches of `batch` (at most `maxEvalBatches`). */
  evalSet: () => ClsBatch[];
  /** Another seeded stream over the same training part (calibration, a second pass). */
  stream: (seed: number) => () => ClsBatch;
}

export interface ClassifierDataOptions {
  corpus: string;
  limit?: number;
  holdout: number;
  batch: number;
  nIn: number;
  classes: number;
  seed: number;
  maxEvalBatches?: number;
}

/** Throws naming the corpus when it is neither a text-classification nor an image corpus. */
export function classifierData(o: ClassifierDataOptions): ClassifierData {
  const maxEval = o.maxEvalBatches ?? 1 << 30;
  if (isVisionCorpus(o.corpus)) {
    const set = loadImages(o.corpus, o.limit, o.classes);
    const { train, holdout } = splitImages(set, o.holdout);
    const stream = (seed: number): (() => ClsBatch) =>
      imageBatches(set, train, o.batch, o.nIn, seed);
    return {
      next: stream(o.seed),
      evalSet: () => imageEvalBatches(set, holdout, o.batch, o.nIn, maxEval),
      stream,
    };
  }
  const { train, holdout } = splitExamples(loadExamples(o.corpus, o.limit), o.holdout);
  const stream = (seed: number): (() => ClsBatch) => clsBatches(train, o.batch, o.nIn, seed);
  return {
    next: stream(o.seed),
    evalSet: () => clsEvalBatches(holdout, o.batch, o.nIn, maxEval),
    stream,
  };
}
