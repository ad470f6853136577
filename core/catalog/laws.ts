/** Law forms: the built-in table of core/laws (one source), seen as catalog entries. */
import { BUILTIN_LAWS } from '../laws/builtins';
import type { LawEntry } from './types';

export { BUILTIN_LAWS, builtinLaw } from '../laws/builtins';

export const LAWS: readonly LawEntry[] = [
  ...Object.entries(BUILTIN_LAWS).map(([name, m]): LawEntry => ({
    kind: 'law',
    name,
    title: name,
    doc: `${m.doc} Fitted: ${m.params.map((p) => p.name).join(', ')}.`,
    expression: m.expression,
    inputs: m.variables,
    params: [],
  })),
  {
    kind: 'law',
    name: 'custom',
    title: 'custom',
    doc: 'A law written as math: `fit "E + A*N^-a + B*D^-b"` (parsed by core/laws, never eval).',
    params: [],
  },
];
