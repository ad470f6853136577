/**
 * The `resolveFile` seam for core/plan's analyze(): files a `.peft` document names (an hf model's
 * config.json) are read relative to the document's folder. Only `file:` URIs have a folder.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A reader for paths written in the document at `uri`, or undefined for non-file URIs. */
export function fileResolverFor(uri: string): ((path: string) => string | undefined) | undefined {
  if (!uri.startsWith('file:')) return undefined;
  let dir: string;
  try {
    dir = dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
  return (path) => {
    try {
      return readFileSync(isAbsolute(path) ? path : resolve(dir, path), 'utf8');
    } catch {
      return undefined;
    }
  };
}
