// The bundler recipes of the README, followed from the packed tarball as a user installs it: a
// browser app built with esbuild and with Vite, each loaded in a real headless Chromium
// (Debian's, driven by playwright-core) under the Content-Security-Policy the README gives; a
// Node script bundled with esbuild and run where there is no node_modules. The bundlers are the
// repository's own devDependencies, so nothing is fetched.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';
import { installPackage, root, succeed } from './helpers.mjs';

const esbuild = `${root}node_modules/.bin/esbuild`;
const vite = `${root}node_modules/vite/bin/vite.js`;

// The policy the README asks a page to allow syncplan with: its own scripts, workers and
// requests, and compiling WebAssembly.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const FAULTY = '{"entities": [{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a"}]}';
const CLEAN = '{"entities": [{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "a"}]}';

let app;
let remove;
let deployed;
let server;
let browser;

/** The URL of `path` in the project, as the test's server serves it. */
const served = (path) => `http://127.0.0.1:${server.address().port}/${path}`;

before(async () => {
  ({ app, remove } = installPackage('syncplan-bundlers-'));
  server = await serve(app, 0, CSP);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
  remove?.();
  if (deployed) rmSync(deployed, { recursive: true, force: true });
});

/** Writes `files` (name → text) into folder `name` of the project; returns its path. */
function project(name, files) {
  const folder = join(app, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
  return folder;
}

const PAGE = '<!doctype html>\n<html><head><meta charset="utf-8"><script type="module" src="./main.js"></script></head><body></body></html>\n';

/**
 * A browser app's script: `imports` (syncplan's `init` and `lint`, and the worker's `lint` as
 * `lintInWorker` and `terminate`), `initialise` as the recipe does it, then a lint of a faulty
 * payload on the page's thread and of a clean File in the worker, a call cut short by
 * `terminate()` and one more on the worker started after it; the outcome lands in
 * `window.result`.
 */
function browserApp(imports, initialise) {
  return `${imports}

async function main() {
  ${initialise}
  const here = lint({ scope: 's1' }, [${JSON.stringify(FAULTY)}]);
  const file = new File([${JSON.stringify(CLEAN)}], 'clean.json');
  const there = await lintInWorker({ scope: 's1' }, [file], undefined, { files: [file.name] });
  const cut = lintInWorker({ scope: 's1' }, [file]);
  terminate();
  const stopped = await cut.then(() => 'answered', (error) => error.message);
  const again = await lintInWorker({ scope: 's1' }, [${JSON.stringify(FAULTY)}]);
  window.result = { here: here.diagnostics.map((d) => d.rule), there: there.summary, stopped, again: again.summary.errors };
}
main().catch((error) => {
  window.result = { error: String(error) };
});
`;
}

const WORKER = "import { lint as lintInWorker, terminate } from 'syncplan/worker';";

/** Opens the app at `url` and returns what it computed, with the page's errors and foreign requests. */
async function load(url) {
  const page = await browser.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && errors.push(message.text()));
  page.on('request', (request) => requests.push(request.url()));
  // What the browser asks for on its own (the site's icon) is no part of the app.
  page.on('response', (response) => response.status() >= 400 && !response.url().endsWith('/favicon.ico') && errors.push(`${response.status()} ${response.url()}`));
  await page.goto(url);
  await page.waitForFunction(() => window.result !== undefined);
  const result = await page.evaluate(() => window.result);
  await page.close();
  const origin = new URL(url).origin;
  return { result, errors, foreign: requests.filter((request) => new URL(request).origin !== origin) };
}

