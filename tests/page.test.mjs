// The page in a real headless Chromium (Debian's, driven by playwright-core): lint a faulty
// payload, follow a diagnostic to its line, plan a DIFF with deletions, refuse to run a
// payload's markup, and make no request after loading; on the JIM tab, preview the bundled
// identity sync example and lint its configuration. Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';
import { syncplan } from './helpers.mjs';

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
  // A request that fails (the browser's own, such as the icon's, included) is a console error.
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { context, page, requests, errors };
}

/**
 * Every row of a list that draws only what is on screen, in order: scrolls it from top to bottom
 * a box at a time, and reads each row by its place in the list (aria-posinset).
 */
const allRows = (page, box) =>
  page.locator(box).evaluate(async (list) => {
    const rows = new Map();
    list.scrollTop = 0;
    for (;;) {
      await new Promise(requestAnimationFrame);
      for (const row of list.querySelectorAll('li[aria-posinset]')) rows.set(Number(row.getAttribute('aria-posinset')), row.textContent);
      if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
      list.scrollTop += list.clientHeight;
    }
    list.scrollTop = 0;
    await new Promise(requestAnimationFrame);
    return [...rows.keys()].sort((a, b) => a - b).map((place) => rows.get(place));
  });

/** The plan list's section headings, all of them. */
const planHeadings = async (page) => (await allRows(page, '#plan-list')).filter((text) => /^[A-Z][a-z]+ \(\d[\d,]*\)$/.test(text));

const faulty = readFileSync(`${root}examples/faulty-upload.json`, 'utf8');
const jimConfig = readFileSync(`${root}examples/jim/config.json`, 'utf8');
const jimState = readFileSync(`${root}examples/jim/state.json`, 'utf8');

/** Opens the JIM tab from the keyboard: focus the selected tool tab, then the right arrow. */
async function openJimTab(page) {
  await page.focus('#tool-sync');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('#tool-jim', 'aria-selected'), 'true');
  assert.equal(await page.locator('#panel-jim').isVisible(), true);
  assert.equal(await page.locator('#panel-sync').isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tool-jim');
}

/** The text of the JIM preview's rows in the section titled `title`. */
const jimRows = (page, title) =>
  page.locator('#jim-list .plan-section', { has: page.locator('h3', { hasText: new RegExp(`^${title} \\(`) }) }).locator('li').allTextContents();

