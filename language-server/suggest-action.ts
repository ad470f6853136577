/**
 * "Insert suggested trials": a code action on a `predict` or `law` line whose law has a fit in the
 * run store. It inserts, after the law's run block, the run block `peft suggest` prints
 * (core/search/suggest.ts), with the fit's points from fits.json as the data. The design refits
 * the law many times (about a second), so the action is offered cheaply and its edit is computed
 * only when chosen (codeAction/resolve).
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionContext,
  type Range,
} from 'vscode-languageserver';
import type { LawPoint } from '../core/laws/types';
import { SuggestError, suggestTrials } from '../core/search/suggest';
import { fitsOf, type StoreView } from '../store/view';
import type { AnalyzedDocument } from './analysis';

export const SUGGEST_TITLE = 'Insert suggested trials';
/** How many trials the action inserts (`peft suggest -n` chooses for the CLI). */
const COUNT = 3;

interface SuggestData {
  kind: 'peft.suggest';
  uri: string;
  version: number;
  law: string;
}

const isSuggestData = (v: unknown): v is SuggestData =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'peft.suggest';

/** The law named by the `predict` or `law` declaration under `offset`, if any. */
function lawAt(doc: AnalyzedDocument, offset: number): string | undefined {
  for (const d of doc.analysis.ast.declarations) {
    if (offset < d.start || offset > d.end) continue;
    if (d.kind === 'PredictDecl') return d.law?.path[0]?.name;
    if (d.kind === 'LawDecl') return d.name?.name;
  }
  return undefined;
}

/** The action (without its edit) when the cursor is on a predict/law line of a fitted law. */
export function suggestActions(
  doc: AnalyzedDocument,
  view: StoreView,
  range: Range,
  context: CodeActionContext,
): CodeAction[] {
  if (context.only && !context.only.some((k) => CodeActionKind.RefactorRewrite.startsWith(k)))
    return [];
  const law = lawAt(doc, doc.lines.offsetAt(range.start));
  if (!law || !fitsOf(view, law).some((f) => f.ok)) return [];
  const data: SuggestData = { kind: 'peft.suggest', uri: doc.uri, version: doc.version, law };
  return [{ title: SUGGEST_TITLE, kind: CodeActionKind.RefactorRewrite, data }];
}

/**
 * Fills in the edit of a suggest action: the suggested run block inserted after the law's run.
 * A request that cannot be designed (too few points, no target) comes back disabled with the reason.
 */
export function resolveSuggestAction(
  doc: AnalyzedDocument,
  view: StoreView,
  action: CodeAction,
): CodeAction {
  if (!isSuggestData(action.data) || action.data.uri !== doc.uri) return action;
  const law = action.data.law;
  const points = (): Map<string | undefined, LawPoint[]> =>
    new Map(
      fitsOf(view, law)
        .filter((f) => f.ok)
        .map((f) => [f.group, f.points]),
    );
  try {
    const s = suggestTrials(
      { text: doc.text, ast: doc.analysis.ast, plan: doc.analysis.plan, points },
      { law, count: COUNT },
    );
    const at = doc.lines.positionAt(s.insertAt);
    return {
      ...action,
      edit: {
        changes: {
          [doc.uri]: [{ range: { start: at, end: at }, newText: `\n\n${s.text.trimEnd()}` }],
        },
      },
    };
  } catch (err) {
    if (!(err instanceof SuggestError)) throw err;
    return { ...action, disabled: { reason: err.message } };
  }
}
