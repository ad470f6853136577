/**
 * The YAML subset axolotl and LLaMA-Factory configs use, with no dependency: block maps and block
 * lists by indentation, flow lists `[a, b]`, plain/quoted scalars, `#` comments. No anchors, tags,
 * multi-line strings or flow maps (parse errors name the line).
 */

export type YamlValue =
  string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

const PLAIN = /^[A-Za-z_./][A-Za-z0-9_.,/-]*$/; // block context only: commas are plain there
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

/** A scalar as YAML text: plain when unambiguous, else double-quoted (JSON escapes are valid YAML). */
export function yamlScalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  return PLAIN.test(v) && !RESERVED.test(v) ? v : JSON.stringify(v);
}

/** Emits a top-level map as block YAML (lists of scalars as `- item` lines; nested maps indented). */
export function emitYaml(doc: { [key: string]: YamlValue }, indent = ''): string {
  let out = '';
  for (const [k, v] of Object.entries(doc)) {
    const key = yamlScalar(k);
    if (Array.isArray(v)) {
      if (v.length === 0) out += `${indent}${key}: []\n`;
      else
        out += `${indent}${key}:\n${v.map((x) => (x !== null && typeof x === 'object' ? `${indent}  - ${JSON.stringify(x)}\n` : `${indent}  - ${yamlScalar(x)}\n`)).join('')}`;
    } else if (v !== null && typeof v === 'object') {
      out +=
        Object.keys(v).length === 0
          ? `${indent}${key}: {}\n`
          : `${indent}${key}:\n${emitYaml(v, `${indent}  `)}`;
    } else out += `${indent}${key}: ${yamlScalar(v)}\n`;
  }
  return out;
}

function stripComment(line: string): string {
  let q: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** A scalar or flow list from its text. */
export function parseScalar(s: string, lineNo: number): YamlValue {
  const t = s.trim();
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(t)) return true;
  if (/^(false|False|FALSE)$/.test(t)) return false;
  if (/^[-+]?(\d[\d_]*)?\.?\d+([eE][-+]?\d+)?$/.test(t)) return Number(t.replace(/_/g, ''));
  if (t.startsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      throw new Error(`YAML line ${lineNo}: bad double-quoted string ${t}`);
    }
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2)
      throw new Error(`YAML line ${lineNo}: unterminated single-quoted string ${t}`);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (t.startsWith('[')) {
    if (!t.endsWith(']')) throw new Error(`YAML line ${lineNo}: unterminated flow list ${t}`);
    const inner = t.slice(1, -1).trim();
    return inner === '' ? [] : splitFlow(inner).map((x) => parseScalar(x, lineNo));
  }
  if (t.startsWith('{'))
    throw new Error(
      `YAML line ${lineNo}: flow maps are not supported (${t}); write the map as indented lines`,
    );
  return t;
}

function splitFlow(s: string): string[] {
  const out: string[] = [];
  let cur = '',
    q: string | undefined,
    depth = 0;
  for (const c of s) {
    if (q) {
      if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

interface Line {
  indent: number;
  text: string;
  no: number;
}

/**
 * Parses the subset into a map. Throws an Error naming the line for anything outside it
 * (tabs, flow maps, a top-level list, bad quoting).
 */
export function parseYaml(text: string): { [key: string]: YamlValue } {
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^\t/.test(raw))
      throw new Error(`YAML line ${i + 1}: tabs are not allowed for indentation`);
    const s = stripComment(raw).replace(/\s+$/, '');
    if (s.trim() === '' || s === '---') return;
    lines.push({ indent: s.length - s.trimStart().length, text: s.trim(), no: i + 1 });
  });
  let pos = 0;
  const block = (indent: number): YamlValue => {
    const first = lines[pos];
    if (!first || first.indent < indent) return null;
    if (first.text.startsWith('- ') || first.text === '-') {
      const list: YamlValue[] = [];
      while (
        pos < lines.length &&
        lines[pos]!.indent === first.indent &&
        (lines[pos]!.text.startsWith('- ') || lines[pos]!.text === '-')
      ) {
        const l = lines[pos++]!;
        list.push(parseScalar(l.text.slice(1), l.no));
      }
      return list;
    }
    const map: { [key: string]: YamlValue } = {};
    while (pos < lines.length && lines[pos]!.indent === first.indent) {
      const l = lines[pos++]!;
      const m = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:]+?)\s*:(?:\s+(.*))?$/.exec(l.text);
      if (!m)
        throw new Error(`YAML line ${l.no}: expected "key: value", got ${JSON.stringify(l.text)}`);
      const k0 = parseScalar(m[1]!, l.no);
      const key = typeof k0 === 'object' && k0 !== null ? JSON.stringify(k0) : String(k0);
      const rest = m[2];
      if (rest !== undefined && rest !== '') map[key] = parseScalar(rest, l.no);
      else {
        const next = lines[pos];
        map[key] =
          next &&
          (next.indent > first.indent ||
            (next.indent === first.indent && next.text.startsWith('- ')))
            ? block(next.indent)
            : null;
      }
    }
    if (pos < lines.length && lines[pos]!.indent > first.indent)
      throw new Error(`YAML line ${lines[pos]!.no}: unexpected indentation`);
    return map;
  };
  const doc = block(0);
  if (pos < lines.length) throw new Error(`YAML line ${lines[pos]!.no}: unexpected indentation`);
  if (doc === null) return {};
  if (Array.isArray(doc) || typeof doc !== 'object')
    throw new Error('YAML: the document must be a map of keys');
  return doc;
}
