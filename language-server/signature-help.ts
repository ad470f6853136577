/**
 * Signature help for sweep constructors (`log`, `lin`, `zip`, `random` and its distributions) and
 * law forms (`power(run.metric ~ x)`, `chinchilla(… ~ N, D)`). The call is found by scanning back
 * from the cursor to the unmatched `(`, so it works while the call is still being typed.
 */
import type { Position, SignatureHelp, SignatureInformation } from 'vscode-languageserver';
import { getLawForm } from '../core/catalog';
import type { AnalyzedDocument } from './analysis';

const sig = (label: string, doc: string, params: string[]): SignatureInformation => ({
  label,
  documentation: doc,
  parameters: params.map((p) => ({ label: p })),
});

const BUILTIN: Record<string, SignatureInformation> = {
  log: sig(
    'log(from .. to, count)',
    'count values spaced evenly in log space from `from` to `to`, both included.',
    ['from .. to', 'count'],
  ),
  lin: sig(
    'lin(from .. to, count)',
    'count values spaced evenly from `from` to `to`, both included.',
    ['from .. to', 'count'],
  ),
  zip: sig(
    'zip(axis = [values], axis = [values], …)',
    'Sweeps several axes together: the i-th values form the i-th trial. Lists must have equal length.',
    ['axis = [values]', '…'],
  ),
  random: sig(
    'random(distribution, n = count, seed = seed)',
    'count values drawn from the distribution with a fixed seed (reproducible).',
    ['distribution', 'n = count', 'seed = seed'],
  ),
  uniform: sig('uniform(from .. to)', 'Uniform on [from, to].', ['from .. to']),
  loguniform: sig('loguniform(from .. to)', 'Log-uniform on [from, to] (both > 0).', [
    'from .. to',
  ]),
  int_uniform: sig('int_uniform(from .. to)', 'Integers uniform on [from, to].', ['from .. to']),
  choice: sig('choice(a, b, …)', 'One of the listed values, uniformly.', ['a', '…']),
};

function lawSignature(name: string): SignatureInformation | undefined {
  const law = getLawForm(name);
  if (!law) return undefined;
  const inputs = law.inputs ?? ['x'];
  return sig(
    `${name}(run.metric ~ ${inputs.join(', ')})`,
    `${law.doc}${law.expression ? `\n\n${law.expression}` : ''}`,
    ['run.metric', ...inputs],
  );
}

/** The callee and active argument index of the innermost unclosed call before `offset`. */
export function callAt(
  text: string,
  offset: number,
): { callee: string; active: number } | undefined {
  let depth = 0;
  let commas = 0;
  let tilde = false;
  const stop = Math.max(0, offset - 4000);
  for (let i = offset - 1; i >= stop; i--) {
    const ch = text[i];
    if (ch === ')' || ch === ']' || ch === '}') depth++;
    else if (ch === '[' || ch === '{') {
      if (depth === 0) return undefined;
      depth--;
    } else if (ch === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = /([A-Za-z_]\w*)\s*$/.exec(text.slice(Math.max(0, i - 64), i))?.[1];
      // In a law, the relation `y ~ x1, x2` puts y first and the inputs after the `~`.
      return callee ? { callee, active: tilde ? commas + 1 : commas } : undefined;
    } else if (depth === 0 && ch === ',') commas++;
    else if (depth === 0 && ch === '~') tilde = true;
    else if (
      ch === '\n' &&
      depth === 0 &&
      /^\s*(data|model|adapter|run|law|predict)\b/.test(text.slice(i + 1, i + 12))
    )
      return undefined;
  }
  return undefined;
}

export function signatureHelp(doc: AnalyzedDocument, position: Position): SignatureHelp | null {
  const call = callAt(doc.text, doc.lines.offsetAt(position));
  if (!call) return null;
  const s = BUILTIN[call.callee] ?? lawSignature(call.callee);
  if (!s) return null;
  const last = Math.max(0, (s.parameters?.length ?? 1) - 1);
  return { signatures: [s], activeSignature: 0, activeParameter: Math.min(call.active, last) };
}
