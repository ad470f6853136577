/**
 * The pure language service (language-server/service.ts): every feature from plain documents, with
 * the file system and the run store passed in, and a bundle that builds for the browser.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { build } from 'esbuild';
import { createPeftLanguageService } from '../../../language-server/service';
import { defaultAnalyzer, incrementalAnalyzer } from '../../../language-server/analysis';
import { RunCache } from '../../../core/plan/run-cache';
import { fitsFile, powerFit } from './helpers/fits';
import { BASE } from './helpers/marked';

const doc = (text: string, version = 1) => ({
  uri: 'inmemory://model/ranks.peft',
  version,
  getText: () => text,
});

void test('features answer from a plain document, with the store view the host passes', () => {
  const asked: string[] = [];
  const service = createPeftLanguageService({
    storeView: (uri, experiment) => {
      asked.push(`${uri} ${experiment}`);
      return { finishedTrials: 4, fits: fitsFile([powerFit()], 'ranks') };
    },
  });
  const d = doc(BASE);
  assert.deepEqual(service.diagnostics(d), []);
  const line = BASE.split('\n').findIndex((l) => l.startsWith('predict'));
  const h = service.hover(d, { line, character: BASE.split('\n')[line]!.indexOf('64') + 1 });
  assert.match(JSON.stringify(h), /2\.5/, 'the prediction from the passed-in fit');
  assert.ok(asked.includes('inmemory://model/ranks.peft ranks'));
  assert.ok(service.documentSymbols(d).length > 0);
  assert.ok(
    service
      .completion(doc('adapter a = lora { ', 2), { line: 0, character: 19 })
      .some((c) => c.label === 'r'),
  );
});

void test('analysis is cached per (uri, version) and dropped by forget', () => {
  const service = createPeftLanguageService();
  const a = service.analyze(doc(BASE));
  assert.equal(service.analyze(doc(BASE)), a);
  assert.notEqual(service.analyze(doc(BASE + '\n', 2)), a);
  service.forget('inmemory://model/ranks.peft');
  assert.deepEqual(service.documents(), []);
});

void test('without readFile an hf model has no file access; with it, the host reads the config', () => {
  const text = 'model m = hf { config = "c.json" }\n';
  const none = createPeftLanguageService().diagnostics(doc(text));
  const read: string[] = [];
  createPeftLanguageService({
    readFile: (uri) => (path) => (read.push(`${uri} ${path}`), undefined),
  }).diagnostics(
    doc(
      `${text}adapter a = lora { target_modules = [q_proj] }\ndata t = corpus "sotu"\nrun r { model = m  data = t  adapter = a  steps = 1 }\n`,
    ),
  );
  assert.ok(Array.isArray(none));
  assert.deepEqual(
    [...new Set(read)],
    ['inmemory://model/ranks.peft c.json'],
    'asked with the document URI and the path as written',
  );
});

void test('the service bundles for the browser (no Node built-ins reachable)', async () => {
  const r = await build({
    entryPoints: ['language-server/service.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  assert.equal(r.errors.length, 0);
  assert.ok(r.outputFiles[0]!.text.includes('createPeftLanguageService'));
});

void test('edits reuse expanded runs (the run cache), and diagnostics equal a from-scratch analysis', () => {
  const cache = new RunCache();
  const cached = createPeftLanguageService({ analyzer: incrementalAnalyzer(cache) });
  const scratch = createPeftLanguageService({ analyzer: defaultAnalyzer });
  const plain = createPeftLanguageService(); // the default: a run cache of its own
  // Typing a comment above the run moves it: it is reused, shifted to its new place.
  const edited = (i: number): string => `# ${'x'.repeat(i)}\n${BASE}`;
  for (let v = 1; v <= 5; v++) {
    const d = doc(edited(v), v);
    assert.deepEqual(cached.diagnostics(d), scratch.diagnostics(d));
    assert.deepEqual(plain.diagnostics(d), scratch.diagnostics(d));
    assert.deepEqual(cached.analyze(d).analysis.plan, scratch.analyze(d).analysis.plan);
  }
  assert.ok(cache.hits > 0, `runs reused: ${cache.hits}, expanded: ${cache.misses}`);
});
