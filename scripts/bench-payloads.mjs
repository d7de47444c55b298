// The payloads `make bench` measures: deterministic (fixed seed) upload bodies of mixed
// classes with relationships and a few faults, as real inventories have.
//
//     node scripts/bench-payloads.mjs N FILE   writes the N-entity payload to FILE

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

function entity(i, random) {
  const cls = CLASSES[i % CLASSES.length];
  const e = {
    _key: `bench:${cls.toLowerCase()}:${String(i).padStart(8, '0')}`,
    _type: `bench_${cls.toLowerCase()}`,
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
  if (i % 997 === 0) delete e.displayName;
  if (i % 1009 === 0) e.updatedOn = '2024-01-01T00:00:00Z';
  return e;
}

export function payload(n, seed = 42) {
  const random = generator(seed);
  const entities = Array.from({ length: n }, (_, i) => entity(i, random));
  const relationships = [];
  for (let i = 1; i < n; i += 2) {
    relationships.push({
      _key: `${entities[i - 1]._key}|has|${entities[i]._key}`,
      _type: `${entities[i - 1]._type}_has_${entities[i]._type}`,
      _class: 'HAS',
      _fromEntityKey: entities[i - 1]._key,
      _toEntityKey: entities[i]._key,
    });
  }
  return { entities, relationships };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [n, file] = process.argv.slice(2);
  writeFileSync(file, JSON.stringify(payload(Number(n))));
}
