// The npm package as a user gets it: packed from pkg/, installed into an empty project, used
// with import, require, npx and TypeScript, from each of its entries; checked by publint and
// Are the Types Wrong.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { installPackage, root, succeed } from './helpers.mjs';

let app;
let tarball;
let remove;

function run(command, args, cwd = app) {
  return succeed(command, args, cwd);
}

before(() => {
  ({ app, tarball, remove } = installPackage('syncplan-app-'));
});

after(() => remove?.());

// tsc, strict, as a Node project compiles (nodenext), with @types/node; `--lib` is added per run.
const strictTsc = () => [
  `${root}node_modules/typescript/bin/tsc`,
  '--noEmit',
  '--strict',
  '--module',
  'nodenext',
  '--moduleResolution',
  'nodenext',
  '--target',
  'es2022',
  '--typeRoots',
  `${root}node_modules/@types`,
  '--types',
  'node',
];

const UPLOAD = '{"entities": [{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a"}]}';

// The page downloads the module before it can lint anything: its size is a budget, gzip at
// level 9 as a server would send it (README, "The module and the JavaScript boundary").
const MODULE_BUDGET = 300_000;

test('the WebAssembly module stays within its size budget', () => {
  const gzipped = gzipSync(readFileSync(join(root, 'pkg', 'syncplan_bg.wasm')), { level: 9 }).length;
  assert.ok(
    gzipped <= MODULE_BUDGET,
    `pkg/syncplan_bg.wasm is ${gzipped} bytes gzipped, over the budget of ${MODULE_BUDGET}: see what the change added with twiggy (README, Contributing)`,
  );
});

test('import works in Node', () => {
  writeFileSync(
    join(app, 'consumer.mjs'),
    `import { lint, rules, Job } from 'syncplan';
const report = lint({ scope: 's1' }, [${JSON.stringify(UPLOAD)}]);
const job = new Job({ scope: 's1' });
console.log(JSON.stringify({ rule: report.diagnostics[0].rule, rules: rules().length, state: job.state }));`,
  );
  const out = JSON.parse(run(process.execPath, ['consumer.mjs']).stdout);
  assert.equal(out.rule, 'entity-required');
  assert.ok(out.rules > 40);
  assert.equal(out.state, 'AWAITING_UPLOADS');
});

test('require works in Node', () => {
  writeFileSync(
    join(app, 'consumer.cjs'),
    `const { lint } = require('syncplan');
console.log(lint({ scope: 's1' }, [Buffer.from(${JSON.stringify(UPLOAD)})]).summary.errors);`,
  );
  const result = run(process.execPath, ['consumer.cjs']);
  assert.equal(result.stdout.trim(), '1');
});

test('npx runs the command line', () => {
  const result = run('npx', ['--no-install', 'syncplan', 'rules', '--format', 'json']);
  assert.ok(JSON.parse(result.stdout).some((r) => r.id === 'duplicate-key'));
  writeFileSync(join(app, 'upload.json'), UPLOAD);
  const lint = spawnSync('npx', ['--no-install', 'syncplan', 'lint', '--scope', 's1', 'upload.json'], { cwd: app, encoding: 'utf8' });
  assert.equal(lint.status, 1);
  assert.match(lint.stdout, /error\[entity-required\]/);
});

