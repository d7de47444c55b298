// The Node command line and package, as built into pkg/ by `make build`.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, syncplan } from './helpers.mjs';

test('a clean upload exits 0', () => {
  const run = syncplan(['lint', '--scope', 'hris-people', 'examples/hris-people.json']);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.stdout, '✔ no problems\n');
});

test('the faulty example exits 1 with grouped, located, hinted text', () => {
  const run = syncplan(['lint', '--job', 'examples/faulty-job.json', 'examples/faulty-upload.json']);
  assert.equal(run.status, 1);
  const lines = run.stdout.split('\n');
  assert.equal(lines[0], 'examples/faulty-job.json');
  assert.match(run.stdout, /^examples\/faulty-upload\.json$/m);
  assert.match(run.stdout, /error\[duplicate-key\]: Duplicate _key detected \(_key=hris:person:1001\)/);
  assert.match(run.stdout, /--> examples\/faulty-upload\.json:\d+:\d+ \(\/entities\/1\/_key\)/);
  assert.match(run.stdout, /^ +\| +\^$/m);
  assert.match(run.stdout, /= hint: /);
  assert.match(run.stdout, /✖ \d+ problems: \d+ errors?, \d+ warnings?, \d+ infos?\n$/);
});

test('text groups a rule that fires over 20 times; json lists each one', () => {
  // 2,500 entities of one export, each with an `enabled` flag, a third also `active`: 3,334.
  const entities = Array.from({ length: 2500 }, (_, i) => ({
    _key: `hris:person:${String(i).padStart(5, '0')}`, _type: 'hris_person', _class: 'Record',
    name: `p${i}`, displayName: `P${i}`, enabled: i % 2 === 0, ...(i % 3 === 0 ? { active: true } : {}),
  }));
  const body = JSON.stringify({ entities }, null, 2);
  const text = syncplan(['lint', '--scope', 'hris-people', '-'], body);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^ {2}info\[boolean-name\]: 3,334 diagnostics, grouped \(--format json lists each one\)$/m);
  // Counted among the 1,000 a report lists per rule.
  assert.match(text.stdout, /^ {4}750 at property "enabled", e\.g\. <stdin>:9:7 \(\/entities\/0\/enabled\)$/m);
  assert.match(text.stdout, /^ {4}250 at property "active", e\.g\. <stdin>:10:7 \(\/entities\/0\/active\)$/m);
  assert.equal(text.stdout.match(/info\[boolean-name\]/g).length, 1);
  assert.equal(syncplan(['lint', '--scope', 'hris-people', '-'], body).stdout, text.stdout);
  const json = JSON.parse(syncplan(['lint', '--format', 'json', '--scope', 'hris-people', '-'], body).stdout);
  assert.equal(json.diagnostics.filter((d) => d.rule === 'boolean-name').length, 1000);
  assert.equal(json.omitted['boolean-name'], 2334);
});

test('json output follows the report contract', () => {
  const run = syncplan(['lint', '--format', 'json', '--job', 'examples/faulty-job.json', 'examples/faulty-upload.json']);
  assert.equal(run.status, 1);
  const report = JSON.parse(run.stdout);
  assert.equal(report.version, 1);
  assert.deepEqual(report.job, { source: 'api', syncMode: 'DIFF', scope: 'upload-2026-04-28' });
  const duplicate = report.diagnostics.find((d) => d.rule === 'duplicate-key');
  assert.deepEqual(Object.keys(duplicate), ['rule', 'severity', 'message', 'file', 'pointer', 'line', 'column', 'hint']);
  assert.equal(duplicate.file, 'examples/faulty-upload.json');
  assert.equal(duplicate.pointer, '/entities/1/_key');
  const text = readFileSync(`${root}examples/faulty-upload.json`, 'utf8').split('\n');
  assert.equal(text[duplicate.line - 1].indexOf('"hris:person:1001"') + 1, duplicate.column);
  const counted = { errors: 0, warnings: 0, infos: 0 };
  for (const d of report.diagnostics) counted[`${d.severity}s`] += 1;
  assert.deepEqual(report.summary, counted);
});

