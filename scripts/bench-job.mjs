// `make bench-job`: a `Job` that takes BENCH_JOB_BATCHES uploads (default 1,000) of
// BENCH_JOB_SIZE entities each (default 1,000; scripts/bench-payloads.mjs `batch`, with a
// relationship from each batch to the next), through wasm (`new Job`, `.upload` returns the
// diagnostics so far) and natively (`SyncJob::upload`). Prints the time of the first upload, of
// the last, the median and the slowest, and last/first: an upload should cost about its own
// size, however many came before it. Each upload's time is its median over BENCH_RUNS jobs
// (default 3), which keeps out what other work on the machine costs one of them. Two kinds of
// job: faultless batches, whose uploads each return the one dangling endpoint of the newest
// batch, and batches with the bench payload's few faults, whose diagnostics so far (all of
// them returned by every upload) grow with the job up to the report's 1,000 a rule. Both
// builds warm up on a job of their own first, and each wasm upload starts after a collection
// (node --expose-gc). Not a test: nothing is asserted on time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from '../pkg/node.js';
import { middle } from './bench-timing.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const BATCHES = Number(process.env.BENCH_JOB_BATCHES ?? 1000);
const SIZE = Number(process.env.BENCH_JOB_SIZE ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARM_UP = 20;
const work = mkdtempSync(join(tmpdir(), 'syncplan-bench-job-'));
const job = { scope: 'bench' };

/** The batches, written one body a line (for the native run), and read back as bodies. */
function batches(name, faultless) {
  const file = join(work, `${name}.jsonl`);
  const args = ['--batches', String(BATCHES), String(SIZE), file, ...(faultless ? ['--faultless'] : [])];
  execFileSync(process.execPath, [join(root, 'scripts/bench-payloads.mjs'), ...args]);
  const all = readFileSync(file);
  const bodies = [];
  for (let start = 0; start < all.length; ) {
    const end = all.indexOf(10, start);
    bodies.push(all.subarray(start, end));
    start = end + 1;
  }
  return { file, bodies, bytes: all.length };
}

function wasmTimes({ bodies }) {
  // V8 first compiles WebAssembly with its baseline compiler and optimises functions as they
  // get hot: the measured jobs run the optimised code.
  const warm = new Job(job);
  for (const body of bodies.slice(0, WARM_UP)) warm.upload(body);
  warm.free();
  const samples = bodies.map(() => []);
  let diagnostics = 0;
  for (let run = 0; run < RUNS; run++) {
    const uploads = new Job(job);
    bodies.forEach((body, n) => {
      globalThis.gc?.();
      const start = process.hrtime.bigint();
      diagnostics = uploads.upload(body).length;
      samples[n].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
    uploads.free();
  }
  return { times: samples.map(middle), diagnostics };
}

function nativeTimes({ file }) {
  const args = ['bench', '--quiet', '--bench', 'native', '--', 'job', file, String(WARM_UP), String(RUNS)];
  const out = execFileSync('cargo', args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const lines = out.trim().split('\n').map(Number);
  return { times: lines.slice(-1 - BATCHES, -1), diagnostics: lines.at(-1) };
}

const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
console.log(`\njob: ${BATCHES} uploads of ${SIZE} entities and ${SIZE / 2 + 1} relationships each, medians of ${RUNS} jobs, Node ${process.version}`);
console.log('                    first      last    median   slowest   last/first   total   diagnostics the last upload returned');
for (const [name, faultless] of [['faultless', true], ['with faults', false]]) {
  const input = batches(name.replace(' ', '-'), faultless);
  for (const [how, run] of [['wasm', wasmTimes], ['native', nativeTimes]]) {
    const { times, diagnostics } = run(input);
    const [first, last] = [times[0], times.at(-1)];
    const total = times.reduce((a, b) => a + b, 0);
    console.log(
      `${`${name}, ${how}`.padEnd(19)}${fmt(first).padStart(7)} ms${fmt(last).padStart(7)} ms${fmt(middle(times)).padStart(7)} ms` +
        `${fmt(Math.max(...times)).padStart(7)} ms${`${(last / first).toFixed(2)}×`.padStart(12)}${(total / 1000).toFixed(1).padStart(7)} s` +
        `${String(diagnostics).padStart(10)}`,
    );
  }
}
rmSync(work, { recursive: true, force: true });
