/**
 * Where the torch backend's Python lives and what its torch can do. The interpreter: PEFT_LAB_PYTHON, else
 * the project's environment built by scripts/python-env.sh (runtime/python/find-python.ts). The probe
 * is cheap on purpose: it asks Python where torch is and reads its build info WITHOUT importing torch
 * (which takes seconds), and looks for a GPU device node; the worker checks the device for real. It runs
 * once per process and is cached.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findProjectPython, NO_PYTHON_HINT } from '../python/find-python';

export interface TorchProbe {
  python: string;
  /** torch's version, or null when the interpreter has no torch. */
  torch: string | null;
  /** CUDA version torch was built for (null: CPU build). */
  cudaBuild: string | null;
  /** A CUDA build and an NVIDIA device node, or Apple silicon (MPS). */
  accelerator: 'cuda' | 'mps' | null;
  /** Why the probe failed (no interpreter, no torch), for the error a forced `torch` backend raises. */
  problem?: string;
}

/** The interpreter, or undefined when there is none (probeTorch then reports NO_PYTHON_HINT). */
export function projectPython(): string | undefined {
  return findProjectPython();
}

/** The folder holding the `peft_lab_torch` package (`python/` of the checkout or of the installed bundle). */
export function pythonPackageDir(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (let i = 0; i < 6; i++) {
      if (existsSync(join(dir, 'python', 'peft_lab_torch', 'worker.py')))
        return join(dir, 'python');
      dir = dirname(dir);
    }
  }
  throw new Error(`python/peft_lab_torch not found above ${__dirname} or ${process.cwd()}`);
}

const PROBE = [
  'import importlib.util as u, json, os, re, sys',
  's = u.find_spec("torch")',
  'v = c = None',
  'if s and s.origin:',
  '    t = open(os.path.join(os.path.dirname(s.origin), "version.py")).read()',
  '    m = re.search(r"__version__\\s*=\\s*[\'\\"]([^\'\\"]+)", t); v = m and m.group(1)',
  '    m = re.search(r"^cuda\\s*[:=][^\\n]*?[\'\\"]([^\'\\"]+)", t, re.M); c = m and m.group(1)',
  'print(json.dumps({"torch": v, "cuda": c, "platform": sys.platform, "machine": os.uname().machine}))',
].join('\n');

let cached: TorchProbe | undefined;

/** Probes the interpreter (about 50 ms; cached for the process). Never throws. */
export function probeTorch(python = projectPython()): TorchProbe {
  if (python === undefined)
    return { python: '', torch: null, cudaBuild: null, accelerator: null, problem: NO_PYTHON_HINT };
  if (cached && cached.python === python) return cached;
  let out: TorchProbe;
  try {
    const raw = execFileSync(python, ['-c', PROBE], {
      encoding: 'utf8',
      timeout: 20_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const j = JSON.parse(raw.trim().split('\n').pop() ?? '{}') as {
      torch: string | null;
      cuda: string | null;
      platform: string;
      machine: string;
    };
    const gpuNode = existsSync('/dev/nvidiactl') || existsSync('/dev/nvidia0');
    const accelerator =
      j.torch && j.cuda && gpuNode
        ? 'cuda'
        : j.torch && j.platform === 'darwin' && j.machine === 'arm64'
          ? 'mps'
          : null;
    out = {
      python,
      torch: j.torch,
      cudaBuild: j.cuda,
      accelerator,
      ...(j.torch ? {} : { problem: `${python} has no torch installed` }),
    };
  } catch (e) {
    out = {
      python,
      torch: null,
      cudaBuild: null,
      accelerator: null,
      problem: `cannot run ${python}: ${(e as Error).message.split('\n')[0]}`,
    };
  }
  cached = out;
  return out;
}

/** The backend for a trial: a forced name wins; "auto" picks torch only when it has a GPU (CPU torch is not auto-picked). */
export function wantsTorch(backend: string | undefined): boolean {
  if (backend === 'torch') return true;
  if (backend && backend !== 'auto') return false;
  if (process.env['PEFT_LAB_NO_TORCH_AUTO'] === '1') return false;
  return probeTorch().accelerator !== null;
}
