/**
 * Static estimates for a trial on an hf model (PEFT-METHODS.md §4), the one source the catalog's
 * estimateTrial delegates to for family "hf":
 * - trainable params: the catalog method's per-site formula on the sites PEFT would match (exact);
 * - weights at the model's `precision` (adapters fp32, as PEFT autocasts them), fp32 gradients and
 *   optimizer state for trainable params (full FT in 16-bit adds an fp32 master copy: 16 B/param);
 * - activations (Korthikanti et al. 2022 accounting, 16-bit, per layer at/above the lowest trainable
 *   layer): attention 11·sbh + 5·a·s²·b, norms 4·sbh, MLP 2·sbh + 4·sbf (gated: 8·sbf), scaled by
 *   bytes/2 for fp32; gradient checkpointing keeps 2·sbh per layer + one layer; plus LoRA's `A x`
 *   (b·s·r) per adapted module and fp32 logits b·s·V;
 * - FLOPs per token: forward 2·Σ d_in·d_out (+ attention 2·L·s·d_attn), backward counted as in §4.4.
 */
import type { TrialConfig, TrialEstimates } from '../types/plan';
import type { ResolveFile } from '../types/files';
import type { Site } from '../catalog/types';
import { OPTIMIZERS } from '../catalog/registry';
import { matchModel, siteParamsOf } from '../catalog/matching';
import { adapterParams, ZERO_ESTIMATES } from '../catalog/estimates';
import { headOf, hfModel, hfShape, type HfModel } from './family';
import { adapterFileBytes } from './safetensors-size';

export const PRECISION_BYTES: Readonly<Record<string, number>> = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  int8: 1,
  '4bit': 0.5,
};

export interface HfEstimate extends TrialEstimates {
  baseParams: number;
  /** Training sequence length used. */
  context: number;
  /** Size of adapter_model.safetensors (exact for LoRA without DoRA/bias; else tensors + header estimate). */
  adapterFileBytes: number;
  adapterFileExact: boolean;
  /** Training FLOPs per token. */
  flopsPerToken: number;
  /** Training tokens per base parameter (Chinchilla's D/N ≈ 20) and per trainable parameter. */
  tokensPerParam: number;
  tokensPerTrainable: number;
  adaptedModules: number;
  adaptedLayers: number;
}

const mm = (s: Site): number => 2 * s.dIn * s.dOut;

/**
 * Activation bytes of one decoder layer (no recomputation) at `pb` bytes per element; `flash`
 * (SDPA/flash attention, transformers' default) drops the 5·a·s²·b scores term. GPT-2 keeps a
 * dropout mask (sbh) after its MLP, giving Korthikanti's 34·sbh.
 */
export function layerActivationBytes(
  m: HfModel,
  s: number,
  b: number,
  pb: number,
  flash: boolean,
): number {
  const h = m.arch.hidden,
    a = m.arch.heads,
    f = m.arch.ffn;
  const gated = !['gpt2', 'gpt_neox', 'phi', 'bert'].includes(m.arch.modelType);
  const mask = m.arch.modelType === 'gpt2' ? s * b * h : 0;
  const sixteen =
    11 * s * b * h +
    (flash ? 0 : 5 * a * s * s * b) +
    4 * s * b * h +
    2 * s * b * h +
    (gated ? 8 : 4) * s * b * f +
    mask;
  return (sixteen * pb) / 2;
}

/**
 * Estimates one trial on an hf model. Throws an Error naming the value for an unknown method or an
 * unreadable/unsupported config (see hfModel).
 */
