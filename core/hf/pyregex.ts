/**
 * Python `re` patterns run with JavaScript's RegExp. The subset people write in target_modules and
 * rank_pattern keys is the same in both; the named-group spellings differ and are translated.
 */

/** `(?P<n>…)` → `(?<n>…)`, `(?P=n)` → `\k<n>`. */
const translate = (src: string): string => src.replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>');

/** Python `re.fullmatch(src, s)` as a RegExp, or an error string naming the pattern. */
export function fullmatchRe(src: string): RegExp | string {
  try {
    return new RegExp(`^(?:${translate(src)})$`);
  } catch (e) {
    return `invalid regex ${JSON.stringify(src)}: ${(e as Error).message}`;
  }
}

/** Python `re.match(src, s)` (anchored at the start only), or an error string. */
export function matchRe(src: string): RegExp | string {
  try {
    return new RegExp(`^(?:${translate(src)})`);
  } catch (e) {
    return `invalid regex ${JSON.stringify(src)}: ${(e as Error).message}`;
  }
}
