// The API every entry of the package exports: the WebAssembly module's functions, each of which
// refuses to run before the module is instantiated (with a message that says what to do, not
// wasm-bindgen's `Cannot read properties of undefined`) and takes documents in any binary form
// (`ArrayBuffer`, any typed-array view, `DataView`: what `file.arrayBuffer()`, `fetch` and
// Node's streams give), and `init`/`initSync`, which do nothing once the module is ready. The
// entries differ only in where the module comes from.
import initModule, * as module from './syncplan.js';

// The module's exports once it is instantiated: what init and initSync resolve with.
let wasmExports;

/**
 * Instantiates the module from `source` (a URL, a `Response`, bytes or a `WebAssembly.Module`,
 * or wasm-bindgen's `{ module_or_path }`); without it, from `syncplan_bg.wasm` beside the glue.
 * Resolves with the module's exports; once the module is ready, resolves at once.
 */
export async function init(source) {
  if (wasmExports === undefined) wasmExports = await initModule(wrapped(source, 'module_or_path'));
  return wasmExports;
}

/** `init`, synchronously: `source` is bytes or a `WebAssembly.Module` (or `{ module }`). */
export function initSync(source) {
  if (wasmExports === undefined) {
    if (source === undefined) {
      throw new Error('initSync() needs the module: pass the bytes of syncplan_bg.wasm or a WebAssembly.Module, or import syncplan/inline, which has it built in');
    }
    wasmExports = module.initSync(wrapped(source, 'module'));
  }
  return wasmExports;
}

/** The argument as wasm-bindgen's object form, which it asks for (it warns on bare values). */
function wrapped(source, key) {
  if (source === undefined) return undefined;
  return Object.getPrototypeOf(source) === Object.prototype && key in source ? source : { [key]: source };
}

function assertReady(name) {
  if (wasmExports === undefined) {
    throw new Error(`syncplan is not initialised: call \`await init()\` before ${name}() (in Node, import syncplan: it is ready on import)`);
  }
}

/** Whether `value` is a `Blob` (a `File` is one), which only an asynchronous call can read. */
export function isBlob(value) {
  return typeof Blob === 'function' && value instanceof Blob;
}

/** A document as the module takes it: text, or bytes in a `Uint8Array` over the same memory. */
function document(value, what) {
  // By tag, not instanceof: a buffer from another realm (an iframe, Jest's or Node's vm) counts.
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') return new Uint8Array(value);
  // Any view but this realm's Uint8Array, which the module takes as it is.
  if (ArrayBuffer.isView(value) && !(value instanceof Uint8Array)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (isBlob(value)) {
    throw new Error(`${what} is a Blob (or a File), which only an asynchronous call can read: pass \`await blob.arrayBuffer()\` instead, or use syncplan/worker, whose functions take Blobs`);
  }
  return value;
}

// What each function's arguments are called (in messages), up to its last document.
const ARGUMENTS = {
  lint: ['job', 'uploads', 'snapshot', 'options'],
  lintReport: ['job', 'uploads', 'snapshot', 'options'],
  plan: ['job', 'uploads', 'snapshot', 'finalize', 'options'],
  planReport: ['job', 'uploads', 'snapshot', 'finalize', 'options'],
  jimLint: ['config'],
  jimPreview: ['config', 'state'],
  jimReport: ['config', 'state'],
};
const DOCUMENT_ARGUMENTS = ['snapshot', 'config', 'state'];
const OPTION_DOCUMENTS = ['jobBody', 'summary', 'baseline'];

/**
 * `args` of function `name` with each document replaced by `convert(document, what)`, where
 * `what` names it as an error message should (`uploads[2]`, `options.summary`). A value that is
 * not where a document goes, or is not of the shape that holds one, is left for the module to
 * judge.
 */
export function mapDocuments(name, args, convert) {
  const present = (value) => value !== undefined && value !== null;
  return args.map((value, i) => {
    const what = ARGUMENTS[name]?.[i];
    if (what === 'uploads' && Array.isArray(value)) return value.map((item, j) => convert(item, `uploads[${j}]`));
    if (DOCUMENT_ARGUMENTS.includes(what) && present(value)) return convert(value, what);
    if (what === 'options' && present(value) && OPTION_DOCUMENTS.some((key) => present(value[key]))) {
      const converted = { ...value };
      for (const key of OPTION_DOCUMENTS) if (present(value[key])) converted[key] = convert(value[key], `options.${key}`);
      return converted;
    }
    return value;
  });
}

function taking(name) {
  return (...args) => {
    assertReady(name);
    return module[name](...mapDocuments(name, args, document));
  };
}

export const lint = taking('lint');
export const lintReport = taking('lintReport');
export const plan = taking('plan');
export const planReport = taking('planReport');
export const jimLint = taking('jimLint');
export const jimPreview = taking('jimPreview');
export const jimReport = taking('jimReport');

export function rules(dialect) {
  assertReady('rules');
  return module.rules(dialect);
}

export function rulesReport(format, dialect) {
  assertReady('rulesReport');
  return module.rulesReport(format, dialect);
}

/** `new Job(job)`: the module's job, which takes its documents in any binary form as well. */
export class Job extends module.Job {
  constructor(job) {
    assertReady('new Job');
    super(job);
  }

  upload(body, name) {
    return super.upload(document(body, 'body'), name);
  }

  finalize(snapshot, options) {
    return super.finalize(document(snapshot, 'snapshot'), options);
  }
}
