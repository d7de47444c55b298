// `make bench`: syncplan against what JavaScript tools pay, on the same generated payloads, in
// one Node process: (a) JSON.parse alone, (b) JSON.parse plus the data model's Ajv validation
// of each entity (what the SDK runs), (c) syncplan lint through wasm from a Uint8Array, and
// (d) syncplan lint natively. Then a DIFF plan against a JavaScript Map-and-deep-equality
// implementation. Medians of BENCH_RUNS runs (default 5); sizes from BENCH_SIZES.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint, plan } from '../pkg/node.js';
import { payload } from './bench-payloads.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { IntegrationSchema } = require('@jupiterone/data-model');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'syncplan-bench-'));
const job = { scope: 'bench' };

function median(fn, runs = RUNS) {
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

function native(args) {
  const out = execFileSync('cargo', ['bench', '--quiet', '--bench', 'native', '--', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
  return Number(out.trim().split('\n').pop());
}

const validators = new Map();
function validate(e) {
  const classes = Array.isArray(e._class) ? e._class : [e._class];
  let ok = true;
  for (const cls of classes) {
    let check = validators.get(cls);
    if (check === undefined) {
      check = IntegrationSchema.getSchema(`#${cls}`) ?? null;
      validators.set(cls, check);
    }
    if (check && !check(e)) ok = false;
  }
  return ok;
}

const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
const rate = (bytes, ms) => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
const ratio = (x, y) => `${(x / y).toFixed(2)}×`;

console.log(`syncplan bench: Node ${process.version}, medians of ${RUNS} runs\n`);
console.log('lint              bytes   (a) JSON.parse   (b) parse+Ajv   (c) wasm lint   (d) native lint   (b)/(c)   (a)/(c)');
for (const n of SIZES) {
  const text = JSON.stringify(payload(n));
  const bytes = Buffer.from(text);
  const file = join(work, `upload-${n}.json`);
  writeFileSync(file, bytes);
  const runs = n >= 1_000_000 ? Math.min(RUNS, 3) : RUNS;
  const a = median(() => JSON.parse(text), runs);
  const b = median(() => {
    for (const e of JSON.parse(text).entities) validate(e);
  }, runs);
  const c = median(() => lint(job, [bytes]), runs);
  const d = native(['lint', file, String(runs)]);
  console.log(
    `${String(n).padStart(8)} ${String((bytes.length / 1e6).toFixed(1)).padStart(8)} MB` +
      `${fmt(a).padStart(12)} ms${fmt(b).padStart(13)} ms${fmt(c).padStart(13)} ms (${rate(bytes.length, c)})` +
      `${fmt(d).padStart(10)} ms (${rate(bytes.length, d)})${ratio(b, c).padStart(9)}${ratio(a, c).padStart(10)}`,
  );
}

// DIFF plan: N previous entities, an upload with 10% changed, 5% new and 5% gone.
function jsPlan(previous, upload) {
  const before = new Map(previous.entities.map((e) => [e._key, e]));
  const equal = (x, y) => JSON.stringify(x) === JSON.stringify(y);
  const result = { create: 0, update: 0, unchanged: 0, delete: 0 };
  const seen = new Set();
  for (const e of upload.entities) {
    seen.add(e._key);
    const old = before.get(e._key);
    if (!old) result.create++;
    else if (equal(old, e)) result.unchanged++;
    else result.update++;
  }
  for (const key of before.keys()) if (!seen.has(key)) result.delete++;
  return result;
}

console.log('\nplan (DIFF)       bytes   JavaScript Map   wasm plan   native plan   JS/wasm');
for (const n of SIZES) {
  const previous = payload(n, 7);
  const today = payload(Math.floor(n * 1.05), 7);
  today.entities = today.entities.filter((_, i) => i % 20 !== 3);
  today.entities.forEach((e, i) => {
    if (i % 10 === 1) e.owner = 'someone-else';
  });
  today.relationships = [];
  previous.relationships = [];
  const snapshotText = JSON.stringify(previous);
  const uploadText = JSON.stringify(today);
  const snapshotBytes = Buffer.from(snapshotText);
  const uploadBytes = Buffer.from(uploadText);
  const uploadFile = join(work, `plan-upload-${n}.json`);
  const snapshotFile = join(work, `plan-snapshot-${n}.json`);
  writeFileSync(uploadFile, uploadBytes);
  writeFileSync(snapshotFile, snapshotBytes);
  const runs = n >= 1_000_000 ? Math.min(RUNS, 3) : RUNS;
  const js = median(() => jsPlan(JSON.parse(snapshotText), JSON.parse(uploadText)), runs);
  const wasm = median(() => plan(job, [uploadBytes], snapshotBytes), runs);
  const nat = native(['plan', uploadFile, snapshotFile, String(runs)]);
  const size = ((snapshotBytes.length + uploadBytes.length) / 1e6).toFixed(1);
  console.log(`${String(n).padStart(8)} ${size.padStart(8)} MB${fmt(js).padStart(14)} ms${fmt(wasm).padStart(9)} ms${fmt(nat).padStart(11)} ms${ratio(js, wasm).padStart(10)}`);
}
rmSync(work, { recursive: true, force: true });
