// The syncplan page: job settings, upload batches and a snapshot in, diagnostics and the plan
// out. The work happens in a Web Worker; every value from a payload is shown as text.
import { Editor } from './editor.js';
import examples from './examples.js';

const $ = (id) => document.getElementById(id);
const SEVERITY_ORDER = { error: 3, warning: 2, info: 1 };
/** Files larger than this are kept as bytes and not shown in an editor: a browser takes
 * seconds to lay out tens of megabytes of text. */
const SHOWN_LIMIT = 5 * 1024 * 1024;

// ---- The worker -----------------------------------------------------------------------------

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;
const ready = new Promise((resolve) => {
  worker.addEventListener('message', function onReady({ data }) {
    if (data.ready) {
      worker.removeEventListener('message', onReady);
      resolve();
    }
  });
});
worker.addEventListener('message', ({ data }) => {
  const request = pending.get(data.id);
  if (!request) return;
  pending.delete(data.id);
  showProgress();
  if (data.error) request.reject(new Error(data.error));
  else request.resolve(data.result);
});

async function ask(kind, message) {
  await ready;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    showProgress();
    worker.postMessage({ ...message, id, kind });
  });
}

function showProgress() {
  $('progress').hidden = pending.size === 0;
}

// ---- Inputs -----------------------------------------------------------------------------------

const uploadEditor = new Editor($('upload-editor'), 'Paste an upload body: {"entities": [...], "relationships": [...]}');
const snapshotEditor = new Editor($('snapshot-editor'), 'Paste the previous state: a native snapshot, a J1QL export or a previous upload');
const startBodyEditor = new Editor($('start-body'), '{"source": "api", "syncMode": "DIFF", "scope": "…"}');

const batches = [{ name: 'upload-1.json', text: '' }];
let active = 0;

function saveActive() {
  if (!batches[active].bytes) batches[active].text = uploadEditor.value;
}

function sizeNote(name, bytes) {
  return `${name}: ${(bytes.length / 1024 / 1024).toFixed(1)} MB, too large to show here. It is checked in full; diagnostics give its lines and columns.`;
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

async function readFiles(files) {
  return Promise.all(
    [...files].map(async (file) =>
      file.size > SHOWN_LIMIT
        ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
        : { name: file.name, text: await file.text() },
    ),
  );
}

async function addUploadFiles(files) {
  saveActive();
  const read = await readFiles(files);
  const keep = batches.filter((b) => b.bytes || b.text.trim() !== '');
  setBatches([...keep, ...read]);
}

async function setSnapshotFile(files) {
  const [file] = await readFiles(files);
  if (!file) return;
  $('snapshot-box').open = true;
  snapshotName = file.name;
  snapshotBytes = file.bytes;
  if (file.bytes) snapshotEditor.showNote(sizeNote(file.name, file.bytes));
  else snapshotEditor.value = file.text;
}

let snapshotName = 'snapshot.json';
/** A large snapshot file, kept as bytes; otherwise the snapshot is the editor's text. */
let snapshotBytes;
snapshotEditor.textarea.addEventListener('input', () => {
  snapshotBytes = undefined;
});
$('open-uploads').addEventListener('change', (event) => addUploadFiles(event.target.files));
$('open-snapshot').addEventListener('change', (event) => setSnapshotFile(event.target.files));
for (const zone of document.querySelectorAll('[data-drop]')) {
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const files = event.dataTransfer.files;
    if (zone.dataset.drop === 'uploads') addUploadFiles(files);
    else setSnapshotFile(files);
  });
}

/** The job options, run options and finalize body the form describes. */
function request() {
  saveActive();
  const job = { syncMode: $('mode').value, source: $('source').value };
  if ($('scope').value.trim()) job.scope = $('scope').value.trim();
  if ($('instance').value.trim()) job.integrationInstanceId = $('instance').value.trim();
  const options = { files: batches.map((b) => b.name), snapshotFile: snapshotName };
  if (startBodyEditor.value.trim()) {
    options.jobBody = startBodyEditor.value;
    options.jobFile = 'start-body.json';
  }
  const types = $('partial-types').value.split(',').map((t) => t.trim()).filter(Boolean);
  const snapshot = snapshotBytes ?? (snapshotEditor.value.trim() ? snapshotEditor.value : undefined);
  const uploads = batches.map((b) => b.bytes ?? b.text);
  return { job, uploads, snapshot, options, finalize: { partialDatasets: { types } } };
}

// ---- Results ----------------------------------------------------------------------------------

let lastReport;
let lastRequest;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'status error' : 'status';
}

/** Marks the lines of the visible batch, the snapshot and the start body. */
function markLines() {
  const byFile = new Map();
  for (const d of lastReport?.diagnostics ?? []) {
    if (!d.file || !d.line) continue;
    const marks = byFile.get(d.file) ?? new Map();
    const current = marks.get(d.line);
    if (!current || SEVERITY_ORDER[d.severity] > SEVERITY_ORDER[current]) marks.set(d.line, d.severity);
    byFile.set(d.file, marks);
  }
  uploadEditor.setMarks(byFile.get(batches[active].name) ?? new Map());
  snapshotEditor.setMarks(byFile.get(snapshotName) ?? new Map());
  startBodyEditor.setMarks(byFile.get('start-body.json') ?? new Map());
}

