/**
 * Code and docs cite the design documents as "PEFT-METHODS §1.9" or "SCALING-LAWS.md §2.3". Those
 * documents live in docs/design/ (docs/design/README.md); every citation must name a document
 * there and a section that document has, so a reader can follow it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';

const root = join(__dirname, '..', '..', '..');
const DESIGN = join(root, 'docs', 'design');
const NAMES = [
  'DESIGN',
  'PEFT-METHODS',
  'SCALING-LAWS',
  'RUNTIME-NOTES',
  'DATA-AND-CLUSTER',
  'USERS-AND-ANCHORS',
  'STYLE',
];
const SKIP = new Set([
  'node_modules',
  'dist',
  '.git',
  '.peft',
  '.e2e',
  '.gpu',
  'design',
  'fixtures',
]);

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(ts|md|mjs|py|sh)$/.test(name)) out.push(p);
  }
  return out;
}

const CITATION = new RegExp(`\\b(${NAMES.join('|')})(?:\\.md)?,? §\\s?(\\d+(?:\\.\\d+)*)`, 'g');

/**
 * A section is a heading ("## 2. …", "### 1.9 …"), or item `b` of the numbered list under the
 * heading of section `a` ("USERS-AND-ANCHORS §3.4" = item 4 under "## 3. …"), or a numbered item of the whole document.
 */
function hasSection(doc: string, section: string): boolean {
  const esc = (x: string) => x.replace(/\./g, '\\.');
  if (new RegExp(`^#+\\s+${esc(section)}\\.?(\\s|$)`, 'm').test(doc)) return true;
  const dot = section.lastIndexOf('.');
  // STYLE numbers its items through the whole document: "STYLE §9" is item 9.
  if (dot < 0) return new RegExp(`^${esc(section)}\\.\\s`, 'm').test(doc);
  const parent = new RegExp(`^(#+)\\s+${esc(section.slice(0, dot))}\\.?\\s`, 'm').exec(doc);
  if (!parent) return false;
  const rest = doc.slice(parent.index + parent[0].length);
  const next = new RegExp(`^#{1,${parent[1]!.length}}\\s`, 'm').exec(rest);
  const body = next ? rest.slice(0, next.index) : rest;
  return new RegExp(`^\\s*${esc(section.slice(dot + 1))}\\.\\s`, 'm').test(body);
}

void test('every design document the repository cites is in docs/design with the cited section', () => {
  const headings = new Map<string, string>();
  for (const n of NAMES) headings.set(n, readFileSync(join(DESIGN, `${n}.md`), 'utf8'));
  const broken: string[] = [];
  let count = 0;
  for (const f of files(root)) {
    for (const m of readFileSync(f, 'utf8').matchAll(CITATION)) {
      count++;
      const [, name, section] = m;
      const doc = headings.get(name!)!;
      if (!hasSection(doc, section!)) broken.push(`${relative(root, f)}: ${m[0]}`);
    }
  }
  assert.ok(
    count > 30,
    `found ${count} citations; the pattern must still match how the code cites`,
  );
  assert.deepEqual(broken, [], 'citations of sections the design documents do not have');
});
