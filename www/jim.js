// The identity sync rules (JIM) tab: a configuration and a state in; the checks, and the preview
// of a full synchronisation out (counts, deletions and provisioning first, then what happens to
// each connector-space and metaverse object). The same worker does the work; every value from
// the documents is shown as text.
import { Editor } from './editor.js';
import examples from './examples.js';
import { acceptDrops, EditedDocument, readFiles } from './files.js';
import {
  $, changeLine, diagnosticItem, element, lineMarks, offerDownloads, resultSection, row, setStatus as setStatusOf, show, summaryText,
} from './view.js';
import { ask, ready } from './worker-client.js';

// ---- Inputs -----------------------------------------------------------------------------------

const config = new EditedDocument(
  new Editor($('jim-config-editor'), 'Paste a JIM configuration: {"connectedSystems": [...], "metaverseObjectTypes": [...], "syncRules": [...]}'),
  'config.json',
);
const state = new EditedDocument(
  new Editor($('jim-state-editor'), 'Paste the state: {"connectedSystemObjects": [...], "metaverseObjects": [...]}'),
  'state.json',
);

async function openInto(target, files) {
  try {
    const [file] = await readFiles(files);
    if (file) target.set(file);
  } catch (error) {
    setStatus(error.message, true);
  }
}

for (const [target, input, zone] of [[config, 'jim-open-config', 'jim-config-editor'], [state, 'jim-open-state', 'jim-state-editor']]) {
  $(input).addEventListener('change', (event) => openInto(target, event.target.files));
  acceptDrops($(zone), (files) => openInto(target, files));
}

/** What the worker needs for a lint (the configuration) or a preview (and the state). */
function request(kind) {
  const message = { config: config.input, options: { configFile: config.name } };
  if (kind === 'jimPreview') {
    message.state = state.input;
    message.options.stateFile = state.name;
  }
  return message;
}

// ---- Results ----------------------------------------------------------------------------------

let lastReport;
let lastRequest;

const setStatus = (text, isError) => setStatusOf($('jim-status'), text, isError);

function markLines() {
  const byFile = lineMarks(lastReport?.diagnostics ?? []);
  config.editor.setMarks(byFile.get(config.name) ?? new Map());
  state.editor.setMarks(byFile.get(state.name) ?? new Map());
}

function reveal(d) {
  const target = [config, state].find((t) => t.name === d.file);
  if (!target || target.bytes || !d.line) return;
  target.editor.moveTo(d.line, d.column);
}

function drawDiagnostics() {
  const diagnostics = lastReport?.diagnostics ?? [];
  $('jim-diagnostics-box').hidden = diagnostics.length === 0;
  $('jim-diagnostics').replaceChildren(...diagnostics.map((d) => diagnosticItem(d, reveal)));
}

/** A line under a row; `problem` lines are JIM's errors. */
const detail = (text, className = 'change') => element('span', className, text);

const exportTarget = (e) => `${e.connectedSystem} ${e.objectType}${e.connectedSystemObjectId ? ` ${e.connectedSystemObjectId}` : ''}`;

const exportValues = (e, className) => e.attributes.map((a) => changeLine({ property: a.name, before: a.before, after: a.after }, className));

const problems = (list = []) =>
  list.map((p) => detail(`${p.kind}: ${p.message}${p.syncRule ? ` (${p.syncRule})` : ''}`, 'change problem'));

/** A connector-space object that stays joined as it was: counted, listed last. */
const staysJoined = (c) => c.outcome === 'Joined' && !c.join && !c.errors?.length;

function connectorSpaceRow(c) {
  const details = [];
  if (c.scope) {
    details.push(detail(`scope: ${c.scope.inScope ? 'in' : 'out'} (${c.scope.syncRule}): ${c.scope.reason}`));
  } else {
    details.push(detail('scope: no import rule applies to this system and object type'));
  }
  if (c.join) details.push(detail(`join: matching rule ${c.join.matchingRule} (${c.join.attribute} = ${show(c.join.value)})`));
  if (c.outcome === 'Projected') details.push(detail(`projection: no matching rule found a metaverse object; projected as ${c.metaverseObjectId}`));
  details.push(...problems(c.errors));
  const joined = c.metaverseObjectId ? ` → ${c.metaverseObjectId}` : '';
  return row(`${c.connectedSystem} ${c.objectType} ${c.id}: ${c.outcome}${joined}`, details);
}

