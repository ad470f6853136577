// The folder graph inside core/ has no cycle and follows CORE_GRAPH, the table the lint rules are
// built from (eslint.config.mjs): the catalog imports nothing above it (issue 17).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '../../..');
const CORE = join(ROOT, 'core');

type Graph = Record<string, string[]>;

/** The core unit a path belongs to: its first folder under core/, or a single file's name. */
const unitOf = (abs: string): string => relative(CORE, abs).split('/')[0]!.replace(/\.ts$/, '');

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Unit → the other core units its files import (TypeScript's own pre-processor finds the imports). */
function coreGraph(): Graph {
  const edges = new Map<string, Set<string>>();
  for (const file of tsFiles(CORE)) {
    const from = unitOf(file);
    const set = edges.get(from) ?? new Set<string>();
    edges.set(from, set);
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), fileName);
      if (!target.startsWith(CORE + '/')) continue; // outside core: the folder rules' business
      const to = unitOf(target);
      if (to !== from) set.add(to);
    }
  }
  return Object.fromEntries([...edges].map(([k, v]) => [k, [...v].sort()]));
}

/** One cycle of `g` as a path that ends where it starts (a → b → a), or undefined when there is none. */
function findCycle(g: Graph): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of g[n] ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of Object.keys(g)) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

interface RestrictConfig {
  files?: string[];
  rules?: Record<string, [string, { patterns: { regex?: string }[] }]>;
}

async function lintConfig(): Promise<{ graph: Graph; configs: RestrictConfig[] }> {
  const mod = (await import(pathToFileURL(join(ROOT, 'eslint.config.mjs')).href)) as {
    CORE_GRAPH: Graph;
    default: RestrictConfig[];
  };
  return { graph: mod.CORE_GRAPH, configs: mod.default };
}

void test('the cycle finder names a cycle and passes a layered graph', () => {
  assert.deepEqual(findCycle({ catalog: ['types', 'hf'], hf: ['catalog'], types: [] }), [
    'catalog',
    'hf',
    'catalog',
  ]);
  assert.equal(findCycle({ plan: ['catalog', 'hf'], hf: ['catalog'], catalog: [] }), undefined);
});

void test('no import cycle among the core folders', () => {
  const g = coreGraph();
  assert.ok((g['catalog'] ?? []).length > 0, 'the walker found the catalog and its imports');
  const cycle = findCycle(g);
  assert.equal(cycle, undefined, `core import cycle: ${cycle?.join(' → ')}`);
});

void test('every core import is an edge of CORE_GRAPH, which names every core unit and is acyclic', async () => {
  const { graph } = await lintConfig();
  const cycle = findCycle(graph);
  assert.equal(cycle, undefined, `CORE_GRAPH has a cycle: ${cycle?.join(' → ')}`);
  for (const [unit, imports] of Object.entries(coreGraph())) {
    const allowed = graph[unit];
    assert.ok(allowed, `core/${unit} has no row in CORE_GRAPH (eslint.config.mjs)`);
    for (const to of imports)
      assert.ok(
        allowed.includes(to),
        `core/${unit} imports core/${to}, outside its CORE_GRAPH row`,
      );
  }
  assert.deepEqual(graph['catalog'], ['types', 'dsl', 'laws']);
});

void test('the lint rule bans the catalog from importing core/hf, core/plan or anything above it', async () => {
  const { configs } = await lintConfig();
  const regexes = (files: string): RegExp[] => {
    const cfg = configs.filter((c) => c.files?.includes(files)).at(-1); // the last block wins
    const rule = cfg?.rules?.['@typescript-eslint/no-restricted-imports'];
    assert.ok(rule, `no import restriction for ${files}`);
    return rule[1].patterns.flatMap((p) => (p.regex ? [new RegExp(p.regex)] : []));
  };
  const banned = (files: string, spec: string) => regexes(files).some((r) => r.test(spec));
  for (const spec of [
    '../hf/family',
    '../hf',
    '../plan/trial',
    '../interop/peft-config',
    '../../store/paths',
  ])
    assert.ok(banned('core/catalog/*.ts', spec), spec);
  assert.ok(banned('core/catalog/*/*.ts', '../../hf/family'));
  for (const spec of ['../types/plan', '../dsl/suggest', '../laws/builtins', './matching'])
    assert.ok(!banned('core/catalog/*.ts', spec), spec);
  assert.ok(banned('core/protocol.ts', './plan/trial'));
  assert.ok(!banned('core/protocol.ts', './types/plan'));
});