function assertRan({ result, errors, foreign }) {
  assert.deepEqual(result, {
    here: ['entity-required'],
    there: { errors: 0, warnings: 0, infos: 0 },
    stopped: 'syncplan/worker was terminated',
    again: 1,
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
}

test('esbuild: the module as a file (file loader), the worker as a second entry point', async () => {
  const folder = project('esbuild-app', {
    'index.html': PAGE.replace('./main.js', './dist/main.js'),
    'main.js': browserApp(
      `import init, { lint } from 'syncplan';\nimport wasm from 'syncplan/syncplan_bg.wasm';\n${WORKER}`,
      'await init(new URL(wasm, import.meta.url));',
    ),
  });
  succeed(esbuild, ['main.js', '../node_modules/syncplan/worker-thread.js', '--bundle', '--format=esm', '--loader:.wasm=file', '--entry-names=[name]', '--outdir=dist'], folder);
  assertRan(await load(served('esbuild-app/')));
});

test('esbuild: the inline entry in one classic script, with no asset handling', async () => {
  const folder = project('esbuild-inline', {
    'index.html': PAGE.replace('type="module" src="./main.js"', 'src="./bundle.js"'),
    'main.js': browserApp(
      "import init, { lint } from 'syncplan/inline';\nimport { init as startWorker, lint as lintInWorker, terminate } from 'syncplan/worker';",
      // A classic script has no import.meta.url to find the worker's script by: it names it.
      "await init();\n  await startWorker({ worker: './worker-thread.js' });",
    ),
  });
  succeed(esbuild, ['main.js', '--bundle', '--format=iife', '--outfile=bundle.js'], folder);
  succeed(esbuild, ['../node_modules/syncplan/worker-thread.js', '--bundle', '--format=esm', '--outfile=worker-thread.js'], folder);
  assertRan(await load(served('esbuild-inline/')));
});

/** The Vite recipe: `init()` with no argument, the module's URL by `?url`, the worker as it is. */
function viteApp() {
  return project('vite-app', {
    'index.html': PAGE,
    'main.js': browserApp(
      `import init, { lint } from 'syncplan';\nimport wasmUrl from 'syncplan/syncplan_bg.wasm?url';\n${WORKER}`,
      `await init();
  // The module's own URL, for preloading it or for init(wasmUrl).
  const magic = new Uint8Array(await (await fetch(wasmUrl)).arrayBuffer()).subarray(0, 4);
  if (magic.join() !== '0,97,115,109') throw new Error(\`\${wasmUrl} is not the module\`);`,
    ),
  });
}

test('Vite build: no configuration', async () => {
  succeed(process.execPath, [vite, 'build', '--logLevel', 'warn', '--base', './'], viteApp());
  assertRan(await load(served('vite-app/dist/')));
});

test('Vite dev server: no configuration', async () => {
  const { createServer } = await import('vite');
  const dev = await createServer({ root: viteApp(), logLevel: 'warn', server: { host: '127.0.0.1', port: 0 } });
  await dev.listen();
  try {
    assertRan(await load(dev.resolvedUrls.local[0]));
  } finally {
    await dev.close();
  }
});

test('esbuild for Node: a bundle with the module beside it, and one file with the module inlined', () => {
  const script = (entry) => `import init, { lint } from '${entry}';
await init();
console.log(lint({ scope: 's1' }, [${JSON.stringify(FAULTY)}]).diagnostics.map((d) => d.rule).join());
`;
  const folder = project('node-bundles', { 'beside.js': script('syncplan'), 'inline.js': script('syncplan/inline') });
  // Where the bundles are deployed: no node_modules to fall back on.
  deployed = mkdtempSync(join(tmpdir(), 'syncplan-deployed-'));
  succeed(esbuild, ['beside.js', '--bundle', '--platform=node', '--format=esm', `--outfile=${deployed}/beside.mjs`], folder);
  succeed(esbuild, ['inline.js', '--bundle', '--platform=node', '--format=esm', `--outfile=${deployed}/inline.mjs`], folder);

  const missing = spawnSync(process.execPath, ['beside.mjs'], { cwd: deployed, encoding: 'utf8' });
  assert.match(missing.stderr, /syncplan cannot find its WebAssembly module, .*syncplan_bg\.wasm: a bundle of syncplan needs syncplan_bg\.wasm beside it \(copy it from node_modules\/syncplan\/\), or import syncplan\/inline/);
  copyFileSync(join(app, 'node_modules/syncplan/syncplan_bg.wasm'), join(deployed, 'syncplan_bg.wasm'));
  assert.equal(succeed(process.execPath, ['beside.mjs'], deployed).stdout.trim(), 'entity-required');
  assert.equal(succeed(process.execPath, ['inline.mjs'], deployed).stdout.trim(), 'entity-required');
});
