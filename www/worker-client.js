// The page's one Web Worker, which owns the WebAssembly instance: `ask` sends it a request and
// resolves with its answer. Every progress indicator shows while a request is pending.

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;

export const ready = new Promise((resolve) => {
  worker.addEventListener('message', function onReady({ data }) {
    if (data.ready) {
      worker.removeEventListener('message', onReady);
      resolve();
    }
  });
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
