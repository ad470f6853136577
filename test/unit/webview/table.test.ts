import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bestTrial,
  filterTrials,
  higherIsBetter,
  sortTrials,
  tableColumns,
} from '../../../webview/views/table-model';
import type { TrialView } from '../../../webview/model';

const t = (
  id: string,
  rank: number | null,
  loss: number | undefined,
  state: TrialView['state'] = 'done',
  method = 'lora',
): TrialView => ({
  id,
  run: `${method}_sweep`,
  index: 0,
  label: `${method} rank=${rank}`,
  axes: { rank },
  config: { method },
  state,
  ...(loss !== undefined ? { final: { eval_loss: loss, accuracy: 1 / loss } } : {}),
});
const trials = [
  t('a', 8, 2.0),
  t('b', 2, 2.5),
  t('c', null, undefined, 'running'),
  t('d', 16, 1.9, 'done', 'dora'),
  t('e', 32, 1.5, 'failed'),
];
const columns = tableColumns(trials, 'eval_loss');
const col = (key: string) => columns.find((c) => c.key === key);

void test('columns: trial, run, one per axis, status, the metric, other final metrics, costs', () => {
  assert.deepEqual(
    columns.map((c) => c.key),
    [
      'trial',
      'run',
      'axis:rank',
      'state',
      'metric',
      'final:accuracy',
      'trainableParams',
      'trainFlops',
      'wallSeconds',
    ],
  );
  assert.equal(col('axis:rank')!.numeric, true);
});

void test('sorting by a number, both ways, keeps missing values last', () => {
  assert.deepEqual(
    sortTrials(trials, col('metric'), 'asc').map((x) => x.id),
    ['e', 'd', 'a', 'b', 'c'],
  );
  assert.deepEqual(
    sortTrials(trials, col('metric'), 'desc').map((x) => x.id),
    ['b', 'a', 'd', 'e', 'c'],
  );
  assert.deepEqual(
    sortTrials(trials, col('axis:rank'), 'asc').map((x) => x.id),
    ['b', 'a', 'd', 'e', 'c'],
  );
  assert.deepEqual(
    sortTrials(trials, col('trial'), 'desc').map((x) => x.id),
    ['a', 'b', 'c', 'e', 'd'].sort((p, q) =>
      trials
        .find((x) => x.id === q)!
        .label.localeCompare(trials.find((x) => x.id === p)!.label, undefined, { numeric: true }),
    ),
  );
  assert.deepEqual(sortTrials(trials, undefined, 'asc'), trials);
});

void test('filtering: every term must match some cell, case-insensitively', () => {
  assert.deepEqual(
    filterTrials(trials, columns, 'DORA').map((x) => x.id),
    ['d'],
  );
  assert.deepEqual(
    filterTrials(trials, columns, 'lora done').map((x) => x.id),
    ['a', 'b'],
  );
  assert.deepEqual(
    filterTrials(trials, columns, 'rank=32').map((x) => x.id),
    ['e'],
  );
  assert.equal(filterTrials(trials, columns, '  ').length, trials.length);
});

void test('the best trial is the done one with the lowest loss, or the highest accuracy', () => {
  assert.equal(bestTrial(trials, 'eval_loss'), 'd', 'e is lower but failed');
  assert.equal(higherIsBetter('accuracy'), true);
  assert.equal(bestTrial(trials, 'accuracy'), 'd');
  assert.equal(bestTrial([t('x', 1, undefined, 'running')], 'eval_loss'), undefined);
});
