/**
 * What the test suite needs from the machine, each item mapped to the line of
 * scripts/ci/system-packages.txt that provides it. scripts/ci/check-deps.ts probes every item after
 * the install (and names the package when one is missing); test/unit/ci/system-packages.test.ts
 * checks that the sources use nothing outside this table and the list, and that each probe's file
 * really belongs to its package (or to that package's dependencies).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Probe =
  | { tool: string } // an executable on PATH (or in /usr/sbin, /sbin)
  | { file: string } // an absolute path: a header, a binary, a data file
  | { lib: string } // a shared library the dynamic linker finds (ldconfig -p)
  | { module: string; python: string }; // a module that a given interpreter imports

export interface Need {
  probe: Probe;
  pkg: string;
  why: string;
  /** Sources that match this still need it, for needs no spawn call shows (a need nothing uses is stale). */
  mentions?: RegExp;
}

const SLURM_CLIENT = ['sbatch', 'squeue', 'scancel', 'sinfo', 'srun'];
const MUNGE = ['munged', 'munge', 'unmunge', 'mungekey'];

export const NEEDS: Need[] = [
  {
    probe: { file: '/usr/include/gssapi/gssapi.h' },
    pkg: 'libkrb5-dev',
    why: 'kerberos native build in the code-server install (test/e2e)',
    mentions: /\bkerberos\b/,
  },
  ...['make', 'g++', 'gcc'].map((tool): Need => ({
    probe: { tool },
    pkg: 'build-essential',
    why: 'node-gyp rebuilds of code-server modules (test/e2e)',
    mentions: /node-gyp/,
  })),
  {
    probe: { tool: 'pkg-config' },
    pkg: 'pkg-config',
    why: 'node-gyp library flags (test/e2e)',
    mentions: /node-gyp/,
  },
  {
    probe: { file: '/usr/bin/python3' },
    pkg: 'python3',
    why: 'node-gyp, and the base of scripts/python-env.sh',
    mentions: /node-gyp|python-env\.sh/,
  },
  {
    probe: { module: 'ensurepip', python: '/usr/bin/python3' },
    pkg: 'python3-venv',
    why: 'scripts/python-env.sh creates a venv',
    mentions: /python-env\.sh/,
  },
  {
    probe: { file: '/usr/bin/chromium' },
    pkg: 'chromium',
    why: 'browser, webview and e2e tests (playwright-core)',
    mentions: /\bchromium\b/i,
  },
  {
    probe: { file: '/usr/sbin/slurmctld' },
    pkg: 'slurmctld',
    why: 'single-node SLURM (test/unit/sweeps/slurm.test.ts)',
  },
  {
    probe: { file: '/usr/sbin/slurmd' },
    pkg: 'slurmd',
    why: 'single-node SLURM (test/unit/sweeps/slurm.test.ts)',
  },
  ...SLURM_CLIENT.map((tool): Need => ({
    probe: { tool },
    pkg: 'slurm-client',
    why: 'SLURM executor and its tests',
  })),
  ...MUNGE.map((tool): Need => ({
    probe: { tool },
    pkg: 'munge',
    why: 'SLURM authentication (scripts/slurm-local.sh)',
  })),
  { probe: { tool: 'curl' }, pkg: 'curl', why: 'test/e2e/run.sh waits for code-server /healthz' },
  {
    probe: { lib: 'libvulkan.so.1' },
    pkg: 'libvulkan1',
    why: 'Vulkan loader for the WebGPU tests',
    mentions: /\b(vulkan|webgpu|lavapipe)\b/i,
  },
  {
    probe: { lib: 'libvulkan_lvp.so' },
    pkg: 'mesa-vulkan-drivers',
    why: 'lavapipe (CPU Vulkan) for the WebGPU tests',
    mentions: /\b(vulkan|webgpu|lavapipe)\b/i,
  },
  ...(
    [
      ['/usr/bin/clang-19', 'clang-19'],
      ['/usr/lib/llvm-19/bin/wasm-ld', 'lld-19'],
      ['/usr/lib/llvm-19/bin/llvm-objdump', 'llvm-19'],
    ] as const
  ).map(([file, pkg]): Need => ({
    probe: { file },
    pkg,
    why: 'scripts/build-kernels.mjs rebuilds the wasm kernels (test/unit/runtime/kernels-rebuild.test.ts)',
    mentions: /build-kernels/,
  })),
  ...['train-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map((f): Need => ({
    probe: { file: `/usr/share/datasets/fashion-mnist/${f}` },
    pkg: 'dataset-fashion-mnist',
    why: 'the fashion-mnist corpus (test/unit/runtime/fashion-mnist.test.ts)',
    mentions: /datasets\/fashion-mnist/,
  })),
];

/** Tools every Debian has without the list: Node.js (the prerequisite) and shell builtins. */
export const PREREQUISITE_TOOLS = new Set(['node', 'npm', 'npx']);

export interface ListLine {
  pkg: string;
  suite?: string;
  why: string;
  line: number;
}

/** Parses system-packages.txt; throws with the line number on a line without `# why:`. */
export function readPackageList(root: string): ListLine[] {
  const path = join(root, 'scripts/ci/system-packages.txt');
  const out: ListLine[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const [body = '', ...comment] = raw.split('#');
      const words = body.trim().split(/\s+/).filter(Boolean);
      if (words.length === 0) return;
      const why = /^\s*why:\s*(.+)$/.exec(comment.join('#'))?.[1];
      if (words.length > 2 || !why || !/^[a-z0-9][a-z0-9+.-]*$/.test(words[0]!)) {
        throw new Error(
          `${path}:${i + 1}: expected \`package [suite]  # why: which tests\`, got ${JSON.stringify(raw)}`,
        );
      }
      out.push({ pkg: words[0]!, suite: words[1], why, line: i + 1 });
    });
  return out;
}