test('lint a pasted payload, see the diagnostics and follow one to its line', async () => {
  const { context, page, requests, errors } = await open(1280, 800);
  const loaded = requests.length;
  await page.fill('#scope', 'hris-people');
  await page.fill('#upload-editor textarea', faulty);
  await page.click('#lint');
  await page.waitForSelector('#diagnostics li');
  assert.match(await page.textContent('#status'), /4 errors, 5 warnings, 1 info$/);
  assert.equal((await allRows(page, '#diagnostics')).length, 10);
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
  await page.waitForSelector('#plan-list li.delete');
  assert.deepEqual(await planHeadings(page), ['Delete (18)', 'Create (10)', 'Update (10)', 'Skip (1)']);
  assert.ok(await page.locator('#plan-list li.delete', { hasText: 'hris:person:E1044' }).count() >= 1);
  assert.deepEqual(await page.locator('#counts td').allTextContents(), ['entities', '5', '10', '8', '0', '294', 'relationships', '5', '0', '10', '1', '318']);
  await page.fill('#plan-search', 'E1044');
  assert.deepEqual(await planHeadings(page), ['Delete (3)', 'Skip (1)']);
  assert.equal(await page.locator('#plan-list li.plan-row').count(), 4);
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

/** The HRIS example's plan as the command line reports it: what the page's chart must agree with. */
function hrisPlan() {
  const uploads = ['examples/hris/upload-1.json', 'examples/hris/upload-2.json'];
  const { stdout } = syncplan(['plan', '--job', 'examples/hris/job.json', '--snapshot', 'examples/hris/snapshot.json', '--format', 'json', ...uploads]);
  return JSON.parse(stdout).plan;
}

/** The chart's bars as drawn: per row its kind, type, and each segment's action, count and width. */
const chartBars = (page) =>
  page.locator('#plan-chart .chart-row').evaluateAll((rows) =>
    rows.map((row) => ({
      kind: row.dataset.kind,
      type: row.dataset.type,
      segments: [...row.querySelectorAll('.segment')].map((s) => ({ action: s.dataset.action, count: Number(s.dataset.count), width: parseFloat(s.style.width) })),
    })),
  );

test('the plan chart: a bar per kind and per _type with the plan\'s counts; a bar filters the list', async () => {
  const plan = hrisPlan();
  const { context, page, errors } = await open(1280, 800);
  await page.click('[data-example="hris"]');
  await page.waitForSelector('#plan-chart .segment');
  const bars = await chartBars(page);
  // Expected from the report: every action per kind; per _type the actions whose objects the
  // report types, largest deletions first.
  const kinds = [['entity', plan.entities], ['relationship', plan.relationships]];
  const totals = kinds.map(([kind, c]) => ({
    kind,
    counts: { delete: c.delete.length, update: c.update.length, create: c.create.length, kept: c.kept?.length ?? 0, skipped: c.skipped.length, unchanged: c.unchanged },
  }));
  const perType = new Map();
  for (const [kind, c] of kinds) {
    for (const action of ['delete', 'update', 'create', 'kept']) {
      for (const { _type: type } of c[action] ?? []) {
        const counts = perType.get(type)?.counts ?? { delete: 0, update: 0, create: 0, kept: 0 };
        counts[action] += 1;
        perType.set(type, { kind, type, counts });
      }
    }
  }
  const types = [...perType.values()].sort((a, b) => b.counts.delete - a.counts.delete);
  const drawn = (row) => Object.fromEntries(row.segments.map((s) => [s.action, s.count]));
  const nonZero = (counts) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  assert.deepEqual(bars.map((b) => [b.kind, b.type, drawn(b)]), [
    ...totals.map((t) => [t.kind, undefined, nonZero(t.counts)]),
    ...types.map((t) => [t.kind, t.type, nonZero(t.counts)]),
  ]);
  assert.deepEqual(types.map((t) => t.type), ['hris_person', 'hris_team_has_person', 'hris_person_manages_person']);
  // Each segment is as wide as its share of the widest bar of its group.
  const widest = (rows) => Math.max(...rows.map((r) => r.segments.reduce((sum, s) => sum + s.count, 0)));
  for (const group of [bars.slice(0, 2), bars.slice(2)]) {
    for (const row of group) for (const s of row.segments) assert.ok(Math.abs(s.width - (100 * s.count) / widest(group)) < 1e-3, `${row.type} ${s.action}: ${s.width}% for ${s.count}`);
  }
  // The counts are text for a screen reader: each listed segment is a button named by them.
  assert.equal(await page.getAttribute('#plan-chart [data-type="hris_person"] .segment.delete', 'aria-label'), 'hris_person: 8 deleted');
  assert.equal(await page.textContent('#plan-chart [data-kind="entity"]:not([data-type]) .segment.unchanged'), 'entities: 294 unchanged');

  // A bar lists just its objects; choosing it again, or "Show the whole plan", lists them all.
  await page.click('#plan-chart [data-type="hris_person"] .segment.delete');
  assert.equal(await page.textContent('#plan-filter-text'), 'Showing 8 entities of _type hris_person deleted.');
  const listed = await allRows(page, '#plan-list');
  assert.deepEqual(listed, ['Delete (8)', ...plan.entities.delete.map((d) => `entity ${d._key} (hris_person): not in this upload`)]);
  assert.equal(await page.getAttribute('#plan-chart [data-type="hris_person"] .segment.delete', 'aria-pressed'), 'true');
  // From the keyboard: the relationships' skipped bar, then the same again to show everything.
  await page.focus('#plan-chart [data-kind="relationship"]:not([data-type]) .segment.skipped');
  await page.keyboard.press('Enter');
  assert.deepEqual(await planHeadings(page), ['Skip (1)']);
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#plan-filter').isVisible(), false);
  assert.deepEqual(await planHeadings(page), ['Delete (18)', 'Create (10)', 'Update (10)', 'Skip (1)']);
  await page.click('#plan-chart [data-type="hris_team_has_person"] .segment.create');
  assert.deepEqual(await planHeadings(page), ['Create (5)']);
  await page.click('#plan-show-all');
  assert.deepEqual(await planHeadings(page), ['Delete (18)', 'Create (10)', 'Update (10)', 'Skip (1)']);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The graph as drawn: each node's id, classes and place, each edge's ends and state. */
const drawnGraph = (page) =>
  page.locator('#graph').evaluate((svg) => ({
    nodes: [...svg.querySelectorAll('.node')].map((n) => ({ id: n.dataset.id, classes: n.getAttribute('class'), at: n.getAttribute('transform') })),
    edges: [...svg.querySelectorAll('.edge')].map((e) => `${e.dataset.source} → ${e.dataset.target}: ${e.getAttribute('class').replace(/^edge /, '')}`),
  }));

test('the graph of a deleted person: the relationships its deletion removes and the uploads skipped with it', async () => {
  const plan = hrisPlan();
  const { context, page, requests, errors } = await open(1280, 800);
  const loaded = requests.length;
  await page.click('[data-example="hris"]');
  await page.waitForSelector('#graph .node');
  // First drawn: every deleted hris_person, each with the relationships deleted because of it.
  assert.equal(await page.locator('#graph-subject option:checked').textContent(), 'Every deleted hris_person (8)');
  const everyone = await drawnGraph(page);
  const removedWith = (key) => plan.relationships.delete.filter((r) => r.reason === `its endpoint _toEntityKey "${key}" is deleted`).map((r) => r._key);
  const people = plan.entities.delete.map((e) => e._key);
  assert.deepEqual(everyone.nodes.filter((n) => n.classes.startsWith('node entity')).map((n) => n.id), people.map((k) => `entity ${k}`));
  assert.equal(everyone.edges.length, people.flatMap(removedWith).length);

  // A deleted person's key in the plan list opens that person's graph.
  const person = 'hris:person:E1044';
  await page.locator('#plan-list button.row-link', { hasText: person }).click();
  assert.equal(await page.locator('#graph-subject option:checked').textContent(), `Deleted entity ${person}`);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'graph-subject');
  const graph = await drawnGraph(page);
  const removed = removedWith(person);
  assert.deepEqual(removed, ['hris:person:E1040|manages|hris:person:E1044', 'hris:team:support|has|hris:person:E1044']);
  const skipped = plan.relationships.skipped.filter((s) => s.reason.includes(`"${person}"`)).map((s) => s._key);
  assert.deepEqual(skipped, ['hris:person:E1040|manages|hris:person:E1044']);
  assert.deepEqual(graph.nodes.map((n) => [n.id, n.classes]), [
    [`entity ${person}`, 'node entity deleted'],
    [`relationship ${removed[0]}`, 'node relationship deleted skipped'],
    [`relationship ${removed[1]}`, 'node relationship deleted'],
  ]);
  assert.deepEqual(graph.edges, [
    `entity ${person} → relationship ${removed[0]}: deleted and skipped`,
    `entity ${person} → relationship ${removed[1]}: deleted`,
  ]);
  assert.equal(await page.getAttribute('#graph', 'role'), 'img');
  assert.equal(await page.getAttribute('#graph', 'aria-label'), `The graph of deleted entity ${person}: 2 relationships removed or not created with it.`);
  assert.deepEqual(await page.locator('#graph-list li').allTextContents(), [
    `entity ${person} (hris_person) → relationship ${removed[0]} (hris_person_manages_person): deleted and skipped`,
    `entity ${person} (hris_person) → relationship ${removed[1]} (hris_team_has_person): deleted`,
  ]);
  // The layout is the same each time the same graph is drawn.
  await page.selectOption('#graph-subject', { label: 'Every deleted hris_person (8)' });
  assert.deepEqual(await drawnGraph(page), everyone);
  await page.locator('#graph-box').screenshot({ path: `${artifacts}page-graph-1280x800.png` });
  // The README's picture: the results from the status line down to the graph of E1044.
  await page.locator('#plan-list button.row-link', { hasText: person }).click();
  const clip = await page.evaluate(() => {
    const [top, bottom] = [document.getElementById('status'), document.getElementById('graph-box')].map((e) => e.getBoundingClientRect());
    return { x: top.x - 8, y: top.y + window.scrollY - 8, width: top.width + 16, height: bottom.bottom - top.top + 16 };
  });
  await page.screenshot({ path: `${artifacts}page-chart-and-graph.png`, clip, fullPage: true });
  if (process.env.SYNCPLAN_WRITE_SCREENSHOTS === '1') copyFileSync(`${artifacts}page-chart-and-graph.png`, `${root}docs/page-chart-and-graph.png`);
  assert.deepEqual(requests.slice(loaded).filter((u) => !u.startsWith('blob:')), [], 'no request after load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the OVERRIDE graph: which scope wins each property', async () => {
  const { context, page, errors } = await open(1280, 800);
  await page.click('[data-example="override"]');
  await page.waitForSelector('#graph .node');
  assert.equal(await page.locator('#graph-subject option:checked').textContent(), 'Every overridden entity');
  const id = '5f0c7a1e-0001-4e3b-9a51-4f1d2c3b0a01';
  await page.locator('#plan-list button.row-link', { hasText: id }).click();
  assert.deepEqual(await page.locator('#graph-list li').allTextContents(), [
    `entity ${id} → property criticality: has`,
    'scope platform-tiers → property criticality: wins',
    'scope repo-criticality → property criticality: shadowed',
  ]);
  assert.equal(await page.getAttribute(`#graph [data-id="scope platform-tiers"]`, 'class'), 'node scope wins');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an integration SDK folder chosen with the folder picker is linted and planned as the command line does', async () => {
  const folder = 'examples/sdk-run/.j1-integration';
  const instance = '6f1d2b8a-3c4e-4f50-9a7b-2e8c1d0f4a65';
  const lint = JSON.parse(syncplan(['lint', '--format', 'json', folder]).stdout);
  const plan = JSON.parse(syncplan(['plan', '--format', 'json', '--instance', instance, '--snapshot', 'examples/sdk-run/snapshot.json', folder]).stdout);
  // The command line names files from the working directory, the page from the chosen folder.
  const fromFolder = (d) => ({ ...d, file: d.file?.replace(/^examples\/sdk-run\//, '') ?? null });
  const { context, page, errors } = await open(1280, 800);
  await page.setInputFiles('#open-folder', `${root}${folder}`);
  await page.waitForSelector('#folder-note:not([hidden])');
  assert.equal(await page.inputValue('#source'), 'integration-external');
  // The batches: each step's entities, then its relationships, steps and files in name order.
  const graph = `${root}${folder}/graph`;
  const expected = readdirSync(graph).sort().flatMap((step) =>
    ['entities', 'relationships'].flatMap((kind) => (existsSync(`${graph}/${step}/${kind}`) ? readdirSync(`${graph}/${step}/${kind}`).sort().map((name) => `.j1-integration/graph/${step}/${kind}/${name}`) : [])));
  assert.deepEqual(await page.locator('#tabs button').allTextContents(), expected);
  assert.equal(await page.textContent('#folder-note'), `.j1-integration: ${expected.length} graph files and summary.json, in the order \`j1-integration sync\` uploads them.`);

  await page.click('#lint');
  await page.waitForSelector('#diagnostics li');
  const shown = await allRows(page, '#diagnostics');
  assert.deepEqual(shown.length, lint.diagnostics.length);
  assert.equal(await page.textContent('#status'), '0 errors, 4 warnings, 1 info');
  for (const d of lint.diagnostics.map(fromFolder)) {
    const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column}` : ''}` : 'job options';
    assert.ok(shown.some((row) => row.includes(d.message) && row.includes(`${where}  ${d.pointer}  ${d.rule}`)), `${d.rule} at ${where}`);
  }

  await page.fill('#instance', instance);
  await page.setInputFiles('#open-snapshot', `${root}examples/sdk-run/snapshot.json`);
  await page.waitForFunction(() => document.querySelector('#snapshot-editor textarea').value.includes('"entities"'));
  await page.click('#plan');
  await page.waitForSelector('#plan-list li.delete');
  const counts = ['entities', 'relationships'].flatMap((kind) => {
    const c = plan.plan[kind];
    return [kind, c.create.length, c.update.length, c.delete.length, c.skipped.length, c.unchanged].map(String);
  });
  assert.deepEqual(await page.locator('#counts td').allTextContents(), counts);
  // The summary's partial datasets are finalize's: the applications this run did not collect are kept.
  assert.equal(plan.plan.entities.kept.length, 20);
  assert.equal(await page.getAttribute('#plan-chart [data-kind="entity"]:not([data-type]) .segment.kept', 'data-count'), '20');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an integration SDK folder dropped on the upload editor is read the same way', async () => {
  const { context, page, errors } = await open(1280, 800);
  // A real drag of a folder from the file manager, as Chromium's DevTools protocol sends it.
  const cdp = await context.newCDPSession(page);
  const box = await page.locator('#upload-editor').boundingBox();
  const data = { items: [], files: [`${root}examples/sdk-run/.j1-integration`], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, x: box.x + 40, y: box.y + 40, data });
  }
  await page.waitForSelector('#folder-note:not([hidden])');
  const tabs = await page.locator('#tabs button').allTextContents();
  assert.equal(tabs.length, 19);
  assert.equal(tabs[0], '.j1-integration/graph/build-user-application-relationships/relationships/6fe0c61d-fbb0-4776-8431-2c0de536a56e.json');
  await page.click('#lint');
  await page.waitForSelector('#diagnostics li');
  assert.equal(await page.textContent('#status'), '0 errors, 4 warnings, 1 info');
  // Its graph/ folder alone, without summary.json: still a folder's run, whose missing instance
  // is a warning, as on the command line (the step findings came from the summary).
  data.files = [`${root}examples/sdk-run/.j1-integration/graph`];
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, x: box.x + 40, y: box.y + 40, data });
  }
  await page.waitForFunction(() => document.querySelector('#folder-note').textContent.startsWith('graph: 19 graph files,'));
  await page.click('#lint');
  // (Without the summary's partial datasets, relationships to the uncollected types dangle:
  // warnings. The instance as an error made it `1 error, 163 warnings`.)
  await page.waitForFunction(() => document.querySelector('#status').textContent === '0 errors, 164 warnings, 1 info');
  // A folder that is not the SDK's output says what to give instead.
  data.files = [`${root}examples/hris`];
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, x: box.x + 40, y: box.y + 40, data });
  }
  await page.waitForSelector('#status.error');
  assert.equal(
    await page.textContent('#status'),
    "hris is not the integration SDK's output: it has no graph/<step>/entities or relationships files (run `j1-integration collect`, then choose its .j1-integration folder)",
  );
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
  assert.deepEqual(errors.filter((e) => !e.startsWith('console: Connecting to') && !e.startsWith('console: Fetch API cannot load')), []);
  await context.close();
});

