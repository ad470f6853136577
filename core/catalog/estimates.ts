/**
 * Static estimates for one trial (PEFT-METHODS.md §4): trainable parameters per matched site,
 * memory (§4.3, fp32 tfjs runtime), training FLOPs with the PEFT backward counted honestly (§4.4:
 * frozen layers above the lowest trainable parameter cost forward + dX, never dW), tokens.
 */
import type { ResolvedAdapter, TrialConfig, TrialEstimates } from '../types/plan';
import type { MethodEntry, ModelEnv, ModelShape, Params, Site } from './types';
import { METHODS, MODELS, OPTIMIZERS } from './registry';
import { matchModel, siteParamsOf } from './matching';
import { num, numList, withSpecDefaults } from './values';

/**
 * Estimates of nothing (a trial that cannot be estimated), and the one list of the TrialEstimates
 * fields: the compiler fails here when the plan's estimates gain one.
 */
export const ZERO_ESTIMATES: Readonly<TrialEstimates> = {
  totalParams: 0,
  trainableParams: 0,
  trainablePercent: 0,
  weightBytes: 0,
  gradientBytes: 0,
  optimizerBytes: 0,
  activationBytes: 0,
  memoryBytes: 0,
  flopsPerStep: 0,
  trainFlops: 0,
  tokens: 0,
};

/** Seams (`resolveFile`), the families implemented above the catalog (`families`), element sizes. */
export interface EstimateOptions extends ModelEnv {
  /** Bytes per weight/gradient/optimizer element (fp32 runtime: 4). */
  bytesPerParam?: number;
  /** Bytes per stored activation element (fp32: 4). */
  bytesPerActivation?: number;
}

export interface TrainableCount {
  total: number;
  /** Trainable params per matched site (site methods). */
  perSite: { site: Site; params: number }[];
  /** Params from modelParams (prompt tokens, insertions, full FT, sparse k). */
  modelLevel: number;
  matched: Site[];
  /** Params that add to the model (not replacing base weights): everything but full/sparse in-place deltas. */
  added: number;
}

/** Trainable parameters of `method` on `model` with evaluated `p` (rank/alpha patterns applied per site). */
export function trainableParams(method: MethodEntry, model: ModelShape, p: Params): TrainableCount {
  const matched = method.usesTargets ? matchModel(model, p).sites : [];
  const perSite = method.siteParams
    ? matched.map((site) => ({ site, params: method.siteParams!(site, siteParamsOf(site, p)) }))
    : [];
  const modelLevel = method.modelParams ? method.modelParams(model, p, matched) : 0;
  const total = perSite.reduce((s, x) => s + x.params, 0) + modelLevel;
  const added = method.baseGradients === 'all' ? 0 : total;
  return { total, perSite, modelLevel, matched, added };
}

const siteFlops = (s: Site): number => 2 * s.dIn * s.dOut;

/** Lowest block index holding a trainable parameter (-1 = embedding, depth = head only, Infinity = none). */
function lowestTrainable(
  method: MethodEntry,
  model: ModelShape,
  p: Params,
  matched: readonly Site[],
): number {
  if (method.reach === 'embedding') return -1;
  if (method.reach === 'layers') {
    const ls = numList(p, 'layers_to_transform');
    return ls && ls.length > 0 ? Math.min(...ls) : 0;
  }
  if (matched.length === 0) return Infinity;
  return Math.min(...matched.map((s) => (s.layer < 0 ? model.depth : s.layer)));
}

/** Stored fp32 activation elements per layer for backward (§4.3, no dropout in the base). */
function layerActivations(model: ModelShape, heads: number, seqs: number): number {
  if (model.family !== 'transformer') return 0;
  const s = model.context,
    h = model.width;
  return (64 * s * seqs * h + 4 * heads * s * s * seqs) / 4;
}

/**
 * The estimates the plan stores per trial. Throws an Error naming the value when the model family
 * or method is unknown or the model params are inconsistent (e.g. heads not dividing width).
 */
