// @lane integration: the project's Python (scripts/python-env.sh) reads the TensorBoard event files back (test/anchors/tfevents_reader.py)
// TensorBoard event files read back by an independent Python reader (test/anchors/tfevents_reader.py),
// and the MLflow file-store layout checked file by file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricRecord } from '../../../core/protocol';
import type { Trial } from '../../../core/types/plan';
import { crc32c } from '../../../cli/export/tfrecord';
import { writeTensorBoard } from '../../../cli/export/tensorboard';
import { writeMlflow } from '../../../cli/export/mlflow';
import { parseYaml } from '../../../core/interop';
import { projectPython } from '../../helpers/python';
import { ZERO_ESTIMATES } from '../../../core/catalog';

const READER = join(import.meta.dirname, '..', '..', 'anchors', 'tfevents_reader.py');

const records = (seed: number): MetricRecord[] => [
  {
    kind: 'train',
    step: 1,
    loss: 3.5 + seed,
    lr: 1e-3,
    tokens: 64,
    flops: 1e9,
    wall: 0.5,
    gradNorm: 1.25,
    tokensPerSec: 128,
  },
  {
    kind: 'train',
    step: 300,
    loss: 2.1 + seed,
    lr: 5e-4,
    tokens: 19200,
    flops: 3e11,
    wall: 9.75,
    gradNorm: 0.5,
    tokensPerSec: 2000,
  },
  {
    kind: 'eval',
    step: 300,
    tokens: 19200,
    flops: 3e11,
    wall: 10,
    metrics: { eval_loss: 2.25 + seed, accuracy: 0.5 },
  },
];

const trial = (id: string, index: number, r: number): Trial => ({
  id,
  run: 'ranks',
  index,
  axes: { r },
  config: {
    experiment: 'demo',
    run: 'ranks',
    model: { name: 'm', family: 'transformer', params: { width: 64 } },
    data: { name: 'd', corpus: 'sotu', holdout: 0.1, params: {} },
    adapter: { name: 'lora', method: 'lora', params: { r, target_modules: ['q', 'v'] } },
    optimizer: { name: 'adamw', params: { lr: 1e-3 } },
    schedule: { name: 'constant', params: {} },
    batch: 8,
    steps: 300,
    seed: 0,
    evalEvery: 100,
    metric: 'eval_loss',
    clip: 1,
  },
  estimates: { ...ZERO_ESTIMATES, totalParams: 1, trainableParams: 100 * r, trainablePercent: 1 },
});

void test('CRC-32C check value (RFC 3720 / iSCSI): "123456789" → 0xE3069283', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
});

void test('TensorBoard: one run folder per trial; the independent reader verifies CRCs and gets every scalar back', () => {
  const out = mkdtempSync(join(tmpdir(), 'peft-tb-'));
  const paths = writeTensorBoard(
    out,
    [
      { id: 'aaa111', run: 'ranks', records: records(0) },
      { id: 'bbb222', run: 'ranks', records: records(1) },
    ],
    1_764_000_000,
    'host',
  );
  assert.deepEqual(readdirSync(join(out, 'ranks')).sort(), ['aaa111', 'bbb222']);
  assert.match(paths[0]!, /ranks\/aaa111\/events\.out\.tfevents\.1764000000\.host$/);
  const events = execFileSync(projectPython(), [READER, paths[1]!], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          wall_time: number;
          step: number;
          file_version?: string;
          scalars: Record<string, number>;
        },
    );
  assert.equal(events.length, 4);
  assert.equal(events[0]!.file_version, 'brain.Event:2');
  assert.equal(events[0]!.wall_time, 1_764_000_000);
  assert.deepEqual(events[1]!.scalars, {
    'train/loss': Math.fround(4.5),
    'train/lr': Math.fround(1e-3),
    'train/grad_norm': 1.25,
    'train/tokens_per_sec': 128,
  });
  assert.equal(events[2]!.step, 300);
  assert.equal(events[2]!.wall_time, 1_764_000_009.75);
  assert.deepEqual(events[3]!.scalars, { 'eval/eval_loss': 3.25, 'eval/accuracy': 0.5 });
});

