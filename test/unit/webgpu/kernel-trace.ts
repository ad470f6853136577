/**
 * Which kernels a piece of work runs on the webgpu backend, and which of them tfjs hands to its
 * CPU backend instead (tfjs-backend-webgpu forwards an op to CPU when its inputs are small and
 * already on the host: `WEBGPU_CPU_FORWARD`, below `WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD` elements).
 * Every registered webgpu kernel is wrapped for the duration of `run` so the hand-off decision can
 * be attributed to the kernel that asked; the stock kernels are restored afterwards.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface KernelTrace {
  /** Kernel name → calls on the webgpu backend. */
  ran: Map<string, number>;
  /** Kernel name → calls whose work was forwarded to the CPU backend. */
  onCpu: Map<string, number>;
}

interface HandoffBackend {
  shouldExecuteOnCPU(inputs: tf.TensorInfo[], threshold?: number): boolean;
}

const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

export async function traceKernels(run: () => Promise<void>): Promise<KernelTrace> {
  if (tf.getBackend() !== 'webgpu')
    throw new Error(`traceKernels needs the webgpu backend, not ${tf.getBackend()}`);
  const trace: KernelTrace = { ran: new Map(), onCpu: new Map() };
  const backend = tf.backend() as unknown as HandoffBackend;
  const stockDecision = backend.shouldExecuteOnCPU.bind(backend);
  const stack: string[] = [];
  backend.shouldExecuteOnCPU = (inputs, threshold) => {
    const cpu = stockDecision(inputs, threshold);
    if (cpu && stack.length) bump(trace.onCpu, stack[stack.length - 1]!);
    return cpu;
  };
  const stock = tf.getKernelsForBackend('webgpu');
  for (const k of stock) {
    tf.unregisterKernel(k.kernelName, 'webgpu');
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        bump(trace.ran, k.kernelName);
        stack.push(k.kernelName);
        try {
          return k.kernelFunc(args);
        } finally {
          stack.pop();
        }
      },
    });
  }
  try {
    await run();
  } finally {
    for (const k of stock) {
      tf.unregisterKernel(k.kernelName, 'webgpu');
      tf.registerKernel(k);
    }
    backend.shouldExecuteOnCPU = stockDecision;
  }
  return trace;
}
