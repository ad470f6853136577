/**
 * Writes syntaxes/peft.tmLanguage.json from the catalog. Usage: `npx tsx scripts/gen-grammar.ts`
 * (run after adding a method, family, optimizer, schedule, law or parameter; a unit test checks it).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarJson } from '../core/catalog/grammar';

const out = join(__dirname, '..', 'syntaxes', 'peft.tmLanguage.json');
writeFileSync(out, grammarJson());
process.stdout.write(`wrote ${out}\n`);
