// Benchmark: core/laws vs SciPy on the same data in the same run (medians; ratios = SciPy / ours).
// Run: npx tsx test/bench/laws-fit.ts
/* eslint-disable no-console */
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
const chinX = Array.from({ length: 250 }, () => [5e7 * Math.pow(100, rng()), 1e9 * Math.pow(100, rng())]);
const chin = synth(L.chinchilla!, [1.69, 406.4, 410.7, 0.34, 0.28], chinX, 0.01, 1);
const pow = synth(L.power!, [1.5, 8, 0.35], logspace(1e3, 1e7, 50).map((x) => [x]), 0.01, 2);
const o = { bootstrap: 0, holdout: 0 };

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
  pow: time(() => fitLaw({ law: 'p', model: L.power!, points: pow, options: o }), 5),
  boot: time(() => {
    const f = fitLaw({ law: 'p', model: L.power!, points: pow, options: o });
    const { prob, params } = buildProblem(L.power!, f.points, {});
    bootstrapParams(prob, params, toInternal(f.params.map((p) => p.value), params.map((p) => p.log)), { ...f, loss: 'huber', delta: 1e-3, residuals: 'log', maxStarts: 16, maxIterations: 1000, bootstrap: 1000, seed: 1, level: 0.9 }, 1000, 1);
  }, 3),
};
const chinFit = fitLaw({ law: 'c', model: L.chinchilla!, points: chin, options: o });
const sc = runScipy([
  { name: 'chinchilla', model: L.chinchilla!, points: chin, options: o, repeat: 3 },
  { name: 'power', model: L.power!, points: pow, options: o, repeat: 5, bootstrap: 1000 },
]);
const rows = [
  ['chinchilla fit (250 pts, Huber, 4,500-point grid → 16 starts)', ours.chin, median(sc[0]!.seconds)],
  ['power fit (50 pts, Huber, 330-point grid → 16 starts)', ours.pow, median(sc[1]!.seconds)],
  ['1,000 bootstrap refits (power, 50 pts)', ours.boot, sc[1]!.bootstrapSeconds ?? NaN],
] as const;
console.log(`date ${new Date().toISOString()}  node ${process.version}`);
console.log('| task | core/laws (s) | SciPy (s) | SciPy / ours |\n|---|---|---|---|');
for (const [name, a, b] of rows) console.log(`| ${name} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(b / a).toFixed(1)}× |`);
console.log(`objective chinchilla: ours ${chinFit.convergence!.objective.toExponential(8)}, SciPy ${sc[0]!.objective?.toExponential(8)}`);
