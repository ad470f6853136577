/**
 * LSP latency over real JSON-RPC (run: `npx tsx test/bench/lsp-latency.ts [--quick]`).
 * Measures, for the bundled `.peft` server (dist/server.js, built here with esbuild) on a generated
 * 5,000-line file and on each file in examples/, and for the anchor yaml-language-server on a YAML
 * file of the same size in the same run: start → first diagnostics, didChange → diagnostics,
 * hover, completion and semantic tokens (median and p95). Prints JSON and a Markdown table.
 */
import { cpus, loadavg } from 'node:os';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LspClient, REPO } from '../unit/lsp/helpers/lsp-client';
import { generatePeft, generateYaml } from './lsp-gen';

const quick = process.argv.includes('--quick');
const LINES = 5000;
const REQUESTS = quick ? 40 : 200;
const EDITS = quick ? 10 : 40;
const STARTS = quick ? 2 : 5;

interface Stats {
  median: number;
  p95: number;
  n: number;
}
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))] ?? NaN;
  return { median: q(0.5), p95: q(0.95), n: s.length };
};

interface Target {
  name: string;
  languageId: string;
  ext: string;
  text: string;
  command?: { exe: string; args: string[] };
  bundled?: boolean;
  semanticTokens: boolean;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => ((a = (Math.imul(a, 1664525) + 1013904223) >>> 0), a / 4294967296);
}

/** Positions on word characters, spread over the file (seeded, same for every server). */
function positions(
  text: string,
  count: number,
  seed: number,
): Array<{ line: number; character: number }> {
  const lines = text.split('\n');
  const r = rng(seed);
  const out: Array<{ line: number; character: number }> = [];
  while (out.length < count) {
    const line = Math.floor(r() * lines.length);
    const l = lines[line]!;
    const words = [...l.matchAll(/[A-Za-z_][\w-]*/g)];
    if (words.length === 0) continue;
    const w = words[Math.floor(r() * words.length)]!;
    out.push({ line, character: w.index + 1 });
  }
  return out;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

async function measure(t: Target) {
  const uri = `file:///bench/${t.name.replace(/\W+/g, '-')}.${t.ext}`;
  const startups: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const t0 = performance.now();
    const { client } = await LspClient.start(
      t.command ? { command: t.command } : { bundled: true },
    );
    const first = client.nextDiagnostics(uri);
    await client.open(uri, t.text, t.languageId);
    await first;
    startups.push(performance.now() - t0);
    await client.stop();
  }
  const { client } = await LspClient.start(t.command ? { command: t.command } : { bundled: true });
  try {
    const first = client.nextDiagnostics(uri);
    await client.open(uri, t.text, t.languageId);
    await first;
    // didChange → diagnostics: change one number in the middle of the file, wait for the publish.
    const change: number[] = [];
    const lines = t.text.split('\n');
    const mid = lines.findIndex((l, i) => i > lines.length / 2 && /\d/.test(l));
    const col = lines[mid]!.search(/\d/);
    for (let i = 0; i < EDITS; i++) {
      const next = client.nextDiagnostics(uri);
      const [ms] = await time(async () => {
        await client.edit(
          uri,
          { start: { line: mid, character: col }, end: { line: mid, character: col + 1 } },
          String((i % 8) + 1),
        );
        await next;
      });
      change.push(ms);
    }
    const doc = { textDocument: { uri } };
    const hover: number[] = [];
    for (const position of positions(t.text, REQUESTS, 1))
      hover.push((await time(() => client.request('textDocument/hover', { ...doc, position })))[0]);
    const completion: number[] = [];
    for (const position of positions(t.text, REQUESTS, 2))
      completion.push(
        (await time(() => client.request('textDocument/completion', { ...doc, position })))[0],
      );
    const tokens: number[] = [];
    if (t.semanticTokens)
      for (let i = 0; i < Math.min(REQUESTS, 30); i++)
        tokens.push((await time(() => client.request('textDocument/semanticTokens/full', doc)))[0]);
    return {
      name: t.name,
      lines: lines.length - 1,
      startToFirstDiagnostics: stats(startups),
      didChangeToDiagnostics: stats(change),
      hover: stats(hover),
      completion: stats(completion),
      semanticTokens: t.semanticTokens ? stats(tokens) : undefined,
    };
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  // --no-build: dist/server.js is already built (runs from a bundle on another machine).
  if (!process.argv.includes('--no-build'))
    await (
      await import('esbuild')
    ).build({
      entryPoints: [path.join(REPO, 'language-server/main.ts')],
      outfile: path.join(REPO, 'dist/server.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
  const yamlArg = process.argv.indexOf('--yaml-server');
  const yamlBin =
    yamlArg > 0
      ? path.resolve(process.argv[yamlArg + 1]!)
      : path.join(REPO, 'node_modules/yaml-language-server/bin/yaml-language-server');
  const targets: Target[] = [
    {
      name: `peft ${LINES} lines`,
      languageId: 'peft',
      ext: 'peft',
      text: generatePeft(LINES),
      bundled: true,
      semanticTokens: true,
    },
    {
      name: `yaml-language-server ${LINES} lines`,
      languageId: 'yaml',
      ext: 'yaml',
      text: generateYaml(LINES),
      command: { exe: process.execPath, args: [yamlBin, '--stdio'] },
      semanticTokens: false,
    },
  ];
  const examples = path.join(REPO, 'examples');
  if (existsSync(examples) && !quick) {
    for (const f of readdirSync(examples)
      .filter((x) => x.endsWith('.peft'))
      .sort()) {
      targets.push({
        name: `peft examples/${f}`,
        languageId: 'peft',
        ext: 'peft',
        text: readFileSync(path.join(examples, f), 'utf8'),
        bundled: true,
        semanticTokens: true,
      });
    }
  }
  const results = [];
  for (const t of targets) results.push(await measure(t));
  const f = (s: Stats | undefined) => (s ? `${s.median.toFixed(1)} / ${s.p95.toFixed(1)}` : 'n/a');
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${f(r.startToFirstDiagnostics)} | ${f(r.didChangeToDiagnostics)} | ${f(r.hover)} | ${f(r.completion)} | ${f(r.semanticTokens)} |`,
  );
  const [peft, yaml] = results;
  const ratio = (a: Stats | undefined, b: Stats | undefined) =>
    a && b ? (a.median / b.median).toFixed(2) : 'n/a';
  const ratios =
    peft && yaml
      ? `| peft ÷ yaml (medians) | ${ratio(peft.startToFirstDiagnostics, yaml.startToFirstDiagnostics)} | ${ratio(peft.didChangeToDiagnostics, yaml.didChangeToDiagnostics)} | ${ratio(peft.hover, yaml.hover)} | ${ratio(peft.completion, yaml.completion)} | n/a |`
      : '';
  process.stdout.write(
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, loadavg: loadavg(), results }, null, 1)}\n\n`,
  );
  process.stdout.write(
    `| target | start→first diagnostics ms (median / p95) | didChange→diagnostics | hover | completion | semantic tokens |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n${ratios}\n`,
  );
}

void main();