export function estimateTrial(config: TrialConfig, opts: EstimateOptions = {}): TrialEstimates {
  const fam = MODELS.find((m) => m.name === config.model.family);
  if (!fam) throw new Error(`estimateTrial: unknown model family "${config.model.family}"`);
  const impl = opts.families?.[fam.name];
  if (impl) return impl.estimate(config, opts.resolveFile); // the family's own (hf: core/hf/estimate.ts)
  const { method, params: p } = adapterParams(config.adapter);
  fam.sites(config.model.params, opts); // validates the shape (throws with values)
  const model = fam.shape(config.model.params, opts);
  const bp = opts.bytesPerParam ?? 4;
  const ba = opts.bytesPerActivation ?? 4;
  const count = trainableParams(method, model, p);
  const N = model.baseParams;
  const Nt = count.total;
  const opt = OPTIMIZERS.find((o) => o.name === config.optimizer.name);
  const slots = opt ? opt.stateSlots(config.optimizer.params) : 2;

  // FLOPs per token (§4.4).
  const tokensPerSeq = model.family === 'transformer' ? model.context : 1;
  const baseFwd = model.sites.reduce((s, x) => s + siteFlops(x), 0);
  const low = lowestTrainable(method, model, p, count.matched);
  const above = model.sites.filter((s) => (s.layer < 0 ? model.depth : s.layer) >= low);
  const phi = baseFwd > 0 ? above.reduce((s, x) => s + siteFlops(x), 0) / baseFwd : 0;
  const dW =
    method.baseGradients === 'all'
      ? baseFwd
      : method.baseGradients === 'matched'
        ? count.matched.reduce((s, x) => s + siteFlops(x), 0)
        : 0;
  const fa =
    (method.siteFlops
      ? count.matched.reduce((s, site) => s + method.siteFlops!(site, siteParamsOf(site, p)), 0)
      : 0) + (method.modelFlops ? method.modelFlops(model, p, count.matched) : 0);
  const layersAbove = low === Infinity ? 0 : Math.max(0, model.depth - Math.max(low, 0));
  const attn = model.family === 'transformer' ? 2 * model.depth * model.context * model.width : 0;
  // Attention backward computes both operands' gradients: 2× its forward in every layer gradients flow through.
  const attnTrain = attn + (2 * attn * layersAbove) / Math.max(1, model.depth);
  const perToken = baseFwd * (1 + phi) + dW + 3 * fa + attnTrain;
  const batch = config.batch;
  const tokensPerStep = batch * tokensPerSeq;
  const stepExtra = method.siteStepFlops
    ? count.matched.reduce((s, site) => s + method.siteStepFlops!(site, siteParamsOf(site, p)), 0)
    : 0;
  const flopsPerStep = Nt > 0 ? perToken * tokensPerStep + stepExtra : 0;

  // Memory (§4.3).
  const heads = num(config.model.params, 'heads', 4);
  let actElems = layerActivations(model, heads, batch) * layersAbove;
  if (model.family === 'mlp')
    actElems = model.sites
      .filter((s) => (s.layer < 0 ? model.depth : s.layer) >= low)
      .reduce((s, x) => s + 2 * batch * x.dOut, 0);
  if (Nt > 0) actElems += tokensPerStep * model.outputs; // logits kept for the loss backward
  if (method.family === 'lora' || method.family === 'lora-like') {
    const r = num(p, 'r', 8);
    const drop = num(p, 'lora_dropout', 0) > 0;
    actElems += count.matched.reduce(
      (s, site) => s + tokensPerStep * (r + (drop ? site.dIn * 1.25 : 0)),
      0,
    );
  }
  const weightBytes = (N + count.added) * bp;
  const gradientBytes = Nt * bp;
  const optimizerBytes = Nt * 4 * slots;
  const activationBytes = Nt > 0 ? actElems * ba : 0;
  const steps = config.steps;
  return {
    totalParams: N + count.added,
    trainableParams: Nt,
    trainablePercent: N > 0 ? (Nt / N) * 100 : 0,
    weightBytes,
    gradientBytes,
    optimizerBytes,
    activationBytes,
    memoryBytes: weightBytes + gradientBytes + optimizerBytes + activationBytes,
    flopsPerStep,
    trainFlops: flopsPerStep * steps,
    tokens: tokensPerStep * steps,
  };
}

/**
 * The catalog method of an adapter and the params its formulas read: the preset's (a method like
 * `pissa` is LoRA with set values), then the ones written, then the method's defaults. Throws an
 * Error naming the method when the catalog has none.
 */
export function adapterParams(adapter: ResolvedAdapter): { method: MethodEntry; params: Params } {
  const method = METHODS.find(
    (m) => m.name === adapter.method || m.aliases?.includes(adapter.method),
  );
  if (!method) throw new Error(`estimateTrial: unknown method "${adapter.method}"`);
  const written = method.preset ? { ...method.preset.params, ...adapter.params } : adapter.params;
  return { method, params: withSpecDefaults(method.params, written) };
}
