/**
 * The exact byte size of the `adapter_model.safetensors` PEFT saves for a LoRA adapter: an 8-byte
 * little-endian header length, the header JSON (compact, `__metadata__: {"format":"pt"}`, tensors
 * sorted by name as the safetensors serializer orders same-dtype tensors, padded with spaces to a
 * multiple of 8), then fp32 data. Keys are PEFT's: `base_model.model.<module>.lora_A.weight`
 * [r, d_in] and `.lora_B.weight` [d_out, r] (the adapter name is stripped on save).
 */
import type { MethodEntry, Params, Site } from '../catalog/types';

/** Bytes of a safetensors file holding `tensors` (name → shape) in F32. */
export function safetensorsBytes(
  tensors: ReadonlyArray<{ name: string; shape: number[] }>,
): number {
  const sorted = [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let off = 0;
  const parts = ['"__metadata__":{"format":"pt"}'];
  for (const t of sorted) {
    const n = t.shape.reduce((a, x) => a * x, 1) * 4;
    parts.push(
      `${JSON.stringify(t.name)}:{"dtype":"F32","shape":[${t.shape.join(',')}],"data_offsets":[${off},${off + n}]}`,
    );
    off += n;
  }
  const header = `{${parts.join(',')}}`.length;
  return 8 + Math.ceil(header / 8) * 8 + off;
}

/**
 * Adapter file size for `method` with `sites` adapted (effective r per site). Exact for plain LoRA
 * (no DoRA, no lora_bias); otherwise fp32 tensors plus ~120 header bytes per site (`exact: false`).
 */
export function adapterFileBytes(
  method: Pick<MethodEntry, 'loraTensors'>,
  p: Params,
  sites: ReadonlyArray<{ site: Site; r: number; params: number }>,
  trainable: number,
): { bytes: number; exact: boolean } {
  if (method.loraTensors === true && p['use_dora'] !== true && p['lora_bias'] !== true) {
    const tensors = sites.flatMap(({ site, r }) => [
      { name: `base_model.model.${site.name}.lora_A.weight`, shape: [r, site.dIn] },
      { name: `base_model.model.${site.name}.lora_B.weight`, shape: [site.dOut, r] },
    ]);
    return { bytes: safetensorsBytes(tensors), exact: true };
  }
  return { bytes: 8 + 40 + 120 * Math.max(1, sites.length) + trainable * 4, exact: false };
}
