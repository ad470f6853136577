/**
 * The example files (`examples/*.peft`), as paths from the repository root. Only regular files:
 * running an example creates its run store `examples/.peft/`, a folder whose name also ends in
 * `.peft`.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const EXAMPLES_DIR = resolve(__dirname, '..', '..', 'examples');

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.peft'))
    .map((d) => join(EXAMPLES_DIR, d.name))
    .sort();
}
