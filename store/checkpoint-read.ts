/**
 * Reading checkpoints back (format: store/checkpoint.ts). Every check that can fail is made before
 * a tensor is trusted: a regular file (never through a symlink) no larger than the limit, the
 * magic and format version, a header that parses and whose tensors lie inside the payload with
 * sizes matching their shapes, the payload's SHA-256, and the trial id and step the caller expects.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHECKPOINT_FORMAT,
  MAX_CHECKPOINT_BYTES,
  checkpointsDir,
  listCheckpoints,
  type Checkpoint,
  type CheckpointHeader,
  type CheckpointTensor,
} from './checkpoint';

function readBounded(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_CHECKPOINT_BYTES + (32 << 20))
      throw new Error(`${st.size} bytes, over the limit of ${MAX_CHECKPOINT_BYTES}`);
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    while (at < st.size) {
      const n = readSync(fd, buf, at, st.size - at, at);
      if (n === 0) break;
      at += n;
    }
    return buf.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

const isInt = (x: unknown, min = 0): x is number =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= min;

function checkHeader(h: unknown, payload: number): CheckpointHeader {
  const o = h as Partial<CheckpointHeader> | null;
  if (!o || typeof o !== 'object') throw new Error('header is not an object');
  if (typeof o.trial !== 'string' || !isInt(o.step) || !isInt(o.payloadBytes))
    throw new Error('header lacks trial, step or payloadBytes');
  if (o.payloadBytes !== payload)
    throw new Error(`payload is ${payload} bytes, the header says ${o.payloadBytes} (torn write?)`);
  if (typeof o.sha256 !== 'string' || !o.meta || typeof o.meta !== 'object')
    throw new Error('header lacks sha256 or meta');
  for (const v of Object.values(o.meta))
    if (!['number', 'string', 'boolean'].includes(typeof v))
      throw new Error('meta holds a non-scalar');
  if (!Array.isArray(o.tensors)) throw new Error('header lacks tensors');
  for (const t of o.tensors) {
    const shapeOk = Array.isArray(t.shape) && t.shape.every((d) => isInt(d));
    if (typeof t.name !== 'string' || (t.dtype !== 'float32' && t.dtype !== 'int32') || !shapeOk)
      throw new Error('a tensor entry is malformed');
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (!isInt(t.offset) || t.bytes !== n * 4 || t.offset % 4 !== 0 || t.offset + t.bytes > payload)
      throw new Error(`tensor ${t.name} does not fit its shape or the payload`);
  }
  return o as CheckpointHeader;
}

/** Parses and validates one checkpoint file; throws an Error saying what is wrong with it. */
export function readCheckpoint(path: string): Checkpoint {
  const buf = readBounded(path);
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== 'PEFTCKPT')
    throw new Error('not a checkpoint (bad magic)');
  const version = buf.readUInt32LE(8);
  if (version !== CHECKPOINT_FORMAT)
    throw new Error(`format ${version}, this version reads ${CHECKPOINT_FORMAT}`);
  const headLen = buf.readUInt32LE(12);
  if (16 + headLen > buf.length)
    throw new Error('header runs past the end of the file (torn write?)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(buf.toString('utf8', 16, 16 + headLen));
  } catch {
    throw new Error('header is not JSON');
  }
  const payload = buf.subarray(16 + headLen);
  const h = checkHeader(parsed, payload.length);
  if (createHash('sha256').update(payload).digest('hex') !== h.sha256)
    throw new Error('tensor bytes do not match their SHA-256 (damaged)');
  // Copy each tensor out: the payload's offset in `buf` need not be 4-byte aligned.
  const tensors: CheckpointTensor[] = h.tensors.map((t) => {
    const bytes = Uint8Array.prototype.slice.call(payload, t.offset, t.offset + t.bytes);
    const data =
      t.dtype === 'float32' ? new Float32Array(bytes.buffer) : new Int32Array(bytes.buffer);
    return { name: t.name, dtype: t.dtype, shape: t.shape, data };
  });
  return { trial: h.trial, step: h.step, meta: h.meta, tensors };
}

export interface CheckpointRead {
  /** The newest checkpoint that passed every check, if any. */
  checkpoint?: Checkpoint;
  /** One line per checkpoint skipped as damaged (newer than the one returned). */
  warnings: string[];
}

/**
 * The newest valid checkpoint of the trial in `trialDir` written for `trial`, at `step` exactly
 * when given (a branch point), else at most `maxStep`. Damaged files are skipped with a warning.
 */
export function latestCheckpoint(
  trialDir: string,
  trial: string,
  want: { step?: number; maxStep?: number } = {},
): CheckpointRead {
  const warnings: string[] = [];
  for (const step of listCheckpoints(trialDir)) {
    if (want.step !== undefined && step !== want.step) continue;
    if (want.maxStep !== undefined && step > want.maxStep) continue;
    const path = join(checkpointsDir(trialDir), `step-${String(step).padStart(8, '0')}.ckpt`);
    try {
      const c = readCheckpoint(path);
      if (c.trial !== trial || c.step !== step)
        throw new Error(
          `it holds trial ${c.trial} step ${c.step}, not trial ${trial} step ${step}`,
        );
      return { checkpoint: c, warnings };
    } catch (err) {
      warnings.push(
        `checkpoint ${path} ignored: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return { warnings };
}
