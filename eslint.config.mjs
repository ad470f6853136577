// ESLint flat config. The layer rules below are the architecture: core/ is pure TypeScript that
// runs the same in the CLI, the language server, the webview and tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const tfjs = ['@tensorflow/*'];
const lsp = ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'];

function layer(files, banned, why) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: banned, message: why }] },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.gpu/**', 'test/fixtures/**', '.peft/**', '.e2e/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      eqeqeq: ['error', 'always'],
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Numeric code indexes typed arrays heavily; noUncheckedIndexedAccess already forces the checks.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  layer(['core/**/*.ts'], ['vscode', ...lsp, ...tfjs, 'chart.js', 'node:*', 'fs', 'path', 'child_process'],
    'core/ is pure: no vscode, no LSP library, no tfjs, no Node I/O. Pass platform seams in.'),
  layer(['language-server/**/*.ts'], ['vscode', ...tfjs, 'chart.js'],
    'The language server imports core and the LSP library only.'),
  layer(['runtime/**/*.ts'], ['vscode', ...lsp, 'chart.js'],
    'runtime/ is the only home of tfjs and knows nothing of editors.'),
  layer(['webview/**/*.ts'], ['vscode', ...lsp, ...tfjs, 'node:*'],
    'The webview runs in a browser sandbox: core types and Chart.js only.'),
  layer(['extension/**/*.ts'], [...tfjs, 'chart.js', 'vscode-languageserver', 'vscode-languageserver/*'],
    'The extension host never trains or charts: it spawns the CLI and hosts webviews.'),
  {
    files: ['language-server/**/*.ts', 'runtime/**/*.ts', 'core/**/*.ts'],
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
