// The user's path through the real extension in a real VS Code (code-server), driven by headless
// Chromium: open a .peft file, see a diagnostic after an edit, hover a sweep value, run the sweep
// from the command palette, see the Runs view fill and the loss-curve webview draw.
// Usage: node scenario.mjs BASE_URL WORKSPACE OUT_DIR. Prints "N passed, M failed"; exit 1 on failure.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [BASE, FOLDER, OUT] = process.argv.slice(2);
mkdirSync(OUT, { recursive: true });
const t0 = Date.now();
const log = (...a) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const results = [];
const timings = {};
function check(name, ok, detail = '') {
  results.push({ name, ok, detail });
  log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

const profile = mkdtempSync(join(tmpdir(), 'peft-e2e-chrome-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1500, height: 950 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
});
const page = context.pages()[0] ?? (await context.newPage());
let offHost = 0;
page.on('request', (r) => {
  const u = r.url();
  if (/^https:\/\/[^/]+\.vscode-resource\.vscode-cdn\.net\//.test(u)) return;
  if (!u.startsWith(BASE) && !/^(data|blob|vscode-[a-z]+):/.test(u)) offHost += 1;
});
const shot = (name) => page.screenshot({ path: join(OUT, name) }).catch(() => {});

async function palette(command) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${command}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: command })
    .first()
    .waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** The box of the first editor token whose text is exactly `word` (comments hold words too). */
async function wordBox(word) {
  return page.evaluate((w) => {
    const root = document.querySelector('.monaco-editor .view-lines');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent.trim() === w ? n.textContent.indexOf(w) : -1;
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + w.length);
        const b = r.getBoundingClientRect();
        return { x: b.x, y: b.y, width: b.width, height: b.height };
      }
    }
    return null;
  }, word);
}

let exitCode = 0;
try {
  await page.goto(`${BASE}/?folder=${encodeURIComponent(FOLDER)}`, {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'e2e.peft' });
  await row.first().waitFor({ timeout: 60_000 });
  await row.first().click();
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
  const mode = page.locator('#status\\.editor\\.mode');
  await mode
    .filter({ hasText: /PEFT/i })
    .waitFor({ timeout: 30_000 })
    .catch(() => {});
  check('the .peft file opens in PEFT mode', /peft/i.test(await mode.innerText()));
  await shot('01-open.png');

  // An edit that breaks the file: a reference to a block that does not exist.
  let s = Date.now();
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nrun broken { model = no_such_model }\n');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
  timings.diagnosticMs = Date.now() - s;
  check('an edit shows the language server diagnostic', true, `${timings.diagnosticMs} ms`);
  await shot('02-diagnostic.png');
  // Undo until the file is back to what it was (typing is grouped into several undo stops).
  for (let i = 0; i < 40; i++) {
    const lines = await page.locator('.monaco-editor .view-line').count();
    if (lines <= 18 && !(await page.locator('.monaco-editor .squiggly-error').count())) break;
    await page.keyboard.press('Control+Z');
    await page.waitForTimeout(150);
  }
  await page.keyboard.press('Control+S');
  await page.waitForFunction(
    () => !document.querySelector('.monaco-editor .squiggly-error'),
    null,
    { timeout: 30_000 },
  );
  check('undoing the edit clears the diagnostic', true);

  // Hover a sweep value: the static estimates of its trial.
  s = Date.now();
  let hover = '';
  for (let attempt = 0; attempt < 6 && !/trainable/i.test(hover); attempt++) {
    const box = await wordBox('sweep');
    if (!box) throw new Error('"sweep" not found in the editor');
    // `sweep [2, 4]`: the first value sits two characters after the keyword.
    const ch = box.width / 5;
    await page.mouse.move(box.x + box.width + ch, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width + 2.5 * ch, box.y + box.height / 2, { steps: 4 });
    await page
      .locator('.monaco-hover')
      .first()
      .waitFor({ timeout: 4_000 })
      .catch(() => {});
    hover = (await page.locator('.monaco-hover').allInnerTexts()).join(' ').replace(/\s+/g, ' ');
  }
  timings.hoverMs = Date.now() - s;
  check(
    'hovering the sweep shows trainable parameters',
    /trainable/i.test(hover),
    hover.slice(0, 200),
  );
  await shot('03-hover.png');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // Run the sweep from the palette; the Runs view fills with finished trials.
  s = Date.now();
  await page.locator('.monaco-editor .view-lines').first().click();
  await palette('PEFT Lab: Run experiment');
  await page
    .locator('.activitybar [aria-label*="PEFT Lab"]')
    .first()
    .click()
    .catch(() => {});
  // The sweep row reads "quick 2/2 done" once both trials finished; expand it to see the trials.
  const sweepRow = page.locator('.monaco-list-row', { hasText: /quick\s*2\/2 done/ });
  await sweepRow.first().waitFor({ timeout: 240_000 });
  await sweepRow.first().click();
  const done = page.locator('.monaco-list-row', { hasText: /done · eval_loss/ });
  await done.nth(1).waitFor({ timeout: 20_000 });
  timings.runMs = Date.now() - s;
  check(
    'the Runs view lists the finished trials',
    (await done.count()) >= 2,
    `${timings.runMs} ms`,
  );
  await shot('04-runs-view.png');

  // The loss-curve webview draws the trials' curves.
  await palette('PEFT Lab: Show loss curves');
  const inner = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const canvas = inner.locator('canvas').first();
  await canvas.waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  const info = await canvas.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted += 1;
    return { w: c.width, h: c.height, painted };
  });
  check('the loss-curve webview draws a chart', info.painted > 1000, JSON.stringify(info));
  check('no request left the machine', offHost === 0, `offHost=${offHost}`);
  await shot('05-loss-curves.png');
} catch (err) {
  exitCode = 1;
  check('scenario ran without exception', false, String(err?.stack ?? err).slice(0, 1500));
  await shot('99-failure.png');
} finally {
  const failed = results.filter((r) => !r.ok).length;
  if (failed) exitCode = 1;
  writeFileSync(join(OUT, 'result.json'), JSON.stringify({ results, timings }, null, 2));
  console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  process.exit(exitCode);
}
