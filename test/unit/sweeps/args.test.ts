/** The CLI's one argument parser (cli/args.ts, over node's util.parseArgs): every command reads argv through it. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { parseArgs } from '../../../cli/args';
import { UsageError } from '../../../cli/command';
import { splitArgs } from '../../../cli/commands/peft-file';

const parse = (args: string[]) => parseArgs(args, ['--workers', '--out'], ['--json']);

void test('valued options (both spellings), flags and positionals', () => {
  const a = parse(['f.peft', '--workers', '2', '--json', '--out=o.html']);
  assert.deepEqual(
    [...a.values],
    [
      ['--workers', '2'],
      ['--out', 'o.html'],
    ],
  );
  assert.deepEqual([...a.flags], ['--json']);
  assert.deepEqual(a.positional, ['f.peft']);
  assert.deepEqual(
    parse(['--out', '-']).values.get('--out'),
    '-',
    'a lone dash is a value (stdout)',
  );
});

void test('bad arguments are UsageErrors that name the option', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--workers'], /^--workers needs a value$/],
    [['--bogus'], /^unknown option --bogus$/],
    [['-x'], /^unknown option -x$/],
    [['--json=yes'], /^--json takes no value$/],
  ];
  for (const [args, message] of cases)
    assert.throws(
      () => parse(args),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
      args.join(' '),
    );
});

void test('the file commands read the same parser', () => {
  const s = splitArgs(['a.peft', '--max-trials', '5', '--json'], ['max-trials']);
  assert.deepEqual(
    [...s.flags],
    [
      ['max-trials', '5'],
      ['json', 'true'],
    ],
  );
  assert.deepEqual(s.files, ['a.peft']);
  assert.throws(() => splitArgs(['--nope']), /unknown option --nope/);
});
