// Data files named in a .peft file (`corpus "notes.jsonl"`): resolved to the `file` corpus and
// checked line by line through the analysis' resolveFile seam, with the line number in the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../core/plan';

const files: Record<string, string> = {
  'good.jsonl': '{"text": "hello"}\n\n{"prompt": "Q: 2+2?", "completion": " 4"}\n',
  'bad.jsonl': '{"text": "ok"}\n{"text": 3}\nnot json\n[1]\n{"text": "x", "label": -1}\n',
  'labelled.jsonl': '{"text": "win money", "label": 1}\n{"text": "meeting at 3"}\n',
  'book.txt': 'Call me Ishmael.',
  'empty.jsonl': '\n\n',
  'config.json': JSON.stringify({
    model_type: 'llama',
    hidden_size: 64,
    intermediate_size: 176,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    vocab_size: 256,
    max_position_embeddings: 128,
  }),
};
const resolveFile = (p: string): string | undefined => files[p];

const file = (
  data: string,
  task = 'causal_lm',
): string => `data d = corpus "${data}" { holdout = 20% }
model m = hf { config = "config.json"  tokenizer = "bytes"  task = ${task}  context = 32 }
adapter a = lora { r = 2  target_modules = [q_proj] }
run r { model = m  data = d  adapter = a  backend = "torch"  steps = 2  batch = 2 }
`;

const errors = (text: string) =>
  analyze(text, { resolveFile }).diagnostics.filter((d) => d.severity === 'error');

void test('a good JSON-lines file resolves to the file corpus with its path, no errors', () => {
  const r = analyze(file('good.jsonl'), { resolveFile });
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  const data = r.plan.runs[0]!.trials[0]!.config.data;
  assert.equal(data.corpus, 'file');
  assert.equal(data.params['path'], 'good.jsonl');
});

void test('bad records are errors naming the file and line, located at the path string', () => {
  const text = file('bad.jsonl');
  const errs = errors(text).filter((d) => d.code === 'data-file-bad-record');
  assert.equal(errs.length, 1);
  const parts = errs[0]!.message.split('; ');
  assert.deepEqual(
    parts.map((m) => m.split(':').slice(0, 2).join(':')),
    ['bad.jsonl:2', 'bad.jsonl:3', 'bad.jsonl:4', 'bad.jsonl:5'],
  );
  assert.match(parts[0]!, /string "text" field/);
  assert.match(parts[3]!, /class index/);
  assert.equal(text.slice(errs[0]!.range.start, errs[0]!.range.end), '"bad.jsonl"');
});

void test('a missing file is one unreadable-file error', () => {
  assert.deepEqual(
    errors(file('nope.jsonl')).map((d) => d.code),
    ['data-file-unreadable'],
  );
});

void test('a seq_cls model needs a label on every record', () => {
  const errs = errors(file('labelled.jsonl', 'seq_cls')).filter(
    (d) => d.code === 'data-file-no-labels',
  );
  assert.equal(errs.length, 1);
  assert.match(errs[0]!.message, /1 of 2/);
  assert.equal(errors(file('book.txt')).length, 0);
});

void test('a file with no records is one empty-file error', () => {
  assert.deepEqual(
    errors(file('empty.jsonl')).map((d) => d.code),
    ['data-file-empty'],
  );
});
