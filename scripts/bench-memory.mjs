// Peak WebAssembly memory of one syncplan run, for `make bench`: a fresh instance (linear
// memory only grows, so its final size is the run's peak, the copied input included) lints
// or plans the given files once and prints the size in bytes.
//
//     node scripts/bench-memory.mjs lint UPLOAD
//     node scripts/bench-memory.mjs plan UPLOAD SNAPSHOT
//     node scripts/bench-memory.mjs jim CONFIG STATE
import { readFileSync } from 'node:fs';
import { initSync, jimReport, lint, plan } from '../pkg/syncplan.js';

const wasm = initSync({ module: readFileSync(new URL('../pkg/syncplan_bg.wasm', import.meta.url)) });
const [kind, upload, snapshot] = process.argv.slice(2);
const job = { scope: 'bench' };
if (kind === 'lint') lint(job, [readFileSync(upload)]);
else if (kind === 'jim') jimReport(readFileSync(upload), readFileSync(snapshot), { format: 'json' });
else plan(job, [readFileSync(upload)], readFileSync(snapshot));
console.log(wasm.memory.buffer.byteLength);
