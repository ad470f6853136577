/**
 * Kernel fixes for tfjs-backend-wasm 4.22, registered over the stock ones.
 * Slice: the stock kernel calls `readSync` on its input, which copies the whole input out of the
 * wasm heap for every slice — slicing N blocks from a tensor costs O(N²) copies (0.6 ms per
 * 8 KB slice of a 1 MB tensor). For contiguous slices this version copies only the slice,
 * straight from heap to heap; other slices go to the stock kernel.
 * Identity: the stock kernel copies its input, and tfjs' customGrad clones (Identity) every tensor
 * a gradient saves — one full copy per saved activation, each kept until the step ends. Tensors
 * are immutable (variables get a new dataId on assign), so sharing the data, as the cpu backend
 * does, is safe: this halves saved-activation memory.
 * GatherV2: the stock kernel is a generic strided loop (~18 ms for the 2048-row embedding lookup);
 * rows of a 2-D table along axis 0 are copied as contiguous blocks here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerFusedKernels } from './kernels/fused';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  incRef(dataId: object): void;
}

/** Replaces the wasm kernel `name` with `f`, which gets the stock kernel to fall back on. */
function override(
  name: string,
  f: (args: Parameters<tf.KernelFunc>[0], stock: tf.KernelFunc) => ReturnType<tf.KernelFunc>,
): void {
  const stock = tf.getKernel(name, 'wasm');
  if (!stock) return;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: (args) => f(args, stock.kernelFunc) });
}

function identity(
  args: Parameters<tf.KernelFunc>[0],
  stock: tf.KernelFunc,
): ReturnType<tf.KernelFunc> {
  const x = args.inputs['x'] as tf.TensorInfo;
  if (x.dtype === 'string') return stock(args);
  (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function gather(
  args: Parameters<tf.KernelFunc>[0],
  stock: tf.KernelFunc,
): ReturnType<tf.KernelFunc> {
  const [x, idx] = [args.inputs['x'] as tf.TensorInfo, args.inputs['indices'] as tf.TensorInfo];
  const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
  if (
    x.shape.length !== 2 ||
    idx.shape.length !== 1 ||
    axis !== 0 ||
    batchDims ||
    x.dtype !== 'float32' ||
    idx.dtype !== 'int32'
  )
    return stock(args);
  const [rows, d] = x.shape as [number, number];
  const backend = args.backend as unknown as WasmBackendLike;
  if ((backend.typedArrayFromHeap(idx) as Int32Array).some((i) => i < 0 || i >= rows))
    return stock(args);
  const out = backend.makeOutput([idx.shape[0]!, d], 'float32');
  const [xs, ids, outs] = [
    backend.typedArrayFromHeap(x),
    backend.typedArrayFromHeap(idx),
    backend.typedArrayFromHeap(out),
  ];
  ids.forEach((r, i) => outs.set(xs.subarray(r * d, r * d + d), i * d));
  return out;
}

let patched = false;

/** Replaces the wasm Slice kernel and adds the fused kernels, once; call after the wasm backend is registered. */
export function patchWasmKernels(): void {
  registerFusedKernels();
  if (patched) return;
  const stock = tf.getKernel('Slice', 'wasm');
  if (!stock) return;
  patched = true;
  override('Identity', identity);
  override('GatherV2', gather);
  const stockFunc = stock.kernelFunc;
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({
    kernelName: 'Slice',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs['x'] as tf.TensorInfo;
      const attrs = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
      const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size) as [
        number[],
        number[],
      ];
      if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, begin, size))
        return stockFunc(args);
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
