// The sync-job tab of the page: job settings, upload batches and a snapshot in, diagnostics and
// the plan out. The work happens in the Web Worker; every value from a payload is shown as text.
import { Editor } from './editor.js';
import examples from './examples.js';
import { acceptDrops, EditedDocument, readFiles, sizeNote } from './files.js';
import { ACTION_WORDS, drawPlanChart, pressSegment } from './plan-chart.js';
import { planEntries, SECTIONS, selects } from './plan-model.js';
import {
  $, changeLine, diagnosticItem, element, lineMarks, offerDownloads, resultSection, row, setStatus as setStatusOf, summaryText,
} from './view.js';
import { ask, ready } from './worker-client.js';

// ---- Inputs -----------------------------------------------------------------------------------

const uploadEditor = new Editor($('upload-editor'), 'Paste an upload body: {"entities": [...], "relationships": [...]}');
const snapshot = new EditedDocument(
  new Editor($('snapshot-editor'), 'Paste the previous state: a native snapshot, a J1QL export or a previous upload'),
  'snapshot.json',
);
const startBodyEditor = new Editor($('start-body'), '{"source": "api", "syncMode": "DIFF", "scope": "…"}');

const batches = [{ name: 'upload-1.json', text: '' }];
let active = 0;

function saveActive() {
  if (!batches[active].bytes) batches[active].text = uploadEditor.value;
}

/** Puts a batch (text or large bytes) into the upload editor. */
function showBatch(batch) {
  if (batch.bytes) uploadEditor.showNote(sizeNote(batch.name, batch.bytes));
  else uploadEditor.value = batch.text;
}

function drawTabs() {
  const tabs = batches.map((batch, index) => {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-selected', String(index === active));
    tab.textContent = batch.name;
    tab.addEventListener('click', () => selectBatch(index));
    return tab;
  });
  $('tabs').replaceChildren(...tabs);
}

function selectBatch(index) {
  saveActive();
  active = index;
  showBatch(batches[index]);
  drawTabs();
  markLines();
}

function setBatches(list) {
  batches.splice(0, batches.length, ...list);
  if (batches.length === 0) batches.push({ name: 'upload-1.json', text: '' });
  active = 0;
  showBatch(batches[0]);
  drawTabs();
}

$('add-batch').addEventListener('click', () => {
  saveActive();
  batches.push({ name: `upload-${batches.length + 1}.json`, text: '' });
  selectBatch(batches.length - 1);
});

async function addUploadFiles(files) {
  saveActive();
  let read;
  try {
    read = await readFiles(files);
  } catch (error) {
    setStatus(error.message, true);
    return;
  }
  const keep = batches.filter((b) => b.bytes || b.text.trim() !== '');
  setBatches([...keep, ...read]);
}

async function setSnapshotFile(files) {
  let file;
  try {
    [file] = await readFiles(files);
  } catch (error) {
    setStatus(error.message, true);
    return;
  }
  if (!file) return;
  $('snapshot-box').open = true;
  snapshot.set(file);
}

$('open-uploads').addEventListener('change', (event) => addUploadFiles(event.target.files));
$('open-snapshot').addEventListener('change', (event) => setSnapshotFile(event.target.files));
acceptDrops($('upload-editor'), addUploadFiles);
acceptDrops($('snapshot-editor'), setSnapshotFile);

/** The job options, run options and finalize body the form describes. */
function request() {
  saveActive();
  const job = { syncMode: $('mode').value, source: $('source').value };
  if ($('scope').value.trim()) job.scope = $('scope').value.trim();
  if ($('instance').value.trim()) job.integrationInstanceId = $('instance').value.trim();
  const options = { files: batches.map((b) => b.name), snapshotFile: snapshot.name };
  if (startBodyEditor.value.trim()) {
    options.jobBody = startBodyEditor.value;
    options.jobFile = 'start-body.json';
  }
  const types = $('partial-types').value.split(',').map((t) => t.trim()).filter(Boolean);
  const uploads = batches.map((b) => b.bytes ?? b.text);
  return { job, uploads, snapshot: snapshot.input, options, finalize: { partialDatasets: { types } } };
}

// ---- Results ----------------------------------------------------------------------------------

let lastReport;
let lastRequest;

const setStatus = (text, isError) => setStatusOf($('status'), text, isError);

/** Marks the lines of the visible batch, the snapshot and the start body. */
function markLines() {
  const byFile = lineMarks(lastReport?.diagnostics ?? []);
  uploadEditor.setMarks(byFile.get(batches[active].name) ?? new Map());
  snapshot.editor.setMarks(byFile.get(snapshot.name) ?? new Map());
  startBodyEditor.setMarks(byFile.get('start-body.json') ?? new Map());
}

function reveal(d) {
  if (!d.file || !d.line) return;
  if (d.file === snapshot.name && lastRequest?.snapshot !== undefined) {
    $('snapshot-box').open = true;
    snapshot.editor.moveTo(d.line, d.column);
  } else if (d.file === 'start-body.json') {
    $('start-body-box').open = true;
    startBodyEditor.moveTo(d.line, d.column);
  } else {
    const index = batches.findIndex((b) => b.name === d.file);
    if (index === -1) return;
    if (index !== active) selectBatch(index);
    uploadEditor.moveTo(d.line, d.column);
  }
}

