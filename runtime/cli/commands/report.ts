/**
 * `peft report FILE [--out PATH] [--store DIR]`: one self-contained HTML file with the loss
 * curves, scaling laws and sweep table of an experiment, to share or archive. The webview bundle
 * is inlined and allowed by its SHA-256 hash; the data is embedded as inert JSON; nothing is
 * fetched (CSP `default-src 'none'`).
 *
 * FILE is the experiment's `.peft` file (its run store is `.peft/runs/<name>/` under the working
 * directory or beside the file) or the run-store folder itself.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { pageHtml } from '../../../webview/html';
import { parseMetricsJsonl, reportMessage, type StoredTrial } from '../../../webview/report-snapshot';

function parseArgs(args: string[]): { file: string; out?: string; store?: string } {
  let file: string | undefined;
  let out: string | undefined;
  let store: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--out' || a === '--store') {
      const v = args[++i];
      if (!v) throw new UsageError(`${a} needs a path`);
      if (a === '--out') out = v;
      else store = v;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else if (file) throw new UsageError(`one FILE expected, got '${file}' and '${a}'`);
    else file = a;
  }
  if (!file) throw new UsageError('missing FILE (an experiment .peft file or its run folder)');
  return { file, out, store };
}

/** The built webview bundle: next to the CLI bundle (dist/), or dist/ when run from source. */
export function findWebviewBundle(): string {
  const candidates = [process.env.PEFT_WEBVIEW_BUNDLE, path.join(__dirname, 'webview.js'), path.resolve(__dirname, '../../../dist/webview.js')];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error(`webview bundle not found (looked for ${candidates.filter(Boolean).join(', ')}): run \`npm run build\``);
  return found;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function readStore(dir: string): StoredTrial[] {
  const trials: StoredTrial[] = [];
  for (const name of readdirSync(dir).sort()) {
    const trialDir = path.join(dir, name);
    if (!statSync(trialDir).isDirectory() || !existsSync(path.join(trialDir, 'trial.json'))) continue;
    const metrics = path.join(trialDir, 'metrics.jsonl');
    trials.push({
      id: name,
      trial: readJson(path.join(trialDir, 'trial.json')),
      status: readJson(path.join(trialDir, 'status.json')),
      records: existsSync(metrics) ? parseMetricsJsonl(readFileSync(metrics, 'utf8')) : [],
    });
  }
  return trials;
}

function locateStore(file: string, store: string | undefined, cwd: string): { experiment: string; dir: string } {
  const abs = path.resolve(cwd, file);
  if (store) return { experiment: path.basename(abs, '.peft'), dir: path.resolve(cwd, store) };
  if (existsSync(abs) && statSync(abs).isDirectory()) return { experiment: path.basename(abs), dir: abs };
  const experiment = path.basename(abs, '.peft');
  const tried = [path.join(cwd, '.peft', 'runs', experiment), path.join(path.dirname(abs), '.peft', 'runs', experiment)];
  const dir = tried.find((d) => existsSync(d));
  if (!dir) throw new UsageError(`no runs of '${experiment}' found (looked in ${[...new Set(tried)].join(' and ')}): run \`peft run ${file}\` first`);
  return { experiment, dir };
}

/** Renders the report HTML for a run-store folder (exported for tests and the extension). */
export function renderReport(experiment: string, dir: string, bundle: string, now: Date): { html: string; trials: number; points: number; fits: number } {
  const message = reportMessage({ experiment, trials: readStore(dir), fits: readJson(path.join(dir, 'fits.json')), generated: now.toISOString() });
  // The source-map comment would point at a file the report does not carry.
  const code = readFileSync(bundle, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const sha256 = createHash('sha256').update(code, 'utf8').digest('base64');
  const html = pageHtml({ view: 'report', title: `${experiment}: PEFT Lab report`, script: { kind: 'inline', code, sha256 }, data: message });
  const snapshot = message.type === 'init' ? message.snapshot : undefined;
  return { html, trials: snapshot?.trials.length ?? 0, points: snapshot?.series.reduce((n, s) => n + s.train.step.length, 0) ?? 0, fits: snapshot?.fits.length ?? 0 };
}

export const command: CliCommand = {
  name: 'report',
  usage: 'peft report FILE [--out PATH] [--store DIR]',
  summary: 'write a self-contained HTML report (loss curves, scaling laws, sweep table)',
  async run(args: string[], io: CliIO): Promise<number> {
    const { file, out, store } = parseArgs(args);
    const { experiment, dir } = locateStore(file, store, io.cwd);
    const target = path.resolve(io.cwd, out ?? `${experiment}-report.html`);
    const report = renderReport(experiment, dir, findWebviewBundle(), new Date());
    try {
      await writeFile(target, report.html);
    } catch (err) {
      io.stderr(`peft report: cannot write ${target}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
    io.stdout(`wrote ${target} (${report.trials} trials, ${report.points} points, ${report.fits} fits)\n`);
    return 0;
  },
};
