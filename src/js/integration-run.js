// What the integration SDK's output folder (`.j1-integration`, written by `j1-integration
// collect`) means to a run, for the command line (folder.js, through Node's file system) and the
// page (www/integration-folder.js, through the browser's files): which files `j1-integration
// sync` uploads and in which order, how a compressed one is told, and how a folder's run treats
// a missing instance. Neither Node nor the DOM is used here.

/** `<root>graph/<step>/<entities|relationships>/<name>.json`, `/`-separated. */
const GRAPH_FILE = /^(.*?)graph\/([^/]+)\/(entities|relationships)\/([^/]+\.json)$/;
const KIND_ORDER = { entities: 0, relationships: 1 };
const byCodeUnits = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The graph files among `items` (objects with a `/`-separated `path`), in the order
 * `j1-integration sync` uploads them: by step, entities before relationships, then file name.
 * Each comes back with its `root`, the path before `graph/`.
 */
export function graphFilesInUploadOrder(items) {
  const graph = [];
  for (const item of items) {
    const match = GRAPH_FILE.exec(item.path);
    if (match) graph.push({ item, root: match[1], step: match[2], kind: match[3], name: match[4] });
  }
  graph.sort(
    (a, b) =>
      byCodeUnits(a.root, b.root) || byCodeUnits(a.step, b.step) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || byCodeUnits(a.name, b.name),
  );
  return graph.map(({ item, root }) => ({ ...item, root }));
}

/**
 * Whether a graph file's `bytes` are JSON text. With `INTEGRATION_FILE_COMPRESSION_ENABLED` the
 * SDK writes them brotli-compressed under the same name; JSON text starts with `{` (after any
 * whitespace, or a byte-order mark).
 */
export function isJsonText(bytes) {
  const first = bytes.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
  return first === undefined || first === 0x7b || first === 0xef;
}

/**
 * The rule settings of a folder's run. Linting without an instance is allowed (the data does not
 * depend on it), so the missing instance is a warning there unless `rules` sets that rule; a plan
 * needs it.
 */
export function folderRules(job, rules, { planning }) {
  if (planning || job.integrationInstanceId !== undefined || rules?.['job-instance-required'] !== undefined) return rules;
  return { ...rules, 'job-instance-required': 'warning' };
}
