// The generated data-model tables are current with the pinned @jupiterone/data-model.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('..', import.meta.url));
const generator = `${root}scripts/gen-data-model.mjs`;
const generated = `${root}src/jupiterone/data_model.rs`;

function check(file) {
  return spawnSync(process.execPath, [generator, '--check', '--file', file], { encoding: 'utf8' });
}

test('src/jupiterone/data_model.rs matches the pinned package', () => {
  const run = check(generated);
  assert.equal(run.status, 0, run.stderr);
  const pinned = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).devDependencies['@jupiterone/data-model'];
  assert.match(readFileSync(generated, 'utf8'), new RegExp(`version ${pinned.replace(/\./g, '\\.')} \\(licence MPL-2\\.0\\)`));
});

test('the check fails on a stale copy', () => {
  const stale = join(mkdtempSync(join(tmpdir(), 'syncplan-')), 'data_model.rs');
  writeFileSync(stale, readFileSync(generated, 'utf8').replace('"LINKS",', ''));
  const run = check(stale);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /is stale: run `node scripts\/gen-data-model\.mjs`/);
});
