/**
 * Writes test/fixtures/corpora/fashion-tiny (the "tiny-fashion" corpus): the first 200 training and
 * first 50 test images of Debian's dataset-fashion-mnist, with their labels, as gzipped IDX files
 * in the original names. Usage: `npx tsx scripts/make-fashion-fixture.ts` (needs the package, or
 * PEFT_FASHION_MNIST; gzip level 9 without a timestamp, so a rerun writes the same bytes).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx, readIdxFile } from '../runtime/data/idx';
import { FASHION_DIR } from '../runtime/data/vision';

const TAKE = { train: 200, t10k: 50 } as const;
const src = process.env['PEFT_FASHION_MNIST'] || FASHION_DIR;
const out = join(__dirname, '..', 'test', 'fixtures', 'corpora', 'fashion-tiny');
mkdirSync(out, { recursive: true });
for (const [part, n] of Object.entries(TAKE)) {
  for (const kind of ['images-idx3', 'labels-idx1']) {
    const name = `${part}-${kind}-ubyte.gz`;
    const { dims, data } = readIdxFile(join(src, name));
    const per = dims.slice(1).reduce((a, d) => a * d, 1);
    const idx = encodeIdx([n, ...dims.slice(1)], data.subarray(0, n * per));
    writeFileSync(join(out, name), gzipSync(idx, { level: 9 }));
    process.stdout.write(`wrote ${join(out, name)} [${[n, ...dims.slice(1)].join(', ')}]\n`);
  }
}
