// What the page shows of a plan, as plain data: one entry per listed object (what it is, what
// finalize does to it, the text a search finds it by) and the counts per `_type` that the chart
// draws. Nothing here touches the page, so the lists can draw only the entries on screen.
import { changeText } from './view.js';

/** The plan list's sections, in the order they are listed: deletions first. */
export const SECTIONS = [
  { action: 'delete', title: 'Delete' },
  { action: 'create', title: 'Create' },
  { action: 'update', title: 'Update' },
  { action: 'skipped', title: 'Skip' },
  { action: 'kept', title: 'Keep' },
  { action: 'override', title: 'Overrides' },
];

/** The actions a chart bar stacks, in stacking order; `unchanged` objects are counted, not listed. */
export const CHART_ACTIONS = ['delete', 'update', 'create', 'kept', 'skipped', 'unchanged'];

const KINDS = [['entity', 'entities'], ['relationship', 'relationships']];

/** How the chart and the list name the type of a created object whose upload gives none. */
const NO_TYPE = '(no _type)';

function entry(action, kind, type, key, title, changes = []) {
  const changeTexts = changes.map(changeText);
  const search = [title, ...changeTexts].join('\n').toLowerCase();
  return { action, kind, type, key, title, changes, changeTexts, search };
}

/** Every object the plan lists, section by section, each section in the report's order. */
export function planEntries(plan) {
  const byAction = {
    delete: KINDS.flatMap(([kind, name]) => plan[name].delete.map((d) => entry('delete', kind, d._type, d._key, `${kind} ${d._key} (${d._type}): ${d.reason}`))),
    create: KINDS.flatMap(([kind, name]) => plan[name].create.map((c) => entry('create', kind, c._type ?? NO_TYPE, c._key, `${kind} ${c._key} (${c._type ?? 'no _type'})`))),
    update: KINDS.flatMap(([kind, name]) => plan[name].update.map((u) => {
      const changes = u.rawDataChanged ? [...u.changes, { property: '_rawData', before: '…', after: '… (changed)' }] : u.changes;
      return entry('update', kind, u._type, u._key, `${kind} ${u._key}${u._id ? ` [${u._id}]` : ''} (${u._type})`, changes);
    })),
    skipped: KINDS.flatMap(([kind, name]) => plan[name].skipped.map((s) => entry('skipped', kind, undefined, s._key ?? s._id, `${kind} ${s._key ?? s._id}: ${s.reason}`))),
    kept: (plan.entities.kept ?? []).map((k) => entry('kept', 'entity', k._type, k._key, `entity ${k._key} (${k._type}): ${k.reason}`)),
    override: (plan.overrides ?? []).map((o) => {
      const winner = o.winner ? `, ${o.winner} wins` : '';
      const title = `${o._id} ${o.property}: ${o.status}${winner}${o.note ? ` (${o.note})` : ''}`;
      return entry('override', undefined, undefined, o._id, title, [{ property: o.property, before: o.before, after: o.after }]);
    }),
  };
  return SECTIONS.flatMap(({ action }) => byAction[action]);
}

/** Whether `entry` is among what a chart bar selected: `{ kind, action, type }`, type optional. */
export function selects(filter, entry) {
  return entry.kind === filter.kind && entry.action === filter.action && (filter.type === undefined || entry.type === filter.type);
}

const zeroCounts = () => Object.fromEntries(CHART_ACTIONS.map((action) => [action, 0]));

/** Per kind, how many objects each action touches (`unchanged` included), and their total. */
export function kindTotals(plan) {
  return KINDS.map(([kind, name]) => {
    const c = plan[name];
    const counts = {
      ...zeroCounts(),
      delete: c.delete.length,
      update: c.update.length,
      create: c.create.length,
      kept: c.kept?.length ?? 0,
      skipped: c.skipped.length,
      unchanged: c.unchanged,
    };
    return { kind, counts, total: CHART_ACTIONS.reduce((sum, action) => sum + counts[action], 0) };
  });
}

/**
 * Per `_type`, how many objects are deleted, updated, created and kept: the report names the type
 * of those (skipped and unchanged objects are counted per kind only). Largest deletions first,
 * then the most objects, then by name.
 */
export function typeCounts(plan) {
  const rows = new Map();
  for (const [kind, name] of KINDS) {
    for (const action of ['delete', 'update', 'create', 'kept']) {
      for (const object of plan[name][action] ?? []) {
        const type = object._type ?? NO_TYPE;
        const id = `${kind} ${type}`;
        if (!rows.has(id)) rows.set(id, { kind, type, counts: zeroCounts(), total: 0 });
        const row = rows.get(id);
        row.counts[action] += 1;
        row.total += 1;
      }
    }
  }
  return [...rows.values()].sort(
    (a, b) => b.counts.delete - a.counts.delete || b.total - a.total || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
}
