// The integration SDK's output folder (`.j1-integration`, written by `j1-integration collect`)
// read the way `j1-integration sync` uploads it: every graph file under `graph/<step>/` is one
// batch, and `summary.json` holds the step results and the finalize body's partial datasets.
// `index/` holds symbolic links to the same files, grouped by type, and is not read again.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { folderRules, graphFilesInUploadOrder, isJsonText } from './integration-run.js';

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

/** A graph file's bytes, decompressed when the SDK wrote them compressed. */
function graphFileBytes(path) {
  const bytes = readFileSync(path);
  if (isJsonText(bytes)) return bytes;
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
  // Every file two folders below a step, named by its `/`-separated path from `graph/`'s parent
  // for the shared order; which of them are graph files, that order says.
  const found = [];
  for (const step of readdirSync(graph, { withFileTypes: true })) {
    if (!step.isDirectory()) continue;
    for (const kind of readdirSync(join(graph, step.name), { withFileTypes: true })) {
      if (!kind.isDirectory()) continue;
      for (const file of readdirSync(join(graph, step.name, kind.name), { withFileTypes: true })) {
        if (!file.isFile()) continue;
        found.push({ path: `graph/${step.name}/${kind.name}/${file.name}`, filePath: join(graph, step.name, kind.name, file.name) });
      }
    }
  }
  const ordered = graphFilesInUploadOrder(found);
  const uploads = ordered.map(({ filePath }) => graphFileBytes(filePath));
  const files = ordered.map(({ filePath }) => relative(process.cwd(), filePath));
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
 * and summary; a missing instance as `folderRules` says.
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
  run.rules = folderRules(merged, run.rules, { planning });
  return { job: merged, uploads: folder.uploads, options: run };
}
