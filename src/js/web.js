// The package's entry for browsers and bundlers: `await init()` fetches syncplan_bg.wasm from
// beside the glue (bundlers that understand `new URL(…, import.meta.url)` emit it), or
// instantiates what it is given: a URL, a `Response`, bytes or a `WebAssembly.Module`.
export { init as default, init, initSync, Job, jimLint, jimPreview, jimReport, lint, lintReport, plan, planReport, rules, rulesReport } from './api.js';