test('the TypeScript declarations are real types', () => {
  // Each @ts-expect-error must meet an error: were the types `any`, tsc would fail on them.
  writeFileSync(
    join(app, 'consumer.ts'),
    `import { jimPreview, lint, lintDirectory, plan, planDirectory, rules, Job } from 'syncplan';
import type { Diagnostic, JobOptions, Plan, Report, RuleInfo, RunOptions } from 'syncplan';
import type { JimAttributeChange, JimConnectedSystemObject, JimMetaverseObject, JimProblem } from 'syncplan';

const job: JobOptions = { syncMode: 'DIFF', scope: 'hris' };
const options: RunOptions = { files: ['a.json'], format: 'sarif', rules: { 'duplicate-key': 'off' } };
const report: Report = lint(job, ['{"entities": []}'], undefined, options);
const first: Diagnostic | undefined = report.diagnostics[0];
export const line: number | null = first ? first.line : null;
export const errors: number = report.summary.errors;
const planned: Plan | undefined = plan(job, [new Uint8Array()], '{}', { partialDatasets: { types: ['t'] } }).plan;
export const deletions: number = planned ? planned.entities.delete.length : 0;
export const catalog: RuleInfo[] = rules();
export const state: 'AWAITING_UPLOADS' | 'FINISHED' | 'ABORTED' = new Job(job).state;
export const started: 'AWAITING_UPLOADS' | 'FINISHED' | 'ABORTED' = new Job().state;
export const fromBuffers: Report = lint(job, [new ArrayBuffer(2), new DataView(new ArrayBuffer(2)), new Uint16Array(1)]);
const sdk: RunOptions = { summary: '{}', summaryFile: 'summary.json', partialTypes: ['acme_application'] };
export const collected: Report = lintDirectory({ integrationInstanceId: 'i-1' }, '.j1-integration', undefined, sdk);
export const kept = planDirectory({}, '.j1-integration', '{}').plan?.entities.kept;

const person: JimMetaverseObject = jimPreview('{}', '{}').preview!.metaverseObjects[0];
export const change: JimAttributeChange | undefined = person.changes[0];
export const placed: JimConnectedSystemObject['outcome'] = 'Joined';
export const problem: JimProblem = { kind: 'AmbiguousMatch', message: 'two matches' };

// @ts-expect-error: syncMode is one of the four modes
lint({ syncMode: 'SOMETIMES' }, []);
// @ts-expect-error: uploads are strings or bytes
lint(job, [42]);
// @ts-expect-error: a summary has errors, warnings and infos only
export const total: number = report.summary.total;
// @ts-expect-error: plan needs a snapshot
plan(job, []);
// @ts-expect-error: a folder is named by its path
lintDirectory(job, ['a.json']);
`,
  );
  // Node's entry needs neither the DOM lib nor `esnext.disposable`.
  run(process.execPath, [...strictTsc(), '--lib', 'es2022', 'consumer.ts']);
  run(process.execPath, [...strictTsc(), '--lib', 'es2022,dom,esnext.disposable', 'consumer.ts']);
});

test("the README's JavaScript snippets type-check under tsc --strict, with and without the DOM lib", () => {
  // The project README's JavaScript API section and the package's README, every ```js block
  // (those in a list indented, as Markdown nests them).
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const start = readme.indexOf('\n## JavaScript API');
  const api = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [api, readFileSync(`${root}src/js/README.md`, 'utf8')].flatMap((text) =>
    [...text.matchAll(/^( *)```js\n([\s\S]*?)^\1```/gm)].map(([, indent, code]) =>
      code.replace(new RegExp(`^${indent}`, 'gm'), ''),
    ),
  );
  assert.ok(blocks.length >= 6, `found ${blocks.length} snippets`);
  // What the snippets leave to their reader (their data, credentials, the JupiterOne client),
  // declared; the rest are the package's own types. The page's file input is the DOM's.
  writeFileSync(
    join(app, 'snippet-context.d.ts'),
    `declare const findings: { id: string }[];
declare function toEntity(finding: { id: string }): { _key: string; _type: string; _class: string };
declare const relationships: { _key: string; _type: string; _class: string }[];
declare const account: string;
declare const accessToken: string;
declare const file: Blob;
declare module '@jupiterone/jupiterone-client-nodejs' {
  export class JupiterOneClient {
    constructor(options: { account: string; accessToken: string });
    init(): Promise<JupiterOneClient>;
    queryV1(j1ql: string): Promise<object[]>;
    bulkUpload(data: { scope: string; entities: object[]; relationships: object[] }): Promise<unknown>;
  }
}
`,
  );
  writeFileSync(join(app, 'snippet-page.d.ts'), 'declare const input: HTMLInputElement;\n');
  const files = blocks.map((code, i) => {
    const name = `snippet-${i}.mjs`;
    writeFileSync(join(app, name), `${code}export {};\n`);
    return { name, browser: code.includes("'syncplan/worker'") };
  });
  // As JavaScript, type-checked as a TypeScript user's editor checks it.
  const tsc = [...strictTsc(), '--allowJs', '--checkJs'];
  run(process.execPath, [...tsc, '--lib', 'es2022,dom,dom.iterable', 'snippet-context.d.ts', 'snippet-page.d.ts', ...files.map((f) => f.name)]);
  // Without the DOM lib: all but the Web Worker entry's, which is for browsers.
  const node = files.filter((f) => !f.browser).map((f) => f.name);
  assert.equal(node.length, files.length - 1);
  run(process.execPath, [...tsc, '--lib', 'es2022', 'snippet-context.d.ts', ...node]);
});

