import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { contentSecurityPolicy, jsonForScript, makeNonce, pageHtml } from '../../../webview/html';
import type { HostMessage } from '../../../webview/protocol';

const code = 'console.log(1)';
const sha256 = createHash('sha256').update(code).digest('base64');

void test('report CSP: nothing but the hashed script; no inline styles, no network', () => {
  const csp = contentSecurityPolicy({ kind: 'inline', code, sha256 });
  assert.match(csp, /^default-src 'none'/);
  assert.ok(csp.includes(`script-src 'sha256-${sha256}'`));
  assert.doesNotMatch(csp, /unsafe|https?:|\*/);
});

void test('panel CSP: nonce script, resources only from the webview source', () => {
  const csp = contentSecurityPolicy({
    kind: 'uri',
    src: 'x',
    nonce: 'N0nce',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  });
  assert.ok(csp.includes(`script-src 'nonce-N0nce'`));
  assert.ok(csp.includes('style-src https://file+.vscode-resource.vscode-cdn.net'));
  assert.doesNotMatch(csp, /unsafe/);
});

void test('embedded data cannot close its script element, whatever the strings hold', () => {
  const hostile = '</script><script>alert(1)</script><!--';
  const data: HostMessage = {
    type: 'init',
    v: 1,
    view: 'report',
    snapshot: { experiment: hostile, metric: 'eval_loss', trials: [], series: [], fits: [] },
  };
  const html = pageHtml({
    view: 'report',
    title: hostile,
    script: { kind: 'inline', code, sha256 },
    data,
  });
  assert.equal(html.match(/<script/g)!.length, 2, 'only the data block and the bundle');
  assert.ok(!html.includes('alert(1)</script>'));
  const json = /<script type="application\/json" id="peft-data">(.*)<\/script>/.exec(html)![1]!;
  assert.deepEqual(JSON.parse(json), data);
  assert.equal(jsonForScript('\u2028<'), '"\\u2028\\u003c"');
});

void test('pageHtml: the view selects the page; panels load the script by nonce; inline </script is refused', () => {
  const panel = pageHtml({
    view: 'curves',
    title: 'Loss "curves"',
    script: { kind: 'uri', src: 'https://x/webview.js', nonce: 'abc', cspSource: 'https://x' },
  });
  assert.ok(panel.includes('<div id="peft-root" data-view="curves">'));
  assert.ok(panel.includes('<script nonce="abc" src="https://x/webview.js"></script>'));
  assert.ok(panel.includes('<title>Loss &#34;curves&#34;</title>'));
  assert.ok(!panel.includes('peft-data'));
  assert.throws(
    () =>
      pageHtml({
        view: 'report',
        title: 't',
        script: { kind: 'inline', code: 'x="</script>"', sha256: 'h' },
      }),
    /cannot embed/,
  );
});

void test('nonces are 32 url-safe characters and differ between calls', () => {
  const a = makeNonce();
  assert.match(a, /^[A-Za-z0-9_-]{32}$/);
  assert.notEqual(a, makeNonce());
});
