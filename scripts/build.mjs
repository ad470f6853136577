#!/usr/bin/env node
// The one build script: four bundles (extension and language server for VS Code's Node host,
// the CLI for Node, the webview for the browser). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');

/**
 * tfjs packages stay external (one engine, and the optional native/GPU backends resolve from
 * node_modules at run time), except deep imports into tfjs-core's ESM-only `dist/` files (the
 * gradient registrations), which Node's require cannot load: those are bundled. tfjs keeps its
 * engine and kernel/gradient registries on the global object, so the bundled copy registers into
 * the same engine as the external one.
 */
const tfjsExternal = {
  name: 'tfjs-external',
  setup(build) {
    build.onResolve({ filter: /^(@tensorflow\/|webgpu$)/ }, (args) =>
      /^@tensorflow\/tfjs-core\/dist\//.test(args.path)
        ? undefined
        : { path: args.path, external: true },
    );
  },
};
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
    entryPoints: ['cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    plugins: [tfjsExternal],
  },
  {
    entryPoints: ['runtime/worker/main.ts'],
    outfile: 'dist/worker.js',
    platform: 'node',
    format: 'cjs',
    plugins: [tfjsExternal],
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
  await Promise.all(
    bundles.map((b) =>
      esbuild.build({ ...common, ...b, ...(b.platform === 'browser' ? { target: 'es2022' } : {}) }),
    ),
  );
  console.log(`build: ${bundles.length} bundles in ${Date.now() - t0} ms`);
}
