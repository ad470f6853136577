/**
 * The `resolveFile` seam core/plan's analyze() takes (core is pure): files named in a `.peft` file
 * (the hf family's config.json) are read relative to that file's folder, through
 * store/read-confined.ts: regular files under a size cap, inside the workspace or the folders the
 * user allows (PEFT_LAB_READ_ROOTS, peftLab.files.readRoots). The CLI passes a path, the language
 * server a document URI and what it may read; in an untrusted workspace it reads nothing.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { confinedResolver, userReadRoots } from './read-confined';

/** A reader for paths written in `peftPath` (workspace: `cwd` and the file's folder); it throws an Error with the reason when a file is refused. */
export function fileResolver(peftPath: string, cwd = process.cwd()): (path: string) => string {
  const dir = dirname(peftPath);
  return confinedResolver(dir, { roots: [cwd, dir, ...userReadRoots()] });
}

/** What the language server may read: set once from `initialize` (workspace folders, trust, extra roots). */
export interface FileAccess {
  /** False in an untrusted workspace: no file named by a document is read. */
  trusted: boolean;
  /** Workspace folders; when empty, the document's own folder is the workspace. */
  roots: readonly string[];
  /** Extra folders the user allows (settings). */
  extraRoots?: readonly string[];
}

export const DEFAULT_ACCESS: FileAccess = { trusted: true, roots: [] };

/** A reader for paths written in the document at `uri`, or undefined (non-file URI, untrusted workspace). */
export function fileResolverFor(
  uri: string,
  access: FileAccess = DEFAULT_ACCESS,
): ((path: string) => string) | undefined {
  if (!access.trusted || !uri.startsWith('file:')) return undefined;
  let dir: string;
  try {
    dir = dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
  const roots = [
    ...(access.roots.length > 0 ? access.roots : [dir]),
    ...(access.extraRoots ?? []),
    ...userReadRoots(),
  ];
  return confinedResolver(dir, { roots });
}
