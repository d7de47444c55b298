// The plan on the sync-job tab: the counts, the chart, and the list of what finalize does, drawn
// as it scrolls, narrowed by the search and by a chosen bar. Every value is shown as text.
import { openGraph, showGraphs } from './graph-panel.js';
import { ACTION_WORDS, drawPlanChart, pressSegment } from './plan-chart.js';
import { planEntries, SECTIONS, selects } from './plan-model.js';
import { $, changeLine, element } from './view.js';
import { linesOf, VirtualList } from './virtual-list.js';

/** Pixel sizes the list's style sheet gives its rows: a line of text, a row's padding and
 * border, a section heading. */
const LINE = 18;
const ROW_EDGES = 5;
const HEADING = 34;
/** Characters a change line is indented by, under its row. */
const CHANGE_INDENT = 2;

/** The mark before a row of each action (the style sheet shows it, the row's text stays the object's). */
const MARKS = { delete: '− ', create: '+ ', update: '~ ', skipped: '! ' };

let plan;
let entries = [];
/** The chart segment whose objects the list shows, or null for the whole plan. */
let chosen = null;

function heightOf(item, columns) {
  if (item.heading) return HEADING;
  let lines = linesOf((MARKS[item.action]?.length ?? 0) + item.title.length, columns);
  for (const text of item.changeTexts) lines += linesOf(text.length, columns - CHANGE_INDENT);
  return lines * LINE + ROW_EDGES;
}

function render(item) {
  if (item.heading) {
    const row = element('li', `plan-heading ${item.action}`);
    row.append(element('h3', '', item.heading));
    return row;
  }
  const row = element('li', `plan-row ${item.action}`);
  const graph = graphOf(item);
  if (graph) {
    // The object's key opens its graph; the row reads as before.
    const at = item.title.indexOf(item.key);
    const open = element('button', 'row-link', item.key);
    open.type = 'button';
    open.title = graph === 'entity' ? 'Show what deleting it takes with it' : 'Show which scope wins each property';
    open.addEventListener('click', () => openGraph(graph, item.key));
    row.append(item.title.slice(0, at), open, item.title.slice(at + item.key.length));
  } else {
    row.textContent = item.title;
  }
  if (MARKS[item.action]) row.dataset.mark = MARKS[item.action];
  row.append(...item.changes.map((change) => changeLine(change)));
  return row;
}

/** Which graph a row opens: a deleted entity's, or an overridden entity's; none for the others. */
function graphOf(item) {
  if (item.action === 'delete' && item.kind === 'entity') return 'entity';
  if (item.action === 'override') return 'override';
  return undefined;
}

const list = new VirtualList($('plan-list'), {
  label: 'The plan, object by object',
  rowClass: 'plan-item',
  heightOf,
  render,
  focusable: (item) => graphOf(item) !== undefined,
});

function countsTable() {
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

function filterNote(count) {
  $('plan-filter').hidden = !chosen;
  if (!chosen) return;
  const { kind, type, action } = chosen;
  const kinds = kind === 'entity' ? 'entities' : 'relationships';
  const what = type === undefined ? kinds : `${kinds} of _type ${type}`;
  $('plan-filter-text').textContent = `Showing ${count.toLocaleString('en')} ${what} ${ACTION_WORDS[action]}.`;
}

/** The list's items: each section's heading with its count, then its entries. */
function drawList() {
  const query = $('plan-search').value.trim().toLowerCase();
  const shown = entries.filter((e) => (!chosen || selects(chosen, e)) && (!query || e.search.includes(query)));
  filterNote(chosen ? entries.filter((e) => selects(chosen, e)).length : 0);
  const items = [];
  for (const { action, title } of SECTIONS) {
    const section = shown.filter((e) => e.action === action);
    if (section.length > 0) items.push({ heading: `${title} (${section.length.toLocaleString('en')})`, action }, ...section);
  }
  $('plan-nothing').hidden = items.length > 0;
  list.show(items);
}

function choose(selection) {
  chosen = selection;
  pressSegment($('plan-chart'), chosen);
  drawList();
}

$('plan-show-all').addEventListener('click', () => choose(null));
$('plan-search').addEventListener('input', drawList);

/** Shows the plan of `report`, or hides the plan box when it has none. */
export function showPlan(report) {
  plan = report.plan;
  $('plan-box').hidden = !plan;
  if (!plan) return;
  const job = report.job;
  $('plan-title').textContent = `Plan for scope ${job.scope ?? job.integrationInstanceId ?? ''} (${job.syncMode})`;
  chosen = null;
  entries = planEntries(plan);
  countsTable();
  drawPlanChart($('plan-chart'), plan, choose);
  showGraphs(report);
  drawList();
}
