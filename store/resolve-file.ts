/**
 * The `resolveFile` seam core/plan's analyze() takes (core is pure): files named in a `.peft` file
 * (the hf family's config.json) are read relative to that file's folder. The CLI passes a path,
 * the language server a document URI.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A reader for paths written in `peftPath`; undefined for a file that cannot be read. */
export function fileResolver(peftPath: string): (path: string) => string | undefined {
  const dir = dirname(peftPath);
  return (path) => {
    try {
      return readFileSync(isAbsolute(path) ? path : resolve(dir, path), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/** A reader for paths written in the document at `uri` (the language service's `readFile` on Node), or undefined for non-file URIs. */
export function fileResolverFor(uri: string): ((path: string) => string | undefined) | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileResolver(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

