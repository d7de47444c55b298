// The package's entry with the WebAssembly module built in, for setups that cannot serve or
// bundle a `.wasm` file (a single-file bundle, a Node bundle for a function host, a
// `data:`-only page): `init()` and `initSync()` need no argument.
import { init as initFrom, initSync as initSyncFrom } from './api.js';
import wasm from './syncplan-wasm.js';

/** Instantiates the built-in module (or `source`, when given); asynchronously, as browsers prefer on their main thread. */
export function init(source = wasm) {
  return initFrom(source);
}

/** Instantiates the built-in module (or `source`) at once: in a worker, in Node. */
export function initSync(source = wasm) {
  return initSyncFrom(source);
}

export { init as default };
export { Job, jimLint, jimPreview, jimReport, lint, lintReport, plan, planReport, rules, rulesReport } from './api.js';
