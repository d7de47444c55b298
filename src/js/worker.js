// The package's entry that runs syncplan in a Web Worker, so that a large payload does not
// freeze the page: the same functions, asynchronous, which also take Blobs and Files (read in
// the worker). The worker starts on `init()` or on the first call, with the module built in.

/** `error.code` when the worker's script did not load, or the worker crashed. */
const WORKER_FAILED = 'WORKER_FAILED';
/** `error.code` when the browser would not compile the WebAssembly module. */
const MODULE_FAILED = 'MODULE_FAILED';

// The running worker: `{ worker, ready, fail, pending, closed }`; `ready` resolves to it.
let session;
// The worker script's URL when `init` was given one: a worker started after `terminate` needs it too.
let script;
let nextId = 1;

/**
 * Starts the worker; resolves once its module is ready, at once when it is. `options.worker`
 * is a `Worker` running syncplan's worker-thread.js, or that script's URL, for bundlers that do
 * not emit the script themselves.
 */
export async function init(options) {
  await running(options?.worker);
}

/** Starts the worker without waiting for it: the calls wait. */
export function initSync(options) {
  running(options?.worker).catch(() => {
    // The calls, which wait for the worker, are rejected with this error.
  });
}

/** Stops the worker: pending calls are rejected, and the next call starts a new one (from the same script). */
export function terminate() {
  if (session) close(session, new Error('syncplan/worker was terminated'));
}

function running(given) {
  if (session === undefined) {
    if (typeof Worker !== 'function' && given === undefined) {
      return Promise.reject(new Error('syncplan/worker needs Web Workers, which this environment lacks: import syncplan (Node) or syncplan/web instead'));
    }
    if (given !== undefined && typeof given.postMessage !== 'function') script = given;
    session = open(given ?? script);
  }
  return session.ready;
}

function failure(message, code, cause) {
  return Object.assign(new Error(message, { cause }), { code });
}

function open(given) {
  // The literal form is what bundlers look for to emit the worker's script.
  const worker =
    given === undefined
      ? new Worker(new URL('./worker-thread.js', import.meta.url), { type: 'module' })
      : typeof given.postMessage === 'function'
        ? given
        : new Worker(given, { type: 'module' });
  const opened = { worker, pending: new Map() };
  opened.ready = new Promise((resolve, reject) => {
    opened.resolve = resolve;
    opened.fail = reject;
  });
  worker.addEventListener('message', ({ data }) => {
    if (data.ready) opened.resolve(opened);
    else if (data.failed) close(opened, failure(`syncplan/worker: the WebAssembly module did not compile: ${data.failed}`, MODULE_FAILED, data.failed));
    else answer(opened, data);
  });
  // A script that cannot be fetched or evaluated reports here, without a message of its own;
  // once the worker runs, only a crash does.
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    const detail = event.message || 'its script did not load';
    const message = `syncplan/worker: the worker stopped (${detail}); a bundler must emit syncplan's worker-thread.js where the worker is started from, or be given its URL as init({ worker })`;
    close(opened, failure(message, WORKER_FAILED, detail));
  });
  return opened;
}

/** Ends a worker: its start (when still waited for) and its pending calls fail with `error`. */
function close(closing, error) {
  closing.worker.terminate();
  closing.closed = error;
  if (session === closing) session = undefined;
  closing.fail(error);
  for (const request of closing.pending.values()) request.reject(error);
  closing.pending.clear();
}

function answer({ pending }, { id, result, error }) {
  const request = pending.get(id);
  if (!request) return;
  pending.delete(id);
  if (error === undefined) request.resolve(result);
  else request.reject(new Error(error));
}

async function call(name, args) {
  const { worker, pending, closed } = await running();
  if (closed) throw closed;
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    try {
      worker.postMessage({ id, name, args });
    } catch (error) {
      // A value that cannot be sent to a worker (a function, a class instance with private state).
      pending.delete(id);
      reject(error);
    }
  });
}

export const lint = (...args) => call('lint', args);
export const lintReport = (...args) => call('lintReport', args);
export const plan = (...args) => call('plan', args);
export const planReport = (...args) => call('planReport', args);
export const jimLint = (...args) => call('jimLint', args);
export const jimPreview = (...args) => call('jimPreview', args);
export const jimReport = (...args) => call('jimReport', args);
export const rules = (...args) => call('rules', args);
export const rulesReport = (...args) => call('rulesReport', args);

export { init as default };
