// The package's entry for Node: loads the WebAssembly module from beside this file,
// synchronously, so the API is ready on import. Adds what only Node can do: read the
// integration SDK's output folder.
import { readFileSync } from 'node:fs';
import { folderRun, readIntegrationFolder } from './folder.js';
import {
  initSync,
  Job,
  jimLint,
  jimPreview,
  jimReport,
  lint,
  lintReport,
  plan,
  planReport,
  rules,
  rulesReport,
} from './syncplan.js';

initSync({ module: readFileSync(new URL('./syncplan_bg.wasm', import.meta.url)) });

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

export { Job, jimLint, jimPreview, jimReport, lint, lintReport, plan, planReport, rules, rulesReport };
