/**
 * What the editor shows about a PEFT target spec on a real module tree: per-entry match counts,
 * entries that match nothing (with a did-you-mean), modules PEFT cannot wrap, rank/alpha pattern
 * keys that are unused or shadowed, and the effective r / alpha / scale per adapted module.
 */
import type { PlanValue } from '../types/plan';
import { closestName } from '../dsl/suggest';
import { patternKey } from '../catalog/matching';
import { matchPeft, nameOrSuffix, type TargetSpec } from './match';
import { isLinear } from './tree';
import type { HfModule } from './types';

export interface EntryReport {
  entry: string;
  /** Modules this entry adapts after exclusions and layers_to_transform. */
  count: number;
  /** Distinct decoder layers among them. */
  layers: number;
  /** Matches before exclude_modules / layers_to_transform removed them. */
  rawCount: number;
  /** Matched modules whose class PEFT cannot wrap (e.g. `self_attn` → Attention): PEFT raises. */
  unsupported: string[];
  /** For an entry with no match: the closest adaptable name. */
  suggestion?: string;
}

export interface PatternKeyReport {
  map: 'rank_pattern' | 'alpha_pattern';
  key: string;
  /** Adapted modules whose value comes from this key (first matching key wins). */
  wins: number;
  /** Adapted modules the key matches at all. */
  matches: number;
  /** Matches nothing: PEFT ignores it. */
  unused: boolean;
  /** Matches only modules an earlier key already claims. */
  shadowed: boolean;
  /** The earlier key that claims them (for a shadowed key). */
  shadowedBy?: string;
}

export interface ModuleScale {
  name: string;
  layer: number;
  r: number;
  alpha: number;
  /** alpha / r, or alpha / √r with use_rslora. */
  scale: number;
}

export interface TargetReport {
  adapted: HfModule[];
  excluded: HfModule[];
  /** Entry reports, for a list target_modules (including the per-architecture default list). */
  entries: EntryReport[];
  /** Distinct layers with an adapted module, and how many modules. */
  layers: number;
  unsupported: HfModule[];
  patterns: PatternKeyReport[];
  scales: ModuleScale[];
  /** A bad regex, naming it. */
  error?: string;
  /** `all-linear` together with layers_to_transform: PEFT ignores the layer list. */
  allLinearIgnoresLayers: boolean;
}

const SUPPORTED = new Set(['Linear', 'Conv1D', 'Embedding']);
const distinctLayers = (ms: readonly HfModule[]): number =>
  new Set(ms.filter((m) => m.layer >= 0).map((m) => m.layer)).size;

/** Names a user could write for adaptable modules: `q_proj`, `self_attn.q_proj`, `lm_head`. */
export function adaptableNames(tree: readonly HfModule[]): string[] {
  const out = new Set<string>();
  for (const m of tree) {
    if (!isLinear(m)) continue;
    const parts = m.name.split('.').filter((p) => !/^\d+$/.test(p));
    out.add(parts[parts.length - 1]!);
    if (parts.length > 1) out.add(parts.slice(-2).join('.'));
  }
  return [...out];
}

const numAt = (p: Record<string, PlanValue | undefined>, k: string, d: number): number =>
  typeof p[k] === 'number' ? p[k] : d;
const objAt = (
  p: Record<string, PlanValue | undefined>,
  k: string,
): Record<string, PlanValue> | undefined => {
  const v = p[k];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
};

function patternReports(
  map: 'rank_pattern' | 'alpha_pattern',
  pat: Record<string, PlanValue> | undefined,
  adapted: readonly HfModule[],
): PatternKeyReport[] {
  if (!pat) return [];
  const keys = Object.keys(pat);
  return keys.map((key, i) => {
    const one = { [key]: pat[key]! };
    const hit = adapted.filter((m) => patternKey(one, m.name) !== undefined);
    const winners = hit.filter((m) => patternKey(pat, m.name) === key);
    const by =
      winners.length === 0 && hit.length > 0
        ? patternKey(Object.fromEntries(keys.slice(0, i).map((k) => [k, pat[k]!])), hit[0]!.name)
        : undefined;
    return {
      map,
      key,
      wins: winners.length,
      matches: hit.length,
      unused: hit.length === 0,
      shadowed: hit.length > 0 && winners.length === 0,
      ...(by ? { shadowedBy: by } : {}),
    };
  });
}

/**
 * Everything about `params` (PEFT LoraConfig names) on `tree`; `defaults` are PEFT's per-architecture
 * targets used when target_modules is unset. Never throws; a bad regex comes back in `error`.
 */
export function targetReport(
  tree: readonly HfModule[],
  params: Record<string, PlanValue | undefined>,
  defaults: readonly string[],
): TargetReport {
  const spec: TargetSpec = {
    target_modules: params['target_modules'],
    exclude_modules: params['exclude_modules'],
    layers_to_transform: params['layers_to_transform'],
    layers_pattern: params['layers_pattern'],
  };
  const res = matchPeft(
    tree.map((m) => ({ ...m, linear: isLinear(m), module: m })),
    spec,
    defaults,
  );
  const adaptedAll = res.matched.map((x) => x.module);
  const unsupported = adaptedAll.filter((m) => !SUPPORTED.has(m.cls));
  const adapted = adaptedAll.filter((m) => SUPPORTED.has(m.cls));
  const excluded = res.excluded.map((x) => x.module);
  const tm = params['target_modules'] ?? [...defaults];
  const entries: EntryReport[] = [];
  if (Array.isArray(tm)) {
    const names = adaptableNames(tree);
    for (const entry of tm.filter((x): x is string => typeof x === 'string')) {
      const mine = adapted.filter((m) => nameOrSuffix(m.name, entry));
      const raw = tree.filter((m) => nameOrSuffix(m.name, entry));
      const bad = adaptedAll
        .filter((m) => nameOrSuffix(m.name, entry) && !SUPPORTED.has(m.cls))
        .map((m) => `${m.name} (${m.cls})`);
      const e: EntryReport = {
        entry,
        count: mine.length,
        layers: distinctLayers(mine),
        rawCount: raw.length,
        unsupported: bad,
      };
      if (raw.length === 0) {
        const guess = closestName(entry, names);
        if (guess) e.suggestion = guess;
      }
      entries.push(e);
    }
  }
  const r0 = numAt(params, 'r', 8),
    a0 = numAt(params, 'lora_alpha', 8);
  const rp = objAt(params, 'rank_pattern'),
    ap = objAt(params, 'alpha_pattern');
  const rs = params['use_rslora'] === true;
  const scales = adapted.map((m) => {
    const rk = patternKey(rp, m.name),
      ak = patternKey(ap, m.name);
    const r = rk !== undefined && typeof rp![rk] === 'number' ? rp![rk] : r0;
    const alpha = ak !== undefined && typeof ap![ak] === 'number' ? ap![ak] : a0;
    return { name: m.name, layer: m.layer, r, alpha, scale: rs ? alpha / Math.sqrt(r) : alpha / r };
  });
  const lt = params['layers_to_transform'];
  return {
    adapted,
    excluded,
    entries,
    layers: distinctLayers(adapted),
    unsupported,
    patterns: [
      ...patternReports('rank_pattern', rp, adapted),
      ...patternReports('alpha_pattern', ap, adapted),
    ],
    scales,
    ...(res.error ? { error: res.error } : {}),
    allLinearIgnoresLayers:
      tm === 'all-linear' &&
      lt !== undefined &&
      lt !== null &&
      !(Array.isArray(lt) && lt.length === 0),
  };
}