test('the TypeScript declarations describe the reports as serialised', async () => {
  // Real reports, each checked with `satisfies`: a member the declarations lack is an excess
  // property, a required one the report lacks is missing, a value of another type is wrong.
  const api = await import(`${root}pkg/node.js`);
  const read = (file) => readFileSync(`${root}${file}`, 'utf8');
  const planOf = (folder, uploads) =>
    api.plan({}, uploads.map((u) => read(`examples/${folder}/${u}`)), read(`examples/${folder}/snapshot.json`), undefined, { jobBody: read(`examples/${folder}/job.json`) });
  // 1,010 entities without a name: the report lists a rule's first 1,000 findings and counts
  // the rest in `omitted`.
  const many = JSON.stringify({ entities: Array.from({ length: 1010 }, (_, i) => ({ _key: `k:${10000 + i}`, _type: 't_x', _class: 'Application' })) });
  const reports = {
    faulty: api.lint({ scope: 's1' }, [read('examples/faulty-upload.json')], undefined, { writeBaseline: true }),
    omitted: api.lint({ scope: 's1' }, [many]),
    plan: planOf('hris', ['upload-1.json', 'upload-2.json']),
    override: planOf('override', ['upload.json']),
    sdk: api.lintDirectory({ integrationInstanceId: 'i-1' }, `${root}examples/sdk-run/.j1-integration`),
    sdkPlan: api.planDirectory({ integrationInstanceId: '6f1d2b8a-3c4e-4f50-9a7b-2e8c1d0f4a65' }, `${root}examples/sdk-run/.j1-integration`, read('examples/sdk-run/snapshot.json')),
    jimPreview: api.jimPreview(read('examples/jim/config.json'), read('examples/jim/state.json')),
    jimLint: api.jimLint(read('examples/jim/config.json')),
  };
  reports.suppressed = api.lint({ scope: 's1' }, [read('examples/faulty-upload.json')], undefined, { baseline: reports.faulty.baseline });
  assert.ok(reports.omitted.omitted, 'the report counts the findings it does not list');
  assert.ok(reports.suppressed.suppressed > 0, 'the baseline suppresses findings');
  assert.ok(reports.sdkPlan.plan.entities.kept.length > 0, 'the plan keeps what failed steps did not collect');
  const types = { jimPreview: 'JimReport', jimLint: 'JimReport' };
  const lines = Object.entries(reports).map(([name, report]) => `export const ${name} = ${JSON.stringify(report)} satisfies ${types[name] ?? 'Report'};`);
  lines.push(`export const catalog = ${JSON.stringify(api.rules())} satisfies RuleInfo[];`);
  writeFileSync(join(app, 'reports.ts'), `import type { JimReport, Report, RuleInfo } from 'syncplan';\n${lines.join('\n')}\n`);
  run(process.execPath, [...strictTsc(), '--lib', 'es2022', 'reports.ts']);
});

