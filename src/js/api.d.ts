// Types of what every entry of the package exports: the WebAssembly API and init/initSync.
import type { InitInput, InitOutput, SyncInitInput } from './syncplan.js';

/**
 * Instantiates the WebAssembly module, once: from `source` (a URL, a `Response`, the bytes or a
 * `WebAssembly.Module`, or wasm-bindgen's `{ module_or_path }`) or from where the entry finds it.
 * Resolves at once when the module is ready (in Node, on import). The other functions throw an
 * `Error` saying so when called before.
 */
export function init(
  source?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> },
): Promise<InitOutput>;
/** `init`, synchronously, from the bytes or a `WebAssembly.Module` (or `{ module }`). */
export function initSync(source?: SyncInitInput | { module: SyncInitInput }): InitOutput;
export default init;

export { Job, jimLint, jimPreview, jimReport, lint, lintReport, plan, planReport, rules, rulesReport } from './syncplan.js';
// Every type the module declares, so that none is left out of an entry by hand.
export type * from './syncplan.js';
