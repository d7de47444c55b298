// The package's entry for Node: loads the WebAssembly module from beside this file,
// synchronously, so the API is ready on import (`init()` and `initSync()` are there for code
// shared with the browser, and do nothing). Adds what only Node can do: read the integration
// SDK's output folder.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, initSync, lint, plan } from './api.js';
import { folderRun, readIntegrationFolder } from './folder.js';

initSync(moduleBytes());

function moduleBytes() {
  const file = new URL('./syncplan_bg.wasm', import.meta.url);
  try {
    return readFileSync(file);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    // What a bundler that copies scripts but not their assets leaves behind.
    throw new Error(
      `syncplan cannot find its WebAssembly module, ${fileURLToPath(file)}: a bundle of syncplan needs syncplan_bg.wasm beside it (copy it from node_modules/syncplan/), or import syncplan/inline, which has the module built in`,
    );
  }
}

/**
 * `lint` of the integration SDK's output folder (`.j1-integration` or its `graph/`): each graph
 * file is an upload body, `summary.json` is checked and gives the partial datasets.
 */
export function lintDirectory(job, directory, snapshot, options) {
  const run = folderRun(job, readIntegrationFolder(directory), options, { planning: false });
  return lint(run.job, run.uploads, snapshot, run.options);
}

/** `plan` of the integration SDK's output folder; `finalize` defaults to its summary's. */
export function planDirectory(job, directory, snapshot, finalize, options) {
  const run = folderRun(job, readIntegrationFolder(directory), options, { planning: true });
  return plan(run.job, run.uploads, snapshot, finalize, run.options);
}

export { init as default, init, initSync };
export { Job, jimLint, jimPreview, jimReport, lint, lintReport, plan, planReport, rules, rulesReport } from './api.js';
