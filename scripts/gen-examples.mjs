// Writes the bundled HRIS example (examples/hris/): yesterday's state of a people directory
// (a few hundred Person entities in teams, with managers) and today's upload in two batches,
// with hires, title changes and leavers. Deterministic: a fixed seed, no clock.
//
//   node scripts/gen-examples.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../examples/hris/', import.meta.url));
const SCOPE = 'hris-people';
const PEOPLE = 300;

// A small linear congruential generator, so every run writes the same files.
let seed = 20260428;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const FIRST = ['Ada', 'Alan', 'Barbara', 'Claude', 'Donald', 'Edsger', 'Frances', 'Grace', 'Hedy', 'Ivan', 'Joan', 'Ken', 'Leslie', 'Margaret', 'Niklaus', 'Radia', 'Shafi', 'Tim', 'Vint', 'Whitfield'];
const LAST = ['Lovelace', 'Turing', 'Liskov', 'Shannon', 'Knuth', 'Dijkstra', 'Allen', 'Hopper', 'Lamarr', 'Sutherland', 'Clarke', 'Thompson', 'Lamport', 'Hamilton', 'Wirth', 'Perlman', 'Goldwasser', 'Berners-Lee', 'Cerf', 'Diffie'];
const TEAMS = ['platform', 'payments', 'identity', 'data', 'mobile', 'web', 'security', 'sre', 'support', 'finance', 'people', 'sales'];
const TITLES = ['Engineer', 'Senior Engineer', 'Staff Engineer', 'Engineering Manager', 'Analyst', 'Designer', 'Product Manager', 'Specialist'];
const DAY = 86_400_000;
const EPOCH_2015 = 1_420_070_400_000;

const team = (name) => ({
  _key: `hris:team:${name}`,
  _type: 'hris_team',
  _class: 'Team',
  name,
  displayName: name[0].toUpperCase() + name.slice(1),
  email: `${name}@example.com`,
});

function person(n) {
  const first = pick(FIRST);
  const last = pick(LAST);
  const id = `E${1000 + n}`;
  const login = `${first}.${last}.${n}`.toLowerCase();
  return {
    _key: `hris:person:${id}`,
    _type: 'hris_person',
    _class: 'Person',
    name: `${first} ${last}`,
    displayName: `${first} ${last}`,
    firstName: first,
    lastName: last,
    email: [`${login}@example.com`],
    employeeId: id,
    title: pick(TITLES),
    department: pick(TEAMS),
    isContractor: random() < 0.1,
    hiredOn: EPOCH_2015 + Math.floor(random() * 3000) * DAY,
  };
}

const edge = (from, verb, to, type) => ({
  _key: `${from._key}|${verb}|${to._key}`,
  _type: type,
  _class: verb.toUpperCase(),
  _fromEntityKey: from._key,
  _toEntityKey: to._key,
});

function graph(people) {
  const teams = TEAMS.map(team);
  const relationships = [];
  for (const p of people) {
    relationships.push(edge(teams[TEAMS.indexOf(p.department)], 'has', p, 'hris_team_has_person'));
  }
  // Employee E1020 manages E1021 to E1029 of the same department, and so on by tens.
  const byNumber = new Map(people.map((p) => [Number(p.employeeId.slice(1)), p]));
  for (const [n, report] of byNumber) {
    const manager = byNumber.get(n - (n % 10));
    if (manager && manager !== report && manager.department === report.department) {
      relationships.push(edge(manager, 'manages', report, 'hris_person_manages_person'));
    }
  }
  return { entities: [...teams, ...people], relationships };
}

const yesterday = Array.from({ length: PEOPLE }, (_, n) => person(n));

// Yesterday's state, as a native snapshot with the platform's metadata.
const before = graph(yesterday);
const withMetadata = (object, n, kind) => ({
  ...object,
  _id: `00000000-0000-4000-8000-${kind}${String(n).padStart(11, '0')}`,
  _scope: SCOPE,
  _source: 'api',
});
const snapshot = {
  entities: before.entities.map((e, n) => withMetadata(e, n, '0')),
  relationships: before.relationships.map((r, n) => withMetadata(r, n, '1')),
};

// Today: eight people left (none of them a manager), ten changed title, five were hired.
const leavers = new Set([13, 27, 44, 58, 102, 171, 233, 286].map((n) => yesterday[n]._key));
const today = yesterday
  .filter((p) => !leavers.has(p._key))
  .map((p, n) => (n % 29 === 3 ? { ...p, title: pick(TITLES.filter((t) => t !== p.title)) } : p));
for (let n = PEOPLE; n < PEOPLE + 5; n++) today.push(person(n));
const upload = graph(today);
// The HRIS export still lists one leaver as someone's manager: that edge will be skipped.
const leaver = yesterday[44];
upload.relationships.push(edge(yesterday[40], 'manages', leaver, 'hris_person_manages_person'));

mkdirSync(out, { recursive: true });
const write = (name, value) => writeFileSync(`${out}${name}`, `${JSON.stringify(value, null, 2)}\n`);
write('job.json', { source: 'api', syncMode: 'DIFF', scope: SCOPE });
write('snapshot.json', snapshot);
// Two batches, as a client splitting a large upload would send them.
const half = Math.ceil(upload.entities.length / 2);
write('upload-1.json', { entities: upload.entities.slice(0, half) });
write('upload-2.json', { entities: upload.entities.slice(half), relationships: upload.relationships });
console.error(`wrote ${out}: ${snapshot.entities.length} entities before, ${upload.entities.length} today`);