function metaverseRow(m) {
  const details = m.changes.map((c) => {
    const line = changeLine({ property: c.attribute, before: c.before, after: c.after });
    const by = c.syncRule ? ` (${c.syncRule}${c.priority !== undefined ? `, priority ${c.priority}` : ''})` : '';
    line.append(element('span', 'by', ` ${c.status}${by}`));
    return line;
  });
  for (const e of m.exports) {
    details.push(detail(`→ ${exportTarget(e)}: ${e.changeType} (${e.outcome}) by ${e.syncRule}`), ...exportValues(e, 'change nested'));
  }
  details.push(...problems(m.errors));
  const outcomes = m.outcomes.length > 0 ? m.outcomes.join(', ') : 'exports only';
  return row(`${m.id} (${m.objectType}): ${outcomes}`, details);
}

/** Metaverse objects deleted (or scheduled for deletion) and objects deprovisioned. */
function deletionRows(preview) {
  return preview.metaverseObjects.flatMap((m) => [
    ...m.outcomes
      .filter((o) => o === 'MvoDeleted' || o === 'MvoDeletionScheduled')
      .map((o) => row(`metaverse ${m.objectType} ${m.id}: ${o}`)),
    ...m.exports
      .filter((e) => e.changeType === 'Delete')
      .map((e) => row(`${exportTarget(e)}: Delete (${e.outcome}) by ${e.syncRule}, for ${m.id}`)),
  ]);
}

function provisioningRows(preview) {
  return preview.metaverseObjects.flatMap((m) =>
    m.exports
      .filter((e) => e.changeType === 'Create')
      .map((e) => row(`${exportTarget(e)}: Create (${e.outcome}) by ${e.syncRule}, for ${m.id}`, exportValues(e))),
  );
}

function drawPreview() {
  const preview = lastReport?.preview;
  $('jim-preview-box').hidden = !preview;
  if (!preview) return;
  $('jim-deletions').textContent = `Deletions: ${preview.deletions} of ${preview.objects} objects`;
  $('jim-deletions').classList.toggle('some', preview.deletions > 0);
  const header = element('tr');
  header.append(element('th', '', 'outcome'), element('th', '', 'count'));
  const counts = Object.entries(preview.counts).map(([outcome, count]) => {
    const tr = element('tr');
    tr.append(element('td', '', outcome), element('td', '', String(count)));
    return tr;
  });
  $('jim-counts').replaceChildren(header, ...counts);

  const query = $('jim-search').value.trim().toLowerCase();
  const objects = preview.connectedSystemObjects;
  const sections = [
    resultSection('delete', 'Deletions', deletionRows(preview), query),
    resultSection('create', 'Provisioning', provisioningRows(preview), query),
    resultSection('objects', 'Connector space', objects.filter((c) => !staysJoined(c)).map(connectorSpaceRow), query),
    resultSection('objects', 'Metaverse', preview.metaverseObjects.map(metaverseRow), query),
    resultSection('objects quiet', 'Stay joined', objects.filter(staysJoined).map(connectorSpaceRow), query),
  ].filter(Boolean);
  if (sections.length === 0) sections.push(element('p', 'nothing', query ? 'Nothing in the preview matches the search.' : 'The preview changes nothing.'));
  $('jim-list').replaceChildren(...sections);
}

$('jim-search').addEventListener('input', drawPreview);

function showReport(report, message) {
  lastReport = report;
  lastRequest = message;
  setStatus(summaryText(report.summary), report.summary.errors > 0);
  $('jim-downloads').hidden = false;
  drawDiagnostics();
  drawPreview();
  markLines();
}

async function run(kind) {
  const message = request(kind);
  if (message.config === undefined) {
    setStatus('Paste or open a configuration (or load the example) first.', true);
    return;
  }
  if (kind === 'jimPreview' && message.state === undefined) {
    setStatus('The preview needs the state: paste or open its connector-space and metaverse objects.', true);
    return;
  }
  try {
    showReport(await ask(kind, message), message);
  } catch (error) {
    setStatus(error.message, true);
  }
}

$('jim-lint').addEventListener('click', () => run('jimLint'));
$('jim-preview').addEventListener('click', () => run('jimPreview'));

const DOWNLOADS = {
  json: ['syncplan-jim-report.json', 'application/json'],
  text: ['syncplan-jim-report.txt', 'text/plain'],
};

offerDownloads(
  document.querySelectorAll('[data-jim-download]'),
  (button) => button.dataset.jimDownload,
  DOWNLOADS,
  async (format) => {
    if (!lastRequest) return undefined;
    return (await ask('jimRender', { ...lastRequest, options: { ...lastRequest.options, format } })).output;
  },
  (error) => setStatus(error.message, true),
);

// ---- The example ------------------------------------------------------------------------------

$('jim-example').addEventListener('click', () => {
  config.set(examples.jim.config);
  state.set(examples.jim.state);
  run('jimPreview');
});

ready.then(
  () => setStatus('Ready. Paste a configuration and a state, or load the example.'),
  (error) => setStatus(error.message, true),
);