void test("TensorBoard: a flipped byte fails the independent reader's CRC check", () => {
  const out = mkdtempSync(join(tmpdir(), 'peft-tb-bad-'));
  const [path] = writeTensorBoard(out, [{ id: 'c', run: 'r', records: records(0) }], 1_764_000_000);
  const bytes = readFileSync(path!);
  bytes[bytes.length - 10]! ^= 0x40;
  writeFileSync(path!, bytes);
  const res = spawnSync(projectPython(), [READER, path!], { encoding: 'utf8' });
  assert.equal(res.status, 1);
  assert.match(res.stderr, /data CRC mismatch/);
});

void test('MLflow file store: experiment meta, run meta, metrics lines, params, tags — file by file', () => {
  const root = join(mkdtempSync(join(tmpdir(), 'peft-mlflow-')), 'mlruns');
  const now = 1_764_000_000_000;
  const id = writeMlflow(
    root,
    'demo',
    [
      {
        trial: trial('t1', 0, 4),
        status: { state: 'done', updated: '', wallSeconds: 12 },
        records: records(0),
      },
      {
        trial: trial('t2', 1, 8),
        status: { state: 'failed', updated: '', error: 'boom' },
        records: [],
      },
    ],
    now,
  );
  assert.equal(id, '1');
  const exp = parseYaml(readFileSync(join(root, '1', 'meta.yaml'), 'utf8'));
  assert.deepEqual(
    { ...exp, artifact_location: undefined },
    {
      artifact_location: undefined,
      creation_time: now,
      experiment_id: '1',
      last_update_time: now,
      lifecycle_stage: 'active',
      name: 'demo',
    },
  );
  assert.match(exp['artifact_location'] as string, /^file:\/\/.*\/mlruns\/1$/);
  assert.deepEqual(readdirSync(join(root, '1')).sort(), ['meta.yaml', 't1', 't2']);
  assert.deepEqual(readdirSync(join(root, '1', 't1')).sort(), [
    'artifacts',
    'meta.yaml',
    'metrics',
    'params',
    'tags',
  ]);
  const run = parseYaml(readFileSync(join(root, '1', 't1', 'meta.yaml'), 'utf8'));
  assert.deepEqual(
    [
      run['run_id'],
      run['run_uuid'],
      run['experiment_id'],
      run['status'],
      run['start_time'],
      run['end_time'],
      run['run_name'],
      run['lifecycle_stage'],
    ],
    ['t1', 't1', '1', 3, now, now + 12_000, 'ranks-0', 'active'],
  );
  assert.equal(parseYaml(readFileSync(join(root, '1', 't2', 'meta.yaml'), 'utf8'))['status'], 4);
  assert.equal(
    readFileSync(join(root, '1', 't1', 'metrics', 'train_loss'), 'utf8'),
    `${now + 500} 3.5 1\n${now + 9750} 2.1 300\n`,
  );
  assert.equal(
    readFileSync(join(root, '1', 't1', 'metrics', 'eval_loss'), 'utf8'),
    `${now + 10000} 2.25 300\n`,
  );
  assert.deepEqual(readdirSync(join(root, '1', 't1', 'metrics')).sort(), [
    'accuracy',
    'eval_loss',
    'grad_norm',
    'lr',
    'train_loss',
  ]);
  assert.equal(readFileSync(join(root, '1', 't1', 'params', 'adapter.r'), 'utf8'), '4');
  assert.equal(
    readFileSync(join(root, '1', 't1', 'params', 'adapter.target_modules'), 'utf8'),
    '["q","v"]',
  );
  assert.equal(readFileSync(join(root, '1', 't1', 'params', 'optimizer.lr'), 'utf8'), '0.001');
  assert.equal(readFileSync(join(root, '1', 't1', 'tags', 'mlflow.runName'), 'utf8'), 'ranks-0');
  assert.equal(readFileSync(join(root, '1', 't1', 'tags', 'peft.axis.r'), 'utf8'), '4');
  assert.deepEqual(readdirSync(join(root, '1', 't2', 'metrics')), []);
  assert.equal(writeMlflow(root, 'again', [], now), '2'); // a second export gets the next id
});
