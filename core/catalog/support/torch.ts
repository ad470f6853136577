/**
 * What the torch engine (PyTorch + Hugging Face PEFT, engineers "torch-core"/"torch-hf") runs, per
 * method and model family. A name missing here does not run on torch; the torch backend fills this
 * table as it implements methods (same shape as support/tfjs.ts).
 */
import type { Support } from '../engines';

export const TORCH_METHODS: Readonly<Record<string, Support>> = {};

export const TORCH_MODELS: Readonly<Record<string, Support>> = {};
