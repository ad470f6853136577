/**
 * Checkpoints inside a trial (docs/checkpoints.md): `<trial>/checkpoints/step-<8 digits>.ckpt`,
 * one file per saved step, each written like every other store file (temp file created
 * exclusively with O_NOFOLLOW, fsync, rename: store/atomic.ts), so a reader sees a whole
 * checkpoint or none. A file damaged anyway (a disk error, a hand edit, a planted file) fails the
 * checks on read (magic, sizes, SHA-256 of the tensor bytes, trial id and step) and is skipped
 * with a warning: the previous checkpoint is used instead.
 *
 * Layout of a file: "PEFTCKPT", u32 LE format version, u32 LE header length, the header (UTF-8
 * JSON: CheckpointHeader), then the tensors' bytes (little-endian float32/int32) back to back.
 */
import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStoreDir, writeAtomic } from './atomic';

export const CHECKPOINT_FORMAT = 1;
/** A checkpoint larger than this is neither written nor read (a tiny model's full weights are a few MB). */
export const MAX_CHECKPOINT_BYTES = 1 << 30;
const MAGIC = 'PEFTCKPT';
const NAME = /^step-(\d{8})\.ckpt$/;

export type CheckpointMeta = Record<string, number | string | boolean>;

export interface CheckpointTensor {
  name: string;
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface Checkpoint {
  /** The trial whose state this is (a branched trial reads its leader's). */
  trial: string;
  /** Steps completed when it was saved. */
  step: number;
  /** The engine's scalars (tokens, data position, dropout position, optimizer step …). */
  meta: CheckpointMeta;
  tensors: CheckpointTensor[];
}

interface CheckpointHeader {
  trial: string;
  step: number;
  meta: CheckpointMeta;
  tensors: {
    name: string;
    dtype: 'float32' | 'int32';
    shape: number[];
    offset: number;
    bytes: number;
  }[];
  payloadBytes: number;
  sha256: string;
}

export const checkpointsDir = (trialDir: string): string => join(trialDir, 'checkpoints');
const fileOf = (step: number): string => `step-${String(step).padStart(8, '0')}.ckpt`;

/** Encodes a checkpoint; throws when it would exceed MAX_CHECKPOINT_BYTES. */
export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  const tensors: CheckpointHeader['tensors'] = [];
  let offset = 0;
  for (const t of c.tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length)
      throw new Error(
        `checkpoint tensor ${t.name}: shape [${t.shape.join(', ')}] has ${n} values, data ${t.data.length}`,
      );
    tensors.push({
      name: t.name,
      dtype: t.dtype,
      shape: t.shape,
      offset,
      bytes: t.data.byteLength,
    });
    offset += t.data.byteLength;
  }
  if (offset > MAX_CHECKPOINT_BYTES)
    throw new Error(`checkpoint of ${offset} bytes exceeds the limit of ${MAX_CHECKPOINT_BYTES}`);
  const payload = Buffer.allocUnsafe(offset);
  for (const [i, t] of c.tensors.entries())
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(
      payload,
      tensors[i]!.offset,
    );
  const sha256 = createHash('sha256').update(payload).digest('hex');
  const header: CheckpointHeader = {
    trial: c.trial,
    step: c.step,
    meta: c.meta,
    tensors,
    payloadBytes: offset,
    sha256,
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const pre = Buffer.alloc(16);
  pre.write(MAGIC, 0, 'latin1');
  pre.writeUInt32LE(CHECKPOINT_FORMAT, 8);
  pre.writeUInt32LE(head.length, 12);
  return Buffer.concat([pre, head, payload]);
}

/** Saves a checkpoint atomically into `<trialDir>/checkpoints/` (no pruning: see pruneCheckpoints). */
export function writeCheckpoint(trialDir: string, c: Checkpoint): string {
  const dir = checkpointsDir(trialDir);
  ensureStoreDir(dir);
  const path = join(dir, fileOf(c.step));
  writeAtomic(path, encodeCheckpoint(c));
  return path;
}

/** The steps that have a checkpoint file, newest first (unvalidated). */
export function listCheckpoints(trialDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(checkpointsDir(trialDir));
  } catch {
    return [];
  }
  return names
    .map((n) => NAME.exec(n)?.[1])
    .filter((d): d is string => d !== undefined)
    .map(Number)
    .sort((a, b) => b - a);
}

/**
 * Deletes all but the newest `keep` checkpoints, except the steps in `pinned` (WSD branch points),
 * and temp files a killed writer left behind (the trial's lock makes this process the only writer).
 */
export function pruneCheckpoints(
  trialDir: string,
  keep: number,
  pinned: readonly number[] = [],
): void {
  const dir = checkpointsDir(trialDir);
  const periodic = listCheckpoints(trialDir).filter((s) => !pinned.includes(s));
  for (const s of periodic.slice(Math.max(0, keep))) rmSync(join(dir, fileOf(s)), { force: true });
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const mine = `.${process.pid}.`;
  for (const n of names)
    if (n.endsWith('.tmp') && n.startsWith('step-') && !n.includes(mine))
      rmSync(join(dir, n), { force: true });
}

export type { CheckpointHeader };