export function estimateHfTrial(config: TrialConfig, resolveFile?: ResolveFile): HfEstimate {
  const { method, params: p } = adapterParams(config.adapter);
  const mp = config.model.params;
  const head = headOf(mp);
  const model = hfModel(mp['config'], resolveFile, head);
  // The family's one shape (norm parameters included, which BitFit and DiffFit count).
  const shape = hfShape(mp, resolveFile);
  const s = shape.context;
  const matched = method.usesTargets ? matchModel(shape, p).sites : [];
  const perSite = method.siteParams
    ? matched.map((site) => method.siteParams!(site, siteParamsOf(site, p)))
    : [];
  const full = method.baseGradients === 'all';
  // PEFT trains a sequence classifier's new head too (modules_to_save = classifier/score for SEQ_CLS).
  const headParams =
    head.task === 'seq_cls' && !full
      ? model.tree.filter((x) => x.output).reduce((a, x) => a + x.params, 0)
      : 0;
  const Nt =
    perSite.reduce((a, x) => a + x, 0) +
    (method.modelParams ? method.modelParams(shape, p, matched) : 0) +
    headParams;
  const N = model.total;
  const added = full ? 0 : Nt;
  const pb = PRECISION_BYTES[typeof mp['precision'] === 'string' ? mp['precision'] : 'bf16'] ?? 2;
  const opt = OPTIMIZERS.find((o) => o.name === config.optimizer.name);
  const slots = opt ? opt.stateSlots(config.optimizer.params) : 2;
  const L = model.arch.layers,
    b = config.batch;

  // FLOPs per token (§4.4): forward; frozen layers at/above the lowest trainable one get a dX pass.
  const baseFwd = model.sites.reduce((a, x) => a + mm(x), 0);
  const low =
    method.reach === 'embedding' || full
      ? -1
      : matched.length === 0
        ? Infinity
        : Math.min(...matched.map((x) => (x.layer < 0 ? L : x.layer)));
  const phi =
    baseFwd > 0
      ? model.sites
          .filter((x) => (x.layer < 0 ? L : x.layer) >= low)
          .reduce((a, x) => a + mm(x), 0) / baseFwd
      : 0;
  const dW = full
    ? baseFwd
    : method.baseGradients === 'matched'
      ? matched.reduce((a, x) => a + mm(x), 0)
      : 0;
  const fa =
    (method.siteFlops
      ? matched.reduce((a, site) => a + method.siteFlops!(site, siteParamsOf(site, p)), 0)
      : 0) + (method.modelFlops ? method.modelFlops(shape, p, matched) : 0);
  const layersAbove = low === Infinity ? 0 : Math.max(0, L - Math.max(low, 0));
  const attn = 2 * L * s * model.arch.heads * model.arch.headDim;
  const perToken =
    Nt > 0
      ? baseFwd * (1 + phi) + dW + 3 * fa + attn + (2 * attn * layersAbove) / Math.max(1, L)
      : 0;
  const tokensPerStep = b * s;
  const stepExtra = method.siteStepFlops
    ? matched.reduce((a, site) => a + method.siteStepFlops!(site, siteParamsOf(site, p)), 0)
    : 0;
  const flopsPerStep = Nt > 0 ? perToken * tokensPerStep + stepExtra : 0;

  // Memory (§4.3).
  const checkpoint = mp['gradient_checkpointing'] === true;
  const perLayer = layerActivationBytes(model, s, b, pb < 2 ? 2 : pb, true);
  let act = checkpoint
    ? layersAbove > 0
      ? ((2 * s * b * model.arch.hidden * (pb < 2 ? 2 : pb)) / 2) * layersAbove + perLayer
      : 0
    : perLayer * layersAbove;
  if (Nt > 0) act += tokensPerStep * model.arch.vocab * 4;
  if (method.family === 'lora' || method.family === 'lora-like') {
    const drop = typeof p['lora_dropout'] === 'number' && p['lora_dropout'] > 0;
    act += matched.reduce((a, site) => {
      const r = Number(siteParamsOf(site, p)['r'] ?? 8);
      return a + tokensPerStep * (r * 4 + (drop ? site.dIn * (pb + 1) : 0));
    }, 0);
  }
  const weightBytes = N * pb + added * 4;
  const gradientBytes = full ? N * Math.max(pb, 2) : Nt * 4;
  const optimizerBytes = Nt * 4 * slots + (full && pb < 4 ? 4 * N : 0);
  const activationBytes = Nt > 0 ? act : 0;
  const tokens = tokensPerStep * config.steps;
  const file = adapterFileBytes(
    method,
    p,
    matched.map((site, i) => ({
      site,
      r: Number(siteParamsOf(site, p)['r'] ?? 8),
      params: perSite[i] ?? 0,
    })),
    Nt,
  );
  return {
    totalParams: N + added,
    trainableParams: Nt,
    trainablePercent: N > 0 ? (Nt / N) * 100 : 0,
    weightBytes,
    gradientBytes,
    optimizerBytes,
    activationBytes,
    memoryBytes: weightBytes + gradientBytes + optimizerBytes + activationBytes,
    flopsPerStep,
    trainFlops: flopsPerStep * config.steps,
    tokens,
    baseParams: N,
    context: s,
    adapterFileBytes: file.bytes,
    adapterFileExact: file.exact,
    flopsPerToken: perToken,
    tokensPerParam: N > 0 ? tokens / N : 0,
    tokensPerTrainable: Nt > 0 ? tokens / Nt : 0,
    adaptedModules: matched.length,
    adaptedLayers: new Set(matched.filter((x) => x.layer >= 0).map((x) => x.layer)).size,
  };
}

/** Only the TrialEstimates fields (what the plan stores per trial), in the plan's field order. */
export function toTrialEstimates(e: HfEstimate): TrialEstimates {
  const out = {} as Record<keyof TrialEstimates, number>;
  for (const k of Object.keys(ZERO_ESTIMATES) as (keyof TrialEstimates)[]) out[k] = e[k];
  return out;
}
