/**
 * Base models: pretrained once per (model params + pretrain config) and cached under cacheDir as
 * safetensors. Two workers wanting the same base: the first takes `<file>.lock` (O_EXCL) and
 * pretrains; the others wait for the file to appear (or for a stale lock to be broken) and
 * load it. The file is written to a temp name and renamed, so readers never see half a file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { ResolvedModel } from '../../core/types/plan';
import type { EngineModel } from '../model/types';
import { buildModel, loadWeights, saveWeights } from '../model/build';
import { loadCorpus } from '../data/corpora';
import { splitCorpus } from '../data/split';
import { lmBatches } from '../data/batches';
import { classifierData } from '../data/classifier-data';
import { mlpParams } from '../model/params';
import type { Batch } from '../model/types';
import { createOptimizer } from './optimizers';
import { createSchedule } from '../../core/plan/lr-schedule';
import { fullFineTuning } from '../peft/full';
import { trainLoop } from './trainer';
import { ensureStoreDir, writeAtomic } from '../../store/atomic';
import { cacheOnHost } from '../tf/readback';

/** Bumped when the model code changes in a way that invalidates cached bases. */
const ENGINE_VERSION = 1;

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The cache key of a base: hash of family, params and pretrain config (name excluded). */
export function baseKey(model: ResolvedModel): string {
  const h = createHash('sha256').update(
    canonical({
      v: ENGINE_VERSION,
      family: model.family,
      params: model.params,
      pretrain: model.pretrain ?? null,
    }),
  );
  return h.digest('hex').slice(0, 16);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface BaseOptions {
  cacheDir: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** A lock older than this is considered abandoned (default 2 h). */
  staleLockMs?: number;
}

/**
 * The base model for `model`: random init (seed 0, or pretrain.seed) without `pretrain`,
 * otherwise loaded from the cache or pretrained now and cached (a transformer on bytes, an MLP on
 * labelled examples). Throws when pretraining diverges.
 */
export async function loadBase(model: ResolvedModel, opts: BaseOptions): Promise<EngineModel> {
  const seed = model.pretrain?.seed ?? 0;
  const m = buildModel(model, seed);
  const pre = model.pretrain;
  if (!pre) return m;
  ensureStoreDir(opts.cacheDir); // plain folders under .peft only (store/atomic.ts)
  const file = path.join(opts.cacheDir, `${model.family}-${baseKey(model)}.safetensors`);
  const lock = `${file}.lock`;
  const stale = opts.staleLockMs ?? 2 * 3600_000;
  for (;;) {
    if (fs.existsSync(file)) {
      loadWeights(m, fs.readFileSync(file));
      opts.log?.(`base ${model.name}: loaded ${path.basename(file)}`);
      return m;
    }
    let fd: number;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch {
      const age =
        Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > stale) fs.rmSync(lock, { force: true });
      if (opts.signal?.aborted)
        throw new Error('cancelled while waiting for another worker to pretrain the base');
      await sleep(500);
      continue;
    }
    try {
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      await pretrain(m, model, opts);
      await cacheOnHost(m.handle.variables.values());
      writeAtomic(file, saveWeights(m, { key: baseKey(model), model: model.name }));
      return m;
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}

/**
 * The pretraining stream: byte windows for a transformer, labelled examples (text or images, the
 * training part of the same split a fine-tuning trial uses) for the MLP classifier.
 */
function pretrainBatches(model: ResolvedModel, seed: number): () => Batch {
  const pre = model.pretrain!;
  if (model.family === 'mlp') {
    const { nIn, classes } = mlpParams(model.params);
    const { corpus, limit, holdout } = pre.data;
    return classifierData({ corpus, limit, holdout, batch: pre.batch, nIn, classes, seed }).next;
  }
  const { train } = splitCorpus(loadCorpus(pre.data.corpus, pre.data.limit), pre.data.holdout);
  return lmBatches(train, pre.batch, Number(model.params['context']), seed);
}

async function pretrain(m: EngineModel, model: ResolvedModel, opts: BaseOptions): Promise<void> {
  const pre = model.pretrain!;
  const optimizer = createOptimizer(
    pre.optimizer ?? { name: 'adamw', params: { lr: pre.lr, weight_decay: 0.01 } },
  );
  const sched = createSchedule(
    pre.schedule ?? { name: 'cosine', params: { warmup: 0.05, min_lr_ratio: 0.1 } },
    pre.lr,
    pre.steps,
  );
  const method = fullFineTuning(m.handle, {}, { seed: pre.seed });
  opts.log?.(`base ${model.name}: pretraining ${pre.steps} steps on ${pre.data.corpus}`);
  const t = performance.now();
  try {
    const r = await trainLoop({
      model: m,
      method,
      optimizer,
      schedule: sched,
      steps: pre.steps,
      clip: 1,
      nextBatch: pretrainBatches(model, pre.seed ^ 0x5eed),
      evalBatches: [],
      evalEvery: 0,
      signal: opts.signal,
      flopsPerStep: 0,
    });
    if (r.status === 'diverged')
      throw new Error(`pretraining of ${model.name} diverged at step ${r.step}`);
    if (r.status === 'cancelled') throw new Error('cancelled during pretraining');
    opts.log?.(
      `base ${model.name}: pretrained in ${((performance.now() - t) / 1000).toFixed(1)} s, train loss ${r.final['train_loss']?.toFixed(3)}`,
    );
  } finally {
    optimizer.dispose();
  }
}