test('the TypeScript declarations describe the options the module takes', async () => {
  // Each options interface against the module itself: the same member names (the module names
  // the ones it takes when it refuses an unknown one), every value of a member's declared type
  // taken, and a value of another kind refused with the member named.
  const { default: ts } = await import('typescript');
  const api = await import(`${root}pkg/node.js`);
  const file = `${root}pkg/syncplan.d.ts`;
  const program = ts.createProgram([file], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const declared = new Map();
  ts.forEachChild(program.getSourceFile(file), (node) => {
    if (ts.isInterfaceDeclaration(node)) declared.set(node.name.text, checker.getTypeAtLocation(node));
  });
  const members = (type) =>
    checker.getPropertiesOfType(type).map((symbol) => [symbol.name, checker.getNonNullableType(checker.getTypeOfSymbol(symbol))]);
  // Values of a declared type: each literal of a union, one of each other kind.
  const samples = (type) => {
    if (type.isUnion()) return type.types.flatMap(samples);
    if (type.isStringLiteral()) return [type.value];
    if (type.flags & ts.TypeFlags.BooleanLiteral) return [checker.typeToString(type) === 'true'];
    if (type.flags & ts.TypeFlags.String) return ['x'];
    if (checker.isArrayType(type)) return samples(checker.getTypeArguments(type)[0]).map((item) => [item]);
    if (type.symbol?.name === 'ArrayBuffer') return [new ArrayBuffer(0)];
    if (type.symbol?.name === 'SharedArrayBuffer') return [new SharedArrayBuffer(0)];
    if (type.symbol?.name === 'ArrayBufferView') return [new Uint8Array(), new DataView(new ArrayBuffer(0))];
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index) return samples(index.type).map((value) => ({ 'duplicate-key': value }));
    if (type.flags & ts.TypeFlags.Object) return [{}, ...members(type).flatMap(([name, t]) => samples(t).map((v) => ({ [name]: v })))];
    throw new Error(`no samples for the declared type ${checker.typeToString(type)}: teach this test the new kind`);
  };
  const kind = (value) => (Array.isArray(value) ? 'array' : typeof value);
  const thrown = (call, value) => {
    try {
      call(value);
      return '';
    } catch (error) {
      return error.message;
    }
  };
  const namesAsWrong = (message, name) =>
    [`\`${name}\``, `\`${name}[`, `\`${name}.`, `.${name} must be`, `${name} must be an object`, `unknown field \`${name}\``].some((s) => message.includes(s));
  const check = (label, type, call) => {
    const refused = thrown(call, { '\u2603': 1 }).match(/unknown field `\u2603`, expected one of (.*)$/);
    assert.ok(refused, `${label}: an unknown member is refused`);
    const names = members(type).map(([name]) => name);
    assert.deepEqual([...names].sort(), refused[1].split(', ').sort(), `${label}: the declared members are the ones the module takes`);
    for (const [name, memberType] of members(type)) {
      const values = samples(memberType);
      for (const value of values) {
        const message = thrown(call, { [name]: value });
        assert.ok(!namesAsWrong(message, name), `${label}.${name} = ${JSON.stringify(value)} is declared, but: ${message}`);
      }
      const wrong = [5, 'yes', true, ['x']].find((value) => !values.some((v) => kind(v) === kind(value)));
      const message = thrown(call, { [name]: wrong });
      assert.ok(namesAsWrong(message, name), `${label}.${name} = ${JSON.stringify(wrong)} is not declared, but: ${message || 'no error'}`);
      const nested = memberType.symbol?.name === '__type' && !checker.getIndexInfoOfType(memberType, ts.IndexKind.String);
      if (nested) {
        check(`${label}.${name}`, memberType, (value) => call({ [name]: value }));
      }
    }
  };
  check('JobOptions', declared.get('JobOptions'), (job) => api.lint(job, []));
  check('RunOptions', declared.get('RunOptions'), (options) => api.lint({}, [], undefined, options));
  check('FinalizeOptions', declared.get('FinalizeOptions'), (finalize) => api.plan({}, [], '{}', finalize));
  check('JimOptions', declared.get('JimOptions'), (options) => api.jimLint('{}', options));
});

/** Runs, from entry `entry`, `init()`, `initSync()` without arguments and a lint: its error count. */
function lintAfterInit(entry, file) {
  writeFileSync(
    join(app, file),
    `import init, { initSync, lint } from '${entry}';
await init();
initSync();
console.log(lint({ scope: 's1' }, [${JSON.stringify(UPLOAD)}]).summary.errors);`,
  );
  return run(process.execPath, [file]).stdout.trim();
}

