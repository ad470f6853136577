/** Markdown for catalog entries and parameters, shared by hover and completion. */
import type { CatalogEntry, PaperRef, ParamSpec } from '../core/catalog';
import type { PlanValue } from '../core/types/plan';

export function showValue(v: PlanValue | undefined): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function paperLine(p: PaperRef | undefined): string | undefined {
  if (!p) return undefined;
  const year = p.year ? ` (${p.year})` : '';
  return p.arxiv ? `[${p.title}](https://arxiv.org/abs/${p.arxiv})${year}` : `${p.title}${year}`;
}

export function typeOf(p: ParamSpec): string {
  const types = typeof p.type === 'string' ? [p.type] : [...p.type];
  return types
    .map((t) =>
      t === 'list' && p.of ? `list of ${p.of}` : t === 'ref' && p.refKind ? `${p.refKind} name` : t,
    )
    .join(' | ');
}

/** "1 ≤ x ≤ 65536", "0 < x", "0 ≤ x < 1", or undefined when unbounded. */
export function rangeOf(p: ParamSpec): string | undefined {
  const lo = p.min === undefined ? '' : `${p.min} ${p.exclusiveMin ? '<' : '≤'} `;
  const hi = p.max === undefined ? '' : ` ${p.exclusiveMax ? '<' : '≤'} ${p.max}`;
  return lo || hi ? `${lo}x${hi}` : undefined;
}

/** One-line detail for completion: `int · default 8 · 1 ≤ x ≤ 65536`. */
export function paramDetail(p: ParamSpec): string {
  const parts = [typeOf(p)];
  if (p.default !== undefined) parts.push(`default ${showValue(p.default)}`);
  const r = rangeOf(p);
  if (r) parts.push(r);
  if (p.required) parts.push('required');
  return parts.join(' · ');
}

export function paramMarkdown(p: ParamSpec): string {
  const lines = [`**${p.name}** — ${typeOf(p)}`, '', p.doc, ''];
  const r = rangeOf(p);
  if (r) lines.push(`- range: \`${r}\``);
  if (p.values?.length) lines.push(`- values: ${p.values.map((v) => `\`${v}\``).join(', ')}`);
  if (p.default !== undefined) lines.push(`- default: \`${showValue(p.default)}\``);
  if (p.required) lines.push('- required');
  if (p.aliases?.length)
    lines.push(`- also written: ${p.aliases.map((a) => `\`${a.name}\` (${a.tool})`).join(', ')}`);
  const paper = paperLine(p.paper);
  if (paper) lines.push(`- paper: ${paper}`);
  if (p.exportOnly) lines.push('- exported to PEFT only; the runtime does not use it');
  return lines.join('\n');
}

export function entryMarkdown(e: CatalogEntry): string {
  const lines = [`**${e.name}** — ${e.title} (${e.kind})`, '', e.doc];
  const paper = paperLine(e.paper);
  if (paper) lines.push('', `Paper: ${paper}`);
  if (e.kind === 'law' && e.expression) lines.push('', `\`${e.expression}\``);
  if (e.kind === 'method' && !e.engines.tfjs.runs)
    lines.push('', '_Does not run on the tfjs engine: planning, checks and export only._');
  if (e.params.length)
    lines.push('', `Parameters: ${e.params.map((p) => `\`${p.name}\``).join(', ')}`);
  return lines.join('\n');
}
