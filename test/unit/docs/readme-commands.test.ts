/**
 * Every command in the README's bash blocks is checked: npm scripts exist, the optional backend
 * packages are the ones the runtime loads at the project's tfjs version, the .vsix name is what
 * `npm run package` writes, and every `node bin/peft.js …` line is run for real and must succeed.
 * The two long ones (`npm run demo`, `npm test`) are run by CI itself (.ci/run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/** Commands of the README's ```bash blocks, `&&` chains split, comments removed. */
function readmeCommands(): string[] {
  const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line && !line.startsWith('#'))
    .flatMap((line) => line.split('&&').map((c) => c.trim()));
}

void test('the README has the two commands: the demo and the tests', () => {
  const commands = readmeCommands();
  assert.ok(commands.includes('npm run demo'), 'npm run demo');
  assert.ok(commands.includes('npm test'), 'npm test');
  assert.ok(
    readFileSync(join(root, '.ci', 'run'), 'utf8').includes('npm test'),
    '.ci/run calls npm test',
  );
});

void test('every README command is known and works', () => {
  const tfjs = pkg.dependencies['@tensorflow/tfjs-core']!.replace(/^[\^~]/, '');
  // Backend selection and the optional packages it imports live in runtime/tf.
  const tfDir = join(root, 'runtime', 'tf');
  const backend = readdirSync(tfDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(tfDir, f), 'utf8'))
    .join('\n');
  for (const line of readmeCommands()) {
    // Leading VAR=value: an environment variable the project's scripts or code must read.
    const vars = /^(?:[A-Z_][A-Z0-9_]*=\S+\s+)+/.exec(line)?.[0] ?? '';
    for (const v of vars
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((a) => a.split('=')[0]!)) {
      const r = spawnSync(
        'grep',
        ['-rlq', '--include=*.ts', '--include=*.sh', v, 'runtime', 'scripts', 'cli'],
        { cwd: root },
      );
      assert.equal(
        r.status,
        0,
        `README sets ${v}, which nothing in runtime/, cli/ or scripts/ reads (README: ${line})`,
      );
    }
    const command = line.slice(vars.length);
    const words = command.split(/\s+/);
    if (command === 'npm ci' || command === 'npm test') continue;
    if (words[0] === 'npm' && words[1] === 'run') {
      assert.ok(pkg.scripts[words[2]!], `npm script "${words[2]}" exists (README: ${command})`);
    } else if (words[0] === 'npm' && words[1] === 'install') {
      for (const spec of words.slice(2).filter((w) => !w.startsWith('-'))) {
        const [name, version] = spec.split(/(?<=.)@/);
        assert.ok(backend.includes(`'${name}'`), `the runtime loads ${name} (README: ${command})`);
        if (name!.startsWith('@tensorflow/'))
          assert.equal(version, tfjs, `${name} pinned to the project's tfjs ${tfjs}`);
      }
    } else if (words[0] === 'code' && words[1] === '--install-extension') {
      assert.equal(
        words[2],
        `${pkg.name}-${pkg.version}.vsix`,
        'the .vsix name npm run package writes',
      );
    } else if (words[0] === 'node' && words[1] === 'bin/peft.js') {
      const r = spawnSync('bash', ['-c', command], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 0, `${command} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    } else {
      assert.fail(`README command not covered by this test: ${command}`);
    }
  }
});