test('the page is usable on a phone', async () => {
  const { context, page } = await open(390, 844);
  await page.click('[data-example="override"]');
  await page.waitForSelector('#plan-list li.override');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: `${artifacts}page-390x844.png`, fullPage: true });
  assert.ok(width <= 390, `no horizontal scrolling (${width}px)`);
  assert.ok(await page.locator('#plan-list li.override', { hasText: 'shadowed, platform-tiers wins' }).count() === 1);
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
  // Chromium reads a chosen file when the page asks for its bytes: keep it until then.
  await page.waitForSelector('#tabs button:has-text("big.json")', { timeout: 120_000 });
  rmSync(path);
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

test('a 100,000-deletion plan: the list draws only what is on screen, scrolls, and searches', async () => {
  const { context, page, errors } = await open(1280, 800);
  // The previous state holds 100,000 entities; the upload none: finalize deletes them all.
  const entities = Array.from({ length: 100_000 }, (_, i) => ({ _key: `big:thing:${String(i).padStart(6, '0')}`, _type: 'big_thing', _class: 'Record' }));
  await page.fill('#scope', 's1');
  await page.fill('#upload-editor textarea', '{"entities": []}');
  await page.setInputFiles('#open-snapshot', { name: 'big-state.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ entities })) });
  await page.waitForFunction(() => document.querySelector('#snapshot-editor textarea').value.startsWith('big-state.json'));
  await page.click('#plan');
  await page.waitForSelector('#plan-list li.delete', { timeout: 120_000 });
  assert.equal(await page.getAttribute('#plan-chart [data-type="big_thing"] .segment.delete', 'data-count'), '100000');
  assert.equal(await page.textContent('#plan-list h3'), 'Delete (100,000)');

  // Too many to draw one by one: the graph is drawn by _type, and says so.
  assert.equal(await page.textContent('#graph-note'), '100,000 objects are too many to draw one by one (more than 300): drawn by _type. The plan list holds every one.');
  assert.deepEqual((await drawnGraph(page)).nodes.map((n) => n.id), ['entity big_thing deleted']);
  assert.equal(await page.textContent('#graph text'), 'big_thing: 100,000 deleted');

  // Scroll from top to bottom in 300 frames, each a jump of over 300 rows: every frame draws a
  // fresh set of rows. Count the frames and how long each took.
  const scroll = await page.locator('#plan-list').evaluate(async (list) => {
    const steps = 300;
    const distance = list.scrollHeight - list.clientHeight;
    const intervals = [];
    const draws = [];
    let mostRows = 0;
    let last = await new Promise(requestAnimationFrame);
    for (let step = 1; step <= steps; step++) {
      // The page's own work for the frame: the list redraws on a scroll event, sent here at once
      // (the browser's own then finds the rows drawn), and lays out.
      const started = performance.now();
      list.scrollTop = (distance * step) / steps;
      list.dispatchEvent(new Event('scroll'));
      void list.offsetHeight;
      draws.push(performance.now() - started);
      const now = await new Promise(requestAnimationFrame);
      intervals.push(now - last);
      last = now;
      mostRows = Math.max(mostRows, list.querySelectorAll('li').length);
    }
    const lastRow = [...list.querySelectorAll('li[aria-posinset]')].at(-1);
    return { intervals, draws, mostRows, lastPlace: lastRow.getAttribute('aria-posinset'), lastText: lastRow.textContent, setSize: lastRow.getAttribute('aria-setsize') };
  });
  // The heading is the list's first item: 100,001 items, the last the 100,000th deletion.
  assert.equal(scroll.setSize, '100001');
  assert.equal(scroll.lastPlace, '100001');
  assert.equal(scroll.lastText, 'entity big:thing:099999 (big_thing): not in this upload');
  assert.ok(scroll.mostRows < 100, `${scroll.mostRows} rows drawn at once`);
  const sorted = [...scroll.intervals].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  // A frame that took over one and a half times the median is one the screen missed.
  const dropped = scroll.intervals.filter((ms) => ms > 1.5 * median).length;
  const draws = [...scroll.draws].sort((a, b) => a - b);
  console.log(
    `100,000-deletion plan: ${scroll.intervals.length} frames scrolled, median ${median.toFixed(1)} ms, longest ${sorted.at(-1).toFixed(1)} ms, ` +
      `${dropped} dropped (over 1.5× the median), at most ${scroll.mostRows} rows drawn; ` +
      `the list's redraw and layout per frame: median ${draws[draws.length >> 1].toFixed(1)} ms, longest ${draws.at(-1).toFixed(1)} ms`,
  );

  // The search narrows 100,000 rows as the text is typed; the time each keystroke takes is printed.
  const searched = await page.evaluate(() => {
    const search = document.getElementById('plan-search');
    const times = [];
    for (const text of ['0', '09', '099', '0999', '09999', '099999']) {
      search.value = text;
      const started = performance.now();
      search.dispatchEvent(new Event('input'));
      times.push(performance.now() - started);
    }
    return times;
  });
  console.log(`search of 100,000 rows: ${searched.map((ms) => ms.toFixed(1)).join(', ')} ms per keystroke`);
  assert.deepEqual(await allRows(page, '#plan-list'), ['Delete (1)', 'entity big:thing:099999 (big_thing): not in this upload']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hundreds of findings: drawn as they scroll; the arrow keys move between them, Enter follows one', async () => {
  const { context, page, errors } = await open(1280, 800);
  const entities = Array.from({ length: 600 }, (_, i) => ({ _key: `k:${i}`, _type: 'big_thing', _class: 'Record', name: `n${i}` }));
  const text = JSON.stringify({ entities }, null, 1);
  await page.fill('#scope', 's1');
  await page.locator('#upload-editor textarea').evaluate((editor, value) => {
    editor.value = value;
    editor.dispatchEvent(new Event('input'));
  }, text);
  await page.click('#lint');
  await page.waitForSelector('#diagnostics li');
  await page.selectOption('#rule-filter', 'entity-required');
  const first = page.locator('#diagnostics li[aria-posinset="1"]');
  assert.equal(await first.getAttribute('aria-setsize'), '600');
  assert.ok((await page.locator('#diagnostics li').count()) < 60);
  await first.focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => [document.activeElement.getAttribute('aria-posinset'), document.activeElement.textContent]);
  assert.equal(focused[0], '41');
  assert.match(focused[1], /entities\[40\] is missing required property "displayName"/);
  await page.keyboard.press('Enter');
  // The cursor is on entity 40's opening brace.
  const line = text.split('\n').findIndex((l) => l.includes('"k:40"')) - 1;
  const expected = text.split('\n').slice(0, line).join('\n').length + 1 + text.split('\n')[line].indexOf('{');
  assert.equal(await page.locator('#upload-editor textarea').evaluate((t) => t.selectionStart), expected);
  assert.deepEqual(errors, []);
  await context.close();
});

const axeSource = readFileSync(`${root}node_modules/axe-core/axe.min.js`, 'utf8');

/** The accessibility problems axe-core finds (WCAG 2.1 A and AA) that it rates serious or critical. */
async function seriousViolations(page) {
  // Evaluated through the DevTools protocol, which the page's script policy does not govern.
  await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

for (const scheme of ['light', 'dark']) {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    test(`accessibility and layout, ${scheme} scheme at ${width}×${height}: axe-core finds nothing serious, nothing scrolls sideways`, async () => {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]');
      await page.click('[data-example="hris"]');
      await page.waitForSelector('#graph .node');
      await page.locator('#plan-list button.row-link', { hasText: 'hris:person:E1044' }).click();
      // The page follows the system's scheme.
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      assert.equal(background, scheme === 'dark' ? 'rgb(21, 24, 29)' : 'rgb(251, 251, 250)');
      await page.screenshot({ path: `${artifacts}page-${scheme}-${width}x${height}.png`, fullPage: true });
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width, 'no sideways scrolling');
      assert.deepEqual(await seriousViolations(page), []);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test('every control is reached with Tab and shows where the focus is', async () => {
  const { context, page, errors } = await open(1280, 800);
  await page.click('[data-example="hris"]');
  await page.waitForSelector('#graph .node');
  // From the top of the page, as a person pressing Tab would (a focus set by a script shows no ring).
  await page.evaluate(() => document.activeElement.blur());
  const reached = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      const style = getComputedStyle(element);
      const name = element.id || element.dataset.example || element.dataset.action || element.textContent.trim().slice(0, 30) || element.tagName;
      return { name, tag: element.tagName, shown: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };
    });
    if (focused.tag !== 'BODY') reached.push(focused);
  }
  const missing = reached.filter((f) => !f.shown).map((f) => `${f.tag} ${f.name}`);
  assert.deepEqual(missing, [], 'every focused control is outlined');
  const names = reached.map((f) => f.name);
  for (const control of ['tool-sync', 'mode', 'scope', 'open-folder', 'hris', 'lint', 'plan', 'rule-filter', 'delete', 'graph-subject', 'plan-search', 'plan-list', 'diagnostics']) {
    assert.ok(names.includes(control), `${control} is reached with Tab: ${names.join(', ')}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

/** A page whose worker gets `route`'s answer for `file` instead of the real one. */
async function openBroken(file, fulfil) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route(`**/${file}`, (route) => route.fulfill(fulfil));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="failed"]');
  return { context, page, errors };
}

test('a module that will not compile is an error on the page, not a wait', async () => {
  const { context, page, errors } = await openBroken('syncplan-wasm.js', {
    contentType: 'text/javascript',
    body: 'export default new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]);',
  });
  assert.match(await page.textContent('#status'), /^The checker could not start: .+\. Reload the page, or open it in a current browser\.$/);
  assert.equal(await page.getAttribute('#status', 'class'), 'status error');
  // Asking for a lint says the same instead of spinning.
  await page.fill('#scope', 's1');
  await page.click('#lint');
  assert.equal(await page.locator('#progress').isVisible(), false);
  assert.match(await page.textContent('#status'), /^The checker could not start/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a worker script that does not load is an error on the page', async () => {
  const { context, page, errors } = await openBroken('worker-thread.js', { status: 404, body: 'not found' });
  assert.match(await page.textContent('#status'), /^The checker could not start.*Reload the page; if this persists, rebuild it with `make build`\.$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a chosen file that can no longer be read is named, with what to do', async () => {
  const { context, page, errors } = await open(1280, 800);
  // What Chromium does when a chosen file was deleted before the page read it.
  await page.evaluate(() => {
    const unreadable = () => Promise.reject(new DOMException('The file could not be read.', 'NotReadableError'));
    Blob.prototype.text = unreadable;
    Blob.prototype.arrayBuffer = unreadable;
  });
  await page.setInputFiles('#open-uploads', { name: 'gone.json', mimeType: 'application/json', buffer: Buffer.from('{"entities": []}') });
  await page.waitForSelector('#status.error');
  assert.equal(await page.textContent('#status'), 'Could not read gone.json: The file could not be read. Choose it again.');
  assert.equal(await page.locator('#tabs button', { hasText: 'gone.json' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

// Expectations from `node pkg/cli.js jim preview --snapshot examples/jim/state.json examples/jim/config.json`.
test('JIM tab: preview the example, counts and deletions first, each outcome with what decided it', async () => {
  const { context, page, requests, errors } = await open(1280, 800);
  const loaded = requests.length;
  await openJimTab(page);
  await page.click('#jim-example');
  await page.waitForSelector('#jim-list .plan-section li');
  assert.equal(await page.textContent('#jim-status'), '0 errors, 1 warning, 0 infos');
  assert.equal(await page.textContent('#jim-deletions'), 'Deletions: 2 of 16 objects');
  assert.deepEqual(await page.locator('#jim-counts td').allTextContents(), [
    'AmbiguousMatch', '1', 'AttributeFlow', '2', 'DeprovisionQueued', '1', 'DisconnectedOutOfScope', '1', 'DriftCorrection', '1',
    'Joined', '7', 'MvoDeleted', '1', 'PendingExportCreated', '1', 'Projected', '1', 'Provisioned', '1',
  ]);
  assert.deepEqual(await page.locator('#jim-list .plan-section h3').allTextContents(), [
    'Deletions (2)', 'Provisioning (1)', 'Connector space (4)', 'Metaverse (4)', 'Stay joined (6)',
  ]);
  assert.deepEqual(await jimRows(page, 'Deletions'), [
    'metaverse person mv-3: MvoDeleted',
    'Directory user dir-3: Delete (DeprovisionQueued) by Directory users out, for mv-3',
  ]);
  const [provisioned] = await jimRows(page, 'Provisioning');
  assert.ok(provisioned.startsWith('Directory user: Create (Provisioned) by Directory users out, for new:hr-1004'), provisioned);
  for (const value of ['employeeID: "1004"', 'sAMAccountName: "kjohnson"', 'displayName: "Katherine Johnson"', 'userAccountControl: 512']) {
    assert.ok(provisioned.includes(value), `${value} in ${provisioned}`);
  }
  const connectorSpace = await jimRows(page, 'Connector space');
  assert.deepEqual(connectorSpace.map((r) => r.split('scope:')[0]), [
    'HR employee hr-1003: DisconnectedOutOfScope → mv-3',
    'HR employee hr-1004: Projected → new:hr-1004',
    'HR employee hr-1005: Joined → mv-5',
    'HR employee hr-1006: AmbiguousMatch',
  ]);
  assert.ok(connectorSpace[0].includes('scope: out (HR employees in): group 1 did not match: status Equals "Active" fails for Terminated'));
  assert.ok(connectorSpace[1].includes('projected as new:hr-1004'));
  assert.ok(connectorSpace[2].includes('join: matching rule 1 (employeeId = "1005")'));
  assert.ok(connectorSpace[3].includes('AmbiguousMatch: matching rule 1 found 2 metaverse objects: mv-6a, mv-6b'));
  const metaverse = await jimRows(page, 'Metaverse');
  assert.ok(metaverse[0].startsWith('mv-1 (person): exports only'));
  assert.ok(metaverse[0].includes('→ Directory user dir-1: Update (DriftCorrection) by Directory users out'));
  assert.ok(metaverse[0].includes('displayName: "Ada L." → "Ada Lovelace"'));
  assert.ok(metaverse[1].includes('department: "Engineering" → "Research" AttributeFlow (HR employees in, priority 1)'));
  assert.ok((await jimRows(page, 'Stay joined')).every((r) => r.includes(': Joined → mv-')));
  await page.screenshot({ path: `${artifacts}page-jim-1280x800.png`, fullPage: true });

  // Search narrows every section; nothing matching says so.
  await page.fill('#jim-search', 'ambiguous');
  assert.deepEqual(await page.locator('#jim-list h3').allTextContents(), ['Connector space (1)']);
  await page.fill('#jim-search', 'MV-3');
  assert.deepEqual(await page.locator('#jim-list h3').allTextContents(), ['Deletions (2)', 'Connector space (1)', 'Metaverse (1)', 'Stay joined (1)']);
  await page.fill('#jim-search', 'no such thing');
  assert.equal(await page.textContent('#jim-list'), 'Nothing in the preview matches the search.');
  await page.fill('#jim-search', '');
  assert.equal(await page.locator('#jim-list li').count(), 2 + 1 + 4 + 4 + 6);

  // Downloads, made in the page: the JSON report and the text the command line prints.
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-jim-download="json"]')]);
  assert.equal(json.suggestedFilename(), 'syncplan-jim-report.json');
  const report = JSON.parse(readFileSync(await json.path(), 'utf8'));
  assert.equal(report.preview.deletions, 2);
  assert.equal(report.diagnostics[0].file, 'config.json');
  const [text] = await Promise.all([page.waitForEvent('download'), page.click('[data-jim-download="text"]')]);
  assert.equal(text.suggestedFilename(), 'syncplan-jim-report.txt');
  assert.match(readFileSync(await text.path(), 'utf8'), /Deletions: 2 of 16 objects\n$/);
  assert.deepEqual(requests.slice(loaded).filter((u) => !u.startsWith('blob:')), [], 'no request after load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('JIM tab: lint shows the negated-criterion warning at its line and follows it there', async () => {
  const { context, page, errors } = await open(1280, 800);
  await openJimTab(page);
  await page.click('#jim-preview');
  assert.equal(await page.textContent('#jim-status'), 'Paste or open a configuration (or load the example) first.');
  await page.fill('#jim-config-editor textarea', jimConfig);
  await page.click('#jim-preview');
  assert.match(await page.textContent('#jim-status'), /The preview needs the state/);
  await page.click('#jim-lint');
  await page.waitForSelector('#jim-diagnostics li');
  assert.equal(await page.locator('#jim-diagnostics li').count(), 1);
  const warning = page.locator('#jim-diagnostics li.warning');
  assert.match(await warning.textContent(), /NotEquals on "department" also leaves out every object without "department"/);
  assert.match(await warning.textContent(), /config\.json:123:73 {2}\/syncRules\/2\/objectScopingCriteriaGroups\/0\/criteria\/0\/comparisonType {2}jim-negated-criterion/);
  assert.equal(await page.locator('#jim-preview-box').isVisible(), false);
  // Enter on the focused diagnostic puts the cursor on line 123, column 73, and the gutter marks it.
  await warning.focus();
  await page.keyboard.press('Enter');
  const lines = jimConfig.split('\n');
  const expected = lines.slice(0, 122).join('\n').length + 1 + 72;
  assert.equal(await page.locator('#jim-config-editor textarea').evaluate((t) => t.selectionStart), expected);
  assert.equal(await page.locator('#jim-config-editor textarea').inputValue(), jimConfig, 'Enter moved the cursor and typed nothing');
  assert.deepEqual(await page.locator('#jim-config-editor .gutter .mark-warning').allTextContents(), ['123']);
  // A state opened as a file is previewed under its own name.
  const path = `${artifacts}people.json`;
  writeFileSync(path, jimState);
  await page.setInputFiles('#jim-open-state', path);
  // Chromium reads a chosen file when the page asks for its text: keep it until then.
  await page.waitForFunction(() => document.querySelector('#jim-state-editor textarea').value.includes('hr-1001'));
  rmSync(path);
  await page.click('#jim-preview');
  await page.waitForSelector('#jim-preview-box:not([hidden])');
  assert.equal(await page.textContent('#jim-deletions'), 'Deletions: 2 of 16 objects');
  assert.deepEqual(errors, []);
  await context.close();
});

test('JIM tab: markup in an attribute is shown as text, never run', async () => {
  const { context, page, errors } = await open(1280, 800);
  await openJimTab(page);
  const markup = '<img src=x onerror=window.__xss=1>';
  await page.fill('#jim-config-editor textarea', jimConfig);
  await page.fill('#jim-state-editor textarea', jimState.replace('"Katherine"', JSON.stringify(markup)).replace('"hr-1006"', '"<script>window.__xss=2</script>"'));
  await page.click('#jim-preview');
  await page.waitForSelector('#jim-list li');
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('#jim-list img, #jim-list script').count(), 0);
  const [provisioned] = await jimRows(page, 'Provisioning');
  assert.ok(provisioned.includes(`displayName: ${JSON.stringify(`${markup} Johnson`)}`), provisioned);
  assert.ok((await page.textContent('#jim-list')).includes('HR employee <script>window.__xss=2</script>: AmbiguousMatch'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('JIM tab: usable on a phone', async () => {
  const { context, page } = await open(390, 844);
  await page.click('#tool-jim');
  await page.click('#jim-example');
  await page.waitForSelector('#jim-list .plan-section.create li');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: `${artifacts}page-jim-390x844.png`, fullPage: true });
  assert.ok(width <= 390, `no horizontal scrolling (${width}px)`);
  assert.equal(await page.textContent('#jim-deletions'), 'Deletions: 2 of 16 objects');
  await context.close();
});
