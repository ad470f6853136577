/**
 * safetensors read/write (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length, a JSON header {name: {dtype, shape, data_offsets}, __metadata__?}, then the raw
 * little-endian tensor bytes. Only F32 (and I32 for indices) — what this runtime stores.
 */

export interface StoredTensor {
  dtype: 'F32' | 'I32';
  shape: number[];
  data: Float32Array | Int32Array;
}

/** Encodes tensors (sorted by name, as the Python library does) with optional string metadata. */
export function encodeSafetensors(
  tensors: Map<string, StoredTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (metadata) header['__metadata__'] = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length)
      throw new Error(
        `safetensors: "${name}" has shape [${t.shape.join(', ')}] but ${t.data.length} values`,
      );
    header[name] = {
      dtype: t.dtype,
      shape: t.shape,
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned (allowed by the format).
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let o = 8 + head.length;
  for (const name of names) {
    const d = tensors.get(name)!.data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), o);
    o += d.byteLength;
  }
  return out;
}

export interface DecodedSafetensors {
  tensors: Map<string, StoredTensor>;
  metadata: Record<string, string>;
}

/** Decodes safetensors bytes; throws on a malformed header or an unsupported dtype. */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  if (bytes.length < 8)
    throw new Error(`safetensors: ${bytes.length} bytes is too short for a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (8 + n > bytes.length)
    throw new Error(`safetensors: header length ${n} exceeds the file (${bytes.length} bytes)`);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
    string,
    unknown
  >;
  const base = 8 + n;
  const tensors = new Map<string, StoredTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = raw as Record<string, string>;
      continue;
    }
    const e = raw as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const [a, b] = e.data_offsets;
    if (base + b > bytes.length || a > b)
      throw new Error(`safetensors: "${name}" offsets [${a}, ${b}] outside the data`);
    // Copy: the data may be unaligned for a typed-array view.
    const slice = new Uint8Array(bytes.subarray(base + a, base + b)); // a copy (Buffer.slice is a view)
    if (e.dtype === 'F32')
      tensors.set(name, { dtype: 'F32', shape: e.shape, data: new Float32Array(slice.buffer) });
    else if (e.dtype === 'I32')
      tensors.set(name, { dtype: 'I32', shape: e.shape, data: new Int32Array(slice.buffer) });
    else
      throw new Error(
        `safetensors: "${name}" has dtype ${e.dtype}; only F32 and I32 are supported`,
      );
  }
  return { tensors, metadata };
}
