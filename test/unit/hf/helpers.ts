// Shared fixtures for the hf tests: the shipped config.json files, read once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'hf');
export const fixture = (name: string): string =>
  readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
export const fixtureJson = (name: string): Record<string, unknown> =>
  JSON.parse(fixture(name)) as Record<string, unknown>;
/** A resolveFile seam over the fixture folder (paths as written in a .peft file). */
export const resolveFixture = (path: string): string | undefined => {
  try {
    return readFileSync(join(FIXTURES, path), 'utf8');
  } catch {
    return undefined;
  }
};
