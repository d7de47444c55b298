// `make bench-jim` (and the JIM part of `make bench`): the JIM preview of the bundled
// configuration over generated populations (tests/common/jim_population.rs, written out by the
// native bench binary), through wasm (`jimReport`, JSON) and natively, against JSON.parse of
// the same state. Medians of BENCH_RUNS runs (default 11, as short runs vary much on a shared
// machine; at most 5 from 100,000 people), natively one fresh process per
// run; sizes in people from BENCH_JIM_SIZES. Both write the report out whole (into
// JavaScript; natively into a sink, as into a file). Peak memory: the wasm instance's linear
// memory after one run in a fresh process (the copied state included), and the largest
// resident high-water mark of the native runs above the inputs; both against the state's
// bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jimReport } from '../pkg/node.js';
import { median, middle } from './bench-timing.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SIZES = (process.env.BENCH_JIM_SIZES ?? '1000,10000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const runsFor = (n) => (n >= 100_000 ? Math.min(RUNS, 5) : RUNS);
const work = mkdtempSync(join(tmpdir(), 'syncplan-bench-jim-'));
const configFile = join(root, 'examples/jim/config.json');
const config = readFileSync(configFile);

const cargoBench = (args) =>
  execFileSync('cargo', ['bench', '--quiet', '--bench', 'native', '--', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const times = (x, y) => `${(x / y).toFixed(1)}×`;

console.log(`\njim preview (bundled configuration), medians of ${RUNS} runs (${runsFor(100_000)} from 100k people)`);
console.log('  people   cs objs   mv objs   state   JSON.parse   wasm preview   native preview   wasm/JSON.parse   peak wasm / native (× state)');
const results = new Map();
for (const n of SIZES) {
  const file = join(work, `jim-state-${n}.json`);
  cargoBench(['jim-state', String(n), file]);
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  // Counted, then let go: a parsed population held through the runs slows every collection.
  const { connectedSystemObjects, metaverseObjects } = JSON.parse(text);
  const counts = [connectedSystemObjects.length, metaverseObjects.length];
  const parse = median(() => JSON.parse(text), runsFor(n));
  const wasm = median(() => jimReport(config, bytes, { format: 'json' }), runsFor(n));
  // Natively each sample is a fresh process, as each command-line run is: within one process,
  // later runs reuse memory the allocator kept from the first, which it keeps for a small
  // population but gives back for a large one, so in-process medians would compare sizes
  // under different conditions.
  const native = Array.from({ length: runsFor(n) }, () => cargoBench(['jim', configFile, file, '1']).trim().split('\n').pop().split(' ').map(Number));
  const nativeMs = middle(native.map(([ms]) => ms));
  const nativePeak = Math.max(...native.map(([, peak]) => peak));
  const wasmPeak = Number(execFileSync(process.execPath, [join(root, 'scripts/bench-memory.mjs'), 'jim', configFile, file], { encoding: 'utf8' }).trim());
  results.set(n, { wasm, native: nativeMs });
  console.log(
    `${String(n).padStart(8)}${String(counts[0]).padStart(10)}${String(counts[1]).padStart(10)}` +
      `${mb(bytes.length).padStart(8)}${fmt(parse).padStart(10)} ms${fmt(wasm).padStart(12)} ms${fmt(nativeMs).padStart(14)} ms` +
      `${times(wasm, parse).padStart(18)}   ${mb(wasmPeak)} (${times(wasmPeak, bytes.length)}) / ${mb(nativePeak)} (${times(nativePeak, bytes.length)})`,
  );
}
const growth = (key) =>
  SIZES.filter((n) => results.has(n / 10))
    .map((n) => `${n / 10}→${n}: ${times(results.get(n)[key], results.get(n / 10)[key])}`)
    .join(', ');
console.log(`time growth per 10× people: wasm ${growth('wasm')}; native ${growth('native')}`);
rmSync(work, { recursive: true, force: true });
