/**
 * Where the worker and CLI entry points are: the esbuild bundles beside the running bundle
 * (dist/worker.js, dist/cli.js), or the TypeScript sources run through tsx (development, tests).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** tsx's loader by absolute URL: `--import tsx` would resolve from the cwd, which is the user's folder. */
function tsxLoader(): string {
  try {
    return pathToFileURL(require.resolve('tsx')).href;
  } catch {
    return 'tsx';
  }
}

export interface Entry {
  /** Node flags (e.g. `--import tsx`) and the script. */
  execArgv: string[];
  script: string;
}

function entry(bundle: string, source: string): Entry {
  const bundled = join(__dirname, bundle);
  if (__filename.endsWith('.js') && existsSync(bundled)) return { execArgv: [], script: bundled };
  return { execArgv: ['--import', tsxLoader()], script: resolve(__dirname, source) };
}

export function workerEntry(): Entry {
  return entry('worker.js', '../../runtime/worker/main.ts');
}

export function cliEntry(): Entry {
  return entry('cli.js', '../main.ts');
}
