// Hostile paths in a .peft file (issue 16, cases 1 and 5): special files, files outside the
// workspace, symlinks out of it, huge or non-UTF-8 files. Each `peft check` ends quickly with a
// coded diagnostic that gives the reason and never the file's content.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, snapshot, workspace } from './helpers';

const LLAMA = readFileSync(join(__dirname, '../fixtures/hf/llama-7b.json'), 'utf8');
const SECRET = 'root:$6$s3cr3tHASH:19000:0:99999:7:::';
const outside = mkdtempSync(join(tmpdir(), 'peft-sec-outside-'));
writeFileSync(join(outside, 'shadow'), `${SECRET}\n`);

const hfFile = (config: string): string => `data task = corpus "sotu"
model llama = hf { config = "${config}"  context = 512 }
adapter lora = lora { target_modules = [q_proj]  r = 8 }
run ft { model = llama  data = task  adapter = lora  batch = 4  steps = 100 }
`;

/** `peft check` on an hf model whose config path is `config`: exit 1 with hf-config-unreadable, quickly, no content echoed. */
async function refused(
  config: string,
  files: Record<string, string | Buffer> = {},
  reason?: RegExp,
): Promise<void> {
  const dir = workspace({ 'x.peft': hfFile(config), ...files });
  const before = snapshot(dir);
  const r = await cli(['check', 'x.peft'], dir, 10000);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /error hf-config-unreadable/);
  if (reason) assert.match(r.out, reason);
  assert.ok(!r.out.includes('s3cr3t') && !r.out.includes('root:'), r.out);
  assert.deepEqual(snapshot(dir), before);
}

void test('hf config: /dev/stdin, /dev/zero and a FIFO are refused as not regular files (they used to hang or exhaust memory)', async () => {
  await refused('/dev/stdin', {}, /outside the workspace|not a regular file/);
  await refused('/dev/zero', {}, /outside the workspace|not a regular file/);
  const dir = workspace({ 'x.peft': hfFile('pipe') });
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  const r = await cli(['check', 'x.peft'], dir, 10000);
  assert.equal(r.code, 1);
  assert.match(r.out, /hf-config-unreadable: .*not a regular file/);
});

void test('hf config: a path outside the workspace, and a symlink out of it, are refused without echoing content', async () => {
  await refused(join(outside, 'shadow'), {}, /outside the workspace/);
  await refused('../../../../../../../../' + join(outside, 'shadow'), {}, /outside the workspace/);
  const dir = workspace({ 'x.peft': hfFile('config.json') });
  symlinkSync(join(outside, 'shadow'), join(dir, 'config.json'));
  const r = await cli(['check', 'x.peft'], dir, 10000);
  assert.match(r.out, /hf-config-unreadable: .*outside the workspace/);
  assert.ok(!r.out.includes('s3cr3t'));
});

void test('hf config: non-JSON text inside the workspace is reported by position, never quoted', async () => {
  await refused('config.json', { 'config.json': `${SECRET}\n` }, /not valid JSON/);
});

void test('hf config: oversized files and invalid UTF-8 are refused', async () => {
  await refused('config.json', { 'config.json': Buffer.alloc(9 * 1024 * 1024, 32) }, /larger than/);
  await refused('config.json', { 'config.json': Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }, /UTF-8/);
});

void test('hf config: implausible architecture fields are a diagnostic, not minutes of work', async () => {
  const huge = JSON.stringify({ ...JSON.parse(LLAMA), num_hidden_layers: 100000 });
  await refused(
    'config.json',
    { 'config.json': huge },
    /"num_hidden_layers" = 100000 is above the plausible maximum 1024/,
  );
  const wrong = JSON.stringify({ ...JSON.parse(LLAMA), hidden_size: SECRET });
  await refused(
    'config.json',
    { 'config.json': wrong },
    /"hidden_size" must be a positive integer, got a string/,
  );
});

void test('hf config: a readable config inside the workspace still works', async () => {
  const dir = workspace({ 'x.peft': hfFile('models/config.json'), 'models/config.json': LLAMA });
  const r = await cli(['check', 'x.peft'], dir, 20000);
  assert.equal(r.code, 0, r.out + r.err);
});

const csvFile = (path: string): string => `law l = power(loss ~ N) from csv "${path}"\n`;

void test('from csv: a path outside the workspace is refused by `peft fit` and nothing is stored', async () => {
  const dir = workspace({ 'x.peft': csvFile('../../../../../../../..' + join(outside, 'shadow')) });
  const r = await cli(['fit', 'x.peft'], dir, 10000);
  assert.match(r.out + r.err, /outside the workspace/);
  const all = JSON.stringify([...snapshot(dir).values()]) + (r.out + r.err);
  assert.ok(!all.includes('s3cr3t'), all);
});

void test('from csv: a header that is not column names is not echoed; 1e999 is refused', async () => {
  let dir = workspace({ 'x.peft': csvFile('t.csv'), 't.csv': `${SECRET}\n1\n` });
  let r = await cli(['fit', 'x.peft'], dir, 10000);
  assert.match(r.out + r.err, /do not look like column names/);
  assert.ok(!(r.out + r.err).includes('s3cr3t'));
  dir = workspace({ 'x.peft': csvFile('t.csv'), 't.csv': 'N,loss\n1,2\n2,1e999\n3,1\n4,0.5\n' });
  r = await cli(['fit', 'x.peft'], dir, 10000);
  assert.match(r.out + r.err, /line 3: the loss cell is not a finite number/);
});

void test('a wasm worker leaves no /tmp/peft-wasm-* folder behind', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'peft-sec-tmp-'));
  const script = `import('${join(__dirname, '../../runtime/tf/wasm-threads.ts')}').then((m) => (m.withWasmThreads ?? m.default.withWasmThreads)(1, async () => 1)).then(() => console.log(require('node:fs').readdirSync(process.env.TMPDIR).join(',')))`;
  const during = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    env: { ...process.env, TMPDIR: tmp },
    encoding: 'utf8',
  });
  assert.match(during, /peft-wasm-/, 'the folder exists while the process runs');
  assert.deepEqual(
    readdirSync(tmp).filter((n) => n.startsWith('peft-wasm-')),
    [],
  );
});
