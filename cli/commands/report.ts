/**
 * `peft report FILE [--out PATH] [--store DIR]`: one self-contained HTML file with the loss
 * curves, scaling laws and sweep table of an experiment, to share or archive. The webview bundle
 * is inlined and allowed by its SHA-256 hash; the data is embedded as inert JSON; nothing is
 * fetched (CSP `default-src 'none'`).
 *
 * FILE is the experiment's `.peft` file (its run store is `.peft/runs/<name>/` beside the file,
 * or under the working directory) or the run folder itself. Reads through store/ and
 * store/fits.ts, like every other consumer of the store.
 */
import { parseArgs } from '../args';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { pageHtml } from '../../webview/html';
import { reportMessage } from '../../webview/report-snapshot';
import { experimentDir, readExperimentWithMetrics } from '../../store';
import { loadFits } from '../../store/fits';

function reportArgs(args: string[]): { file: string; out?: string; store?: string } {
  const a = parseArgs(args, ['--out', '--store'], []);
  const [file, extra] = a.positional;
  if (extra !== undefined) throw new UsageError(`one FILE expected, got '${file}' and '${extra}'`);
  if (!file) throw new UsageError('missing FILE (an experiment .peft file or its run folder)');
  return { file, out: a.values.get('--out'), store: a.values.get('--store') };
}

/** The built webview bundle: next to the CLI bundle (dist/), or dist/ when run from source. */
export function findWebviewBundle(): string {
  const candidates = [
    process.env.PEFT_WEBVIEW_BUNDLE,
    path.join(__dirname, 'webview.js'),
    path.resolve(__dirname, '../../dist/webview.js'),
  ];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found)
    throw new Error(
      `webview bundle not found (looked for ${candidates.filter(Boolean).join(', ')}): run \`npm run build\``,
    );
  return found;
}

/** `<root>/.peft/runs/<experiment>` → { root, experiment }, or undefined for any other folder. */
function storeOf(dir: string): { root: string; experiment: string } | undefined {
  const runs = path.dirname(dir);
  if (path.basename(runs) !== 'runs' || path.basename(path.dirname(runs)) !== '.peft')
    return undefined;
  return { root: path.dirname(path.dirname(runs)), experiment: path.basename(dir) };
}

/**
 * Finds the run store of FILE: the folder holding the .peft file is the store's root (as
 * `peft run` uses it), then the working directory (the extension runs the CLI from the
 * workspace folder). A folder `<root>/.peft/runs/<experiment>` names the store directly.
 */
function locateStore(
  file: string,
  store: string | undefined,
  cwd: string,
): { root: string; experiment: string } {
  const abs = path.resolve(cwd, store ?? file);
  if (store || (existsSync(abs) && statSync(abs).isDirectory())) {
    const found = storeOf(abs);
    if (!found || !existsSync(abs))
      throw new UsageError(
        `${store ?? file} is not a run folder (expected <folder>/.peft/runs/<experiment>)`,
      );
    return found;
  }
  const experiment = path.basename(abs).replace(/\.peft$/i, '');
  const roots = [...new Set([path.dirname(abs), cwd])];
  const root = roots.find((r) => existsSync(experimentDir(r, experiment)));
  if (!root)
    throw new UsageError(
      `no runs of '${experiment}' found (looked in ${roots.map((r) => experimentDir(r, experiment)).join(' and ')}): run \`peft run ${file}\` first`,
    );
  return { root, experiment };
}

/** Renders the report HTML for a run-store folder (exported for tests and the extension). */
export function renderReport(
  root: string,
  experiment: string,
  bundle: string,
  now: Date,
): { html: string; trials: number; points: number; fits: number } {
  const message = reportMessage({
    experiment,
    trials: readExperimentWithMetrics(root, experiment),
    fits: loadFits(root, experiment),
    generated: now.toISOString(),
  });
  // The source-map comment would point at a file the report does not carry.
  const code = readFileSync(bundle, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const sha256 = createHash('sha256').update(code, 'utf8').digest('base64');
  const html = pageHtml({
    view: 'report',
    title: `${experiment}: PEFT Lab report`,
    script: { kind: 'inline', code, sha256 },
    data: message,
  });
  const snapshot = message.type === 'init' ? message.snapshot : undefined;
  return {
    html,
    trials: snapshot?.trials.length ?? 0,
    points: snapshot?.series.reduce((n, s) => n + s.train.step.length, 0) ?? 0,
    fits: snapshot?.fits.length ?? 0,
  };
}

export const command: CliCommand = {
  name: 'report',
  usage: 'peft report FILE [--out PATH] [--store DIR]',
  summary: 'write a self-contained HTML report (loss curves, scaling laws, sweep table)',
  async run(args: string[], io: CliIO): Promise<number> {
    const { file, out, store } = reportArgs(args);
    const { root, experiment } = locateStore(file, store, io.cwd);
    const target = path.resolve(io.cwd, out ?? `${experiment}-report.html`);
    const report = renderReport(root, experiment, findWebviewBundle(), new Date());
    try {
      await writeFile(target, report.html);
    } catch (err) {
      io.stderr(
        `peft report: cannot write ${target}: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      return 2;
    }
    io.stdout(
      `wrote ${target} (${report.trials} trials, ${report.points} points, ${report.fits} fits)\n`,
    );
    return 0;
  },
};
