// What a graph view draws, as plain data (nodes and edges), from a plan: what deleting an entity,
// or every deleted entity of a `_type`, takes with it; and for OVERRIDE, which scope wins each
// property. Beyond MOST_NODES the graph is drawn by `_type` instead, with a note.

/** More nodes than this are too many to read one by one. */
const MOST_NODES = 300;

/** Per deleted entity key, the relationships deleted with it and the uploads skipped for it. */
function byEnd(plan) {
  const ends = new Map();
  const at = (key) => {
    if (!ends.has(key)) ends.set(key, { deleted: [], skipped: [] });
    return ends.get(key);
  };
  // A relationship deleted with an entity, or skipped for an end that is gone, names that end
  // (`endpoint`); entities are drawn by key, so ends named by `_id` are not linked.
  for (const relationship of plan.relationships.delete) {
    const key = relationship.endpoint?._key;
    if (key !== undefined) at(key).deleted.push(relationship);
  }
  for (const skipped of plan.relationships.skipped) {
    const key = skipped.endpoint?._key;
    if (key !== undefined) at(key).skipped.push(skipped);
  }
  return ends;
}

/** A relationship node: deleted, its upload skipped, or both (the old one deleted, the new one not created). */
function relationshipNode(nodes, key, type, state) {
  const id = `relationship ${key}`;
  const node = nodes.get(id);
  if (node) {
    if (!node.states.includes(state)) node.states.push(state);
    node.type ??= type;
    return id;
  }
  nodes.set(id, { id, shape: 'relationship', key, type, states: [state], label: key });
  return id;
}

/**
 * The graph of deleting `subject`: `{ key }` one deleted entity, `{ type }` every deleted entity
 * of that `_type`. Nodes: the deleted entities and the relationships their deletion removes or
 * skips; edges join each relationship to the entity it followed.
 */
export function deletionGraph(plan, subject) {
  const ends = byEnd(plan);
  const deleted = plan.entities.delete.filter((e) => (subject.key !== undefined ? e._key === subject.key : e._type === subject.type));
  const nodes = new Map();
  const edges = new Map();
  // One edge per pair, in the state its relationship ends in (deleted, skipped, or both).
  const join = (source, target) => edges.set(`${source}\n${target}`, { source, target, state: nodes.get(target).states.join(' and ') });
  for (const entity of deleted) {
    const id = `entity ${entity._key}`;
    nodes.set(id, { id, shape: 'entity', key: entity._key, type: entity._type, states: ['deleted'], label: entity._key });
    const { deleted: removed, skipped } = ends.get(entity._key) ?? { deleted: [], skipped: [] };
    for (const r of removed) join(id, relationshipNode(nodes, r._key, r._type, 'deleted'));
    for (const s of skipped) join(id, relationshipNode(nodes, s._key ?? s._id, undefined, 'skipped'));
  }
  const graph = { nodes: [...nodes.values()], edges: [...edges.values()] };
  return graph.nodes.length > MOST_NODES ? byType(graph) : graph;
}

const PLURALS = { entity: 'entities', relationship: 'relationships', property: 'properties' };

/**
 * A graph too large to read, drawn by `_type`: a node per type and state (scopes, which are few,
 * stay one node each), an edge per pair of them with how many edges it stands for.
 */
function byType({ nodes, edges }) {
  const groups = new Map();
  const groupOf = new Map();
  for (const node of nodes) {
    const state = node.states.join(' and ');
    const id = node.shape === 'scope' ? node.id : `${node.shape} ${node.type ?? ''} ${state}`;
    if (!groups.has(id)) {
      const label = node.shape === 'scope' ? node.label : `${node.type ?? PLURALS[node.shape]}: {count} ${state}`;
      groups.set(id, { id, shape: node.shape, type: node.type, states: node.states, count: 0, label });
    }
    groups.get(id).count += 1;
    groupOf.set(node.id, id);
  }
  const joined = new Map();
  for (const edge of edges) {
    const [source, target] = [groupOf.get(edge.source), groupOf.get(edge.target)];
    const id = `${source}\n${target}\n${edge.state}`;
    if (!joined.has(id)) joined.set(id, { source, target, state: edge.state, count: 0 });
    joined.get(id).count += 1;
  }
  const summarised = [...groups.values()].map((g) => ({ ...g, label: g.label.replace('{count}', g.count.toLocaleString('en')) }));
  const note = `${nodes.length.toLocaleString('en')} objects are too many to draw one by one (more than ${MOST_NODES}): drawn by _type. The plan list holds every one.`;
  return { nodes: summarised, edges: [...joined.values()], note };
}

/**
 * For OVERRIDE, which scope wins each property: of one entity (`{ id }`) or of every overridden
 * one (`{}`). Nodes: entities, their properties with the value after finalize, and the scopes
 * that win them (this job's scope also when an older scope shadows it).
 */
export function overrideGraph(plan, jobScope, subject) {
  const rows = (plan.overrides ?? []).filter((o) => subject.id === undefined || o._id === subject.id);
  const nodes = new Map();
  const edges = [];
  const add = (node) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
    return node.id;
  };
  for (const o of rows) {
    const entity = add({ id: `entity ${o._id}`, shape: 'entity', key: o._id, states: [o.status === 'skipped' ? 'skipped' : 'kept'], label: o._id });
    const property = add({ id: `property ${o._id} ${o.property}`, shape: 'property', key: o.property, states: [o.status], label: `${o.property}: ${o.status}` });
    edges.push({ source: entity, target: property, state: 'has' });
    if (o.winner) edges.push({ source: add({ id: `scope ${o.winner}`, shape: 'scope', key: o.winner, states: ['wins'], label: o.winner }), target: property, state: 'wins' });
    if (o.status === 'shadowed' && jobScope) {
      edges.push({ source: add({ id: `scope ${jobScope}`, shape: 'scope', key: jobScope, states: ['wins'], label: jobScope }), target: property, state: 'shadowed' });
    }
  }
  const graph = { nodes: [...nodes.values()], edges };
  return graph.nodes.length > MOST_NODES ? byType(graph) : graph;
}
