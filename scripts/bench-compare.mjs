// Two builds of the package in one Node process, run by run in turn, so that both see the
// same machine at the same moments: medians and the ratio of the second to the first.
//
//     cp -r pkg /tmp/before          (the build to compare against)
//     make build
//     node --expose-gc scripts/bench-compare.mjs /tmp/before pkg [rounds]
//
// Workloads: lint and a DIFF plan of the `make bench` payloads (COMPARE_SIZES, default
// 10000,100000), lint of the first size with eight floats on every entity, the JIM preview of
// a generated population when a state file is given (COMPARE_JIM_STATE, written by `cargo
// bench --bench native -- jim-state N FILE`), a small lint with options, and the rule catalog.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { floatPayload, payload, planPair } from './bench-payloads.mjs';
import { middle } from './bench-timing.mjs';

const [first, second] = process.argv.slice(2, 4).map((dir) => resolve(dir));
if (!second) throw new Error('usage: node --expose-gc scripts/bench-compare.mjs BEFORE_DIR AFTER_DIR [rounds]');
const ROUNDS = Number(process.argv[4] ?? 15);
const load = (dir) => import(pathToFileURL(`${dir}/node.js`).href);
const builds = [await load(first), await load(second)];
const SIZES = (process.env.COMPARE_SIZES ?? '10000,100000').split(',').map(Number);
const job = { scope: 'bench' };

const work = [];
for (const n of SIZES) {
  const bytes = Buffer.from(JSON.stringify(payload(n)));
  work.push([`lint ${n}`, 1, (api) => api.lint(job, [bytes])]);
}
{
  const bytes = Buffer.from(JSON.stringify(floatPayload(SIZES[0])));
  work.push([`lint ${SIZES[0]} floats`, 1, (api) => api.lint(job, [bytes])]);
}
for (const n of SIZES) {
  const { previous, today } = planPair(n);
  const snapshot = Buffer.from(JSON.stringify(previous));
  const upload = Buffer.from(JSON.stringify(today));
  work.push([`plan ${n}`, 1, (api) => api.plan(job, [upload], snapshot)]);
}
if (process.env.COMPARE_JIM_STATE) {
  const config = readFileSync(new URL('../examples/jim/config.json', import.meta.url));
  const state = readFileSync(process.env.COMPARE_JIM_STATE);
  work.push(['jim preview', 1, (api) => api.jimReport(config, state, { format: 'json' })]);
}
const small = Buffer.from(JSON.stringify(payload(50)));
const options = { files: ['a.json'], rules: { 'duplicate-key': 'warning' }, format: 'json' };
// Short calls are timed 200 at a time: one alone is below the timer's resolution.
work.push(['lint 50 + options', 200, (api) => api.lint({ scope: 's', syncMode: 'DIFF', source: 'api' }, [small], undefined, options)]);
work.push(['rules()', 200, (api) => api.rules()]);

const timed = (fn) => {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};
console.log(`before: ${first}\nafter:  ${second}\n${ROUNDS} rounds, the two builds in turn; medians in ms`);
for (const [name, reps, call] of work) {
  const run = (api) => () => {
    for (let i = 0; i < reps; i++) call(api);
  };
  const [a, b] = builds.map(run);
  // Warm-up: V8 compiles WebAssembly lazily and optimises what gets hot.
  for (let i = 0; i < 2; i++) [a(), b()];
  const samples = [[], []];
  for (let r = 0; r < ROUNDS; r++) {
    // Each goes first in every other round.
    const order = r % 2 ? [1, 0] : [0, 1];
    for (const i of order) samples[i].push(timed([a, b][i]) / reps);
  }
  const [before, after] = samples.map(middle);
  console.log(`${name.padEnd(20)} before ${before.toFixed(3).padStart(9)}  after ${after.toFixed(3).padStart(9)}  after/before ${(after / before).toFixed(2)}`);
}
