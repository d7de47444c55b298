// The page's requests, run by the package's worker entry (syncplan/worker), which owns the
// WebAssembly instance off the page's thread: `ask` sends a request and resolves with its answer.
// Every progress indicator shows while a request is pending. `ready` rejects, with a message
// for the page, when the worker or its module cannot start.
import { init, jimLint, jimPreview, jimReport, lint, lintReport, plan, planReport } from './worker.js';

const STARTUP_FAILED = 'The checker could not start';

const requests = {
  lint: ({ job, uploads, snapshot, options }) => lint(job, uploads, snapshot, options),
  plan: ({ job, uploads, snapshot, finalize, options }) => plan(job, uploads, snapshot, finalize, options),
  render: ({ job, uploads, snapshot, finalize, options, planned }) =>
    planned ? planReport(job, uploads, snapshot, finalize, options) : lintReport(job, uploads, snapshot, options),
  jimLint: ({ config, options }) => jimLint(config, options),
  jimPreview: ({ config, state, options }) => jimPreview(config, state, options),
  jimRender: ({ config, state, options }) => jimReport(config, state, options),
};

export const ready = init().catch((error) => {
  // A module the browser refuses to compile (an old browser, a policy that forbids WebAssembly)
  // is the browser's to fix; a worker script that did not load is the build's.
  throw new Error(
    error.code === 'MODULE_FAILED'
      ? `${STARTUP_FAILED}: ${error.cause}. Reload the page, or open it in a current browser.`
      : `${STARTUP_FAILED} (${error.cause ?? error.message}). Reload the page; if this persists, rebuild it with \`make build\`.`,
  );
});

let pending = 0;

export async function ask(kind, message) {
  await ready;
  pending += 1;
  showProgress();
  try {
    return await requests[kind](message);
  } finally {
    pending -= 1;
    showProgress();
  }
}

function showProgress() {
  for (const progress of document.querySelectorAll('.progress')) progress.hidden = pending === 0;
}
