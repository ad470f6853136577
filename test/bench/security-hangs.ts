/**
 * Before/after of issue 16's hang cases, in one run: the regex bomb `(.|.|.|.)*z` against module
 * names with JavaScript's backtracking RegExp (what target_modules used before; the anchor) and
 * with core/catalog/pyregex.ts's Pike VM; and the cost of one regex test on a whole 32-layer model's
 * names. Usage: npx tsx test/bench/security-hangs.ts  (figures in docs/benchmarks/security.md).
 */
import { fullmatchRe } from '../../core/catalog/pyregex';

const NAME = 'model.layers.10.self_attn.q_proj';
const BOMB = '(.|.|.|.)*z';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
function time(f: () => void, runs: number): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const pike = fullmatchRe(BOMB);
if (typeof pike === 'string') throw new Error(pike);
const js = new RegExp(`^(?:${BOMB})$`);
console.log('| name length | backtracking RegExp (anchor) | Pike VM | ratio |');
console.log('|---:|---:|---:|---:|');
for (const n of [10, 12, 14]) {
  const s = NAME.slice(0, n);
  const a = time(() => js.test(s), n >= 14 ? 1 : 3);
  const b = time(() => pike.test(s), 21);
  console.log(`| ${n} | ${a.toFixed(1)} ms | ${b.toFixed(3)} ms | ${(a / b).toFixed(0)}× |`);
}
const names = Array.from({ length: 32 }, (_, l) =>
  ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'].map(
    (m) => `model.layers.${l}.${m.endsWith('proj') && m.length < 7 ? 'self_attn' : 'mlp'}.${m}`,
  ),
).flat();
const all = time(() => names.forEach((x) => pike.test(x)), 11);
console.log(
  `\nPike VM, the bomb against all ${names.length} LLaMA-7B linear names (32 chars each): ${all.toFixed(1)} ms (median of 11)`,
);
