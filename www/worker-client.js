// The page's one Web Worker, which owns the WebAssembly instance: `ask` sends it a request and
// resolves with its answer. Every progress indicator shows while a request is pending. `ready`
// rejects, with a message for the page, when the worker or its module cannot start.

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;

const STARTUP_FAILED = 'The checker could not start';

export const ready = new Promise((resolve, reject) => {
  const settle = (settled) => {
    worker.removeEventListener('message', onReady);
    worker.removeEventListener('error', onError);
    settled();
  };
  function onReady({ data }) {
    if (data.ready) settle(resolve);
    else if (data.failed) settle(() => reject(new Error(`${STARTUP_FAILED}: ${data.failed}. Reload the page, or open it in a current browser.`)));
  }
  // A worker script that cannot be fetched or evaluated reports here, with no message of its own.
  function onError(event) {
    event.preventDefault();
    const detail = event.message ? `: ${event.message}` : ' (its script did not load)';
    settle(() => reject(new Error(`${STARTUP_FAILED}${detail}. Reload the page; if this persists, rebuild it with \`make build\`.`)));
  }
  worker.addEventListener('message', onReady);
  worker.addEventListener('error', onError);
});

worker.addEventListener('message', ({ data }) => {
  const request = pending.get(data.id);
  if (!request) return;
  pending.delete(data.id);
  showProgress();
  if (data.error) request.reject(new Error(data.error));
  else request.resolve(data.result);
});

export async function ask(kind, message) {
  await ready;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    showProgress();
    worker.postMessage({ ...message, id, kind });
  });
}

function showProgress() {
  for (const progress of document.querySelectorAll('.progress')) progress.hidden = pending.size === 0;
}
