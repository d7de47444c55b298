// `make bench`: syncplan against what JavaScript tools pay, on the same generated payloads, in
// one Node process: (a) JSON.parse alone, (b) JSON.parse plus the data model's Ajv validation
// of each entity (what the SDK runs), (c) syncplan lint through wasm from a Uint8Array, and
// (d) syncplan lint natively. Then a DIFF plan against a JavaScript Map-and-deep-equality
// implementation. Medians of BENCH_RUNS runs (default 5; five times as many up to 10k
// entities, 3 at a million); sizes from BENCH_SIZES. Peak memory: the wasm instance's linear
// memory after one run in a fresh process, and the native runs' resident high-water mark
// above the inputs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint, plan } from '../pkg/node.js';
import { payload, planPair } from './bench-payloads.mjs';
import { median } from './bench-timing.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { IntegrationSchema } = require('@jupiterone/data-model');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// Runs per size: up to ten thousand entities a run takes milliseconds, where a machine's
// noise is as large as the differences measured, so five times as many; at a million, fewer.
const runsFor = (n) => (n >= 1_000_000 ? Math.min(RUNS, 3) : n <= 10_000 ? RUNS * 5 : RUNS);
const work = mkdtempSync(join(tmpdir(), 'syncplan-bench-'));
const job = { scope: 'bench' };

// Native: the median and the peak memory, from the bench binary.
function native(args) {
  const out = execFileSync('cargo', ['bench', '--quiet', '--bench', 'native', '--', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
  const [ms, peak] = out.trim().split('\n').pop().split(' ').map(Number);
  return { ms, peak };
}

// wasm: the peak linear memory of one run in a fresh instance.
function wasmPeak(args) {
  const out = execFileSync(process.execPath, [join(root, 'scripts/bench-memory.mjs'), ...args], { encoding: 'utf8' });
  return Number(out.trim());
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
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const times = (x, y) => `${(x / y).toFixed(1)}×`;
const rate = (bytes, ms) => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
const ratio = (x, y) => `${(x / y).toFixed(2)}×`;

// Warm up: V8 first compiles WebAssembly with its baseline compiler and optimises functions
// as they get hot; the tables below measure the optimised code, as JSON.parse is.
{
  const warm = Buffer.from(JSON.stringify(payload(10_000)));
  for (let i = 0; i < 3; i++) {
    lint(job, [warm]);
    plan(job, [warm], warm);
  }
}
console.log(
  `syncplan bench: Node ${process.version}, medians of ${RUNS} runs (${runsFor(1000)} up to 10k entities, ${runsFor(1_000_000)} at 1M; after a warm-up)\n`,
);
console.log('lint              bytes   (a) JSON.parse   (b) parse+Ajv   (c) wasm lint          (d) native lint     (b)/(c)   (a)/(c)   peak wasm / native (× input)');
const lintTimes = new Map();
for (const n of SIZES) {
  const text = JSON.stringify(payload(n));
  const bytes = Buffer.from(text);
  const file = join(work, `upload-${n}.json`);
  writeFileSync(file, bytes);
  const runs = runsFor(n);
  const a = median(() => JSON.parse(text), runs);
  const b = median(() => {
    for (const e of JSON.parse(text).entities) validate(e);
  }, runs);
  const c = median(() => lint(job, [bytes]), runs);
  const d = native(['lint', file, String(runs)]);
  const peak = wasmPeak(['lint', file]);
  lintTimes.set(n, { c, d: d.ms });
  console.log(
    `${String(n).padStart(8)} ${String((bytes.length / 1e6).toFixed(1)).padStart(8)} MB` +
      `${fmt(a).padStart(12)} ms${fmt(b).padStart(13)} ms${fmt(c).padStart(10)} ms (${rate(bytes.length, c)})` +
      `${fmt(d.ms).padStart(10)} ms (${rate(bytes.length, d.ms)})${ratio(b, c).padStart(9)}${ratio(a, c).padStart(10)}` +
      `   ${mb(peak)} (${times(peak, bytes.length)}) / ${mb(d.peak)} (${times(d.peak, bytes.length)})`,
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

console.log('\nplan (DIFF)       bytes   JavaScript Map   wasm plan   native plan   JS/wasm   peak wasm / native (× input)');
const planTimes = new Map();
for (const n of SIZES) {
  const { previous, today } = planPair(n);
  const snapshotText = JSON.stringify(previous);
  const uploadText = JSON.stringify(today);
  const snapshotBytes = Buffer.from(snapshotText);
  const uploadBytes = Buffer.from(uploadText);
  const uploadFile = join(work, `plan-upload-${n}.json`);
  const snapshotFile = join(work, `plan-snapshot-${n}.json`);
  writeFileSync(uploadFile, uploadBytes);
  writeFileSync(snapshotFile, snapshotBytes);
  const runs = runsFor(n);
  const js = median(() => jsPlan(JSON.parse(snapshotText), JSON.parse(uploadText)), runs);
  const wasm = median(() => plan(job, [uploadBytes], snapshotBytes), runs);
  const nat = native(['plan', uploadFile, snapshotFile, String(runs)]);
  const peak = wasmPeak(['plan', uploadFile, snapshotFile]);
  const input = snapshotBytes.length + uploadBytes.length;
  planTimes.set(n, { wasm, nat: nat.ms });
  console.log(
    `${String(n).padStart(8)} ${(input / 1e6).toFixed(1).padStart(8)} MB${fmt(js).padStart(14)} ms${fmt(wasm).padStart(9)} ms` +
      `${fmt(nat.ms).padStart(11)} ms${ratio(js, wasm).padStart(10)}   ${mb(peak)} (${times(peak, input)}) / ${mb(nat.peak)} (${times(nat.peak, input)})`,
  );
}

// Linearity: each size against the one ten times smaller (10× is linear).
const growth = (table, key) =>
  SIZES.filter((n) => table.has(n / 10))
    .map((n) => `${n / 10}→${n}: ${times(table.get(n)[key], table.get(n / 10)[key])}`)
    .join(', ');
console.log(`\ntime growth per 10× size: lint wasm ${growth(lintTimes, 'c')}; lint native ${growth(lintTimes, 'd')}`);
console.log(`                          plan wasm ${growth(planTimes, 'wasm')}; plan native ${growth(planTimes, 'nat')}`);
rmSync(work, { recursive: true, force: true });
