/**
 * A check that throws must not hide the others (issue 16.6, 17.4): the failure becomes an
 * internal-error diagnostic on the node it was checking, and every other check, and the same
 * check on the other nodes, still report.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { analyze } from '../../../core/plan/analyze';
import { CHECKS } from '../../../core/plan/checks';
import { onNode, type Check } from '../../../core/plan/context';

const TEXT = `data task = corpus "tiny-moby"
model base = transformer { vocab = bytes  width = 128  depth = 1  heads = 2  context = 32 }
adapter big = lora { target_modules = [q, v]  r = 32 }
adapter spare = lora { r = 4 }
run ranks { model = base  data = task  adapter = big  steps = 10 }
`;

const codes = (checks?: readonly Check[]) =>
  analyze(TEXT, checks ? { checks } : {})
    .diagnostics.map((d) => d.code)
    .sort();

void test('the stock checks report the alpha-scale warning and the unused block', () => {
  assert.deepEqual(codes(), ['lora-alpha-scale', 'unused-declaration']);
});

void test('a check that throws reports an internal error and the checks after it still run', () => {
  const broken: Check = function brokenCheck() {
    throw new Error('boom');
  };
  const r = analyze(TEXT, { checks: [broken, ...CHECKS] });
  const internal = r.diagnostics.filter((d) => d.code === 'internal-error');
  assert.equal(internal.length, 1);
  assert.match(internal[0]!.message, /brokenCheck check: boom/);
  assert.deepEqual(
    r.diagnostics
      .map((d) => d.code)
      .filter((c) => c !== 'internal-error')
      .sort(),
    ['lora-alpha-scale', 'unused-declaration'],
  );
});

void test('a check that throws on one node reports on that node and goes on with the others', () => {
  const seen: string[] = [];
  const perBlock: Check = (ctx) => {
    for (const rb of ctx.blocks.values()) {
      onNode(ctx, 'per-block', rb.headRange, () => {
        if (rb.name === 'big') throw new Error(`cannot read ${rb.name}`);
        seen.push(rb.name);
      });
    }
  };
  const r = analyze(TEXT, { checks: [perBlock, ...CHECKS] });
  assert.deepEqual(seen.sort(), ['base', 'spare', 'task']);
  const internal = r.diagnostics.filter((d) => d.code === 'internal-error');
  assert.equal(internal.length, 1);
  assert.equal(
    TEXT.slice(internal[0]!.range.start, internal[0]!.range.end),
    'lora',
    'reported on the failing adapter block',
  );
  assert.match(internal[0]!.message, /per-block check: cannot read big/);
  assert.ok(r.diagnostics.some((d) => d.code === 'lora-alpha-scale'));
});
