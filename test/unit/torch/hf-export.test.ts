// @lane integration: the project's Python with torch + transformers + peft (scripts/python-env.sh)
// The adapter_config.json `peft export --to peft` writes for every method PEFT implements loads with
// PeftConfig.from_pretrained and builds with get_peft_model on the matching model (the tiny Llama made
// from examples/models/tiny-llama/config.json), with exactly the trainable count the catalog estimates.
// Methods the torch engine declares not runnable must really fail to build the same thing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { methods } from '../../../core/catalog';
import { analyze } from '../../../core/plan';
import { projectPython } from '../../../runtime/torch/python';
import { peft, tempProject } from '../sweeps/helpers';
import { requireTorch } from './helpers';

const REPO = resolve(import.meta.dirname, '../../..');

/** Every method with a PEFT type of its own, and every preset of one (dora, pissa, …). */
const exported = methods().filter(
  (m) =>
    m.peftType !== undefined ||
    (m.preset && methods().find((b) => b.name === m.preset!.base)?.peftType),
);

function adapterLine(name: string): string {
  const m = methods().find((x) => x.name === name)!;
  const has = (p: string): boolean => m.params.some((s) => s.name === p);
  const targets = has('feedforward_modules')
    ? 'target_modules = [q_proj, v_proj, down_proj]  feedforward_modules = [down_proj]'
    : 'target_modules = [q_proj, v_proj]';
  const parts = [
    m.usesTargets ? targets : '',
    has('r') ? 'r = 4' : '',
    has('init_r') ? 'init_r = 6  target_r = 4' : '',
    has('num_virtual_tokens') ? 'num_virtual_tokens = 4' : '',
  ];
  return `adapter a_${name} = ${name} { ${parts.filter(Boolean).join('  ')} }`;
}

void test(
  "every exported adapter_config.json loads and builds in PEFT with the catalog's trainable count",
  { timeout: 300_000 },
  async () => {
    requireTorch();
    const text = [
      'data d = corpus "tiny-moby"',
      'model m = hf { config = "config.json"  tokenizer = "bytes"  context = 32 }',
      ...exported.map((m) => adapterLine(m.name)),
      ...exported.map(
        (m) =>
          `run r_${m.name} { model = m  data = d  adapter = a_${m.name}  backend = "torch"  steps = 10  batch = 2 }`,
      ),
    ].join('\n');
    const { dir, file } = tempProject('exports', text);
    copyFileSync(
      join(REPO, 'examples', 'models', 'tiny-llama', 'config.json'),
      join(dir, 'config.json'),
    );
    const plan = analyze(text, {
      experiment: 'exports',
      resolveFile: (p) => readFileSync(join(dir, p), 'utf8'),
    }).plan;
    const out = join(dir, 'out');
    const p = peft(['export', file, '--to', 'peft', '--out', out], dir);
    assert.equal(await p.exit, 0, p.stderr());
    const trials = plan.runs.map((r) => r.trials[0]!);
    const res = spawnSync(
      projectPython()!,
      [
        join(import.meta.dirname, 'build_adapters.py'),
        join(dir, 'config.json'),
        ...trials.map((t) => join(out, t.id)),
      ],
      { encoding: 'utf8', timeout: 240_000 },
    );
    assert.equal(res.status, 0, res.stderr);
    const built = res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { ok: boolean; trainable?: number; error?: string });
    const problems: string[] = [];
    trials.forEach((t, i) => {
      const name = t.config.adapter.method;
      const runs = methods().find((m) => m.name === name)!.engines.torch.runs;
      const b = built[i]!;
      const same = b.ok && b.trainable === t.estimates.trainableParams;
      if (runs && !same)
        problems.push(
          `${name}: ${b.ok ? `PEFT trains ${b.trainable}, the catalog estimates ${t.estimates.trainableParams}` : b.error}`,
        );
      if (!runs && same && !['loraplus'].includes(name))
        problems.push(`${name}: declared not runnable on torch, yet PEFT builds it as estimated`);
    });
    assert.deepEqual(problems, []);
    assert.ok(trials.length >= 12, `only ${trials.length} exported methods`);
  },
);
