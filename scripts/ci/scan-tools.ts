/**
 * Finds the external programs the sources start: in TypeScript/JavaScript, the literal first
 * argument of spawn/execFile/… and literal /usr/bin paths; in shell scripts, the command word of
 * every simple command (a small lexer: quotes, substitutions, heredocs, comments, case arms,
 * wrappers such as timeout/xargs/flock); in Python, the top-level imported modules.
 * Used by test/unit/ci/system-packages.test.ts to prove every program is covered by the list.
 */

export interface Use {
  name: string;
  file: string;
  line: number;
}

// Not `exec`: RegExp#exec is everywhere, and child_process.exec (a shell string) is not used.
const SPAWN = /\b(?:spawn|spawnSync|execFile|execFileSync|execSync|sh)\(\s*(['"`])([^'"`\s$]+)/g;
const BIN_PATH = /['"`]((?:\/usr)?\/s?bin\/[\w.+-]+)['"`]/g;

const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

export function scanScript(file: string, text: string): Use[] {
  const out: Use[] = [];
  for (const m of text.matchAll(SPAWN))
    out.push({ name: m[2]!.split(/\s/)[0]!, file, line: lineAt(text, m.index) });
  for (const m of text.matchAll(BIN_PATH))
    out.push({ name: m[1]!, file, line: lineAt(text, m.index) });
  return out;
}

export function scanPython(file: string, text: string): Use[] {
  const out: Use[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /^\s*(?:from\s+([A-Za-z_]\w*)[\w.]*\s+import\b|import\s+(.+))/.exec(l);
    if (!m) return;
    const names = m[1] ? [m[1]] : m[2]!.split(',').map((s) => s.trim().split(/[\s.]/)[0]!);
    for (const name of names)
      if (/^[A-Za-z_]\w*$/.test(name)) out.push({ name, file, line: i + 1 });
  });
  return out;
}

const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'do',
  'while',
  'until',
  '!',
  'time',
  'exec',
  'command',
  'builtin',
  '{',
  '}',
]);
const NOT_COMMANDS = new Set([
  'for',
  'case',
  'select',
  'function',
  'fi',
  'done',
  'esac',
  'in',
  '[[',
  ']]',
  '))',
  '((',
]);
const BUILTINS = new Set(
  (
    '. : [ alias bg break cd continue declare echo eval exit export false fg getopts hash jobs kill let local mapfile popd ' +
    'printf pushd pwd read readarray readonly return set shift shopt source test trap true type typeset ulimit umask unalias unset wait'
  ).split(' '),
);
/** Wrappers run the command after their own arguments: how many non-option words to skip. */
const WRAPPERS: Record<string, number> = {
  timeout: 1,
  xargs: 0,
  flock: 1,
  nice: 0,
  env: 0,
  runuser: -1,
};

type State = 'code' | 'sub' | 'dq' | 'param' | 'arith';
const TEXT_END: Partial<Record<State, string>> = { dq: '"', param: '}', arith: '))' };

/** Replaces quoted text by Q and ${…}/$((…)) by V, keeping $(…) and `…` bodies as separate commands. */
function lex(text: string): string {
  let out = '';
  let i = 0;
  const stack: State[] = ['code'];
  const open = (state: State, skip: number, emit = ''): void => {
    stack.push(state);
    out += emit;
    i += skip;
  };
  while (i < text.length) {
    const c = text[i]!;
    const top = stack[stack.length - 1]!;
    const end = TEXT_END[top];
    if (text.startsWith('$((', i)) open('arith', 3);
    else if (text.startsWith('${', i)) open('param', 2);
    else if (text.startsWith('$(', i)) open('sub', 2, ' ; ');
    else if (c === '\\') {
      // An escaped newline continues the line; any other escape is one character of a word.
      out += end ? '' : text[i + 1] === '\n' ? ' ' : 'Q';
      i += 2;
    } else if (end) {
      // Inside "…", ${…} or $((…)): text, not commands.
      if (text.startsWith(end, i)) {
        stack.pop();
        out += top === 'dq' ? 'Q' : 'V';
        i += end.length;
      } else i++;
    } else if (c === "'") {
      i = text.indexOf("'", i + 1) + 1 || text.length;
      out += 'Q';
    } else if (c === '"') open('dq', 1);
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === ')' && top === 'sub') {
      stack.pop();
      out += ' ; ';
      i++;
    } else {
      out += c === '`' ? ' ; ' : c;
      i++;
    }
  }
  return out;
}

/** Blanks heredoc bodies (keeping line numbers) and case-arm patterns such as `start)`. */
function prepare(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    lines[i] = lines[i]!.replace(/^\s*[\w*.|'"-]+\)\s/, ' ');
    const h = /(?<!<)<<-?\s*['"]?([A-Za-z_]\w*)['"]?/.exec(lines[i]!);
    if (!h) continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== h[1]) lines[j++] = '';
    if (j < lines.length) lines[j] = '';
    i = j;
  }
  return lines.join('\n');
}

export function scanShell(file: string, text: string): Use[] {
  const functions = new Set(
    [...text.matchAll(/^\s*(?:function\s+)?([\w-]+)\s*\(\)/gm)].map((m) => m[1]!),
  );
  const out: Use[] = [];
  lex(prepare(text))
    .split('\n')
    .forEach((l, i) => {
      for (const seg of l.split(/&&|\|\||;;|[;|&()]|(?:^|\s)[{}](?=\s|$)/)) {
        let words = seg
          .trim()
          .split(/\s+/)
          .filter((w) => w && !/^\d*[<>]/.test(w) && !/^\w+(\[[^\]]*\])?\+?=/.test(w));
        while (words.length && KEYWORDS.has(words[0]!)) words = words.slice(1);
        for (let w = words[0]; w !== undefined && w in WRAPPERS; w = words[0]) {
          out.push({ name: w, file, line: i + 1 });
          const rest = words.slice(1);
          const skip = WRAPPERS[w]!;
          words =
            skip < 0
              ? rest.slice(rest.indexOf('--') + 1)
              : rest.filter((x) => !x.startsWith('-')).slice(skip);
        }
        const cmd = words[0];
        if (
          !cmd ||
          NOT_COMMANDS.has(cmd) ||
          BUILTINS.has(cmd) ||
          functions.has(cmd) ||
          /^(Q|V|\$|\.\/|\d|-)/.test(cmd)
        )
          continue;
        out.push({ name: cmd, file, line: i + 1 });
      }
    });
  return out;
}
