/**
 * A corpus with a fixed input width or class count (Fashion-MNIST: 784 pixels, 10 classes) must meet
 * an MLP that reads it: `n_in` equal to the corpus' features and `classes` at least its classes.
 * Otherwise every trial would fail at its first batch, so check says so at the model's entry, with
 * the right value as the quick fix.
 */
import type { Span } from '../../dsl/ast';
import { DiagnosticCodes, diagnostic, type QuickFix } from '../../dsl/diagnostics';
import { getCorpus, withDefaults } from '../../catalog';
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
