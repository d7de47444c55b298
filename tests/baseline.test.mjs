// The baseline through the command line: write one, lint against it, see only what is new.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, syncplan } from './helpers.mjs';

const JOB = ['--job', 'examples/faulty-job.json'];
const FIXTURES = 'tests/fixtures/baseline/';

/** A baseline written from the faulty example into a fresh temporary folder. */
function written() {
  const path = join(mkdtempSync(join(tmpdir(), 'syncplan-baseline-')), 'baseline.json');
  const run = syncplan(['lint', ...JOB, '--write-baseline', path, 'examples/faulty-upload.json']);
  return { path, run };
}

test('--write-baseline prints the usual report and records every finding', () => {
  const { path, run } = written();
  const usual = syncplan(['lint', ...JOB, 'examples/faulty-upload.json']);
  assert.equal(run.stdout, usual.stdout);
  assert.equal(run.status, 1);
  assert.equal(run.stderr, `syncplan: recorded 11 findings in ${path}\n`);
  const baseline = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(baseline.version, 1);
  assert.equal(baseline.suppressions.reduce((sum, s) => sum + s.count, 0), 11);
  assert.deepEqual(baseline.suppressions.find((s) => s.rule === 'boolean-name'), {
    rule: 'boolean-name',
    key: 'hris:person:1001',
    property: 'enabled',
    count: 1,
  });
  // Deterministic: the same run writes the same bytes.
  const again = written();
  assert.equal(readFileSync(again.path, 'utf8'), readFileSync(path, 'utf8'));
});

test('--baseline leaves the recorded findings out and counts them', () => {
  const { path } = written();
  const clean = syncplan(['lint', ...JOB, '--baseline', path, 'examples/faulty-upload.json']);
  assert.equal(clean.status, 0, clean.stdout);
  assert.equal(clean.stdout, '✔ no problems (11 suppressed by the baseline)\n');
  const json = JSON.parse(syncplan(['lint', ...JOB, '--baseline', path, '--format', 'json', 'examples/faulty-upload.json']).stdout);
  assert.equal(json.suppressed, 11);
  assert.deepEqual(json.diagnostics, []);
  assert.deepEqual(json.summary, { errors: 0, warnings: 0, infos: 0 });
});

test('reordered objects in other batches stay suppressed; a new fault is reported alone', () => {
  const { path } = written();
  const rebatched = syncplan(['lint', ...JOB, '--baseline', path, `${FIXTURES}rebatched-1.json`, `${FIXTURES}rebatched-2.json`]);
  assert.equal(rebatched.status, 0, rebatched.stdout);
  assert.equal(rebatched.stdout, '✔ no problems (11 suppressed by the baseline)\n');
  const fault = JSON.parse(syncplan(['lint', ...JOB, '--baseline', path, '--format', 'json', 'examples/baseline/upload-next.json']).stdout);
  assert.deepEqual(fault.diagnostics.map((d) => [d.rule, d.pointer]), [
    ['data-model-required', '/entities/1'],
    ['entity-required', '/entities/1'],
  ]);
  assert.equal(fault.suppressed, 11);
  assert.equal(syncplan(['lint', ...JOB, '--baseline', path, 'examples/baseline/upload-next.json']).status, 1);
});

test('a finding that now comes more often than the baseline counts is reported every time', () => {
  const { path } = written();
  const grown = syncplan(['lint', ...JOB, '--baseline', path, '--format', 'json', `${FIXTURES}grown.json`]);
  assert.equal(grown.status, 1);
  const report = JSON.parse(grown.stdout);
  const duplicates = report.diagnostics.filter((d) => d.rule === 'duplicate-key').map((d) => d.pointer);
  assert.deepEqual(duplicates, ['/entities/1/_key', '/entities/2/_key']);
  assert.equal(report.diagnostics.length, 8);
  assert.equal(report.suppressed, 7);
});

test('plan takes --baseline too', () => {
  const folder = mkdtempSync(join(tmpdir(), 'syncplan-baseline-'));
  const path = join(folder, 'baseline.json');
  const args = ['--job', 'examples/override/job.json', '--snapshot', 'examples/override/snapshot.json', 'examples/override/upload.json'];
  const first = syncplan(['plan', '--format', 'json', '--write-baseline', path, ...args]);
  const findings = JSON.parse(first.stdout).diagnostics.length;
  assert.ok(findings > 0, first.stdout);
  const planned = JSON.parse(syncplan(['plan', '--format', 'json', '--baseline', path, ...args]).stdout);
  assert.deepEqual(planned.diagnostics, []);
  assert.equal(planned.suppressed, findings);
  assert.ok(planned.plan.overrides.length > 0);
});

test('a malformed or missing baseline exits 2 and says which file and what to do', () => {
  const folder = mkdtempSync(join(tmpdir(), 'syncplan-baseline-'));
  const path = join(folder, 'baseline.json');
  for (const [text, reason] of [
    ['{"version": 1, "suppressions": [', 'invalid JSON: '],
    ['{"version": 1, "suppressions": [{"rule": "boolean-name", "key": "k", "property": "enabled"}]}', 'suppressions[0]: "count" must be a whole number above 0'],
  ]) {
    writeFileSync(path, text);
    const run = syncplan(['lint', ...JOB, '--baseline', path, 'examples/faulty-upload.json']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.ok(run.stderr.startsWith(`syncplan: ${path}: ${reason}`), run.stderr);
    assert.ok(run.stderr.endsWith(`not a syncplan baseline; write one with \`syncplan lint --write-baseline ${path} …\`\n`), run.stderr);
  }
  const missing = syncplan(['lint', ...JOB, '--baseline', join(folder, 'none.json'), 'examples/faulty-upload.json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^syncplan: cannot read .*none\.json: no such file: write one with --write-baseline .*none\.json\n/);
});

test('a baseline is not written when an input is not JSON', () => {
  const folder = mkdtempSync(join(tmpdir(), 'syncplan-baseline-'));
  const path = join(folder, 'baseline.json');
  const run = syncplan(['lint', '--scope', 's1', '--write-baseline', path, '-'], '{"entities": [');
  assert.equal(run.status, 2);
  assert.equal(run.stderr, `syncplan: ${path} not written: an input is not JSON\n`);
  assert.throws(() => readFileSync(path), /ENOENT/);
});

test('the README shows real baseline output, and the example baseline is what --write-baseline writes', () => {
  const { path } = written();
  assert.equal(readFileSync(`${root}examples/baseline/baseline.json`, 'utf8'), readFileSync(path, 'utf8'));
  const readme = readFileSync(`${root}README.md`, 'utf8');
  for (const upload of ['examples/faulty-upload.json', 'examples/baseline/upload-next.json']) {
    const args = ['lint', ...JOB, '--baseline', 'examples/baseline/baseline.json', upload];
    const command = `$ syncplan ${args.join(' ')}\n`;
    assert.ok(readme.includes(command), command);
    const start = readme.indexOf(command) + command.length;
    assert.equal(readme.slice(start, readme.indexOf('```', start)), syncplan(args).stdout);
  }
});
