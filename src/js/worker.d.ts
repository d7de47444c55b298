// Types of the entry that runs syncplan in a Web Worker: the API's functions, asynchronous,
// taking Blobs and Files as well.
import type {
  FinalizeOptions,
  Input,
  JimOptions,
  JimReport,
  JobOptions,
  RenderedReport,
  Report,
  RuleInfo,
  RunOptions,
} from './syncplan.js';

/** A document: its text, its bytes, or a `Blob` (a `File`), read in the worker. */
export type WorkerInput = Input | Blob;

export interface WorkerOptions {
  /** A `Worker` running syncplan's worker-thread.js, or that script's URL: for bundlers that do not emit it. */
  worker?: Worker | URL | string;
}

/**
 * Starts the worker and resolves once its module is ready (at once when it is). Rejects with an
 * `Error` whose `code` is `WORKER_FAILED` (the script did not load) or `MODULE_FAILED` (the
 * browser would not compile the module). Optional: the first call starts the worker.
 */
export function init(options?: WorkerOptions): Promise<void>;
/** Starts the worker without waiting for it. */
export function initSync(options?: WorkerOptions): void;
/** Stops the worker; pending calls are rejected, the next call starts a new one (from the same script). */
export function terminate(): void;
export default init;

export function lint(job: JobOptions | undefined, uploads: WorkerInput[], snapshot?: WorkerInput, options?: RunOptions): Promise<Report>;
export function lintReport(job: JobOptions | undefined, uploads: WorkerInput[], snapshot?: WorkerInput, options?: RunOptions): Promise<RenderedReport>;
export function plan(
  job: JobOptions | undefined,
  uploads: WorkerInput[],
  snapshot: WorkerInput,
  finalize?: FinalizeOptions,
  options?: RunOptions,
): Promise<Report>;
export function planReport(
  job: JobOptions | undefined,
  uploads: WorkerInput[],
  snapshot: WorkerInput,
  finalize?: FinalizeOptions,
  options?: RunOptions,
): Promise<RenderedReport>;
export function jimLint(config: WorkerInput, options?: JimOptions): Promise<JimReport>;
export function jimPreview(config: WorkerInput, state: WorkerInput, options?: JimOptions): Promise<JimReport>;
export function jimReport(config: WorkerInput, state?: WorkerInput, options?: JimOptions): Promise<RenderedReport>;
export function rules(dialect?: 'sync' | 'jim'): Promise<RuleInfo[]>;
export function rulesReport(format?: 'text' | 'json', dialect?: 'sync' | 'jim'): Promise<string>;

export type * from './syncplan.js';
