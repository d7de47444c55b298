// The worker owns the WebAssembly instance: the page stays responsive while large payloads are
// checked. The module is built into this folder, so nothing is fetched from the network.
import { initSync, jimLint, jimPreview, jimReport, lint, lintReport, plan, planReport } from './syncplan.js';
import wasm from './syncplan-wasm.js';

try {
  initSync({ module: wasm });
  postMessage({ ready: true });
} catch (error) {
  // A module the browser refuses to compile (an old browser, a policy that forbids
  // WebAssembly) is told to the page, which would otherwise wait for it forever.
  postMessage({ failed: error instanceof Error ? error.message : String(error) });
}

const run = {
  lint: ({ job, uploads, snapshot, options }) => lint(job, uploads, snapshot, options),
  plan: ({ job, uploads, snapshot, finalize, options }) => plan(job, uploads, snapshot, finalize, options),
  render: ({ job, uploads, snapshot, finalize, options, planned }) =>
    planned ? planReport(job, uploads, snapshot, finalize, options) : lintReport(job, uploads, snapshot, options),
  jimLint: ({ config, options }) => jimLint(config, options),
  jimPreview: ({ config, state, options }) => jimPreview(config, state, options),
  jimRender: ({ config, state, options }) => jimReport(config, state, options),
};

onmessage = ({ data }) => {
  try {
    postMessage({ id: data.id, result: run[data.kind](data) });
  } catch (error) {
    postMessage({ id: data.id, error: error instanceof Error ? error.message : String(error) });
  }
};
