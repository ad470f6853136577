/**
 * The IDX format of the MNIST family (Y. LeCun's spec): two zero bytes, a type byte, the number of
 * dimensions, then each dimension as a big-endian uint32, then the data row-major. Files usually
 * come gzipped. Only unsigned bytes (type 0x08) are read: Fashion-MNIST's images and labels are
 * both that. Every bound is checked, so a damaged or short file is an error naming the file and
 * what is wrong, never a silent truncation.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** The IDX type byte of unsigned 8-bit data, the one type this reader accepts. */
export const IDX_UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  0x08: 'ubyte',
  0x09: 'byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};
/** No MNIST-like file has more; a larger count means the header is garbage. */
const MAX_DIMS = 4;

/** Parses an uncompressed IDX buffer; `where` names it in errors. Throws on any header or size mismatch. */
export function parseIdx(bytes: Uint8Array, where: string): IdxArray {
  if (bytes.length < 4)
    throw new Error(`${where}: ${bytes.length} bytes, too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0)
    throw new Error(
      `${where}: not an IDX file (magic starts ${hex(bytes[0]!)} ${hex(bytes[1]!)}, expected 00 00)`,
    );
  const type = bytes[2]!;
  if (type !== IDX_UBYTE)
    throw new Error(
      `${where}: IDX type ${hex(type)} (${TYPE_NAMES[type] ?? 'unknown'}) is not supported; expected 0x08 (ubyte)`,
    );
  const nd = bytes[3]!;
  if (nd < 1 || nd > MAX_DIMS)
    throw new Error(`${where}: ${nd} dimensions in the header; expected 1 to ${MAX_DIMS}`);
  const headerEnd = 4 + 4 * nd;
  if (bytes.length < headerEnd)
    throw new Error(
      `${where}: the header declares ${nd} dimensions but the file ends at byte ${bytes.length}`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: nd }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, d) => a * d, 1);
  const have = bytes.length - headerEnd;
  if (have !== size)
    throw new Error(
      `${where}: dimensions [${dims.join(', ')}] need ${size} data bytes, the file has ${have}${have < size ? ' (truncated)' : ' (trailing bytes)'}`,
    );
  return { dims, data: bytes.subarray(headerEnd) };
}

/** Reads an IDX file, gunzipping it when it ends in `.gz`. Errors name the file. */
export function readIdxFile(file: string): IdxArray {
  const raw = fs.readFileSync(file);
  let bytes: Uint8Array = raw;
  if (file.endsWith('.gz')) {
    try {
      bytes = zlib.gunzipSync(raw);
    } catch (e) {
      throw new Error(`${file}: damaged gzip data (${(e as Error).message})`, { cause: e });
    }
  }
  return parseIdx(bytes, file);
}

/** The inverse of parseIdx (ubyte only): writes the committed fixture and the tests' damaged files. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = IDX_UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

function hex(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}
