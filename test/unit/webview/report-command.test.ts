import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { command } from '../../../cli/commands/report';
import { UsageError } from '../../../cli/command';
import { parseHostMessage } from '../../../webview/protocol';
import { webviewBundle } from '../../browser/harness';
import { makeFits, makeStoredTrials } from './fixtures';

/** A workspace with `.peft/runs/demo/<trial>/…` and fits.json, as `peft run` and `peft fit` leave it. */
function workspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'peft-report-'));
  const store = path.join(root, '.peft', 'runs', 'demo');
  for (const t of makeStoredTrials(120)) {
    const dir = path.join(store, t.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'trial.json'), JSON.stringify(t.trial));
    writeFileSync(path.join(dir, 'status.json'), JSON.stringify(t.status));
    // A torn last line, as a killed worker leaves it.
    writeFileSync(
      path.join(dir, 'metrics.jsonl'),
      t.records.map((r) => JSON.stringify(r)).join('\n') + '\n{"kind":"tra',
    );
  }
  writeFileSync(path.join(store, 'fits.json'), JSON.stringify(makeFits()));
  writeFileSync(path.join(root, 'demo.peft'), '# demo\n');
  return root;
}

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      cwd,
      signal: new AbortController().signal,
    },
  };
}

void test('peft report writes one self-contained HTML file: inlined bundle allowed by its hash, data as JSON', async () => {
  process.env.PEFT_WEBVIEW_BUNDLE = await webviewBundle();
  const root = workspace();
  const run = io(root);
  assert.equal(
    await command.run(['demo.peft', '--out', 'report.html'], run.io),
    0,
    run.err.join(''),
  );
  assert.match(run.out.join(''), /wrote .*report\.html \(12 trials, 1440 points, 3 fits\)/);
  const html = readFileSync(path.join(root, 'report.html'), 'utf8');
  const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
  const hash = createHash('sha256').update(script).digest('base64');
  assert.ok(
    html.includes(`script-src &#39;sha256-${hash}&#39;`),
    'the CSP names the inlined script by its hash',
  );
  assert.doesNotMatch(html, /sourceMappingURL|<link|src="http|https:\/\//);
  const data = /<script type="application\/json" id="peft-data">(.*?)<\/script>/.exec(html)![1]!;
  const parsed = parseHostMessage(JSON.parse(data));
  assert.ok(parsed.ok && parsed.value.type === 'init');
  if (!parsed.ok || parsed.value.type !== 'init') return;
  assert.equal(parsed.value.view, 'report');
  assert.equal(parsed.value.snapshot.trials.find((t) => t.id === 'lora-r8')?.state, 'done');
  assert.equal(
    parsed.value.snapshot.series.find((s) => s.id === 'lora-r8')?.train.step.length,
    120,
    'the torn line is skipped',
  );
});

void test('peft report: default output name, the run folder as FILE, and clear usage errors', async () => {
  process.env.PEFT_WEBVIEW_BUNDLE = await webviewBundle();
  const root = workspace();
  const run = io(root);
  assert.equal(await command.run([path.join(root, '.peft', 'runs', 'demo')], run.io), 0);
  assert.match(run.out.join(''), /demo-report\.html/);
  await assert.rejects(
    () => command.run([], run.io),
    (e: unknown) => e instanceof UsageError && /missing FILE/.test(e.message),
  );
  await assert.rejects(
    () => command.run(['a.peft', 'b.peft'], run.io),
    (e: unknown) => e instanceof UsageError && /one FILE expected/.test(e.message),
  );
  await assert.rejects(
    () => command.run(['demo.peft', '--bogus'], run.io),
    (e: unknown) => e instanceof UsageError && /unknown option --bogus/.test(e.message),
  );
  await assert.rejects(
    () => command.run(['other.peft'], run.io),
    (e: unknown) => e instanceof UsageError && /no runs of 'other' found/.test(e.message),
  );
  await assert.rejects(
    () => command.run(['demo.peft', '--store', root], run.io),
    (e: unknown) => e instanceof UsageError && /is not a run folder/.test(e.message),
  );
});
