// The integration SDK's output folder (`.j1-integration`, written by `j1-integration collect`)
// read the way `j1-integration sync` uploads it: every graph file under `graph/<step>/` is one
// batch, and `summary.json` holds the step results and the finalize body's partial datasets.
// `index/` holds symbolic links to the same files, grouped by type, and is not read again.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

/** The environment variable the custom-integration guide names the instance with. */
export const INSTANCE_VARIABLE = 'JUPITERONE_INTEGRATION_INSTANCE_ID';

/** Whether `path` is a folder (a command line's argument that is not an upload file). */
export function isFolder(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The `graph/` folder and the folder holding `summary.json`, from either of them. */
function layout(path) {
  if (isFolder(join(path, 'graph'))) return { graph: join(path, 'graph'), root: path };
  if (basename(path) === 'graph') return { graph: path, root: dirname(path) };
  throw new Error(
    `${path} is not the integration SDK's output: it has no graph/ folder (run \`j1-integration collect\`, then give its .j1-integration folder)`,
  );
}

function sortedEntries(path) {
  return readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * A graph file's bytes. With `INTEGRATION_FILE_COMPRESSION_ENABLED` the SDK writes them
 * brotli-compressed under the same name; JSON text starts with `{` (after any whitespace).
 */
function graphFileBytes(path) {
  const bytes = readFileSync(path);
  const first = bytes.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
  if (first === undefined || first === 0x7b || first === 0xef) return bytes;
  try {
    return brotliDecompressSync(bytes);
  } catch {
    return bytes; // not compressed after all: the lint reports it as invalid JSON
  }
}

/**
 * The run in folder `path` (the `.j1-integration` folder or its `graph/`): its upload bodies in
 * upload order (by step, then entities before relationships, then file name), named relative to
 * the working directory, and its `summary.json` when there is one.
 */
export function readIntegrationFolder(path) {
  const { graph, root } = layout(path);
  const uploads = [];
  const files = [];
  for (const step of sortedEntries(graph)) {
    if (!step.isDirectory()) continue;
    for (const kind of ['entities', 'relationships']) {
      const folder = join(graph, step.name, kind);
      if (!isFolder(folder)) continue;
      for (const file of sortedEntries(folder)) {
        if (!file.isFile() || !file.name.endsWith('.json')) continue;
        const filePath = join(folder, file.name);
        uploads.push(graphFileBytes(filePath));
        files.push(relative(process.cwd(), filePath));
      }
    }
  }
  if (uploads.length === 0) {
    throw new Error(`${path} holds no graph files under ${relative(process.cwd(), graph) || graph}/<step>/entities or relationships: run \`j1-integration collect\` first`);
  }
  const summaryPath = join(root, 'summary.json');
  const run = { uploads, files };
  if (existsSync(summaryPath)) {
    run.summary = readFileSync(summaryPath);
    run.summaryFile = relative(process.cwd(), summaryPath);
  }
  return run;
}

/**
 * The job and run options for a folder's run: source `integration-external` (unless `job` or a
 * start body says otherwise), the instance from `job` or the environment, and the folder's files
 * and summary. Linting without an instance is allowed (the data does not depend on it), so the
 * missing instance is a warning there unless the caller set that rule; a plan needs it.
 */
export function folderRun(job, folder, options, { planning }) {
  const merged = { ...job };
  if (merged.source === undefined && options?.jobBody === undefined) merged.source = 'integration-external';
  const instance = process.env[INSTANCE_VARIABLE];
  if (merged.integrationInstanceId === undefined && instance) merged.integrationInstanceId = instance;
  const run = { ...options, files: folder.files };
  if (folder.summary !== undefined) {
    run.summary = folder.summary;
    run.summaryFile = folder.summaryFile;
  }
  if (!planning && merged.integrationInstanceId === undefined && run.rules?.['job-instance-required'] === undefined) {
    run.rules = { ...run.rules, 'job-instance-required': 'warning' };
  }
  return { job: merged, uploads: folder.uploads, options: run };
}
