/**
 * The `resolveFile` seam for core/plan's analyze(): files a `.peft` document names (an hf model's
 * config.json) are read relative to the document's folder, through runtime/io/read-confined.ts
 * (regular files under a size cap, inside the workspace folders or the roots the user allows).
 * In an untrusted workspace the server reads no file at all.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { confinedResolver, userReadRoots } from '../runtime/io/read-confined';

/** What the server may read: set once from `initialize` (workspace folders, trust, extra roots). */
export interface FileAccess {
  /** False in an untrusted workspace: no file named by a document is read. */
  trusted: boolean;
  /** Workspace folders; when empty, the document's own folder is the workspace. */
  roots: readonly string[];
  /** Extra folders the user allows (settings and PEFT_LAB_READ_ROOTS). */
  extraRoots?: readonly string[];
}

export const DEFAULT_ACCESS: FileAccess = { trusted: true, roots: [] };

/** A reader for paths written in the document at `uri`, or undefined (non-file URI, untrusted workspace). */
export function fileResolverFor(uri: string, access: FileAccess = DEFAULT_ACCESS): ((path: string) => string) | undefined {
  if (!access.trusted || !uri.startsWith('file:')) return undefined;
  let dir: string;
  try {
    dir = dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
  const roots = [...(access.roots.length > 0 ? access.roots : [dir]), ...(access.extraRoots ?? []), ...userReadRoots()];
  return confinedResolver(dir, { roots });
}
