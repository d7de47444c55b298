// The integration SDK's output folder as input: the bundled run (examples/sdk-run/, written by
// scripts/gen-sdk-example.mjs) and small folders made here for the edge cases.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { brotliCompressSync } from 'node:zlib';
import { root, syncplan } from './helpers.mjs';

const RUN = 'examples/sdk-run/.j1-integration';
const INSTANCE = '6f1d2b8a-3c4e-4f50-9a7b-2e8c1d0f4a65';
const PLAN = ['plan', '--instance', INSTANCE, '--snapshot', 'examples/sdk-run/snapshot.json'];

const json = (args) => JSON.parse(syncplan([args[0], '--format', 'json', ...args.slice(1)]).stdout);
const count = (report, rule) => report.diagnostics.filter((d) => d.rule === rule).length;

/** Every graph file of a folder, relative to the repository root, in the order expected. */
function graphFiles(folder) {
  const graph = join(root, folder, 'graph');
  return readdirSync(graph)
    .sort()
    .flatMap((step) =>
      ['entities', 'relationships'].flatMap((kind) => {
        let names = [];
        try {
          names = readdirSync(join(graph, step, kind)).sort();
        } catch {}
        return names.map((name) => relative(root, join(graph, step, kind, name)));
      }),
    );
}

test('lint reads the SDK folder: each graph file a batch, the summary checked, index/ not read twice', () => {
  const run = syncplan(['lint', RUN]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const report = json(['lint', RUN]);
  assert.deepEqual(report.job, { source: 'integration-external', syncMode: 'DIFF' });
  // index/ links every file again: read twice, every _key would be a duplicate.
  assert.equal(count(report, 'duplicate-key'), 0);
  assert.equal(count(report, 'step-failed'), 2);
  assert.equal(count(report, 'step-undeclared-type'), 1);
  const undeclared = report.diagnostics.find((d) => d.rule === 'step-undeclared-type');
  assert.equal(undeclared.file, `${RUN}/summary.json`);
  assert.equal(undeclared.pointer, '/integrationStepResults/2/encounteredTypes/1');
  assert.match(undeclared.message, /step "fetch-groups" collected _type "acme_group_has_group" without declaring it/);
  // Without an instance the job could not start, but the data can be checked: a warning.
  const instance = report.diagnostics.find((d) => d.rule === 'job-instance-required');
  assert.equal(instance.severity, 'warning');
  // Relationships to applications the failed step did not collect are kept by the partial
  // dataset, so none is dangling.
  assert.equal(count(report, 'relationship-endpoint'), 0);
  // Diagnostics name the graph file they are in, relative to the working directory.
  const files = new Set(report.diagnostics.map((d) => d.file));
  const graph = graphFiles(RUN);
  for (const file of files) assert.ok(file === `${RUN}/summary.json` || file === null || graph.includes(file), file);
  assert.match(run.stdout, new RegExp(`--> ${RUN.replace(/\./g, '\\.')}/graph/fetch-account/entities/[0-9a-f-]{36}\\.json:\\d+:\\d+ `));
});

test('the graph/ subfolder reads the same run', () => {
  assert.deepEqual(json(['lint', `${RUN}/graph`]), json(['lint', RUN]));
});

test('--partial-types overrides the summary: without it the edges to uncollected applications dangle', () => {
  const report = json(['lint', '--partial-types', '', RUN]);
  const dangling = report.diagnostics.filter((d) => d.rule === 'relationship-endpoint');
  assert.ok(dangling.length > 0);
  assert.ok(dangling.every((d) => /"0oa-app-0(2|3)\d"/.test(d.message)), dangling[0]?.message);
});

test('plan keeps what the failed step did not collect and deletes the leavers', () => {
  const run = syncplan([...PLAN, RUN]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /\nPlan: 24 to create, 5 to update, 12 to delete, 0 skipped, 20 kept\n$/);
  const { plan } = json([...PLAN, RUN]);
  assert.equal(plan.entities.kept.length, 20);
  assert.ok(plan.entities.kept.every((k) => k._type === 'acme_application' && k.reason === 'partial dataset'));
  assert.equal(plan.entities.delete.length, 3);
  assert.equal(plan.relationships.skipped.length, 0);
  // Told that nothing is partial, finalize would delete the 20 applications instead.
  const strict = json([...PLAN, '--partial-types', '', RUN]).plan;
  assert.equal(strict.entities.kept.length, 0);
  assert.equal(strict.entities.delete.filter((d) => d._type === 'acme_application').length, 20);
});

test('the instance comes from JUPITERONE_INTEGRATION_INSTANCE_ID too, and plan needs one', () => {
  const run = (args, env) =>
    spawnSync(process.execPath, [`${root}pkg/cli.js`, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  const args = ['plan', '--format', 'json', '--snapshot', 'examples/sdk-run/snapshot.json', RUN];
  const viaEnv = run(args, { JUPITERONE_INTEGRATION_INSTANCE_ID: INSTANCE });
  assert.equal(viaEnv.status, 0, viaEnv.stderr);
  assert.equal(JSON.parse(viaEnv.stdout).job.integrationInstanceId, INSTANCE);
  const without = run(args, { JUPITERONE_INTEGRATION_INSTANCE_ID: '' });
  assert.equal(without.status, 1);
  const missing = JSON.parse(without.stdout).diagnostics.find((d) => d.rule === 'job-instance-required');
  assert.equal(missing.severity, 'error');
});

test('SARIF, GitHub and markdown keep the folder paths relative to the working directory', () => {
  const sarif = JSON.parse(syncplan(['lint', '--format', 'sarif', RUN]).stdout);
  const uris = sarif.runs[0].results.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation.uri).filter(Boolean);
  assert.ok(uris.length > 0);
  assert.ok(uris.every((uri) => uri.startsWith(`${RUN}/`)), uris[0]);
  const github = syncplan(['lint', '--format', 'github', RUN]).stdout;
  assert.match(github, new RegExp(`^::warning file=${RUN.replace(/\./g, '\\.')}/summary\\.json,line=\\d+,`, 'm'));
  const markdown = syncplan(['lint', '--format', 'markdown', RUN]).stdout;
  assert.ok(markdown.includes(`${RUN}/summary.json`));
});

/** A folder of the SDK's layout: `files` maps paths under it to JSON values (or raw bytes). */
function folder(files) {
  const dir = mkdtempSync(join(tmpdir(), 'syncplan-sdk-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

const entity = (key, type = 'src_thing') => ({ _key: key, _type: type, _class: 'Application', name: key, displayName: key });

test('batches are read by step, then file name; a compressed graph file is read too', () => {
  const dir = folder({
    'graph/b-step/entities/0001.json': { entities: [entity('src:thing:0002')] },
    'graph/a-step/entities/ffff.json': { entities: [entity('src:thing:0001')] },
    'graph/a-step/entities/0002.json': Buffer.from(brotliCompressSync(JSON.stringify({ entities: [entity('src:thing:0002')] }))),
  });
  const run = spawnSync(process.execPath, [`${root}pkg/cli.js`, 'lint', '--format', 'json', '--instance', 'i-1', dir], { encoding: 'utf8', cwd: dir });
  const report = JSON.parse(run.stdout);
  // src:thing:0002 comes first in a-step/entities/0002.json (compressed), again in b-step.
  const duplicate = report.diagnostics.find((d) => d.rule === 'duplicate-key');
  assert.equal(duplicate.file, join('graph', 'b-step', 'entities', '0001.json'));
  assert.match(duplicate.hint, /first uploaded/);
  assert.equal(report.diagnostics.filter((d) => d.rule === 'invalid-json').length, 0);
});

test('a folder that is not SDK output, or a folder with files, is bad usage', () => {
  const empty = mkdtempSync(join(tmpdir(), 'syncplan-empty-'));
  const notSdk = syncplan(['lint', empty]);
  assert.equal(notSdk.status, 2);
  assert.match(notSdk.stderr, /is not the integration SDK's output: it has no graph\/ folder/);
  const noFiles = syncplan(['lint', folder({ 'graph/a-step/entities/notes.txt': Buffer.from('x') })]);
  assert.equal(noFiles.status, 2);
  assert.match(noFiles.stderr, /holds no graph files/);
  const mixed = syncplan(['lint', RUN, 'examples/hris-people.json']);
  assert.equal(mixed.status, 2);
  assert.match(mixed.stderr, /give one folder \(the integration SDK's output\) or upload files, not both/);
});

test('a summary.json that is not JSON is unreadable input (exit 2)', () => {
  const dir = folder({ 'graph/a-step/entities/0001.json': { entities: [entity('src:thing:0001')] }, 'summary.json': Buffer.from('{"integrationStepResults": [') });
  const run = syncplan(['lint', '--instance', 'i-1', dir]);
  assert.equal(run.status, 2);
  assert.match(run.stdout, /error\[invalid-json\]/);
});

test('lintDirectory and planDirectory in the Node entry', async () => {
  const { lintDirectory, planDirectory, lint } = await import(`${root}pkg/node.js`);
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const report = lintDirectory({ integrationInstanceId: INSTANCE }, RUN);
    assert.equal(report.job.source, 'integration-external');
    assert.equal(count(report, 'step-failed'), 2);
    assert.equal(count(report, 'job-instance-required'), 0);
    const snapshot = readFileSync('examples/sdk-run/snapshot.json');
    const { plan } = planDirectory({ integrationInstanceId: INSTANCE }, RUN, snapshot);
    assert.equal(plan.entities.kept.length, 20);
    const explicit = planDirectory({ integrationInstanceId: INSTANCE }, RUN, snapshot, { partialDatasets: { types: [] } });
    assert.equal(explicit.plan.entities.kept.length, 0);
    assert.throws(() => lintDirectory({}, 'examples'), /is not the integration SDK's output/);
    assert.equal(typeof lint, 'function');
  } finally {
    process.chdir(cwd);
  }
});

test('the README shows the SDK example as it runs', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const shown = (command) => {
    const start = readme.indexOf(`$ syncplan ${command.join(' ')}\n`);
    assert.ok(start >= 0, command.join(' '));
    const body = readme.slice(start, readme.indexOf('```', start));
    return body.slice(body.indexOf('\n') + 1);
  };
  assert.equal(shown(['lint', RUN]), syncplan(['lint', RUN]).stdout);
  const plan = syncplan([...PLAN, RUN]).stdout;
  assert.equal(shown([...PLAN, RUN]), `…\n${plan.slice(plan.indexOf('Plan for scope'))}`);
});
