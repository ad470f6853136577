/** The catalog's target matching compiles patterns as PEFT does (Python's re, through core/catalog/pyregex.ts). */
import assert from 'node:assert/strict';
import test from 'node:test';
import { getModelFamily, matchTargets } from '../../../core/catalog';

const SITES = getModelFamily('transformer')!.sites({ width: 32, depth: 3, heads: 2, context: 8 });

void test("a Python named group ((?P<name>…)) works in target_modules, as in PEFT's re.fullmatch", () => {
  const m = matchTargets(
    SITES,
    { target_modules: String.raw`layers\.(?P<i>[01])\.attn\.q` },
    'transformer',
  );
  assert.deepEqual(
    m.sites.map((s) => s.name),
    ['layers.0.attn.q', 'layers.1.attn.q'],
  );
  assert.equal(m.error, undefined);
});

void test('an invalid pattern is an error naming it, and matches nothing', () => {
  const m = matchTargets(SITES, { target_modules: 'q(' }, 'transformer');
  assert.deepEqual(m.sites, []);
  assert.match(m.error ?? '', /invalid regex "q\("/);
});
