/**
 * PEFT's target matching (tuners_utils.check_target_module_exists, utils/other.get_pattern_key),
 * over a model's linear sites:
 * - list entry: matches a site name exactly or as a `.entry` suffix (`q` ↔ `layers.3.attn.q`);
 * - string: a regex that must match the whole name; `all-linear` = every site except `head`;
 * - `exclude_modules` (same rules) is applied first;
 * - `layers_to_transform` keeps sites whose block index is listed (the head has none, so it drops),
 *   but, as in PEFT, only for sites a list entry matched as a `.entry` suffix: a regex, `all-linear`
 *   (PEFT expands it to full names) and an entry equal to the whole name ignore it (core/hf/match.ts
 *   has the same rule on Hugging Face names); `layers_pattern` must name the layer list (`layers` here).
 * - `rank_pattern` / `alpha_pattern`: the first key with `(.*\.)?(key)$` matching wins.
 * A family with its own names and defaults (hf) brings its matcher on its ModelShape (`matchModel`).
 */
import type { PlanValue } from '../types/plan';
import type { ModelShape, Params, Site, TargetMatch } from './types';
import { numList, obj, strList } from './values';
import { fullmatchRe } from './pyregex';

/** Default `target_modules` per family when unset (PEFT uses an architecture table). */
export const DEFAULT_TARGETS: Readonly<Record<string, PlanValue>> = {
  transformer: ['q', 'v'],
  mlp: 'all-linear',
};

/** What a compiled pattern offers: only `.test`. */
type Matcher = { test(s: string): boolean };

const REGEX_CACHE = new Map<string, Matcher | string>();

/** Compiled once per source (Python's re.fullmatch, as PEFT runs it): rank_pattern keys are tried against every site of every trial. */
function fullRegex(src: string): Matcher | string {
  const hit = REGEX_CACHE.get(src);
  if (hit !== undefined) return hit;
  const re: Matcher | string = fullmatchRe(src);
  if (REGEX_CACHE.size > 1024) REGEX_CACHE.clear();
  REGEX_CACHE.set(src, re);
  return re;
}

const suffixMatch = (name: string, entry: string): boolean =>
  name === entry || name.endsWith(`.${entry}`);

/** Does one spec (list/string/all-linear) match a site? Returns an error string for a bad regex. */
function specMatcher(spec: PlanValue | undefined): ((s: Site) => boolean) | string | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (typeof spec === 'string') {
    if (spec === 'all-linear') return (s) => s.name !== 'head';
    const re = fullRegex(spec);
    return typeof re === 'string' ? re : (s) => re.test(s.name);
  }
  const list = strList(spec) ?? [];
  return (s) => list.some((e) => suffixMatch(s.name, e));
}

/** The sites `p` targets on `model`: the family's own rules when its shape brings them (hf), else the catalog's. Never throws. */
export function matchModel(model: ModelShape, p: Params): TargetMatch {
  return model.matchTargets ? model.matchTargets(p) : matchTargets(model.sites, p, model.family);
}

/**
 * Applies `target_modules`, `exclude_modules`, `layers_to_transform`, `layers_pattern` to the sites
 * of a built-in family (a family with its own rules: `matchModel`). `family` picks the default
 * targets when `target_modules` is unset. Never throws.
 */
export function matchTargets(
  sites: readonly Site[],
  p: Params,
  family = 'transformer',
): TargetMatch {
  const target = p['target_modules'] ?? DEFAULT_TARGETS[family] ?? 'all-linear';
  const inc = specMatcher(target);
  const exc = specMatcher(p['exclude_modules']);
  const err = typeof inc === 'string' ? inc : typeof exc === 'string' ? exc : undefined;
  if (err !== undefined || typeof inc !== 'function')
    return { sites: [], entries: [], excluded: [], layers: [], ...(err ? { error: err } : {}) };
  const entries = Array.isArray(target)
    ? (strList(target) ?? []).map((entry) => ({
        entry,
        count: sites.filter((s) => suffixMatch(s.name, entry)).length,
      }))
    : [];
  const layersTo = numList(p, 'layers_to_transform');
  const fullNames = new Set(Array.isArray(target) ? (strList(target) ?? []) : []);
  const pattern = strList(p['layers_pattern']);
  const excluded: Site[] = [];
  const out: Site[] = [];
  for (const s of sites) {
    if (!inc(s)) continue;
    if (typeof exc === 'function' && exc(s)) {
      excluded.push(s);
      continue;
    }
    if (layersTo && Array.isArray(target) && !fullNames.has(s.name)) {
      if (s.layer < 0 || !layersTo.includes(s.layer)) continue;
      if (
        pattern &&
        !pattern.some(
          (pt) => s.name.startsWith(`${pt}.${s.layer}.`) || s.name.includes(`.${pt}.${s.layer}.`),
        )
      )
        continue;
    }
    out.push(s);
  }
  const layers = [...new Set(out.filter((s) => s.layer >= 0).map((s) => s.layer))].sort(
    (a, b) => a - b,
  );
  return { sites: out, entries, excluded, layers };
}

/** PEFT's get_pattern_key: the first key of `pattern` with `(.*\.)?(key)$` matching `name`. */
export function patternKey(
  pattern: Record<string, PlanValue> | undefined,
  name: string,
): string | undefined {
  if (!pattern) return undefined;
  for (const key of Object.keys(pattern)) {
    const re = fullRegex(`(.*\\.)?(${key})`);
    if (typeof re !== 'string' && re.test(name)) return key;
  }
  return undefined;
}

/** `p` with `r` / `lora_alpha` replaced by the site's `rank_pattern` / `alpha_pattern` values. */
export function siteParamsOf(site: Site, p: Params): Params {
  const rp = obj(p, 'rank_pattern');
  const ap = obj(p, 'alpha_pattern');
  const rk = patternKey(rp, site.name);
  const ak = patternKey(ap, site.name);
  if (rk === undefined && ak === undefined) return p;
  const out: Record<string, PlanValue | undefined> = { ...p };
  if (rk !== undefined && rp) out['r'] = rp[rk];
  if (ak !== undefined && ap) out['lora_alpha'] = ap[ak];
  return out;
}