test('several files are the batches of one job', () => {
  const run = syncplan(['lint', '--scope', 'hris-people', '--format', 'json', 'examples/hris-people.json', 'examples/hris-people.json']);
  assert.equal(run.status, 1);
  const report = JSON.parse(run.stdout);
  const duplicates = report.diagnostics.filter((d) => d.rule === 'duplicate-key');
  assert.equal(duplicates.length, 5);
  assert.ok(duplicates.every((d) => d.file === 'examples/hris-people.json' && d.hint.includes('batch 1')));
});

test('flags override the start body', () => {
  const run = syncplan(['lint', '--format', 'json', '--job', 'examples/faulty-job.json', '--scope', 'hris-people', 'examples/hris-people.json']);
  assert.equal(run.status, 0, run.stdout);
  assert.equal(JSON.parse(run.stdout).job.scope, 'hris-people');
});

test('standard input is read with -', () => {
  const body = readFileSync(`${root}tests/fixtures/seeds/003-okta-jamf.json`, 'utf8');
  const run = syncplan(['lint', '--mode', 'CROSS_SCOPE', '--scope', 'okta-jamf-ownership', '-'], body);
  assert.equal(run.status, 0, run.stdout);
  const faulty = syncplan(['lint', '--mode', 'CROSS_SCOPE', '--scope', 'okta-jamf-ownership', '--format', 'json', '-'], '{"entities": [1]}');
  assert.equal(JSON.parse(faulty.stdout).diagnostics[0].file, '<stdin>');
});

test('seed examples lint without errors through the CLI', () => {
  const seeds = `${root}tests/fixtures/seeds/`;
  for (const [job, upload] of [
    ['001-override-job.json', '001-override-upload.json'],
    ['002-external-job.json', '002-team-owns-app.json'],
    ['003-okta-jamf-job.json', '003-okta-jamf.json'],
  ]) {
    const run = syncplan(['lint', '--job', seeds + job, seeds + upload]);
    assert.equal(run.status, 0, `${upload}: ${run.stdout}`);
  }
});