function reveal(d) {
  if (!d.file || !d.line) return;
  if (d.file === snapshotName && lastRequest?.snapshot !== undefined) {
    $('snapshot-box').open = true;
    snapshotEditor.moveTo(d.line, d.column);
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
    .map((d) => {
      const item = element('li', d.severity);
      item.tabIndex = 0;
      item.append(element('span', 'sev', d.severity), element('span', 'message', d.message), document.createElement('br'));
      const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column}` : ''}` : 'job options';
      item.append(element('span', 'where', `${where}  ${d.pointer}`), element('span', 'rule', `  ${d.rule}`));
      if (d.hint) item.append(element('div', 'hint', `hint: ${d.hint}`));
      item.addEventListener('click', () => reveal(d));
      item.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') reveal(d);
      });
      return item;
    });
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

const show = (value) => (value === undefined ? '' : JSON.stringify(value));

function planSection(kind, title, rows) {
  const query = $('plan-search').value.trim().toLowerCase();
  const matching = query ? rows.filter((row) => row.search.includes(query)) : rows;
  if (matching.length === 0) return null;
  const section = element('div', `plan-section ${kind}`);
  section.append(element('h3', '', `${title} (${matching.length})`));
  const list = element('ul');
  for (const row of matching) list.append(row.item);
  section.append(list);
  return section;
}

function row(text, changes = []) {
  const item = element('li', '', text);
  for (const change of changes) {
    const line = element('span', 'change', `${change.property}: `);
    if (change.before !== undefined) line.append(element('span', 'before', show(change.before)));
    if (change.before !== undefined && change.after !== undefined) line.append(' → ');
    if (change.after !== undefined) line.append(element('span', 'after', show(change.after)));
    if (change.after === undefined) line.append(' (removed)');
    item.append(line);
  }
  const search = [text, ...changes.map((c) => `${c.property} ${show(c.before)} ${show(c.after)}`)].join(' ').toLowerCase();
  return { item, search };
}

function drawPlan() {
  const plan = lastReport?.plan;
  $('plan-box').hidden = !plan;
  if (!plan) return;
  const job = lastReport.job;
  $('plan-title').textContent = `Plan for scope ${job.scope ?? job.integrationInstanceId ?? ''} (${job.syncMode})`;
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

  const kinds = [['entity', plan.entities], ['relationship', plan.relationships]];
  const sections = [
    planSection('delete', 'Delete', kinds.flatMap(([kind, c]) => c.delete.map((d) => row(`${kind} ${d._key} (${d._type}): ${d.reason}`)))),
    planSection('create', 'Create', kinds.flatMap(([kind, c]) => c.create.map((d) => row(`${kind} ${d._key} (${d._type})`)))),
    planSection('update', 'Update', kinds.flatMap(([kind, c]) => c.update.map((u) => {
      const changes = u.rawDataChanged ? [...u.changes, { property: '_rawData', before: '…', after: '… (changed)' }] : u.changes;
      return row(`${kind} ${u._key}${u._id ? ` [${u._id}]` : ''} (${u._type})`, changes);
    }))),
    planSection('skip', 'Skip', kinds.flatMap(([kind, c]) => c.skipped.map((s) => row(`${kind} ${s._key ?? s._id}: ${s.reason}`)))),
    planSection('keep', 'Keep', (plan.entities.kept ?? []).map((k) => row(`entity ${k._key} (${k._type}): ${k.reason}`))),
    planSection('overrides', 'Overrides', (plan.overrides ?? []).map((o) => {
      const winner = o.winner ? `, ${o.winner} wins` : '';
      return row(`${o._id} ${o.property}: ${o.status}${winner}${o.note ? ` (${o.note})` : ''}`, [
        { property: o.property, before: o.before, after: o.after },
      ]);
    })),
  ].filter(Boolean);
  $('plan-list').replaceChildren(...sections);
}

$('plan-search').addEventListener('input', drawPlan);

function showReport(report, request) {
  lastReport = report;
  lastRequest = request;
  const s = report.summary;
  const counts = `${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos`;
  setStatus(s.errors + s.warnings + s.infos === 0 ? 'No problems.' : counts, s.errors > 0);
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

for (const button of document.querySelectorAll('[data-download]')) {
  button.addEventListener('click', async () => {
    if (!lastRequest) return;
    const format = button.dataset.download;
    const message = { ...lastRequest, options: { ...lastRequest.options, format }, planned: Boolean(lastReport?.plan) };
    try {
      const { output } = await ask('render', message);
      const [name, type] = DOWNLOADS[format];
      const link = element('a');
      link.href = URL.createObjectURL(new Blob([output], { type }));
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 0);
    } catch (error) {
      setStatus(error.message, true);
    }
  });
}

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
  snapshotBytes = undefined;
  snapshotEditor.value = example.snapshot?.text ?? '';
  snapshotName = example.snapshot?.name ?? 'snapshot.json';
  $('snapshot-box').open = Boolean(example.snapshot);
  run(example.snapshot ? 'plan' : 'lint');
}

for (const button of document.querySelectorAll('[data-example]')) {
  button.addEventListener('click', () => loadExample(button.dataset.example));
}

drawTabs();
ready.then(() => {
  document.body.dataset.ready = 'true';
  setStatus('Ready. Paste an upload body or pick an example.');
});
