// The integration SDK's output folder (`.j1-integration`, written by `j1-integration collect`),
// chosen with a folder picker or dropped, read as the command line reads it: its graph files are
// the batches, in the order of the package's integration-run.js; `summary.json` beside `graph/`
// holds the step results and the finalize body's partial datasets; `index/` only links to the
// same files.

import { graphFilesInUploadOrder, isJsonText } from './integration-run.js';

/** The folders and files under dropped `entries` (FileSystemEntry), each with its path. */
async function walk(entries, found = []) {
  for (const entry of entries) {
    if (entry.isFile) {
      found.push({ path: entry.fullPath.replace(/^\//, ''), file: await new Promise((resolve, reject) => entry.file(resolve, reject)) });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      // A folder's entries come in batches until an empty one.
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        await walk(batch, found);
      }
    }
  }
  return found;
}

/** The folders in a drop. Call during the drop event: its items are gone after. */
export const droppedFolders = (dataTransfer) =>
  [...dataTransfer.items].map((item) => item.webkitGetAsEntry?.()).filter((entry) => entry?.isDirectory);

/** The files under dropped folder entries, each with its path from the dropped folder's parent. */
export const droppedFiles = (entries) => walk(entries);

/** The files of a folder chosen with `<input webkitdirectory>`, each with its path likewise. */
export const pickedFiles = (list) => [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));

/**
 * The run in a folder's `files` ({ path, file }, paths relative to the chosen folder's parent):
 * its graph files in upload order and its `summary.json` when there is one. A folder without
 * graph files is an error that says what to give instead.
 */
export function integrationRun(files) {
  const graph = graphFilesInUploadOrder(files);
  const folder = files[0]?.path.split('/')[0] ?? 'The folder';
  if (graph.length === 0) {
    throw new Error(
      `${folder} is not the integration SDK's output: it has no graph/<step>/entities or relationships files (run \`j1-integration collect\`, then choose its .j1-integration folder)`,
    );
  }
  const summary = files.find(({ path }) => path === `${graph[0].root}summary.json`);
  return { uploads: graph.map(({ path, file }) => ({ path, file })), summary };
}

/**
 * A graph file's bytes, decompressed when the SDK wrote them compressed (`isJsonText`). Browsers
 * that cannot decompress brotli (DecompressionStream) say so, naming the file.
 */
export async function graphFileBytes({ path, file }) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (isJsonText(bytes)) return bytes;
  let decompress;
  try {
    decompress = new DecompressionStream('brotli');
  } catch {
    throw new Error(
      `${path} is compressed (the SDK's INTEGRATION_FILE_COMPRESSION_ENABLED), and this browser cannot decompress brotli: check the folder with the command line, \`syncplan lint .j1-integration\`.`,
    );
  }
  try {
    return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(decompress)).arrayBuffer());
  } catch {
    return bytes; // not compressed after all: the lint reports it as invalid JSON
  }
}
