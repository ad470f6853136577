// Runs test/bench/laws_scipy.py (the project's Python environment: SciPy, NumPy) on the same problems core/laws fits.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { internalBounds, startGrid } from '../../../core/laws/engine';
import { buildProblem, DEFAULT_FIT_OPTIONS } from '../../../core/laws/fit';
import { toInternal } from '../../../core/laws/objective';
import type { FitOptions, LawModel, LawPoint } from '../../../core/laws/types';
import { projectPython } from '../../helpers/python';

export interface ScipyCase {
  name: string;
  model: LawModel;
  points: LawPoint[];
  options: Partial<FitOptions>;
  repeat?: number;
  bootstrap?: number;
}

export interface ScipyResult {
  name: string;
  objective: number | null;
  u: number[] | null;
  seconds: number[];
  bootstrapSeconds?: number;
}

const SCRIPT = join(__dirname, '..', '..', 'bench', 'laws_scipy.py');

/** The JSON case the Python script reads: same data, grid, bounds and parameterisation. */
export function scipyCase(c: ScipyCase): Record<string, unknown> {
  const o: FitOptions = { ...DEFAULT_FIT_OPTIONS, ...c.options };
  const { params, columns, constants } = buildProblem(c.model, c.points, o);
  const { lo, hi } = internalBounds(params);
  const isLog = params.map((p) => p.log);
  const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    name: c.name,
    form: c.model.form,
    x: c.points.map((p) => p.x),
    y: c.points.map((p) => p.y),
    w: c.points.map((p) => p.weight ?? 1),
    constants,
    loss: o.loss,
    delta: o.delta,
    residuals: o.residuals,
    isLog,
    lo: Array.from(lo, fin),
    hi: Array.from(hi, fin),
    grid: startGrid(params, columns).map((t) => Array.from(toInternal(t, isLog))),
    maxStarts: o.maxStarts,
    repeat: c.repeat ?? 1,
    bootstrap: c.bootstrap ?? 0,
    seed: o.seed,
  };
}

/** Runs SciPy on the cases; throws with its stderr when the project's Python is missing or fails. */
export function runScipy(cases: ScipyCase[]): ScipyResult[] {
  // One BLAS/OpenMP thread: our fitter is single-threaded, and spinning OpenMP workers on a busy
  // 2-core machine make SciPy's timings swing by 10×.
  const env = {
    ...process.env,
    OMP_NUM_THREADS: '1',
    OPENBLAS_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  };
  const python = projectPython();
  const r = spawnSync(python, [SCRIPT], {
    input: JSON.stringify({ cases: cases.map(scipyCase) }),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env,
  });
  if (r.status !== 0)
    throw new Error(`${python} ${SCRIPT} failed (${r.status}): ${r.stderr || r.error?.message}`);
  return (JSON.parse(r.stdout) as { results: ScipyResult[] }).results;
}
