// The Web Worker that syncplan/worker starts: it owns the WebAssembly module (built in, so the
// worker fetches nothing) and answers each request with the function's result or its error's
// message. Blobs and files are read here, off the page's thread.
import { isBlob, mapDocuments } from './api.js';
import * as api from './inline.js';

const FUNCTIONS = ['lint', 'lintReport', 'plan', 'planReport', 'jimLint', 'jimPreview', 'jimReport', 'rules', 'rulesReport'];

const message = (error) => (error instanceof Error ? error.message : String(error));

try {
  // Synchronous compilation is allowed in a worker, and answers the first request sooner.
  api.initSync();
  postMessage({ ready: true });
} catch (error) {
  // A module the browser refuses to compile (an old browser, a policy that forbids
  // WebAssembly) is told to the page, which would otherwise wait for it forever.
  postMessage({ failed: message(error) });
}

/** `args` of function `name` with every Blob among its documents read into bytes. */
async function readBlobs(name, args) {
  const blobs = [];
  mapDocuments(name, args, (value) => {
    if (isBlob(value)) blobs.push(value);
    return value;
  });
  if (blobs.length === 0) return args;
  const contents = await Promise.all(blobs.map((blob) => blob.arrayBuffer()));
  return mapDocuments(name, args, (value) => (isBlob(value) ? contents.shift() : value));
}

onmessage = async ({ data: { id, name, args } }) => {
  try {
    if (!FUNCTIONS.includes(name)) throw new Error(`syncplan/worker has no function ${name}`);
    postMessage({ id, result: api[name](...(await readBlobs(name, args))) });
  } catch (error) {
    postMessage({ id, error: message(error) });
  }
};
