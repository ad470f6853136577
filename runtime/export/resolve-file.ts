/**
 * The `resolveFile` seam core/plan's analyze() takes (core is pure): files named in a `.peft` file
 * (the hf family's config.json) are read relative to that file's folder, confined to the workspace
 * (the current folder and the file's own folder, plus PEFT_LAB_READ_ROOTS; runtime/io/read-confined.ts).
 */
import { dirname } from 'node:path';
import { confinedResolver, userReadRoots } from '../io/read-confined';

/** A reader for paths written in `peftPath`; it throws an Error with the reason when a file is refused. */
export function fileResolver(peftPath: string, cwd = process.cwd()): (path: string) => string {
  const dir = dirname(peftPath);
  return confinedResolver(dir, { roots: [cwd, dir, ...userReadRoots()] });
}