function drawDiagnostics() {
  const diagnostics = lastReport?.diagnostics ?? [];
  $('diagnostics-box').hidden = diagnostics.length === 0;
  const shown = new Set([...document.querySelectorAll('[data-severity]')].filter((c) => c.checked).map((c) => c.dataset.severity));
  const rule = $('rule-filter').value;
  const items = diagnostics
    .filter((d) => shown.has(d.severity) && (!rule || d.rule === rule))
    .map((d) => diagnosticItem(d, reveal));
  $('diagnostics').replaceChildren(...items);
}

function fillRuleFilter() {
  const rules = [...new Set((lastReport?.diagnostics ?? []).map((d) => d.rule))].sort();
  const options = [element('option', '', 'all rules'), ...rules.map((r) => element('option', '', r))];
  options[0].value = '';
  $('rule-filter').replaceChildren(...options);
}

for (const control of document.querySelectorAll('[data-severity], #rule-filter')) {
  control.addEventListener('change', drawDiagnostics);
}

/** The chart segment whose objects the plan list shows, or null for the whole plan. */
let planFilter = null;
let planRows = [];

function countsTable(plan) {
  const header = element('tr');
  for (const name of ['', 'create', 'update', 'delete', 'skipped', 'unchanged']) header.append(element('th', '', name));
  const rows = ['entities', 'relationships'].map((kind) => {
    const c = plan[kind];
    const tr = element('tr');
    for (const value of [kind, c.create.length, c.update.length, c.delete.length, c.skipped.length, c.unchanged]) {
      tr.append(element('td', '', String(value)));
    }
    return tr;
  });
  $('counts').replaceChildren(header, ...rows);
}

function filterNote(shown) {
  $('plan-filter').hidden = !planFilter;
  if (!planFilter) return;
  const { kind, type, action } = planFilter;
  const what = type === undefined ? (kind === 'entity' ? 'entities' : 'relationships') : `${kind === 'entity' ? 'entities' : 'relationships'} of _type ${type}`;
  $('plan-filter-text').textContent = `Showing ${shown.toLocaleString('en')} ${what} ${ACTION_WORDS[action]}.`;
}

function drawPlan() {
  const plan = lastReport?.plan;
  $('plan-box').hidden = !plan;
  if (!plan) return;
  const job = lastReport.job;
  $('plan-title').textContent = `Plan for scope ${job.scope ?? job.integrationInstanceId ?? ''} (${job.syncMode})`;
  countsTable(plan);
  planRows = planEntries(plan);
  drawPlanChart($('plan-chart'), plan, selectBar);
  drawPlanList();
}

function selectBar(selection) {
  planFilter = selection;
  pressSegment($('plan-chart'), planFilter);
  drawPlanList();
}

function drawPlanList() {
  const query = $('plan-search').value.trim().toLowerCase();
  const shown = planFilter ? planRows.filter((e) => selects(planFilter, e)) : planRows;
  filterNote(shown.length);
  const sections = SECTIONS.map(({ action, title }) => {
    const rows = shown.filter((e) => e.action === action).map((e) => row(e.title, e.changes.map((c) => changeLine(c))));
    return resultSection(action, title, rows, query);
  }).filter(Boolean);
  $('plan-list').replaceChildren(...sections);
}

$('plan-show-all').addEventListener('click', () => selectBar(null));
$('plan-search').addEventListener('input', drawPlanList);

function showReport(report, request) {
  lastReport = report;
  planFilter = null;
  lastRequest = request;
  setStatus(summaryText(report.summary), report.summary.errors > 0);
  $('downloads').hidden = false;
  fillRuleFilter();
  drawDiagnostics();
  drawPlan();
  markLines();
}

async function run(kind) {
  const message = request();
  if (kind === 'plan' && message.snapshot === undefined) {
    $('snapshot-box').open = true;
    setStatus('The plan needs the previous state: paste or open a snapshot.', true);
    return;
  }
  try {
    showReport(await ask(kind, message), message);
  } catch (error) {
    setStatus(error.message, true);
  }
}

$('lint').addEventListener('click', () => run('lint'));
$('plan').addEventListener('click', () => run('plan'));

const DOWNLOADS = {
  json: ['syncplan-report.json', 'application/json'],
  sarif: ['syncplan.sarif', 'application/sarif+json'],
  markdown: ['syncplan-report.md', 'text/markdown'],
};

offerDownloads(
  document.querySelectorAll('[data-download]'),
  (button) => button.dataset.download,
  DOWNLOADS,
  async (format) => {
    if (!lastRequest) return undefined;
    const message = { ...lastRequest, options: { ...lastRequest.options, format }, planned: Boolean(lastReport?.plan) };
    return (await ask('render', message)).output;
  },
  (error) => setStatus(error.message, true),
);

// ---- Examples ---------------------------------------------------------------------------------

function loadExample(name) {
  const example = examples[name];
  const job = example.job;
  $('mode').value = job.syncMode ?? 'DIFF';
  $('source').value = job.source ?? 'api';
  $('scope').value = job.scope ?? '';
  $('instance').value = job.integrationInstanceId ?? '';
  startBodyEditor.value = '';
  $('partial-types').value = '';
  setBatches(example.uploads.map((u) => ({ ...u })));
  snapshot.set(example.snapshot ?? { name: 'snapshot.json', text: '' });
  $('snapshot-box').open = Boolean(example.snapshot);
  run(example.snapshot ? 'plan' : 'lint');
}

for (const button of document.querySelectorAll('[data-example]')) {
  button.addEventListener('click', () => loadExample(button.dataset.example));
}

drawTabs();
ready.then(
  () => {
    document.body.dataset.ready = 'true';
    setStatus('Ready. Paste an upload body or pick an example.');
  },
  (error) => {
    document.body.dataset.ready = 'failed';
    setStatus(error.message, true);
  },
);
