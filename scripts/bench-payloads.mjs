// The payloads `make bench` measures: deterministic (fixed seed) upload bodies of mixed
// classes with relationships and a few faults, as real inventories have.
//
//     node scripts/bench-payloads.mjs N FILE   writes the N-entity payload to FILE
//     node scripts/bench-payloads.mjs --batches B N FILE [--faultless]
//                                              writes B batches of N entities, one body a line

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// A fixed-seed generator, so every run measures the same bytes.
function generator(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const CLASSES = ['Application', 'Team', 'CodeRepo', 'Finding', 'User'];

const classOf = (i) => CLASSES[i % CLASSES.length];
const keyOf = (i) => `bench:${classOf(i).toLowerCase()}:${String(i).padStart(8, '0')}`;
const typeOf = (i) => `bench_${classOf(i).toLowerCase()}`;

function entity(i, random, faults = true) {
  const cls = classOf(i);
  const e = {
    _key: keyOf(i),
    _type: typeOf(i),
    _class: cls,
    name: `${cls} ${i}`,
    displayName: `${cls} ${i}`,
    createdOn: 1_700_000_000_000 + Math.floor(random() * 1e10),
    isActive: random() < 0.9,
    owner: `team-${Math.floor(random() * 50)}`,
    tags: ['bench', `shard-${i % 7}`],
  };
  if (cls === 'Finding') Object.assign(e, { category: 'vuln', numericSeverity: Math.floor(random() * 10), open: true, severity: 'high' });
  if (cls === 'User') Object.assign(e, { email: [`u${i}@example.com`], firstName: 'U', lastName: `${i}`, shortLoginId: [`u${i}`], username: [`u${i}`] });
  // A few faults, as real payloads have.
  if (faults && i % 997 === 0) delete e.displayName;
  if (faults && i % 1009 === 0) e.updatedOn = '2024-01-01T00:00:00Z';
  return e;
}

/** A HAS relationship from entity `from` to entity `to`. */
const has = (from, to) => ({
  _key: `${keyOf(from)}|has|${keyOf(to)}`,
  _type: `${typeOf(from)}_has_${typeOf(to)}`,
  _class: 'HAS',
  _fromEntityKey: keyOf(from),
  _toEntityKey: keyOf(to),
});

/** Entities `first` to `first + n - 1`, each odd one linked from the one before it. */
function entitiesFrom(first, n, random, faults = true) {
  const entities = Array.from({ length: n }, (_, j) => entity(first + j, random, faults));
  const relationships = [];
  for (let j = 1; j < n; j += 2) relationships.push(has(first + j - 1, first + j));
  return { entities, relationships };
}

export function payload(n, seed = 42) {
  return entitiesFrom(0, n, generator(seed));
}

/** `payload(n)` with eight measurements on every entity, floats as JavaScript writes computed
 * values (up to 17 significant digits): what reading numbers costs. */
export function floatPayload(n, seed = 42) {
  const random = generator(seed + 1);
  const body = payload(n, seed);
  for (const e of body.entities) {
    for (let m = 0; m < 8; m++) e[`metric${m}`] = random() * 100;
  }
  return body;
}

/**
 * The plan benchmark's pair for `n` entities: the previous state, and today's upload with 10% of
 * the entities changed, 5% new and 5% gone (entities only).
 */
export function planPair(n) {
  const previous = payload(n, 7);
  const today = payload(Math.floor(n * 1.05), 7);
  today.entities = today.entities.filter((_, i) => i % 20 !== 3);
  today.entities.forEach((e, i) => {
    if (i % 10 === 1) e.owner = 'someone-else';
  });
  today.relationships = [];
  previous.relationships = [];
  return { previous, today };
}

/** Batch `b` of a job uploaded `n` entities at a time: entities numbered on from b × n, as in
 * `payload` (without its faults when `faults` is false), and a relationship from the batch's
 * last entity to the next batch's first, an endpoint that the next upload resolves. */
export function batch(b, n, faults = true, seed = 42) {
  const body = entitiesFrom(b * n, n, generator(seed + b), faults);
  body.relationships.push(has(b * n + n - 1, (b + 1) * n));
  return body;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--batches') {
    const [batches, n, file, faultless] = args.slice(1);
    const faults = faultless !== '--faultless';
    const lines = Array.from({ length: Number(batches) }, (_, b) => JSON.stringify(batch(b, Number(n), faults)));
    writeFileSync(file, `${lines.join('\n')}\n`);
  } else {
    const [n, file] = args;
    writeFileSync(file, JSON.stringify(payload(Number(n))));
  }
}