test('code written for the browser runs in Node: init() and initSync() do nothing there', () => {
  assert.equal(lintAfterInit('syncplan', 'shared.mjs'), '1');
});

test('the browser entry asks for init() instead of failing inside the module', () => {
  writeFileSync(
    join(app, 'web.mjs'),
    `import { readFileSync } from 'node:fs';
import init, { Job, lint, rules } from 'syncplan/web';
const errors = [];
for (const call of [() => lint({}, []), () => rules(), () => new Job({})]) {
  try { call(); } catch (error) { errors.push(error.message); }
}
await init(readFileSync(new URL(import.meta.resolve('syncplan/syncplan_bg.wasm'))));
console.log(JSON.stringify({ errors, rules: rules().length, state: new Job({}).state }));`,
  );
  const out = JSON.parse(run(process.execPath, ['web.mjs']).stdout);
  assert.deepEqual(out.errors, [
    'syncplan is not initialised: call `await init()` before lint() (in Node, import syncplan: it is ready on import)',
    'syncplan is not initialised: call `await init()` before rules() (in Node, import syncplan: it is ready on import)',
    'syncplan is not initialised: call `await init()` before new Job() (in Node, import syncplan: it is ready on import)',
  ]);
  assert.ok(out.rules > 40);
  assert.equal(out.state, 'AWAITING_UPLOADS');
});

test('the inline entry has the module built in', () => {
  assert.equal(lintAfterInit('syncplan/inline', 'inline.mjs'), '1');
  // initSync() of the browser entry needs the module, and says where to find it.
  const bare = spawnSync(process.execPath, ['--input-type=module', '-e', "import { initSync } from 'syncplan/web'; initSync();"], { cwd: app, encoding: 'utf8' });
  assert.match(bare.stderr, /initSync\(\) needs the module: pass the bytes of syncplan_bg\.wasm or a WebAssembly\.Module, or import syncplan\/inline/);
});

test('require gets CommonJS, as Jest and Node without require(esm) need', () => {
  writeFileSync(
    join(app, 'commonjs.cjs'),
    `const { lint, lintDirectory, init } = require('syncplan');
const { existsSync } = require('node:fs');
console.log(JSON.stringify({
  entry: require.resolve('syncplan').split(/[\\\\/]/).pop(),
  wasm: existsSync(require.resolve('syncplan/syncplan_bg.wasm')),
  errors: lint({ scope: 's1' }, [${JSON.stringify(UPLOAD)}]).summary.errors,
  folders: typeof lintDirectory,
  init: typeof init,
}));`,
  );
  const out = JSON.parse(run(process.execPath, ['--no-experimental-require-module', 'commonjs.cjs']).stdout);
  assert.deepEqual(out, { entry: 'node.cjs', wasm: true, errors: 1, folders: 'function', init: 'function' });
});

test('documents are taken in any binary form: ArrayBuffer, typed-array views, DataView, from any realm', async () => {
  const api = await import(`${root}pkg/node.js`);
  const read = (file) => readFileSync(`${root}examples/${file}`);
  const upload = read('hris/upload-1.json');
  const snapshot = read('hris/snapshot.json');
  const job = JSON.parse(read('hris/job.json'));
  // Each form over a larger buffer, at an offset: only the view's bytes are the document.
  const padded = (bytes) => {
    const buffer = new ArrayBuffer(bytes.length + 16);
    new Uint8Array(buffer, 8, bytes.length).set(bytes);
    return buffer;
  };
  const forms = {
    ArrayBuffer: (bytes) => padded(bytes).slice(8, 8 + bytes.length),
    DataView: (bytes) => new DataView(padded(bytes), 8, bytes.length),
    'Uint8Array subarray': (bytes) => new Uint8Array(padded(bytes)).subarray(8, 8 + bytes.length),
    Int8Array: (bytes) => new Int8Array(padded(bytes), 8, bytes.length),
    // Made in another realm (as in Jest, or an iframe), where instanceof does not recognise them.
    "another realm's ArrayBuffer": (bytes) => runInNewContext('(bytes) => new Uint8Array(bytes).buffer')(bytes),
    "another realm's Uint8Array": (bytes) => runInNewContext('(bytes) => new Uint8Array(bytes)')(bytes),
  };
  const expected = api.plan(job, [upload.toString()], snapshot.toString(), undefined, { summary: '{}' });
  for (const [name, form] of Object.entries(forms)) {
    assert.deepEqual(api.plan(job, [form(upload)], form(snapshot), undefined, { summary: form(Buffer.from('{}')) }), expected, name);
    const tracked = new api.Job(job);
    tracked.upload(form(upload));
    assert.deepEqual(tracked.finalize(form(snapshot)).plan, expected.plan, `Job, ${name}`);
  }
  const config = read('jim/config.json');
  assert.deepEqual(api.jimLint(forms.DataView(config)), api.jimLint(config.toString()));
  // A Blob can only be read asynchronously: the error says how.
  assert.throws(() => api.lint(job, [upload, new Blob([upload])]), {
    message: 'uploads[1] is a Blob (or a File), which only an asynchronous call can read: pass `await blob.arrayBuffer()` instead, or use syncplan/worker, whose functions take Blobs',
  });
});

