// The graph box under the chart: what deleting an entity, or every deleted entity of a `_type`,
// takes with it, and for OVERRIDE which scope wins each property. The picture has a text twin, a
// list of the same edges, for screen readers and for copying.
import { drawGraph } from './graph-view.js';
import { deletionGraph, overrideGraph } from './plan-graph.js';
import { $, element } from './view.js';

let plan;
let jobScope;

/** What a subject's value in the picker stands for, and how it is drawn and named. */
const SUBJECTS = {
  type: (type) => ({ graph: () => deletionGraph(plan, { type }), name: `every deleted ${type}` }),
  entity: (key) => ({ graph: () => deletionGraph(plan, { key }), name: `deleted entity ${key}` }),
  overrides: () => ({ graph: () => overrideGraph(plan, jobScope, {}), name: 'every overridden entity' }),
  override: (id) => ({ graph: () => overrideGraph(plan, jobScope, { id }), name: `the overrides of ${id}` }),
};

const option = (kind, argument, text) => {
  const node = element('option', '', text);
  node.value = JSON.stringify([kind, argument]);
  return node;
};

/** The edge as the text list says it: what it joins and what finalize does to it. */
function edgeText(edge, nodes) {
  const [from, to] = [nodes.get(edge.source), nodes.get(edge.target)];
  const name = (node) => (node.count ? node.label : `${node.shape} ${node.key}${node.type ? ` (${node.type})` : ''}`);
  const count = edge.count ? ` (${edge.count.toLocaleString('en')})` : '';
  return `${name(from)} → ${name(to)}: ${edge.state}${count}`;
}

function draw() {
  const [kind, argument] = JSON.parse($('graph-subject').value);
  const subject = SUBJECTS[kind](argument);
  const graph = subject.graph();
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const relationships = graph.nodes.filter((n) => n.shape === 'relationship').reduce((sum, n) => sum + (n.count ?? 1), 0);
  const summary =
    kind === 'type' || kind === 'entity'
      ? `The graph of ${subject.name}: ${relationships.toLocaleString('en')} relationship${relationships === 1 ? '' : 's'} removed or not created with it.`
      : `The graph of ${subject.name}: which scope wins each property.`;
  $('graph-note').textContent = graph.note ?? '';
  $('graph-note').hidden = !graph.note;
  drawGraph($('graph'), graph, summary);
  $('graph-summary').textContent = summary;
  $('graph-list').replaceChildren(...graph.edges.map((edge) => element('li', '', edgeText(edge, nodes))));
}

$('graph-subject').addEventListener('change', draw);

/** Fills the picker for `report`'s plan (each deleted entity type; OVERRIDE's entities) and
 * draws the first; hides the box when the plan deletes and overrides nothing. */
export function showGraphs(report) {
  plan = report.plan;
  jobScope = report.job.scope;
  const types = [...new Set(plan.entities.delete.map((e) => e._type))].sort();
  const count = (type) => plan.entities.delete.filter((e) => e._type === type).length.toLocaleString('en');
  const options = types.map((type) => option('type', type, `Every deleted ${type} (${count(type)})`));
  if (plan.overrides?.length) options.push(option('overrides', null, 'Every overridden entity'));
  $('graph-box').hidden = options.length === 0;
  $('graph-subject').replaceChildren(...options);
  if (options.length > 0) draw();
}

/** Draws one deleted entity's graph (`kind` "entity", by key) or one entity's overrides
 * (`kind` "override", by _id), and brings the box into view. */
export function openGraph(kind, argument) {
  const picker = $('graph-subject');
  picker.querySelector('[data-one]')?.remove();
  const one = option(kind, argument, SUBJECTS[kind](argument).name.replace(/^./, (c) => c.toUpperCase()));
  one.dataset.one = '';
  picker.prepend(one);
  picker.value = one.value;
  draw();
  $('graph-box').scrollIntoView({ block: 'nearest' });
  picker.focus({ preventScroll: true });
}
