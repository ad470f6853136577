// @lane integration: dpkg and apt-cache (Debian), and the project's Python for the import check
// The system package list is complete: every program the sources start comes from a package that
// scripts/ci/system-packages.txt names (or one it depends on, or one every Debian has), every need
// of scripts/ci/needs.ts maps to a listed package that really provides it, and every Python module
// the sources import is in the standard library or the project's environment.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
} from 'node:fs';
import { basename, delimiter, dirname, join, relative, resolve } from 'node:path';
import test from 'node:test';
import { NEEDS, PREREQUISITE_TOOLS, readPackageList } from '../../../scripts/ci/needs';
import { scanPython, scanScript, scanShell, type Use } from '../../../scripts/ci/scan-tools';
import { projectPython } from '../../helpers/python';

const ROOT = resolve(__dirname, '../../..');
const SKIP = new Set([
  'node_modules',
  'dist',
  '.git',
  '.e2e',
  '.peft',
  '.gpu',
  'tmp',
  'fixtures',
  'ci',
]);

function sources(dir = ROOT, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    // test/unit/ci holds this test's own snippets; scripts/ci is scanned (it is not under test/unit).
    if (e.isDirectory() && !(SKIP.has(e.name) && !(e.name === 'ci' && dir.endsWith('scripts'))))
      sources(p, out);
    else if (e.isFile() && (/\.(sh|ts|mjs|js|py)$/.test(e.name) || relative(ROOT, p) === '.ci/run'))
      out.push(p);
  }
  return out;
}

let scanned: { tools: Use[]; modules: Use[]; texts: Map<string, string> } | undefined;
function scan(): { tools: Use[]; modules: Use[]; texts: Map<string, string> } {
  if (scanned) return scanned;
  const tools: Use[] = [];
  const modules: Use[] = [];
  const texts = new Map<string, string>();
  for (const f of sources()) {
    const text = readFileSync(f, 'utf8');
    const rel = relative(ROOT, f);
    texts.set(rel, text);
    if (f.endsWith('.py')) modules.push(...scanPython(rel, text));
    else if (f.endsWith('.sh') || rel === '.ci/run') tools.push(...scanShell(rel, text));
    else tools.push(...scanScript(rel, text));
  }
  scanned = { tools, modules, texts };
  return scanned;
}

function which(tool: string): string | undefined {
  const candidates = tool.startsWith('/')
    ? [tool]
    : [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'].map((d) =>
        join(d, tool),
      );
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return realpathSync(c);
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** Debian package owning each path (merged /usr: dpkg may know /bin/x for /usr/bin/x). */
function owners(paths: string[]): Map<string, string> {
  const alt = (p: string): string => (p.startsWith('/usr/') ? p.slice(4) : `/usr${p}`);
  const r = spawnSync('dpkg', ['-S', ...paths, ...paths.map(alt)], { encoding: 'utf8' });
  const map = new Map<string, string>();
  for (const l of r.stdout.split('\n')) {
    const m = /^([^:,\s]+)(?::\w+)?: (\S+)$/.exec(l);
    if (m) for (const p of paths) if (p === m[2] || alt(p) === m[2]) map.set(p, m[1]!);
  }
  return map;
}

/** Packages every Debian has (Essential or Priority required). */
function basePackages(): Set<string> {
  const out = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Essential} ${Priority}\\n'], {
    encoding: 'utf8',
  }).stdout;
  const set = new Set<string>();
  for (const [pkg, essential, priority] of out.split('\n').map((l) => l.split(' ')))
    if (pkg && (essential === 'yes' || priority === 'required')) set.add(pkg);
  return set;
}

