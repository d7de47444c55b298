// The sync-job tab of the page: job settings, upload batches and a snapshot in, diagnostics and
// the plan out. The work happens in the Web Worker; every value from a payload is shown as text.
import { Editor } from './editor.js';
import examples from './examples.js';
import { acceptDrops, documentFrom, EditedDocument, readFiles, sizeNote } from './files.js';
import { droppedFiles, droppedFolders, graphFileBytes, integrationRun, pickedFiles } from './integration-folder.js';
import { folderRules } from './integration-run.js';
import { showPlan } from './plan-view.js';
import {
  $, diagnosticItem, diagnosticLines, element, lineMarks, offerDownloads, setStatus as setStatusOf, summaryText,
} from './view.js';
import { linesOf, VirtualList } from './virtual-list.js';
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

/** The integration folder the batches came from (`{ summary }`, its `summary.json` or null), or null. */
let integrationFolder = null;

function noteFolder(text) {
  $('folder-note').textContent = text ?? '';
  $('folder-note').hidden = !text;
}

/** Makes the job an integration folder's run: its graph files the batches, in upload order,
 * its summary part of the job, and the source `integration-external`, as the command line does. */
async function openIntegrationFolder(read) {
  let run;
  let uploads;
  let summary;
  try {
    run = integrationRun(await read());
    uploads = await Promise.all(run.uploads.map(async (upload) => documentFrom(upload.path, await graphFileBytes(upload))));
    summary = run.summary && documentFrom(run.summary.path, new Uint8Array(await run.summary.file.arrayBuffer()));
  } catch (error) {
    setStatus(error.message, true);
    return;
  }
  $('source').value = 'integration-external';
  integrationFolder = { summary: summary ?? null };
  setBatches(uploads);
  const folder = uploads[0].name.split('/')[0];
  noteFolder(`${folder}: ${uploads.length} graph files${summary ? ' and summary.json' : ''}, in the order \`j1-integration sync\` uploads them.`);
}

$('open-uploads').addEventListener('change', (event) => addUploadFiles(event.target.files));
$('open-folder').addEventListener('change', (event) => {
  const files = pickedFiles(event.target.files);
  openIntegrationFolder(async () => files);
});
$('open-snapshot').addEventListener('change', (event) => setSnapshotFile(event.target.files));
acceptDrops($('upload-editor'), (files, dropped) => {
  const folders = droppedFolders(dropped);
  if (folders.length > 0) openIntegrationFolder(() => droppedFiles(folders));
  else addUploadFiles(files);
});
acceptDrops($('snapshot-editor'), setSnapshotFile);

/** The job options, run options and finalize body the form describes, for a `lint` or a `plan`. */
function request(kind) {
  saveActive();
  const job = { syncMode: $('mode').value, source: $('source').value };
  if ($('scope').value.trim()) job.scope = $('scope').value.trim();
  if ($('instance').value.trim()) job.integrationInstanceId = $('instance').value.trim();
  const options = { files: batches.map((b) => b.name), snapshotFile: snapshot.name };
  if (startBodyEditor.value.trim()) {
    options.jobBody = startBodyEditor.value;
    options.jobFile = 'start-body.json';
  }
  if (integrationFolder?.summary) {
    options.summary = integrationFolder.summary.bytes ?? integrationFolder.summary.text;
    options.summaryFile = integrationFolder.summary.name;
  }
  // As the command line: a folder's data can be checked before its instance is known.
  if (integrationFolder) options.rules = folderRules(job, options.rules, { planning: kind === 'plan' });
  const types = $('partial-types').value.split(',').map((t) => t.trim()).filter(Boolean);
  const uploads = batches.map((b) => b.bytes ?? b.text);
  // Without partial types given here, finalize's are the summary's, if any (as `--partial-types`).
  const finalize = types.length > 0 ? { partialDatasets: { types } } : undefined;
  return { job, uploads, snapshot: snapshot.input, options, finalize };
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

/** Pixels the list's style sheet gives a diagnostic: a line of text, and its padding and border. */
const DIAGNOSTIC_LINE = 18;
const DIAGNOSTIC_EDGES = 12;

const diagnosticList = new VirtualList($('diagnostics'), {
  label: 'Diagnostics',
  rowClass: 'diagnostic',
  // The severity is set off from the message by one character's width.
  heightOf: (d, columns) =>
    DIAGNOSTIC_EDGES + DIAGNOSTIC_LINE * diagnosticLines(d).reduce((sum, parts, at) => sum + linesOf(parts.join('').length + (at === 0 ? 1 : 0), columns), 0),
  render: (d) => diagnosticItem(d, reveal),
  focusable: () => true,
});

function drawDiagnostics() {
  const diagnostics = lastReport?.diagnostics ?? [];
  $('diagnostics-box').hidden = diagnostics.length === 0;
  const shown = new Set([...document.querySelectorAll('[data-severity]')].filter((c) => c.checked).map((c) => c.dataset.severity));
  const rule = $('rule-filter').value;
  diagnosticList.show(diagnostics.filter((d) => shown.has(d.severity) && (!rule || d.rule === rule)));
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

function showReport(report, request) {
  lastReport = report;
  lastRequest = request;
  setStatus(summaryText(report.summary), report.summary.errors > 0);
  $('downloads').hidden = false;
  fillRuleFilter();
  drawDiagnostics();
  showPlan(report);
  markLines();
}

async function run(kind) {
  const message = request(kind);
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
  integrationFolder = null;
  noteFolder(null);
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
