/**
 * Kernel fixes for tfjs-backend-webgpu 4.22, registered over the stock ones.
 * AddN: the stock kernel binds every input as its own storage buffer in one shader, so summing
 * more than `maxStorageBuffersPerShaderStage - 1` tensors (8 − 1 by WebGPU's default limit, which
 * tfjs does not raise) fails pipeline validation: the global gradient norm over 17 gradients did.
 * This version sums chunks that fit, then sums the partial sums.
 */
import * as tf from '@tensorflow/tfjs-core';

interface WebgpuBackendLike {
  device: { limits: { maxStorageBuffersPerShaderStage: number } };
  disposeData(dataId: object): boolean;
}

let patched = false;

/** Replaces the webgpu AddN kernel once; call after the webgpu backend is registered. */
export function patchWebgpuKernels(): void {
  if (patched) return;
  const stock = tf.getKernel('AddN', 'webgpu');
  if (!stock) return;
  patched = true;
  const stockFunc = stock.kernelFunc;
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({
    kernelName: 'AddN',
    backendName: 'webgpu',
    kernelFunc: (args) => {
      const backend = args.backend as unknown as WebgpuBackendLike;
      // One storage buffer is the output.
      const max = Math.max(2, backend.device.limits.maxStorageBuffersPerShaderStage - 1);
      // AddN's inputs are a list, typed by tfjs as a name → tensor map.
      let inputs = args.inputs as unknown as tf.TensorInfo[];
      if (inputs.length <= max) return stockFunc(args);
      const partials: tf.TensorInfo[] = [];
      while (inputs.length > max) {
        const next: tf.TensorInfo[] = [];
        for (let i = 0; i < inputs.length; i += max) {
          const chunk = inputs.slice(i, i + max);
          if (chunk.length === 1) {
            next.push(chunk[0]!);
            continue;
          }
          const sum = stockFunc({
            ...args,
            inputs: chunk as unknown as tf.NamedTensorInfoMap,
          }) as tf.TensorInfo;
          partials.push(sum);
          next.push(sum);
        }
        inputs = next;
      }
      const out = stockFunc({ ...args, inputs: inputs as unknown as tf.NamedTensorInfoMap });
      for (const p of partials) backend.disposeData(p.dataId);
      return out;
    },
  });
}
