// The plan at a glance: a stacked bar per kind (every action, unchanged included) and per `_type`
// (largest deletions first). Each segment is a button named by its count and action, so the
// counts read as text; choosing one asks the page to list just those objects.
import { CHART_ACTIONS, kindTotals, typeCounts } from './plan-model.js';
import { element } from './view.js';

/** How a segment's accessible name and the legend say each action. */
export const ACTION_WORDS = {
  delete: 'deleted',
  update: 'updated',
  create: 'created',
  kept: 'kept',
  skipped: 'skipped',
  unchanged: 'unchanged',
};


function legend() {
  const list = element('ul', 'chart-legend');
  list.setAttribute('aria-label', 'Legend');
  for (const action of CHART_ACTIONS) {
    const item = element('li');
    item.append(element('span', `swatch ${action}`), ACTION_WORDS[action]);
    list.append(item);
  }
  return list;
}

/**
 * One bar: a segment per action with objects, as wide as its share of `widest` objects.
 * Unchanged objects are not listed, so their segment is not a button.
 */
function bar(label, kind, type, counts, total, widest, onSelect) {
  const row = element('li', 'chart-row');
  row.dataset.kind = kind;
  if (type !== undefined) row.dataset.type = type;
  const track = element('span', 'chart-bar');
  for (const action of CHART_ACTIONS) {
    const count = counts[action];
    if (count === 0) continue;
    const name = `${label}: ${count.toLocaleString('en')} ${ACTION_WORDS[action]}`;
    const listed = action !== 'unchanged';
    const segment = element(listed ? 'button' : 'span', `segment ${action}`);
    if (listed) {
      segment.type = 'button';
      segment.setAttribute('aria-pressed', 'false');
      segment.addEventListener('click', () => onSelect(segment.getAttribute('aria-pressed') === 'true' ? null : { kind, type, action }));
      segment.setAttribute('aria-label', name);
    } else {
      segment.append(element('span', 'visually-hidden', name));
    }
    segment.title = name;
    segment.dataset.action = action;
    segment.dataset.count = String(count);
    segment.style.width = `${(100 * count) / widest}%`;
    track.append(segment);
  }
  row.append(element('span', 'chart-label', label), track, element('span', 'chart-total', total.toLocaleString('en')));
  return row;
}

/**
 * Draws `plan`'s chart into `root`. `onSelect(selection)` is called with a segment's
 * `{ kind, type, action }`, or with null when the pressed one is chosen again.
 */
export function drawPlanChart(root, plan, onSelect) {
  const totals = kindTotals(plan);
  const types = typeCounts(plan);
  const group = (title, rows) => {
    const list = element('ul', 'chart');
    list.setAttribute('aria-label', title);
    list.append(...rows);
    return [element('h3', '', title), list];
  };
  const widestKind = Math.max(1, ...totals.map((t) => t.total));
  const widestType = Math.max(1, ...types.map((t) => t.total));
  root.replaceChildren(
    legend(),
    ...group('All objects', totals.map((t) => bar(t.kind === 'entity' ? 'entities' : 'relationships', t.kind, undefined, t.counts, t.total, widestKind, onSelect))),
    ...(types.length === 0 ? [] : group('By _type, largest deletions first', types.map((t) => bar(t.type, t.kind, t.type, t.counts, t.total, widestType, onSelect)))),
  );
}

/** Shows which segment's objects the list shows: `selected` as `onSelect` gave it, or null. */
export function pressSegment(root, selected) {
  for (const segment of root.querySelectorAll('button.segment')) {
    const row = segment.closest('.chart-row').dataset;
    const pressed = Boolean(selected) && row.kind === selected.kind && row.type === selected.type && segment.dataset.action === selected.action;
    segment.setAttribute('aria-pressed', String(pressed));
  }
}
