// The page in a real headless Chromium (Debian's, driven by playwright-core): lint a faulty
// payload, follow a diagnostic to its line, plan a DIFF with deletions, refuse to run a
// payload's markup, and make no request after loading. Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = `${root}test-artifacts/`;
mkdirSync(artifacts, { recursive: true });

let server;
let browser;
let url;

before(async () => {
  server = await serve(`${root}site`, 0);
  url = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A fresh page at a viewport, with every request and page error recorded. */
async function open(width, height) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  context.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { context, page, requests, errors };
}

const faulty = readFileSync(`${root}examples/faulty-upload.json`, 'utf8');

test('lint a pasted payload, see the diagnostics and follow one to its line', async () => {
  const { context, page, requests, errors } = await open(1280, 800);
  const loaded = requests.length;
  await page.fill('#scope', 'hris-people');
  await page.fill('#upload-editor textarea', faulty);
  await page.click('#lint');
  await page.waitForSelector('#diagnostics li');
  assert.match(await page.textContent('#status'), /4 errors, 5 warnings, 1 infos/);
  assert.equal(await page.locator('#diagnostics li').count(), 10);
  // The gutter marks the line of the duplicate key (line 16) as an error.
  await page.locator('#upload-editor textarea').evaluate((t) => { t.scrollTop = 0; t.dispatchEvent(new Event('scroll')); });
  const marked = await page.locator('#upload-editor .gutter .mark-error').allTextContents();
  assert.ok(marked.includes('16'), `marked lines: ${marked}`);
  // Clicking a diagnostic puts the cursor on its line and column.
  await page.locator('#diagnostics li', { hasText: 'Duplicate _key detected' }).click();
  const cursor = await page.locator('#upload-editor textarea').evaluate((t) => t.selectionStart);
  const lines = faulty.split('\n');
  const expected = lines.slice(0, 15).join('\n').length + 1 + lines[15].indexOf('"hris:person:1001"');
  assert.equal(cursor, expected);
  // Filters: only errors, then one rule.
  await page.uncheck('[data-severity="warning"]');
  await page.uncheck('[data-severity="info"]');
  assert.equal(await page.locator('#diagnostics li').count(), 4);
  await page.selectOption('#rule-filter', 'duplicate-key');
  assert.equal(await page.locator('#diagnostics li').count(), 1);
  await page.screenshot({ path: `${artifacts}page-lint-1280x800.png`, fullPage: true });
  assert.deepEqual(requests.slice(loaded), [], 'no request after load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('plan the HRIS example: deletions come first and are listed', async () => {
  const { context, page, requests, errors } = await open(1280, 800);
  const loaded = requests.length;
  await page.click('[data-example="hris"]');
  await page.waitForSelector('#plan-list .plan-section.delete li');
  const sections = await page.locator('#plan-list .plan-section h3').allTextContents();
  assert.equal(sections[0], 'Delete (18)');
  assert.ok(await page.locator('#plan-list .plan-section.delete li', { hasText: 'hris:person:E1044' }).count() >= 1);
  assert.deepEqual(await page.locator('#counts td').allTextContents(), ['entities', '5', '10', '8', '0', '294', 'relationships', '5', '0', '10', '1', '318']);
  await page.fill('#plan-search', 'E1044');
  assert.ok((await page.locator('#plan-list li').count()) <= 4);
  await page.fill('#plan-search', '');
  // Downloads are made in the page: no request leaves it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download="sarif"]')]);
  assert.equal(download.suggestedFilename(), 'syncplan.sarif');
  const sarif = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  await page.screenshot({ path: `${artifacts}page-plan-1280x800.png`, fullPage: true });
  assert.deepEqual(requests.slice(loaded).filter((u) => !u.startsWith('blob:')), [], 'no request after load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('payload markup is shown as text, never run', async () => {
  const { context, page, errors } = await open(1280, 800);
  const xss = JSON.stringify({
    entities: [{ _key: 'k:<img src=x onerror=window.__xss=1>', _type: 't_x', _class: '<img src=x onerror=window.__xss=2>', name: '<script>window.__xss=3</script>' }],
  });
  await page.fill('#scope', 's1');
  await page.fill('#upload-editor textarea', xss);
  await page.click('#lint');
  await page.waitForSelector('#diagnostics li');
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('#diagnostics img, #diagnostics script').count(), 0);
  assert.ok((await page.textContent('#diagnostics')).includes('<img src=x onerror=window.__xss=2>'));
  // The Content-Security-Policy forbids connections.
  const fetched = await page.evaluate((target) => fetch(target).then(() => 'sent', () => 'blocked'), url);
  assert.equal(fetched, 'blocked');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page is usable on a phone', async () => {
  const { context, page } = await open(390, 844);
  await page.click('[data-example="override"]');
  await page.waitForSelector('#plan-list .plan-section.overrides li');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: `${artifacts}page-390x844.png`, fullPage: true });
  assert.ok(width <= 390, `no horizontal scrolling (${width}px)`);
  assert.ok(await page.locator('#plan-list .plan-section.overrides li', { hasText: 'shadowed, platform-tiers wins' }).count() === 1);
  await page.screenshot({ path: `${artifacts}page-390x844.png`, fullPage: true });
  await context.close();
});

test('a 50 MB payload is checked off the main thread, with a progress indicator', async () => {
  const { context, page, errors } = await open(1280, 800);
  await page.fill('#scope', 's1');
  // About 50 MB: 100,000 entities of ~500 bytes, one of them faulty, opened as a file.
  const entity = (i) => ({ _key: `big:thing:${i}`, _type: 'big_thing', _class: 'Application', name: `n${i}`, displayName: `N${i}`, description: 'x'.repeat(400) });
  const entities = Array.from({ length: 100_000 }, (_, i) => entity(i));
  delete entities[77_777].displayName;
  const buffer = Buffer.from(JSON.stringify({ entities }, null, 1));
  assert.ok(buffer.length > 50_000_000, `${buffer.length} bytes`);
  const path = `${artifacts}big.json`;
  writeFileSync(path, buffer);
  await page.setInputFiles('#open-uploads', path);
  rmSync(path);
  await page.waitForSelector('#tabs button:has-text("big.json")');
  assert.match(await page.locator('#upload-editor textarea').inputValue(), /big\.json: 5\d\.\d MB, too large to show here/);
  // Count animation frames while the worker works: the page keeps drawing.
  await page.evaluate(() => {
    window.frames = 0;
    const tick = () => {
      window.frames += 1;
      if (!document.querySelector('#diagnostics li')) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  await page.click('#lint');
  assert.equal(await page.locator('#progress').isVisible(), true);
  await page.waitForSelector('#diagnostics li', { timeout: 120_000 });
  const elapsed = Date.now() - started;
  const frames = await page.evaluate(() => window.frames);
  assert.equal(await page.locator('#progress').isVisible(), false);
  assert.match(await page.textContent('#diagnostics'), /entities\[77777\] is missing required property "displayName"/);
  // A frozen page draws no frame until the work is done; this one keeps drawing (a shared,
  // slow machine may draw far fewer than 60 a second, so the bar is low).
  assert.ok(frames >= Math.min(20, elapsed / 100), `${frames} frames in ${elapsed} ms`);
  console.log(`50 MB payload: ${elapsed} ms, ${frames} frames drawn meanwhile`);
  assert.deepEqual(errors, []);
  await context.close();
});
