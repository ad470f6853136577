#!/usr/bin/env node
// The one build script: four bundles (extension and language server for VS Code's Node host,
// the CLI for Node, the webview for the browser). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions[]} */
const bundles = [
  {
    entryPoints: ['extension/main.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    entryPoints: ['language-server/main.ts'],
    outfile: 'dist/server.js',
    platform: 'node',
    format: 'cjs',
  },
  {
    entryPoints: ['runtime/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    // tfjs loads its .wasm binaries relative to its own package, and the native backends are
    // optional: resolve all of them from node_modules at run time.
    external: ['@tensorflow/*', 'webgpu'],
  },
  {
    entryPoints: ['runtime/worker/main.ts'],
    outfile: 'dist/worker.js',
    platform: 'node',
    format: 'cjs',
    external: ['@tensorflow/*', 'webgpu'],
  },
  {
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
  },
];

const missing = bundles.filter((b) => !existsSync(b.entryPoints[0]));
if (missing.length) {
  console.error(`build: missing entry points: ${missing.map((b) => b.entryPoints[0]).join(', ')}`);
  process.exit(1);
}

const common = {
  bundle: true,
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

if (watch) {
  for (const b of bundles) await (await esbuild.context({ ...common, ...b })).watch();
  console.log('build: watching');
} else {
  const t0 = Date.now();
  await Promise.all(bundles.map((b) => esbuild.build({ ...common, ...b, ...(b.platform === 'browser' ? { target: 'es2022' } : {}) })));
  console.log(`build: ${bundles.length} bundles in ${Date.now() - t0} ms`);
}
