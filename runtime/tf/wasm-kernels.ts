/**
 * Kernel fixes for tfjs-backend-wasm 4.22, registered over the stock ones.
 * Slice: the stock kernel calls `readSync` on its input, which copies the whole input out of the
 * wasm heap for every slice — slicing N blocks from a tensor costs O(N²) copies (0.6 ms per
 * 8 KB slice of a 1 MB tensor). For contiguous slices this version copies only the slice,
 * straight from heap to heap; other slices go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerFusedKernels } from './kernels/fused';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

let patched = false;

/** Replaces the wasm Slice kernel and adds the fused kernels, once; call after the wasm backend is registered. */
export function patchWasmKernels(): void {
  registerFusedKernels();
  if (patched) return;
  const stock = tf.getKernel('Slice', 'wasm');
  if (!stock) return;
  patched = true;
  const stockFunc = stock.kernelFunc;
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({
    kernelName: 'Slice',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs['x'] as tf.TensorInfo;
      const attrs = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
      const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size) as [number[], number[]];
      if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, begin, size)) return stockFunc(args);
      const backend = args.backend as unknown as WasmBackendLike;
      const out = backend.makeOutput(size, x.dtype);
      // Views are taken after makeOutput: an allocation may grow (and replace) the heap.
      const xs = backend.typedArrayFromHeap(x);
      const outs = backend.typedArrayFromHeap(out);
      const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
      outs.set(xs.subarray(offset, offset + outs.length));
      return out;
    },
  });
}
