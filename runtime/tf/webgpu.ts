/**
 * The WebGPU backend in Node: Dawn through the npm `webgpu` package, driven by
 * `@tensorflow/tfjs-backend-webgpu`. Both are optional packages, imported by name at run time.
 * The adapter Dawn picks is recorded, because "webgpu" alone does not say whether a trial ran on a
 * GPU: on a machine without one Dawn takes Mesa's software Vulkan device (lavapipe, "llvmpipe").
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendDevice } from '../../core/protocol';
import { patchWebgpuKernels } from './webgpu-kernels';

interface DawnAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface DawnAdapter {
  info?: DawnAdapterInfo;
}
interface DawnGpu {
  requestAdapter(options?: { powerPreference?: string }): Promise<DawnAdapter | null>;
}

let started: BackendDevice | undefined;

/** Names of software Vulkan/WebGPU devices: they run on the CPU. */
const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software/i;

/** What the adapter says about itself, in the fields the run store keeps. */
export function describeAdapter(info: DawnAdapterInfo): BackendDevice {
  const text = (s: string | undefined): string | undefined =>
    s && s.trim() ? s.trim() : undefined;
  const name =
    text(info.description) ?? text(info.device) ?? text(info.vendor) ?? 'unknown adapter';
  const parts = [info.vendor, info.architecture, info.device, info.description].filter(
    (s): s is string => !!s,
  );
  return {
    adapter: name,
    vendor: text(info.vendor),
    architecture: text(info.architecture),
    device: text(info.device),
    software: info.isFallbackAdapter === true || parts.some((p) => SOFTWARE.test(p)),
  };
}

async function optional(spec: string): Promise<Record<string, unknown>> {
  return (await import(spec)) as Record<string, unknown>;
}

/**
 * Starts the webgpu backend and returns the adapter it runs on. Throws (with the reason) when the
 * packages are missing, Dawn finds no adapter (no Vulkan driver, or one Dawn refuses), or the
 * adapter is a software one and `allowSoftware` is false: "auto" must not trade the wasm backend
 * for a CPU emulating a GPU, which is many times slower; forcing `webgpu` still allows it.
 */
export async function startWebgpu(allowSoftware: boolean): Promise<BackendDevice> {
  // Once started, the backend and its device stay registered: switching back needs no new Dawn instance.
  if (started && tf.findBackend('webgpu')) {
    if (started.software && !allowSoftware)
      throw new Error(
        `only a software adapter (${started.adapter}); force backend "webgpu" to use it`,
      );
    if (!(await tf.setBackend('webgpu'))) throw new Error('setBackend("webgpu") returned false');
    return started;
  }
  const dawn = await optional('webgpu');
  const g = globalThis as Record<string, unknown>;
  Object.assign(g, dawn['globals'] as object);
  const gpu = (dawn['create'] as (o: string[]) => DawnGpu)([]);
  // The same preference tfjs-backend-webgpu asks for, so the recorded adapter is the one it uses.
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('Dawn found no GPU adapter (needs a Vulkan driver Dawn accepts)');
  const device = describeAdapter(adapter.info ?? {});
  if (device.software && !allowSoftware)
    throw new Error(
      `only a software adapter (${device.adapter}); force backend "webgpu" to use it`,
    );
  if (typeof g['navigator'] !== 'object' || g['navigator'] === null) g['navigator'] = {};
  Object.defineProperty(g['navigator'], 'gpu', { value: gpu, configurable: true });
  // Registers the backend only when navigator.gpu exists, so it is imported after the line above.
  await optional('@tensorflow/tfjs-backend-webgpu');
  patchWebgpuKernels();
  if (!(await tf.setBackend('webgpu'))) throw new Error('setBackend("webgpu") returned false');
  started = device;
  return device;
}