/** The Depends/Pre-Depends graph below the listed packages (one apt-cache call; virtual packages lead to their providers). */
function dependencyGraph(list: string[]): Map<string, Set<string>> {
  const r = spawnSync(
    'apt-cache',
    [
      'depends',
      '--recurse',
      '--no-recommends',
      '--no-suggests',
      '--no-conflicts',
      '--no-breaks',
      '--no-replaces',
      '--no-enhances',
      ...list,
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const graph = new Map<string, Set<string>>();
  let node = '';
  for (const l of r.stdout.split('\n')) {
    const name = l
      .trim()
      .replace(/^\|?(Pre)?Depends: /, '')
      .replace(/^<(.*)>$/, '$1');
    if (!name || /^\w+:/.test(name)) continue;
    if (!/^\s/.test(l)) graph.set((node = name), graph.get(name) ?? new Set());
    else graph.get(node)!.add(name);
  }
  return graph;
}

/** A package and everything it depends on. */
function closure(graph: Map<string, Set<string>>, roots: string[]): Set<string> {
  const seen = new Set<string>(roots);
  const todo = [...roots];
  while (todo.length) {
    for (const d of graph.get(todo.pop()!) ?? []) {
      if (!seen.has(d)) todo.push(d);
      seen.add(d);
    }
  }
  return seen;
}

const at = (u: Use): string => `${u.file}:${u.line}`;

void test('the scanner finds commands in shell (substitutions, wrappers) and skips cases, heredocs, functions', () => {
  const sh =
    'f() { :; }\ncase "$1" in\n  start) f ;;\nesac\nfor _ in $(seq 3); do curl -sf x && break; done\ncat <<EOF\nnotacommand here\nEOF\nx=$(timeout 5 srun true) # comment: rm -rf\n"$BIN" --version\nxargs -r scancel </dev/null';
  assert.deepEqual(
    scanShell('s.sh', sh).map((u) => `${u.name}@${u.line}`),
    ['seq@5', 'curl@5', 'cat@6', 'timeout@9', 'srun@9', 'xargs@11', 'scancel@11'],
  );
  assert.deepEqual(
    scanScript('a.ts', "spawnSync('sbatch', []); re.exec('x'); const c = '/usr/bin/chromium';").map(
      (u) => u.name,
    ),
    ['sbatch', '/usr/bin/chromium'],
  );
  assert.deepEqual(
    scanPython(
      'a.py',
      'import json, os.path\nfrom scipy.optimize import x\nfrom . import local',
    ).map((u) => u.name),
    ['json', 'os', 'scipy'],
  );
});

void test('every line of the list is `package [suite]  # why: …`, and every need maps to a listed package', () => {
  const list = readPackageList(ROOT);
  const names = new Set(list.map((l) => l.pkg));
  assert.ok(names.has('libkrb5-dev') && names.has('mesa-vulkan-drivers'));
  assert.equal(list.find((l) => l.pkg === 'mesa-vulkan-drivers')?.suite, 'bookworm-backports');
  for (const n of NEEDS)
    assert.ok(
      names.has(n.pkg),
      `${JSON.stringify(n.probe)} maps to ${n.pkg}, which scripts/ci/system-packages.txt does not name`,
    );
});

void test("each need's file or tool belongs to its package (or a package that one depends on)", () => {
  const graph = dependencyGraph(readPackageList(ROOT).map((l) => l.pkg));
  const paths = NEEDS.map(({ probe: p }) =>
    'tool' in p
      ? which(p.tool)
      : 'file' in p && existsSync(p.file)
        ? realpathSync(p.file)
        : undefined,
  );
  const own = owners(paths.filter((p): p is string => !!p));
  NEEDS.forEach((n, i) => {
    const path = paths[i];
    if (!path) return; // libraries and modules: check-deps probes them; tools must exist (checked below)
    const owner = own.get(path);
    assert.ok(
      owner,
      `${path} (${JSON.stringify(n.probe)}) is installed by no Debian package: run bash scripts/ci/system-deps.sh`,
    );
    assert.ok(
      closure(graph, [n.pkg]).has(owner),
      `${path} comes from ${owner}, not from ${n.pkg} or its dependencies: fix scripts/ci/needs.ts`,
    );
  });
});

void test('every program the sources start is covered by the list, and every need is still used', () => {
  const { tools, texts } = scan();
  const list = readPackageList(ROOT).map((l) => l.pkg);
  const ok = new Set([...basePackages(), ...closure(dependencyGraph(list), list)]);
  const byTool = new Map<string, Use>();
  for (const u of tools)
    if (!PREREQUISITE_TOOLS.has(basename(u.name)) && !byTool.has(u.name)) byTool.set(u.name, u);
  const paths = new Map([...byTool.keys()].map((t) => [t, which(t)]));
  const own = owners([...paths.values()].filter((p): p is string => !!p));
  const problems: string[] = [];
  for (const [tool, u] of byTool) {
    const path = paths.get(tool);
    const pkg = path && own.get(path);
    if (!path)
      problems.push(
        `${tool} (${at(u)}) is not installed: add the Debian package that provides it to scripts/ci/system-packages.txt`,
      );
    else if (!pkg)
      problems.push(
        `${tool} (${at(u)}) = ${path} belongs to no Debian package: install it through scripts/ci/system-packages.txt`,
      );
    else if (!ok.has(pkg))
      problems.push(
        `${tool} (${at(u)}) comes from Debian package ${pkg}, which scripts/ci/system-packages.txt does not name (nor any package it depends on)`,
      );
  }
  assert.deepEqual(problems, []);
  const used = new Set([...byTool.keys()].map((t) => basename(t)));
  const all = [...texts.values()].join('\n');
  for (const n of NEEDS) {
    const name =
      'tool' in n.probe ? n.probe.tool : 'file' in n.probe ? basename(n.probe.file) : undefined;
    assert.ok(
      (name && used.has(name)) || n.mentions?.test(all),
      `need ${JSON.stringify(n.probe)} (${n.pkg}) is used by no source: remove it and, if nothing else needs it, its package line`,
    );
  }
});

void test("every Python module the sources import is in the standard library, the repository, or the project's environment", () => {
  const { modules } = scan();
  const local = (u: Use): boolean =>
    [join(dirname(u.file), u.name), join('python', u.name)].some(
      (p) => existsSync(join(ROOT, `${p}.py`)) || existsSync(join(ROOT, p)),
    );
  const names = [...new Set(modules.filter((u) => !local(u)).map((u) => u.name))];
  const code =
    'import importlib.util, sys\nfor m in sys.argv[1:]:\n  if m not in sys.stdlib_module_names and importlib.util.find_spec(m) is None: print(m)';
  const r = spawnSync(projectPython(), ['-c', code, ...names], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const missing = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((m) => `${m} (${at(modules.find((u) => u.name === m)!)})`);
  assert.deepEqual(
    missing,
    [],
    'add these to python/requirements.txt and run bash scripts/python-env.sh --lock',
  );
});
