/**
 * The catalog's `matchTargets` for the hf family: PEFT's rules (match.ts) on the model's linear
 * sites, returning the catalog's TargetMatch so trainable counts, rules and the runtime all agree.
 */
import type { Params, Site, TargetMatch } from '../catalog/types';
import { matchPeft } from './match';

/** PEFT's default targets, told apart by the sites' names (the architecture is not at hand here). */
export function defaultTargetsForSites(sites: readonly Site[]): string[] {
  const has = (suffix: string) => sites.some((s) => s.name.endsWith(`.${suffix}`));
  if (has('c_attn')) return ['c_attn'];
  if (has('query_key_value')) return ['query_key_value'];
  if (has('fc1')) return ['q_proj', 'v_proj', 'fc1', 'fc2'];
  return ['q_proj', 'v_proj'];
}

/** TargetMatch for hf sites; entries count raw matches of each list entry (before exclusions/layers). */
export function matchHfSites(sites: readonly Site[], p: Params): TargetMatch {
  const defaults = defaultTargetsForSites(sites);
  const res = matchPeft(
    sites.map((s) => ({ ...s, linear: true, site: s })),
    p,
    defaults,
  );
  if (res.error) return { sites: [], entries: [], excluded: [], layers: [], error: res.error };
  const tm = p['target_modules'] ?? defaults;
  const entries = Array.isArray(tm)
    ? tm
        .filter((e): e is string => typeof e === 'string')
        .map((entry) => ({
          entry,
          count: sites.filter((s) => s.name === entry || s.name.endsWith(`.${entry}`)).length,
        }))
    : [];
  const out = res.matched.map((m) => m.site);
  return {
    sites: out,
    entries,
    excluded: res.excluded.map((m) => m.site),
    layers: [...new Set(out.filter((s) => s.layer >= 0).map((s) => s.layer))].sort((a, b) => a - b),
  };
}