test('publint and Are the Types Wrong find no problem', () => {
  run(`${root}node_modules/.bin/publint`, ['--strict', `${root}pkg`], root);
  // The Node entry serves import and require; the browser entries are ES modules only. The
  // .wasm export is an asset, which bundlers type themselves (a URL), not a module.
  run(`${root}node_modules/.bin/attw`, [tarball, '--entrypoints', '.', './package.json'], root);
  run(`${root}node_modules/.bin/attw`, [tarball, '--profile', 'esm-only', '--entrypoints', './web', './inline', './worker'], root);
});

test("each entry's declarations type what it exports, for import and for require", () => {
  writeFileSync(
    join(app, 'entries.ts'),
    `import init, { initSync, Job, lint } from 'syncplan';
import initWeb, { initSync as initSyncWeb, lint as lintWeb } from 'syncplan/web';
import initInline, { rules as inlineRules } from 'syncplan/inline';
import startWorker, { initSync as startWorkerSync, lint as lintInWorker, terminate } from 'syncplan/worker';
import type { InitOutput, Report, RuleInfo } from 'syncplan/web';

export const ready: Promise<InitOutput> = init();
export const readyAgain: InitOutput = initSync();
export const fetched: Promise<InitOutput> = initWeb(new URL('https://example.com/syncplan_bg.wasm'));
export const compiled: InitOutput = initSyncWeb({ module: new Uint8Array() });
export const inline: Promise<InitOutput> = initInline();
export const catalog: RuleInfo[] = inlineRules();
export const started: Promise<void> = startWorker({ worker: new URL('https://example.com/worker-thread.js') });
startWorkerSync();
terminate();
export const checked: Promise<Report> = lintInWorker({}, [new Blob(['{}']), '{}'], new File(['{}'], 'snapshot.json'));
export const job = new Job({});
export const report: Report = lintWeb({}, ['{}']);
lint({}, []);

// @ts-expect-error: the worker's functions are asynchronous
export const notYet: Report = lintInWorker({}, []);
// @ts-expect-error: the synchronous functions cannot read a Blob
lintWeb({}, [new Blob([])]);
// @ts-expect-error: the worker's init takes options, not the module
startWorker(new Uint8Array());
`,
  );
  writeFileSync(
    join(app, 'required.cts'),
    `import syncplan = require('syncplan');
export const report: syncplan.Report = syncplan.lint({}, ['{}']);
export const folder: syncplan.Report = syncplan.lintDirectory({}, '.j1-integration');
export const ready: Promise<syncplan.InitOutput> = syncplan.init();
// @ts-expect-error: uploads are strings or bytes
syncplan.lint({}, [42]);
`,
  );
  const tsc = [`${root}node_modules/typescript/bin/tsc`, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
  run(process.execPath, [...tsc, '--lib', 'es2022,dom,esnext.disposable', 'entries.ts', 'required.cts']);
});
