// Types of the Node entry: the WebAssembly API, initialised on import (`init` and `initSync` do
// nothing), and the functions that read the integration SDK's output folder.
import type { FinalizeOptions, Input, JobOptions, Report, RunOptions } from './syncplan.js';

/**
 * Lints the integration SDK's output folder (`.j1-integration`, or its `graph/`) as
 * `j1-integration sync` would upload it: each graph file is one upload body (by step, then file
 * name), `summary.json` is checked and gives the partial datasets. The job's source defaults to
 * `integration-external`, its instance to `$JUPITERONE_INTEGRATION_INSTANCE_ID`. Throws an
 * `Error` when the folder holds no graph files.
 */
export function lintDirectory(job: JobOptions | undefined, directory: string, snapshot?: Input, options?: RunOptions): Report;
/** Plans the folder's finalize against `snapshot`; `finalize` defaults to `summary.json`'s. */
export function planDirectory(
  job: JobOptions | undefined,
  directory: string,
  snapshot: Input,
  finalize?: FinalizeOptions,
  options?: RunOptions,
): Report;
export * from './api.js';
export { default } from './api.js';
