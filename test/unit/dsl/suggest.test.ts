/** Did-you-mean: the one implementation (core/dsl/suggest.ts) every diagnostic and quick fix uses. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { closestName, editDistance } from '../../../core/dsl/suggest';
import { closestName as catalogClosest } from '../../../core/catalog';

void test('edit distance counts an adjacent swap as one edit, case-insensitively', () => {
  assert.equal(editDistance('lora_alhpa', 'lora_alpha'), 1);
  assert.equal(editDistance('LoRA', 'lora'), 0);
  assert.equal(editDistance('q_prj', 'q_proj'), 1);
  assert.equal(editDistance('abc', ''), 3);
});

void test('a suggestion is at most a third of the name away, capped at 3 edits; ties go to the first', () => {
  const cases: Array<[string, string[], string | undefined]> = [
    ['lroa', ['lora', 'dora'], 'lora'],
    ['v_prj', ['q_proj', 'v_proj'], 'v_proj'],
    ['ab', ['abc', 'xyz'], 'abc'],
    ['zzzzzz', ['lora'], undefined],
    ['gradient_accumulation_stepz', ['gradient_accumulation_steps'], 'gradient_accumulation_steps'],
    ['gradient_accumulation_xxxx', ['gradient_accumulation_steps'], undefined],
    ['lora', ['lora'], undefined],
  ];
  for (const [name, candidates, want] of cases)
    assert.equal(closestName(name, candidates), want, `${name} in ${candidates.join(', ')}`);
});

void test('the catalog re-exports the same function', () => {
  assert.equal(catalogClosest, closestName);
});
