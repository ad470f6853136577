/**
 * The data a built-in model reads must suit it, or every trial would fail at its first batch: a
 * transformer reads text corpora (task `lm`), an MLP labelled ones (`classification`, `vision`),
 * for fine-tuning and pretraining alike; and a corpus with a fixed input width or class count
 * (Fashion-MNIST: 784 pixels, 10 classes) needs `n_in` equal to its features and `classes` at least
 * its classes (reported at the model's entry, with the right value as the quick fix).
 */
import type { Span } from '../../dsl/ast';
import { DiagnosticCodes, diagnostic, type QuickFix } from '../../dsl/diagnostics';
import { corpusSupport, engineOf, getCorpus, withDefaults } from '../../catalog';
import type { ResolvedBlock } from '../blocks';
import { onNode, type Check } from '../context';

function where(model: ResolvedBlock, param: string, want: number): { at: Span; fix?: QuickFix } {
  const e = model.entries.get(param);
  if (!e) return { at: model.headRange };
  const range = { start: e.expr.start, end: e.expr.end };
  return {
    at: range,
    fix: { kind: 'replace', text: String(want), title: `Set ${param} = ${want}`, range },
  };
}

/** The corpus tasks each built-in family reads (hf models read what their `task` says: not checked here). */
const READS: Readonly<Record<string, readonly string[]>> = {
  transformer: ['lm'],
  mlp: ['classification', 'vision'],
};

/** A sentence when `family` cannot read `corpus` (undefined when it can, or when unknown). */
function taskMismatch(family: string, corpus: string, role: string): string | undefined {
  const reads = READS[family];
  const task = getCorpus(corpus)?.task;
  if (!reads || !task || reads.includes(task)) return undefined;
  const kind = family === 'mlp' ? 'labelled examples (spam-assassin, fashion-mnist)' : 'text';
  return `A ${family} model reads ${kind}, but its ${role} corpus '${corpus}' is ${task} data; use a ${family === 'mlp' ? 'transformer' : 'mlp'} model or another corpus.`;
}

/** Fine-tuning and pretraining data that the model family cannot read at all. */
export const checkCorpusTask: Check = (ctx) => {
  const said = new Set<string>();
  for (const run of ctx.runs) {
    run.plan.trials.forEach((trial, i) => {
      const model = run.sources[i]?.model;
      const { config } = trial;
      if (!model) return;
      onNode(ctx, 'corpus-task', model.headRange, () => {
        const problems: string[] = [];
        // An engine that refuses the corpus, or declares it for some families, already says so (not-runnable).
        const support = corpusSupport(config.data.corpus, engineOf(config.backend));
        if (support.runs && !support.families) {
          const m = taskMismatch(config.model.family, config.data.corpus, 'fine-tuning');
          if (m) problems.push(m);
        }
        const pre = config.model.pretrain?.data.corpus;
        const p =
          pre === undefined ? undefined : taskMismatch(config.model.family, pre, 'pretraining');
        if (p) problems.push(p);
        for (const message of problems) {
          const key = `${model.headRange.start}:${message}`;
          if (said.has(key)) continue;
          said.add(key);
          ctx.ev.report(
            diagnostic(DiagnosticCodes.incompatibleOption, 'error', message, model.headRange),
          );
        }
      });
    });
  }
};

export const checkCorpusShape: Check = (ctx) => {
  const said = new Set<string>();
  for (const run of ctx.runs) {
    run.plan.trials.forEach((trial, i) => {
      const model = run.sources[i]?.model;
      const { config } = trial;
      const corpus = getCorpus(config.data.corpus);
      if (!model || !corpus || config.model.family !== 'mlp') return;
      onNode(ctx, 'corpus-shape', model.headRange, () => {
        const p = withDefaults('model', 'mlp', config.model.params);
        const problems: [string, number, string][] = [];
        if (corpus.features !== undefined && p['n_in'] !== corpus.features)
          problems.push([
            'n_in',
            corpus.features,
            `n_in = ${JSON.stringify(p['n_in'])}, but corpus '${corpus.name}' has ${corpus.features} input features per example; set n_in = ${corpus.features}.`,
          ]);
        const k = p['classes'];
        if (corpus.classes !== undefined && typeof k === 'number' && k < corpus.classes)
          problems.push([
            'classes',
            corpus.classes,
            `classes = ${k}, but corpus '${corpus.name}' has ${corpus.classes} classes; set classes = ${corpus.classes}.`,
          ]);
        for (const [param, want, message] of problems) {
          const { at, fix } = where(model, param, want);
          const key = `${at.start}:${message}`;
          if (said.has(key)) continue;
          said.add(key);
          ctx.ev.report(diagnostic(DiagnosticCodes.incompatibleOption, 'error', message, at, fix));
        }
      });
    });
  }
};
