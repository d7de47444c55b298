// Prints what the built page weighs, file by kind, as served and as gzip would send it (level 9):
// the HTML, the style sheet, the page's scripts (with the WebAssembly glue and the graph layout),
// the inlined WebAssembly module, and the bundled examples.  node scripts/site-weight.mjs [folder]
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const KINDS = [
  ['HTML', (name) => extname(name) === '.html'],
  ['CSS', (name) => extname(name) === '.css'],
  ['inlined module', (name) => name === 'syncplan-wasm.js'],
  ['examples', (name) => name === 'examples.js'],
  ['JS', (name) => extname(name) === '.js'],
  ['icon', (name) => extname(name) === '.svg'],
];

const folder = process.argv[2] ?? 'site';
const totals = new Map(KINDS.map(([kind]) => [kind, { files: 0, raw: 0, gzip: 0 }]));
for (const name of readdirSync(folder).sort()) {
  const kind = KINDS.find(([, matches]) => matches(name));
  if (!kind) continue;
  const bytes = readFileSync(join(folder, name));
  const total = totals.get(kind[0]);
  total.files += 1;
  total.raw += bytes.length;
  total.gzip += gzipSync(bytes, { level: 9 }).length;
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(11);
const all = { files: 0, raw: 0, gzip: 0 };
console.log(`${`${folder}/ weighs:`.padEnd(26)}${'raw'.padStart(11)} ${'gzip'.padStart(11)}`);
for (const [kind, t] of totals) {
  if (t.files === 0) continue;
  console.log(`  ${`${kind} (${t.files} file${t.files === 1 ? '' : 's'})`.padEnd(24)}${kib(t.raw)} ${kib(t.gzip)}`);
  for (const key of Object.keys(all)) all[key] += t[key];
}
console.log(`  ${'total'.padEnd(24)}${kib(all.raw)} ${kib(all.gzip)}`);
