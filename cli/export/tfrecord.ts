/**
 * TFRecord framing and the Event/Summary protobufs TensorBoard reads, encoded by hand (no deps):
 * record = uint64 length (LE) · uint32 masked CRC32C(length) · data · uint32 masked CRC32C(data).
 * Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5 }
 * Summary { repeated Value value = 1 }, Value { string tag = 1; float simple_value = 2 }.
 */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli), as TFRecord uses. */
export function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15, add 0xa282ead8. */
export const maskedCrc32c = (bytes: Uint8Array): number => {
  const c = crc32c(bytes);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
};

/** One framed record. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(data.length), true);
  dv.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  dv.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

function varint(n: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

const utf8 = new TextEncoder();
const lenField = (field: number, bytes: Uint8Array | number[]): number[] => [
  (field << 3) | 2,
  ...varint(bytes.length),
  ...bytes,
];

/** Summary.Value { tag, simple_value } encoded. */
function summaryValue(tag: string, value: number): number[] {
  const f = new Uint8Array(4);
  new DataView(f.buffer).setFloat32(0, value, true);
  return [...lenField(1, utf8.encode(tag)), (2 << 3) | 5, ...f];
}

export interface EventInit {
  wallTime: number;
  step?: number;
  fileVersion?: string;
  scalars?: ReadonlyArray<{ tag: string; value: number }>;
}

/** An Event message (wall_time double, step int64, file_version or a summary of scalars). */
export function encodeEvent(e: EventInit): Uint8Array {
  const wt = new Uint8Array(8);
  new DataView(wt.buffer).setFloat64(0, e.wallTime, true);
  const out: number[] = [(1 << 3) | 1, ...wt];
  if (e.step !== undefined && e.step !== 0) out.push((2 << 3) | 0, ...varint(e.step));
  if (e.fileVersion !== undefined) out.push(...lenField(3, utf8.encode(e.fileVersion)));
  if (e.scalars && e.scalars.length > 0) {
    const summary = e.scalars.flatMap((s) => lenField(1, summaryValue(s.tag, s.value)));
    out.push(...lenField(5, summary));
  }
  return Uint8Array.from(out);
}
