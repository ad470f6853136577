// ESLint flat config. The layer rules below are the architecture: core/ is pure TypeScript that
// runs the same in the CLI, the language server, the webview and tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const tfjs = ['@tensorflow/*'];
const lsp = [
  'vscode-languageserver',
  'vscode-languageserver/*',
  'vscode-languageclient',
  'vscode-languageclient/*',
  'vscode-jsonrpc',
  'vscode-jsonrpc/*',
];

/**
 * The folder graph (ARCHITECTURE.md): which top-level folders each folder may import from. A file
 * `depth` folders deep reaches a top-level folder with exactly `depth` `../`, so one block per depth
 * bans the others by path, next to the banned packages (one no-restricted-imports per file).
 */
const FOLDERS = [
  'core',
  'store',
  'runtime',
  'cli',
  'language-server',
  'extension',
  'webview',
  'test',
  'scripts',
];
const MAX_DEPTH = 6;
const CORE_PACKAGES = [
  'vscode',
  ...lsp,
  ...tfjs,
  'chart.js',
  'node:*',
  'fs',
  'path',
  'child_process',
];
const CORE_WHY =
  'core/ is pure and imports nothing outside core: no vscode, LSP library, tfjs or Node I/O. Pass platform seams in.';

/**
 * Inside core/, which folders (and single files) each may import: the graph is layered, with the
 * catalog below everything that reads it, so it must stay acyclic
 * (test/unit/architecture/core-graph.test.ts walks the real imports and fails on any cycle).
 */
export const CORE_GRAPH = {
  types: [],
  random: [],
  format: [],
  dsl: [],
  protocol: ['types'],
  laws: ['types', 'protocol', 'random'],
  // The one registry imports nothing above it: the hf family is passed in (core/plan/families.ts).
  catalog: ['types', 'dsl', 'laws'],
  hf: ['types', 'dsl', 'catalog'],
  interop: ['types', 'catalog'],
  search: ['types', 'dsl', 'laws', 'random'],
  plan: ['types', 'random', 'format', 'dsl', 'laws', 'catalog', 'hf', 'search'],
  'run-progress': ['types', 'protocol', 'format'],
};

/** The no-restricted-imports patterns of a file `depth` folders below a top-level folder. */
function folderPatterns(folder, mayImport, bannedPackages, why, depth) {
  const banned = FOLDERS.filter((f) => f !== folder && !mayImport.includes(f));
  const patterns = [{ regex: `^(\\.\\./){${depth}}(${banned.join('|')})(/|$)`, message: why }];
  if (bannedPackages.length) patterns.push({ group: bannedPackages, message: why });
  return patterns;
}

const restrict = (files, patterns) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

function layer(folder, mayImport, bannedPackages, why) {
  const configs = [];
  for (let depth = 1; depth <= MAX_DEPTH; depth++)
    configs.push(
      restrict(
        [`${folder}/${'*/'.repeat(depth - 1)}*.ts`],
        folderPatterns(folder, mayImport, bannedPackages, why, depth),
      ),
    );
  return configs;
}

/**
 * One block per core folder and depth (after the core layer, so it replaces that block's rule for
 * these files): the core layer's bans plus the core folders and files outside its CORE_GRAPH row.
 */
function coreGraph(bannedPackages, why) {
  const configs = [];
  for (const [unit, mayImport] of Object.entries(CORE_GRAPH)) {
    const banned = Object.keys(CORE_GRAPH).filter((u) => u !== unit && !mayImport.includes(u));
    if (banned.length === 0) continue;
    const message = `core/${unit} may import only core/${mayImport.join(', core/') || '(nothing)'} inside core (CORE_GRAPH in eslint.config.mjs, ARCHITECTURE.md).`;
    for (let depth = 1; depth < MAX_DEPTH; depth++)
      configs.push(
        restrict(
          [`core/${unit}/${'*/'.repeat(depth - 1)}*.ts`],
          [
            ...folderPatterns('core', [], bannedPackages, why, depth + 1),
            { regex: `^(\\.\\./){${depth}}(${banned.join('|')})(/|\\.ts$|$)`, message },
          ],
        ),
      );
    // A single file (core/protocol.ts) reaches its siblings with `./`.
    configs.push(
      restrict(
        [`core/${unit}.ts`],
        [
          ...folderPatterns('core', [], bannedPackages, why, 1),
          { regex: `^\\./(${banned.join('|')})(/|\\.ts$|$)`, message },
        ],
      ),
    );
  }
  return configs;
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.gpu/**',
      'test/fixtures/**',
      '.peft/**',
      '.e2e/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Numeric code indexes typed arrays heavily; noUncheckedIndexedAccess already forces the checks.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  ...layer('core', [], CORE_PACKAGES, CORE_WHY),
  ...coreGraph(CORE_PACKAGES, CORE_WHY),
  ...layer(
    'store',
    ['core'],
    ['vscode', ...lsp, ...tfjs, 'chart.js'],
    'store/ (the run store) imports core only: the CLI, the language server and the extension all read it.',
  ),
  ...layer(
    'runtime',
    ['core', 'store'],
    ['vscode', ...lsp, 'chart.js'],
    'runtime/ is the training engine (the only home of tfjs): core and store only, and knows nothing of editors or commands.',
  ),
  ...layer(
    'cli',
    ['core', 'store', 'runtime', 'webview'],
    ['vscode', ...lsp, 'chart.js'],
    'cli/ (commands, executors, exports) imports core, store, runtime and the webview page builders only.',
  ),
  ...layer(
    'language-server',
    ['core', 'store'],
    ['vscode', ...tfjs, 'chart.js'],
    'The language server imports core, store and the LSP library only.',
  ),
  ...layer(
    'webview',
    ['core'],
    ['vscode', ...lsp, ...tfjs, 'node:*'],
    'The webview runs in a browser sandbox: core and Chart.js only.',
  ),
  ...layer(
    'extension',
    ['core', 'store', 'webview'],
    [...tfjs, 'chart.js', 'vscode-languageserver', 'vscode-languageserver/*'],
    'The extension host never trains or charts: it spawns the CLI, reads the store and hosts webviews.',
  ),
  {
    files: ['language-server/**/*.ts', 'runtime/**/*.ts', 'store/**/*.ts', 'core/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
);
