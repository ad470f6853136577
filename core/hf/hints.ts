/**
 * Editor text for an adapter on an hf model, for the language server's inlay hints and hovers:
 * "matches 64 modules in 32 layers" and a per-module table of effective r, alpha and scale
 * (rank_pattern/alpha_pattern applied, rsLoRA honoured). Pure; the server supplies resolveFile.
 */
import type { PlanValue } from '../types/plan';
import type { ResolveFile } from '../types/files';
import { hfModel } from './family';
import { targetReport, type TargetReport } from './report';

export interface HfTargetHints {
  /** Inlay hint after target_modules: `matches 64 modules in 32 layers`. */
  inlay: string;
  /** Markdown hover: per-entry counts and effective r / alpha / scale per distinct setting. */
  hover: string;
  report: TargetReport;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(3));

/**
 * Hints for `adapterParams` (PEFT names, evaluated) on the model whose `config` value is given.
 * Throws like hfModel when the config cannot be read or parsed (the check reports that already).
 */
export function hfTargetHints(
  config: PlanValue | undefined,
  adapterParams: Record<string, PlanValue | undefined>,
  resolveFile?: ResolveFile,
): HfTargetHints {
  const m = hfModel(config, resolveFile);
  const r = targetReport(m.tree, adapterParams, m.defaults);
  const n = r.adapted.length;
  const inlay = `matches ${n} module${n === 1 ? '' : 's'} in ${r.layers} layer${r.layers === 1 ? '' : 's'}`;
  const lines = [
    `**${inlay}** of ${m.arch.modelType} (${m.arch.layers} layers, ${m.total.toLocaleString('en')} params)`,
    '',
  ];
  if (r.entries.length > 0) {
    lines.push('| entry | modules | layers |', '|---|---|---|');
    for (const e of r.entries) lines.push(`| \`${e.entry}\` | ${e.count} | ${e.layers} |`);
    lines.push('');
  }
  // Group modules by their (short name, r, alpha) so a 32-layer model gives a short table.
  const groups = new Map<
    string,
    { name: string; r: number; alpha: number; scale: number; count: number }
  >();
  for (const s of r.scales) {
    const short = s.name
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .slice(-2)
      .join('.');
    const k = `${short}|${s.r}|${s.alpha}`;
    const g = groups.get(k) ?? { name: short, r: s.r, alpha: s.alpha, scale: s.scale, count: 0 };
    g.count++;
    groups.set(k, g);
  }
  if (groups.size > 0) {
    lines.push('| module | × | r | alpha | scale |', '|---|---|---|---|---|');
    for (const g of groups.values())
      lines.push(`| \`${g.name}\` | ${g.count} | ${g.r} | ${fmt(g.alpha)} | ${fmt(g.scale)} |`);
  }
  return { inlay, hover: lines.join('\n'), report: r };
}
