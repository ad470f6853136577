/**
 * CSV input for laws (published results, earlier experiments): a header row naming columns, then
 * numeric rows (an optional `weight` column weights the points). Quoted fields and `#` comment
 * lines are accepted. Errors carry the line number.
 */
import type { LawSpec } from '../types/plan';
import type { GroupedPoints } from './points';

export interface CsvTable {
  columns: string[];
  rows: Array<{ line: number; cells: string[] }>;
}

function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Parses CSV text. Returns `{ error, line }` (1-based) for a missing header or a row with the wrong number of cells. */
export function parseCsv(text: string): CsvTable | { error: string; line: number } {
  const lines = text.split(/\r?\n/);
  let columns: string[] | undefined;
  const rows: CsvTable['rows'] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!raw.trim() || raw.trimStart().startsWith('#')) continue;
    const cells = splitLine(raw);
    if (!columns) {
      columns = cells;
      continue;
    }
    if (cells.length !== columns.length)
      return {
        error: `line ${i + 1}: ${cells.length} cell(s), the header has ${columns.length}`,
        line: i + 1,
      };
    rows.push({ line: i + 1, cells });
  }
  if (!columns) return { error: 'the CSV file is empty: expected a header row', line: 1 };
  return { columns, rows };
}

/**
 * The header for an error message. Column names are echoed only when they look like names: a
 * `from csv` path aimed at a secret file (/etc/shadow) must not print its first line.
 */
function columnList(columns: readonly string[]): string {
  const names = columns.length <= 50 && columns.every((c) => /^[A-Za-z_][\w.-]{0,63}$/.test(c));
  return names
    ? `columns: ${columns.join(', ')}`
    : `the first line has ${columns.length} cell(s) that do not look like column names`;
}

/**
 * Points of `spec` from CSV text: columns named by `spec.x` and `spec.y` (and `spec.by` for
 * groups). A missing column or a non-numeric cell is an error diagnostic with the line number.
 */
export function pointsFromCsv(spec: LawSpec, text: string): GroupedPoints {
  const groups: GroupedPoints['groups'] = new Map();
  const table = parseCsv(text);
  if ('error' in table)
    return { groups, diagnostics: [{ code: 'bad-csv', severity: 'error', message: table.error }] };
  const need = [...spec.x, spec.y, ...(spec.by ? [spec.by] : [])];
  const missing = need.filter((n) => !table.columns.includes(n));
  if (missing.length)
    return {
      groups,
      diagnostics: [
        {
          code: 'bad-csv',
          severity: 'error',
          message: `line 1: no column ${missing.map((m) => `'${m}'`).join(', ')} (${columnList(table.columns)})`,
        },
      ],
    };
  const idx = (n: string): number => table.columns.indexOf(n);
  for (const row of table.rows) {
    const num = (n: string): number => Number(row.cells[idx(n)]);
    // 1e999 parses as Infinity: refused like any other non-number. The cell itself is not echoed.
    const bad = [...spec.x, spec.y, ...(table.columns.includes('weight') ? ['weight'] : [])].find(
      (n) => row.cells[idx(n)] === '' || !Number.isFinite(num(n)),
    );
    if (bad !== undefined)
      return {
        groups: new Map(),
        diagnostics: [
          {
            code: 'bad-csv',
            severity: 'error',
            message: `line ${row.line}: the ${bad} cell is not a finite number`,
          },
        ],
      };
    const key = spec.by ? row.cells[idx(spec.by)] : undefined;
    const list = groups.get(key) ?? [];
    const weight = table.columns.includes('weight') ? num('weight') : undefined;
    list.push({
      x: spec.x.map(num),
      y: num(spec.y),
      source: `csv:${row.line}`,
      ...(weight !== undefined ? { weight } : {}),
    });
    groups.set(key, list);
  }
  return { groups, diagnostics: [] };
}