test('unreadable input exits 2 with a message naming the file', () => {
  const missing = syncplan(['lint', '--scope', 's1', 'no/such/file.json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^syncplan: cannot read no\/such\/file\.json: no such file/);
  const directory = syncplan(['lint', '--scope', 's1', '--snapshot', 'examples', 'examples/hris-people.json']);
  assert.equal(directory.status, 2);
  assert.match(directory.stderr, /cannot read examples: it is a folder: give a file/);
  // A folder given as the uploads is read as an integration SDK run's output.
  const notSdk = syncplan(['lint', '--scope', 's1', 'examples']);
  assert.equal(notSdk.status, 2);
  assert.match(notSdk.stderr, /^syncplan: examples is not the integration SDK's output: it has no graph\/ folder/);
});

test('invalid JSON exits 2 and names the line and column', () => {
  const run = syncplan(['lint', '--scope', 's1', '-'], '{\n  "entities": [\n    {"_key": 1,,}\n  ]\n}');
  assert.equal(run.status, 2);
  assert.match(run.stdout, /invalid JSON: key must be a string at line 3, column 16/);
  assert.match(run.stdout, /--> <stdin>:3:16/);
});

test('bad usage exits 2', () => {
  for (const args of [['lint'], ['lint', '--colour', 'x.json'], ['lint', '--scope'], ['frobnicate'], ['lint', '--format', 'yaml', 'x.json'], []]) {
    const run = syncplan(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr + run.stdout, /usage:/);
  }
  assert.equal(syncplan(['--help']).status, 0);
});

test('each command takes its own options: others, and a flag missing its value, are bad usage', () => {
  const cases = [
    [['jim', 'lint', '--rule', 'jim-no-flows=off', 'examples/jim/config.json'], /^syncplan: jim lint does not take --rule/],
    [['lint', '--fail-on-delete', '5', 'examples/hris-people.json'], /^syncplan: lint does not take --fail-on-delete/],
    [['snapshot', '--format', 'json', '--scope', 's1'], /^syncplan: snapshot does not take --format/],
    // Once, --scope took --mode as the scope's name.
    [['lint', '--scope', '--mode', 'DIFF', 'examples/hris-people.json'], /^syncplan: --scope needs a value before --mode/],
    [['snapshot', '--scope', 's1', '-o'], /^syncplan: -o needs a value\n/],
    [['plan', '--snapshot-from-account=yes', 'x.json'], /^syncplan: --snapshot-from-account takes no value\n/],
  ];
  for (const [args, message] of cases) {
    const run = syncplan(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.match(run.stderr, /usage:/);
  }
  // A value starting with a dash is given with =.
  const dashed = syncplan(['lint', '--format=json', '--scope=-odd-', 'examples/hris-people.json']);
  assert.equal(JSON.parse(dashed.stdout).job.scope, '-odd-');
});

/** The first line of `syncplan <command> --help`. */
const usageOf = (command) => `usage: syncplan ${command}`;

test('an option a command does not take names the commands that do and shows that command\'s usage', () => {
  for (const [args, message, command] of [
    [['jim', 'lint', '--rule', 'jim-no-flows=off', 'examples/jim/config.json'], 'jim lint does not take --rule (lint and plan do)', 'jim lint <config.json>'],
    [['lint', '--fail-on-delete', '5', 'examples/hris-people.json'], 'lint does not take --fail-on-delete (plan and jim preview do)', 'lint [options]'],
    [['jim', 'preview', '--partial-types', 'x', 'examples/jim/config.json'], 'jim preview does not take --partial-types (lint and plan do)', 'jim preview --snapshot'],
    [['rules', '--max-warnings', '0'], 'rules does not take --max-warnings (lint, plan, jim lint and jim preview do)', 'rules [--format json|text]'],
    [['snapshot', '--scope', 's1', '--colour'], 'snapshot does not take --colour', 'snapshot --scope NAME'],
    [['jim', 'rules', '-o', 'x'], 'jim rules does not take -o', 'jim rules'],
  ]) {
    const run = syncplan(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.ok(run.stderr.startsWith(`syncplan: ${message}\n\n${usageOf(command)}`), run.stderr);
    // The command's usage, not every command's.
    assert.equal(run.stderr.match(/^usage:/gm).length, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /syncplan plan \[options\]/);
  }
});

test('each command\'s --help lists the options it takes and no others', () => {
  const lint = syncplan(['lint', '--help']);
  assert.equal(lint.status, 0);
  assert.ok(lint.stdout.startsWith(`${usageOf('lint [options] <file...|folder>')}\n`), lint.stdout);
  for (const option of ['--mode', '--source', '--scope', '--instance', '--job', '--snapshot FILE', '--partial-types', '--format text|json|sarif|github|markdown', '--rule', '--max-warnings', '--baseline', '--write-baseline', '-h, --help']) {
    assert.match(lint.stdout, new RegExp(`^  ${option.replace(/[|[\]]/g, '\\$&')} `, 'm'), option);
  }
  assert.doesNotMatch(lint.stdout, /--fail-on-delete|--snapshot-from-account|--output|--account/);
  const jimLint = syncplan(['jim', 'lint', '-h']).stdout;
  assert.deepEqual(jimLint.match(/^ {2}(?:-\w, )?--[\w-]+/gm), ['  --format', '  --max-warnings', '  -h, --help']);
  assert.match(syncplan(['snapshot', '--help']).stdout, /^ {2}-o, --output FILE +where to write it/m);
  // Every command is in the overview, which points at the commands' own help.
  const overview = syncplan(['--help']).stdout;
  for (const command of ['lint', 'plan', 'snapshot', 'rules', 'jim lint', 'jim preview', 'jim rules', 'version']) {
    assert.match(overview, new RegExp(`^ {2}syncplan ${command}\\b`, 'm'), command);
  }
  assert.match(overview, /`syncplan <command> --help` lists a command's options/);
});

test('a value option followed by another option is bad usage, not the value', () => {
  for (const [args, message] of [
    [['lint', '--scope', '--mode', 'DIFF', 'examples/hris-people.json'], '--scope needs a value before --mode (a value that starts with - goes as --scope=VALUE)'],
    [['lint', '--rule', '--format', 'json', 'examples/hris-people.json'], '--rule needs a value before --format (a value that starts with - goes as --rule=VALUE)'],
    [['jim', 'preview', '--snapshot', '--format=json', 'examples/jim/config.json'], '--snapshot needs a value before --format=json (a value that starts with - goes as --snapshot=VALUE)'],
    [['snapshot', '-o', '--scope', 's1'], '-o needs a value before --scope (a value that starts with - goes as --output=VALUE)'],
    [['lint', 'examples/hris-people.json', '--scope'], '--scope needs a value'],
  ]) {
    const run = syncplan(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.ok(run.stderr.startsWith(`syncplan: ${message}\n\nusage: `), run.stderr);
  }
  // "-" (standard input) is a value, and --rule stays repeatable.
  const run = syncplan(['lint', '--format', 'json', '--rule', 'boolean-name=off', '--rule', 'duplicate-key=warning', '--snapshot', '-', '--scope', 'hris-people', 'examples/hris-people.json'], '{"entities": [], "relationships": []}');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).job.scope, 'hris-people');
});

test('--version and syncplan version print the version; commands without files take none', () => {
  const expected = `syncplan ${JSON.parse(readFileSync(`${root}pkg.json`, 'utf8')).version}\n`;
  for (const args of [['--version'], ['version']]) {
    const run = syncplan(args);
    assert.equal(run.status, 0, args.join(' '));
    assert.equal(run.stdout, expected);
  }
  for (const [args, message] of [
    [['rules', 'extra.json'], 'rules takes no files, not "extra.json"'],
    [['jim', 'rules', 'x'], 'jim rules takes no files, not "x"'],
    [['version', 'x'], 'version takes no files, not "x"'],
    [['snapshot', '--scope', 's1', 'upload.json'], 'snapshot takes no files, not "upload.json"'],
  ]) {
    const run = syncplan(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.ok(run.stderr.startsWith(`syncplan: ${message}\n\nusage: `), run.stderr);
  }
});

test('an input that cannot be read is one line that names it and the fix, without the usage', () => {
  for (const [args, message] of [
    [['lint', '--scope', 's1', 'no/such/file.json'], 'cannot read no/such/file.json: no such file: check the path'],
    [['lint', '--job', 'no-job.json', 'examples/hris-people.json'], 'cannot read no-job.json: no such file: check the path'],
    [['plan', '--scope', 's1', '--snapshot', 'examples', 'examples/hris-people.json'], 'cannot read examples: it is a folder: give a file'],
    [['lint', '--scope', 's1', 'examples/hris-people.json/upload.json'], 'cannot read examples/hris-people.json/upload.json: a part of its path is a file, not a folder: check the path'],
    [['jim', 'lint', 'no-config.json'], 'cannot read no-config.json: no such file: check the path'],
    [['jim', 'preview', '--snapshot', 'no-state.json', 'examples/jim/config.json'], 'cannot read no-state.json: no such file: check the path'],
    // snapshot reads the scope from --job before it goes to the account.
    [['snapshot', '--job', 'no-job.json'], 'cannot read no-job.json: no such file: check the path'],
  ]) {
    const run = syncplan(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stderr, `syncplan: ${message}\n`);
    assert.equal(run.stdout, '');
  }
  const notJson = syncplan(['snapshot', '--job', 'README.md']);
  assert.equal(notJson.status, 2);
  assert.match(notJson.stderr, /^syncplan: cannot read the scope from README\.md: it is not JSON \([^\n]*\)\n$/);
});

test('a file without read permission names the fix', { skip: process.getuid?.() === 0 && 'root reads any file' }, () => {
  const path = join(mkdtempSync(join(tmpdir(), 'syncplan-cli-')), 'upload.json');
  writeFileSync(path, '{"entities": []}');
  chmodSync(path, 0o200);
  const run = syncplan(['lint', '--scope', 's1', path]);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, `syncplan: cannot read ${path}: permission denied: make it readable for this user (chmod, chown)\n`);
});

test('rules lists the catalog as text and json', () => {
  const json = syncplan(['rules', '--format', 'json']);
  assert.equal(json.status, 0);
  const rules = JSON.parse(json.stdout);
  assert.ok(rules.length > 40);
  for (const rule of rules) {
    assert.deepEqual(Object.keys(rule), ['id', 'severity', 'doc']);
    assert.match(rule.id, /^[a-z0-9-]+$/);
    assert.ok(['error', 'warning', 'info'].includes(rule.severity));
  }
  const text = syncplan(['rules']);
  assert.equal(text.stdout.trim().split('\n').length, rules.length);
  assert.match(text.stdout, /^duplicate-key +error +A `_key` is uploaded once per job/m);
});

test('the package API lints from strings and bytes', async () => {
  const manifest = JSON.parse(readFileSync(`${root}pkg/package.json`, 'utf8'));
  assert.equal(manifest.bin.syncplan, 'cli.js');
  const { lint, rules } = await import(`${root}pkg/node.js`);
  const body = readFileSync(`${root}examples/faulty-upload.json`);
  const fromBytes = lint({ scope: 'hris-people' }, [body]);
  const fromText = lint({ scope: 'hris-people' }, [body.toString('utf8')]);
  assert.deepEqual(fromBytes, fromText);
  assert.ok(fromBytes.summary.errors > 0);
  assert.throws(() => lint({ scope: 'x', mode: 'DIFF' }, [body]), /unknown field `mode`/);
  assert.equal(lint({ scope: 'hris-people' }, [body]).summary.errors, fromBytes.summary.errors);
  assert.equal(rules().length, JSON.parse(syncplan(['rules', '--format', 'json']).stdout).length);
});

test('the README shows real output and lists every rule', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const command = '$ syncplan lint --job examples/faulty-job.json examples/faulty-upload.json\n';
  const start = readme.indexOf(command) + command.length;
  const shown = readme.slice(start, readme.indexOf('```', start));
  const run = syncplan(['lint', '--job', 'examples/faulty-job.json', 'examples/faulty-upload.json']);
  assert.equal(shown, run.stdout);
  const override = ['plan', '--job', 'examples/override/job.json', '--snapshot', 'examples/override/snapshot.json', 'examples/override/upload.json'];
  const planCommand = `$ syncplan ${override.join(' ')}\n`;
  const planStart = readme.indexOf(planCommand) + planCommand.length;
  assert.equal(readme.slice(planStart, readme.indexOf('```', planStart)), syncplan(override).stdout);
  const jimCommand = '$ syncplan jim preview --snapshot examples/jim/state.json examples/jim/config.json\n';
  const jimStart = readme.indexOf(jimCommand) + jimCommand.length;
  assert.equal(readme.slice(jimStart, readme.indexOf('```', jimStart)), syncplan(['jim', 'preview', ...JIM]).stdout);
  const crossScope = "`plan` adds a `plan` member. The CROSS_SCOPE example's:\n\n```json\n";
  const crossStart = readme.indexOf(crossScope) + crossScope.length;
  const crossArgs = ['plan', '--format', 'json', '--job', 'examples/cross-scope/job.json', '--snapshot', 'examples/cross-scope/snapshot.json', 'examples/cross-scope/upload.json'];
  assert.deepEqual(JSON.parse(readme.slice(crossStart, readme.indexOf('```', crossStart))), JSON.parse(syncplan(crossArgs).stdout).plan);
  const catalogs = [...JSON.parse(syncplan(['rules', '--format', 'json']).stdout), ...JSON.parse(syncplan(['jim', 'rules', '--format', 'json']).stdout)];
  for (const rule of catalogs) {
    assert.ok(readme.includes(`| \`${rule.id}\` | ${rule.severity} | ${rule.doc.replace(/\|/g, '\\|')} |`), rule.id);
  }
});

const HRIS = ['--job', 'examples/hris/job.json', '--snapshot', 'examples/hris/snapshot.json', 'examples/hris/upload-1.json', 'examples/hris/upload-2.json'];

test('plan shows deletions first and a terraform-style summary', () => {
  const run = syncplan(['plan', ...HRIS]);
  assert.equal(run.status, 0, run.stderr);
  const plan = run.stdout.slice(run.stdout.indexOf('Plan for scope "hris-people" (DIFF)'));
  assert.ok(plan.indexOf('Delete (18):') < plan.indexOf('Create (10):'));
  assert.match(plan, /^ {2}- entity hris:person:E1044 \(hris_person\): not in this upload$/m);
  assert.match(plan, /^ {6}~ title: "[^"]+" → "[^"]+"$/m);
  assert.match(plan, /^ {2}! relationship hris:person:E1040\|manages\|hris:person:E1044: _toEntityKey "hris:person:E1044" is neither uploaded nor kept in this scope$/m);
  assert.match(plan, /\nPlan: 10 to create, 10 to update, 18 to delete, 1 skipped\n$/);
});

test('plan json carries the plan and its counters', () => {
  const report = JSON.parse(syncplan(['plan', '--format', 'json', ...HRIS]).stdout);
  assert.deepEqual(Object.keys(report.plan), ['entities', 'relationships', 'counters', 'previous']);
  assert.equal(report.plan.entities.delete.length, 8);
  assert.equal(report.plan.counters.numEntitiesUploaded, 309);
  assert.equal(report.plan.counters.numRelationshipCreateErrors, 1);
  assert.deepEqual(report.plan.previous, { entities: 312, relationships: 328 });
  const keys = report.plan.entities.delete.map((d) => d._key);
  assert.deepEqual(keys, [...keys].sort());
});

test('--fail-on-delete trips on a count or a share of the previous state', () => {
  const count = syncplan(['plan', '--fail-on-delete', '17', ...HRIS]);
  assert.equal(count.status, 1);
  assert.equal(count.stderr, 'syncplan: 18 deletions exceed --fail-on-delete 17\n');
  assert.equal(syncplan(['plan', '--fail-on-delete', '18', ...HRIS]).status, 0);
  // 18 of 640 previous objects is 2.8%.
  assert.equal(syncplan(['plan', '--fail-on-delete', '3%', ...HRIS]).status, 0);
  const share = syncplan(['plan', '--fail-on-delete', '2.5%', ...HRIS]);
  assert.equal(share.status, 1);
  assert.match(share.stderr, /18 deletions exceed --fail-on-delete 2\.5% \(2\.5% of 640 objects\)/);
  assert.equal(syncplan(['plan', '--fail-on-delete', 'many', ...HRIS]).status, 2);
});

test('--partial-types keeps entities of those types', () => {
  const report = JSON.parse(syncplan(['plan', '--format', 'json', '--partial-types', 'hris_person', ...HRIS]).stdout);
  assert.equal(report.plan.entities.delete.length, 0);
  assert.equal(report.plan.entities.kept.length, 8);
  assert.ok(report.plan.entities.kept.every((k) => k.reason === 'partial dataset'));
});

test('lint reasons with --partial-types: a relationship to a kept entity does not dangle', () => {
  const lint = (...args) => JSON.parse(syncplan(['lint', '--format', 'json', ...args, ...HRIS]).stdout).diagnostics;
  assert.deepEqual(lint().map((d) => d.rule), ['relationship-endpoint']);
  assert.deepEqual(lint('--partial-types', 'hris_person'), []);
});

test('plan needs a snapshot; lint accepts one', () => {
  const missing = syncplan(['plan', '--scope', 'hris-people', 'examples/hris/upload-1.json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /plan needs --snapshot FILE/);
  const lint = syncplan(['lint', '--format', 'json', '--job', 'examples/override/job.json', '--snapshot', 'examples/override/snapshot.json', 'examples/override/upload.json']);
  const unknown = JSON.parse(lint.stdout).diagnostics.filter((d) => d.rule === 'unknown-id');
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0].pointer, '/entities/4/_id');
});

test('the OVERRIDE and CROSS_SCOPE examples show winners and skips', () => {
  const override = syncplan(['plan', '--job', 'examples/override/job.json', '--snapshot', 'examples/override/snapshot.json', 'examples/override/upload.json']);
  assert.match(override.stdout, /criticality: stays "tier-2": the older override of platform-tiers wins; repo-criticality's value is recorded but shadowed/);
  assert.match(override.stdout, /owner: "team-legacy" → "team-web" \(override removed; now the entity's own value; if a PATCH job set this property before/);
  const cross = syncplan(['plan', '--job', 'examples/cross-scope/job.json', '--snapshot', 'examples/cross-scope/snapshot.json', 'examples/cross-scope/upload.json']);
  assert.match(cross.stdout, /! relationship okta-user:carol\|owns\|jamf-device:laptop-003: _toEntityKey "jamf-device:laptop-003" in scope "jamf-instance-id" is soft-deleted/);
});

test('the package Job class follows the job lifecycle', async () => {
  const { Job } = await import(`${root}pkg/node.js`);
  const job = new Job({ syncMode: 'DIFF', scope: 'hris-people' });
  assert.equal(job.state, 'AWAITING_UPLOADS');
  const diagnostics = job.upload(readFileSync(`${root}examples/hris/upload-1.json`), 'upload-1.json');
  assert.deepEqual(diagnostics, []);
  job.upload(readFileSync(`${root}examples/hris/upload-2.json`, 'utf8'), 'upload-2.json');
  const report = job.finalize(readFileSync(`${root}examples/hris/snapshot.json`), { partialDatasets: { types: [] } });
  assert.equal(job.state, 'FINISHED');
  assert.equal(report.plan.entities.delete.length, 8);
  assert.throws(() => job.upload('{"entities": []}'), (error) => error.code === 'JOB_NOT_AWAITING_UPLOADS');
});

const JIM = ['--snapshot', 'examples/jim/state.json', 'examples/jim/config.json'];

test('jim lint and jim preview', () => {
  const lint = syncplan(['jim', 'lint', 'examples/jim/config.json']);
  assert.equal(lint.status, 0);
  assert.match(lint.stdout, /warning\[jim-negated-criterion\]: NotEquals on "department" also leaves out every object without "department"/);
  const preview = syncplan(['jim', 'preview', ...JIM]);
  assert.equal(preview.status, 0, preview.stderr);
  assert.match(preview.stdout, /^ {2}HR employee hr-1006: AmbiguousMatch: matching rule 1 found 2 metaverse objects: mv-6a, mv-6b$/m);
  assert.match(preview.stdout, /→ Directory user dir-3: Delete \(DeprovisionQueued\)/);
  assert.match(preview.stdout, /\nDeletions: 2 of 16 objects\n$/);
  const json = JSON.parse(syncplan(['jim', 'preview', '--format', 'json', ...JIM]).stdout);
  assert.equal(json.preview.counts.Projected, 1);
  assert.equal(json.preview.deletions, 2);
  // The deletion guard counts delete exports and metaverse deletions.
  const guarded = syncplan(['jim', 'preview', '--fail-on-delete', '1', ...JIM]);
  assert.equal(guarded.status, 1);
  assert.match(guarded.stderr, /2 deletions exceed --fail-on-delete 1/);
  assert.equal(syncplan(['jim', 'preview', '--fail-on-delete', '20%', ...JIM]).status, 0);
  // Usage.
  assert.equal(syncplan(['jim', 'preview', 'examples/jim/config.json']).status, 2);
  assert.equal(syncplan(['jim', 'frob']).status, 2);
  const broken = syncplan(['jim', 'lint', '-'], '{"syncRules": [{"direction": "Import"}]}');
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /error\[jim-required\]/);
});
