/**
 * PEFT's target matching, rule for rule (tuners_utils.check_target_module_exists and
 * _maybe_include_all_linear_layers, @5d602fd), over module names:
 * 1. `exclude_modules` first: a string is `re.fullmatch`; a list entry matches the name exactly or
 *    as a `.entry` suffix.
 * 2. `target_modules` string: `re.fullmatch` (layers_to_transform is not consulted).
 * 3. a list entry equal to the whole name matches (layers_to_transform is NOT consulted either).
 * 4. otherwise a `.entry` suffix match, then, when layers_to_transform is set (non-empty list or an
 *    int), the layer index is read with `re.match(r".*\.[^.]*\.(\d+)\.", name)` or, per
 *    layers_pattern p, `re.match(rf".*\.{p}\.(\d+)\.", name)`; no index → no match.
 * `all-linear` becomes the set of FULL names of every Linear/Conv1D except the output embedding,
 * so it goes through rule 3 and ignores layers_to_transform (PEFT's behaviour, reported as a hint).
 */
import type { PlanValue } from '../types/plan';
import { fullmatchRe, matchRe, type PyRegex } from '../catalog/pyregex';

/** What matching needs of a module. */
export interface NamedModule {
  name: string;
  /** Linear or Conv1D (an `all-linear` candidate and a LoRA-able layer). */
  linear?: boolean;
  /** The output embedding (lm_head): `all-linear` skips it. */
  output?: boolean;
}

export interface TargetSpec {
  target_modules?: PlanValue | undefined;
  exclude_modules?: PlanValue | undefined;
  layers_to_transform?: PlanValue | undefined;
  layers_pattern?: PlanValue | undefined;
}

export interface MatchResult<M extends NamedModule> {
  /** Modules PEFT would wrap, in tree order. */
  matched: M[];
  /** Modules a target rule selected but exclude_modules removed. */
  excluded: M[];
  /** Modules dropped only because of layers_to_transform. */
  outsideLayers: M[];
  /** A bad regex or layer pattern, naming the value. */
  error?: string;
  /** The effective target list after `all-linear` expansion (undefined for a regex string). */
  expanded?: string[];
}

const strs = (v: PlanValue | undefined): string[] | undefined =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string')
      : undefined;

/** `endswith(f".{entry}")` or equal. */
export const nameOrSuffix = (name: string, entry: string): boolean =>
  name === entry || name.endsWith(`.${entry}`);

type Test = (name: string) => boolean;

function listOrRegex(v: PlanValue | undefined): Test | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    const re = fullmatchRe(v);
    return typeof re === 'string' ? re : (n) => re.test(n);
  }
  const list = strs(v) ?? [];
  if (list.length === 0) return undefined; // PEFT: `if config.exclude_modules:` — empty means none
  const set = new Set(list);
  return (n) => set.has(n) || list.some((e) => n.endsWith(`.${e}`));
}

/** The layer-index reader PEFT uses for suffix matches, or an error string for a bad layers_pattern. */
function layerReader(
  pattern: PlanValue | undefined,
): ((name: string) => number | undefined) | string {
  const pats = strs(pattern);
  const sources =
    pats === undefined || pats.length === 0 || (pats.length === 1 && pats[0] === '')
      ? ['[^.]*']
      : pats;
  const res: PyRegex[] = [];
  for (const p of sources) {
    const re = matchRe(`.*\\.${p}\\.(\\d+)\\.`);
    if (typeof re === 'string') return `layers_pattern ${JSON.stringify(p)}: ${re}`;
    res.push(re);
  }
  return (name) => {
    for (const re of res) {
      const m = re.exec(name);
      if (m) return Number(m[1]);
    }
    return undefined;
  };
}

/**
 * Applies a PEFT target spec to `modules` (e.g. the hf module tree or a family's sites); `defaults`
 * is the per-architecture target list PEFT uses when target_modules is unset. Never throws.
 */
export function matchPeft<M extends NamedModule>(
  modules: readonly M[],
  spec: TargetSpec,
  defaults: readonly string[] = [],
): MatchResult<M> {
  const empty = (error?: string): MatchResult<M> => ({
    matched: [],
    excluded: [],
    outsideLayers: [],
    ...(error ? { error } : {}),
  });
  let target = spec.target_modules ?? [...defaults];
  let expanded: string[] | undefined;
  if (target === 'all-linear') {
    expanded = modules.filter((m) => m.linear && !m.output).map((m) => m.name);
    target = expanded;
  } else if (Array.isArray(target)) expanded = strs(target);
  const exc = listOrRegex(spec.exclude_modules);
  if (typeof exc === 'string') return empty(`exclude_modules: ${exc}`);
  let regex: PyRegex | undefined;
  if (typeof target === 'string') {
    const re = fullmatchRe(target);
    if (typeof re === 'string') return empty(`target_modules: ${re}`);
    regex = re;
  }
  const list = expanded ?? [];
  const set = new Set(list);
  const lt = spec.layers_to_transform;
  const ltList =
    typeof lt === 'number'
      ? [lt]
      : Array.isArray(lt)
        ? lt.filter((x): x is number => typeof x === 'number')
        : undefined;
  const usingLayers =
    lt !== undefined && lt !== null && (typeof lt === 'number' || (ltList?.length ?? 0) > 0);
  const reader = layerReader(spec.layers_pattern);
  if (usingLayers && typeof reader === 'string') return empty(reader);
  const out = empty();
  for (const m of modules) {
    if (exc && exc(m.name)) {
      if (
        regex ? regex.test(m.name) : set.has(m.name) || list.some((e) => m.name.endsWith(`.${e}`))
      )
        out.excluded.push(m);
      continue;
    }
    if (regex) {
      if (regex.test(m.name)) out.matched.push(m);
      continue;
    }
    if (set.has(m.name)) {
      out.matched.push(m);
      continue;
    }
    if (!list.some((e) => m.name.endsWith(`.${e}`))) continue;
    if (usingLayers && typeof reader !== 'string') {
      const idx = reader(m.name);
      if (idx === undefined || !ltList!.includes(idx)) {
        out.outsideLayers.push(m);
        continue;
      }
    }
    out.matched.push(m);
  }
  if (expanded) out.expanded = expanded;
  return out;
}
