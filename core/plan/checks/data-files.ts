/**
 * Data files (`corpus "notes.jsonl"`, `corpus "book.txt"`): read through the analysis' file seam
 * (`resolveFile`, confined and size-capped by the host) and checked line by line, so a malformed
 * record is an error with its line number before anything runs. The torch worker reads the same
 * records (python/peft_lab_torch/hf/sources.py) and fails the same way at run time.
 */
import { DiagnosticCodes, diagnostic } from '../../dsl/diagnostics';
import { onNode, type Check } from '../context';
import type { ResolvedBlock } from '../blocks';

export const DataCodes = {
  unreadable: DiagnosticCodes.dataFileUnreadable,
  badRecord: DiagnosticCodes.dataFileBadRecord,
  empty: DiagnosticCodes.dataFileEmpty,
  noLabels: DiagnosticCodes.dataFileNoLabels,
} as const;

/** Bad lines listed per file before the rest are only counted. */
const MAX_REPORTED = 5;

export interface FileFields {
  text: string;
  prompt: string;
  completion: string;
  label: string;
}

export interface RecordProblem {
  line: number;
  message: string;
}

/** JSON-lines records: each non-blank line an object with a string text, or string prompt + completion; labels non-negative integers. */
export function checkJsonLines(
  text: string,
  f: FileFields,
): { problems: RecordProblem[]; records: number; labelled: number } {
  const problems: RecordProblem[] = [];
  let records = 0;
  let labelled = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch (e) {
      problems.push({ line: i + 1, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o))
      return void problems.push({ line: i + 1, message: 'each line must be a JSON object' });
    const r = o as Record<string, unknown>;
    const pair = typeof r[f.prompt] === 'string' && typeof r[f.completion] === 'string';
    if (!pair && typeof r[f.text] !== 'string') {
      return void problems.push({
        line: i + 1,
        message: `needs a string "${f.text}" field or string "${f.prompt}" and "${f.completion}" fields`,
      });
    }
    const lab = r[f.label];
    if (lab !== undefined && lab !== null) {
      if (typeof lab !== 'number' || !Number.isInteger(lab) || lab < 0)
        return void problems.push({
          line: i + 1,
          message: `"${f.label}" must be a class index (0, 1, …), got ${JSON.stringify(lab)}`,
        });
      labelled++;
    }
    records++;
  });
  return { problems, records, labelled };
}

const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);

export const checkDataFiles: Check = (ctx) => {
  if (!ctx.resolveFile) return; // no file access here (e.g. a browser host)
  const labelsNeeded = new Set<string>();
  for (const run of ctx.runs)
    for (const t of run.plan.trials)
      if (t.config.model.family === 'hf' && t.config.model.params['task'] === 'seq_cls')
        labelsNeeded.add(t.config.data.name);
  for (const rb of ctx.blocks.values()) {
    if (rb.kind !== 'data' || rb.entry !== 'file' || !rb.corpusFile) continue;
    onNode(ctx, 'data-files', rb.corpusFile.at, () => checkOne(ctx, rb, labelsNeeded.has(rb.name)));
  }
};

function checkOne(ctx: Parameters<Check>[0], rb: ResolvedBlock, needLabels: boolean): void {
  const { path, at } = rb.corpusFile!;
  const text = ctx.resolveFile!(path);
  if (text === undefined)
    return void ctx.ev.report(
      diagnostic(
        DataCodes.unreadable,
        'error',
        `Cannot read data file "${path}" (missing, outside the workspace or too large).`,
        at,
      ),
    );
  if (!/\.jsonl$/i.test(path)) {
    if (text.trim() === '')
      ctx.ev.report(diagnostic(DataCodes.empty, 'error', `Data file "${path}" is empty.`, at));
    else if (needLabels)
      ctx.ev.report(
        diagnostic(
          DataCodes.noLabels,
          'error',
          `A seq_cls model needs labelled records; "${path}" is plain text (use JSON lines with "label").`,
          at,
        ),
      );
    return;
  }
  const e = (k: string): unknown =>
    rb.entries.get(k)?.expr.kind === 'String'
      ? (rb.entries.get(k)!.expr as { value: string }).value
      : undefined;
  const fields = {
    text: str(e('text_field'), 'text'),
    prompt: str(e('prompt_field'), 'prompt'),
    completion: str(e('completion_field'), 'completion'),
    label: str(e('label_field'), 'label'),
  };
  const { problems, records, labelled } = checkJsonLines(text, fields);
  // One diagnostic per file (a location carries one message), listing the first bad lines.
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_REPORTED).map((p) => `${path}:${p.line}: ${p.message}`);
    const more =
      problems.length > MAX_REPORTED
        ? `; and ${problems.length - MAX_REPORTED} more bad lines`
        : '';
    ctx.ev.report(diagnostic(DataCodes.badRecord, 'error', `${listed.join('; ')}${more}.`, at));
  }
  if (records === 0 && problems.length === 0)
    ctx.ev.report(diagnostic(DataCodes.empty, 'error', `Data file "${path}" has no records.`, at));
  if (needLabels && records > 0 && labelled < records)
    ctx.ev.report(
      diagnostic(
        DataCodes.noLabels,
        'error',
        `A seq_cls model needs a "${fields.label}" on every record; ${records - labelled} of ${records} in "${path}" have none.`,
        at,
      ),
    );
}
