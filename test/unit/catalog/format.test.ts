/** The one table of how numbers and durations read (core/format.ts): hovers, hints, CLI, charts. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { formatBytes, formatCount, formatFitted, formatSeconds } from '../../../core/format';
import { formatCount as lspCount } from '../../../language-server/convert';
import { formatNumber as webviewNumber } from '../../../webview/format';
import { human } from '../../../cli/commands/plan';

const COUNTS: Array<[number, string]> = [
  [0, '0'],
  [1, '1'],
  [12, '12'],
  [999, '999'],
  [1234, '1.23k'],
  [999_999, '1M'],
  [4.19e6, '4.19M'],
  [1.5e9, '1.5B'],
  [2.5e9, '2.5B'],
  [6.74e9, '6.74B'],
  [1e12, '1T'],
  [3.2e21, '3.2e+21'],
  [-1234, '-1.23k'],
  [0.5, '0.5'],
  [0.123456, '0.123'],
  [0.000012, '1.2e-5'],
  [NaN, 'NaN'],
  [Infinity, 'Infinity'],
];
const BYTES: Array<[number, string]> = [
  [0, '0 B'],
  [512, '512 B'],
  [1536, '1.5 KiB'],
  [1_048_576, '1 MiB'],
  [7.3e9, '6.8 GiB'],
];
const SECONDS: Array<[number, string]> = [
  [0.5, '0.5 s'],
  [42, '42 s'],
  [89, '89 s'],
  [210, '3.5 min'],
  [600, '10 min'],
  [5400, '1.5 h'],
  [40_000, '11 h'],
  [200_000, '2.3 d'],
];

void test('counts: three significant digits, trailing zeros dropped, k M B T suffixes', () => {
  for (const [n, s] of COUNTS) assert.equal(formatCount(n), s, String(n));
});

void test('bytes are binary; durations pick s, min, h or d', () => {
  for (const [n, s] of BYTES) assert.equal(formatBytes(n), s, String(n));
  for (const [n, s] of SECONDS) assert.equal(formatSeconds(n), s, String(n));
});

void test('the language server, the webview and the CLI show the same text', () => {
  for (const [n] of COUNTS) {
    assert.equal(lspCount(n), formatCount(n));
    assert.equal(webviewNumber(n), formatCount(n));
  }
  assert.equal(human(1.5e9, 'FLOPs'), '1.5BFLOPs');
  assert.equal(human(NaN), '?');
});

void test('fitted values (peft fit, peft summary): four significant digits, exponent outside [1e-3, 1e5)', () => {
  const FITTED: Array<[number, string]> = [
    [0, '0'],
    [2.345678, '2.346'],
    [0.4, '0.4'],
    [99_999, '1.000e+5'],
    [1_234_567, '1.235e+6'],
    [0.000123456, '1.235e-4'],
    [-3.2e7, '-3.200e+7'],
    [NaN, '—'],
    [Infinity, '—'],
  ];
  for (const [n, s] of FITTED) assert.equal(formatFitted(n), s, String(n));
});
