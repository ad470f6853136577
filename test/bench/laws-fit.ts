// Benchmark: core/laws vs SciPy on the same data in the same run (medians; ratios = SciPy / ours).
// Run: npx tsx test/bench/laws-fit.ts
import { BUILTIN_LAWS } from '../../core/laws/builtins';
import { bootstrapParams } from '../../core/laws/bootstrap';
import { buildProblem, fitLaw } from '../../core/laws/fit';
import { makeRng } from '../../core/laws/bootstrap';
import { toInternal } from '../../core/laws/objective';
import { runScipy } from '../unit/laws/scipy-anchor';
import { logspace, synth } from '../unit/laws/synth';

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const L = BUILTIN_LAWS;
const rng = makeRng(42);
const chinX = Array.from({ length: 250 }, () => [
  5e7 * Math.pow(100, rng()),
  1e9 * Math.pow(100, rng()),
]);
const chin = synth(L.chinchilla!, [1.69, 406.4, 410.7, 0.34, 0.28], chinX, 0.01, 1);
const pow = synth(
  L.power!,
  [1.5, 8, 0.35],
  logspace(1e3, 1e7, 50).map((x) => [x]),
  0.01,
  2,
);
const o = { bootstrap: 0, holdout: 0 };
// The full Chinchilla procedure on a coarse grid: L-BFGS-B from every one of its 3⁵ = 243 points.
const coarse = {
  ...o,
  maxStarts: 243,
  starts: {
    E: [-1, 0, 1].map(Math.exp),
    A: [0, 10, 20].map(Math.exp),
    B: [0, 10, 20].map(Math.exp),
    alpha: [0, 1, 2],
    beta: [0, 1, 2],
  },
};

function time(f: () => void, runs: number): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    f();
    t.push((performance.now() - s) / 1000);
  }
  return median(t);
}

const ours = {
  chin: time(() => fitLaw({ law: 'c', model: L.chinchilla!, points: chin, options: o }), 5),
  all: time(() => fitLaw({ law: 'c', model: L.chinchilla!, points: chin, options: coarse }), 3),
  pow: time(() => fitLaw({ law: 'p', model: L.power!, points: pow, options: o }), 5),
  boot: time(() => {
    const f = fitLaw({ law: 'p', model: L.power!, points: pow, options: o });
    const { prob, params } = buildProblem(L.power!, f.points, {});
    bootstrapParams(
      prob,
      params,
      toInternal(
        f.params.map((p) => p.value),
        params.map((p) => p.log),
      ),
      {
        ...f,
        loss: 'huber',
        delta: 1e-3,
        residuals: 'log',
        maxStarts: 16,
        maxIterations: 1000,
        bootstrap: 1000,
        seed: 1,
        level: 0.9,
      },
      1000,
      1,
    );
  }, 3),
};
const chinFit = fitLaw({ law: 'c', model: L.chinchilla!, points: chin, options: o });
const sc = runScipy([
  { name: 'chinchilla', model: L.chinchilla!, points: chin, options: o, repeat: 3 },
  { name: 'chinchilla-all', model: L.chinchilla!, points: chin, options: coarse, repeat: 1 },
  { name: 'power', model: L.power!, points: pow, options: o, repeat: 5, bootstrap: 1000 },
]);
const rows = [
  [
    'chinchilla fit (250 pts, Huber, 4,500-point grid → 16 starts)',
    ours.chin,
    median(sc[0]!.seconds),
  ],
  [
    'chinchilla fit (250 pts, Huber, L-BFGS-B from all 243 points of a 3⁵ grid)',
    ours.all,
    median(sc[1]!.seconds),
  ],
  ['power fit (50 pts, Huber, 330-point grid → 16 starts)', ours.pow, median(sc[2]!.seconds)],
  ['1,000 bootstrap refits (power, 50 pts)', ours.boot, sc[2]!.bootstrapSeconds ?? NaN],
] as const;
console.log(`date ${new Date().toISOString()}  node ${process.version}`);
console.log('| task | core/laws (s) | SciPy (s) | SciPy / ours |\n|---|---|---|---|');
for (const [name, a, b] of rows)
  console.log(`| ${name} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(b / a).toFixed(1)}× |`);
const allFit = fitLaw({ law: 'c', model: L.chinchilla!, points: chin, options: coarse });
console.log(
  `objective chinchilla: ours ${chinFit.convergence!.objective.toExponential(8)}, SciPy ${sc[0]!.objective?.toExponential(8)}; all 243 starts: ours ${allFit.convergence!.objective.toExponential(8)}, SciPy ${sc[1]!.objective?.toExponential(8)}`,
);
