// Writes the bundled integration SDK example (examples/sdk-run/): the `.j1-integration` folder
// that `j1-integration collect` leaves behind for a made-up identity provider ("acme"), and
// yesterday's state of the same integration instance. The folder has the SDK's layout:
//
//   .j1-integration/summary.json                          step results, partial datasets
//   .j1-integration/graph/<step>/entities/<uuid>.json      {"entities": [...]}
//   .j1-integration/graph/<step>/relationships/<uuid>.json {"relationships": [...]}
//   .j1-integration/index/<entities|relationships>/<_type>/<uuid>.json  links to the above
//
// Today's run: the applications step failed after 20 of 40 applications, so the step that links
// users to applications ran with a failed dependency, and the groups step met a relationship
// type it does not declare. Files are flushed every 100 objects (the SDK flushes at a buffer
// threshold; a low one keeps this example small and gives several batches per step).
// Deterministic: a fixed seed, no clock.
//
//   node scripts/gen-sdk-example.mjs
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../examples/sdk-run/', import.meta.url));
const folder = join(out, '.j1-integration');
const INSTANCE = '6f1d2b8a-3c4e-4f50-9a7b-2e8c1d0f4a65';
const USERS = 250;
const GROUPS = 12;
const APPLICATIONS = 40;
const COLLECTED_APPLICATIONS = 20;
const FLUSH_EVERY = 100;
const ACCOUNT_KEY = 'acme_account_example.acme-idp.test';
const DAY = 86_400_000;
const NOW = 1_764_979_200_000; // 2025-12-06, the day of "today's" run

let seed = 20251206;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;

const FIRST = ['Ada', 'Alan', 'Barbara', 'Claude', 'Donald', 'Edsger', 'Frances', 'Grace', 'Hedy', 'Ivan', 'Joan', 'Ken', 'Leslie', 'Margaret', 'Niklaus', 'Radia'];
const LAST = ['Lovelace', 'Turing', 'Liskov', 'Shannon', 'Knuth', 'Dijkstra', 'Allen', 'Hopper', 'Lamarr', 'Sutherland', 'Clarke', 'Thompson', 'Lamport', 'Hamilton', 'Wirth', 'Perlman'];
const TITLES = ['Engineer', 'Senior Engineer', 'Analyst', 'Designer', 'Product Manager', 'Support Specialist'];
const GROUP_NAMES = ['engineering', 'design', 'product', 'support', 'finance', 'people', 'sales', 'security', 'sre', 'data', 'legal', 'contractors'];
const APPS = ['Wiki', 'Chat', 'Mail', 'Calendar', 'Storage', 'CRM', 'Payroll', 'Ticketing', 'CI', 'Monitoring'];

const account = {
  _key: ACCOUNT_KEY,
  _type: 'acme_account',
  _class: ['Account'],
  _rawData: [{ name: 'default', rawData: { name: 'example', plan: 'enterprise' } }],
  name: 'example',
  displayName: 'example.acme-idp.test',
  accountId: 'example.acme-idp.test',
  vendor: 'Acme',
  supportEnabled: true,
  webLink: 'https://example.acme-idp.test/',
};

function user(n, { title } = {}) {
  const first = FIRST[n % FIRST.length];
  const last = LAST[Math.floor(n / FIRST.length) % LAST.length];
  const id = `00u${String(n).padStart(5, '0')}${hex(8)}`;
  const login = `${first}.${last}${n}`.toLowerCase();
  const created = NOW - Math.floor(random() * 900) * DAY;
  const lastLogin = NOW - Math.floor(random() * 30) * DAY;
  return {
    _key: id,
    _type: 'acme_user',
    _class: ['User'],
    _rawData: [{ name: 'default', rawData: { id, status: 'ACTIVE', profile: { login: `${login}@example.test`, firstName: first, lastName: last } } }],
    id,
    name: `${first} ${last}`,
    displayName: `${login}@example.test`,
    // Arrays, as data model 0.64 defines User's username, email and shortLoginId.
    username: [login],
    shortLoginId: [login],
    email: [`${login}@example.test`],
    firstName: first,
    lastName: last,
    title: title ?? pick(TITLES),
    status: 'ACTIVE',
    isActive: true,
    mfaEnabled: random() < 0.8,
    created,
    createdOn: created,
    lastLogin,
    lastLoginOn: lastLogin,
    webLink: `https://example-admin.acme-idp.test/admin/user/${id}`,
  };
}

const group = (name) => ({
  _key: `acme-group-${name}`,
  _type: 'acme_group',
  _class: ['UserGroup'],
  _rawData: [{ name: 'default', rawData: { id: `acme-group-${name}`, type: 'ACME_GROUP' } }],
  id: `acme-group-${name}`,
  name,
  displayName: name,
  type: 'ACME_GROUP',
  webLink: `https://example-admin.acme-idp.test/admin/group/acme-group-${name}`,
});

const application = (n) => ({
  _key: `0oa-app-${String(n).padStart(3, '0')}`,
  _type: 'acme_application',
  _class: ['Application'],
  _rawData: [{ name: 'default', rawData: { id: `0oa-app-${n}`, signOnMode: 'SAML_2_0' } }],
  id: `0oa-app-${String(n).padStart(3, '0')}`,
  name: `${APPS[n % APPS.length]} ${Math.floor(n / APPS.length) + 1}`,
  displayName: `${APPS[n % APPS.length]} ${Math.floor(n / APPS.length) + 1}`,
  signOnMode: 'SAML_2_0',
  status: 'ACTIVE',
  webLink: `https://example-admin.acme-idp.test/admin/app/0oa-app-${n}`,
});

/** A direct relationship the way the SDK builds one (`createDirectRelationship`). */
function direct(verb, from, to, shortTo) {
  return {
    _key: `${from._key}|${verb.toLowerCase()}|${to._key}`,
    _type: `${from._type}_${verb.toLowerCase()}_${shortTo}`,
    _class: verb,
    _fromEntityKey: from._key,
    _toEntityKey: to._key,
    displayName: verb,
  };
}

/** A mapped relationship from a user to the Person the mapper finds or creates by email. */
const isPerson = (u) => ({
  _key: `${u._key}|is|FORWARD:_type=employee:email=${u.email[0]}`,
  _type: 'acme_user_is_employee',
  _class: 'IS',
  _mapping: {
    relationshipDirection: 'FORWARD',
    sourceEntityKey: u._key,
    targetFilterKeys: [['_type', 'email']],
    targetEntity: { _class: 'Person', _type: 'employee', email: u.email[0], firstName: u.firstName, lastName: u.lastName },
    skipTargetCreation: false,
  },
  displayName: 'IS',
});

const users = Array.from({ length: USERS }, (_, n) => user(n));
const groups = GROUP_NAMES.slice(0, GROUPS).map(group);
const applications = Array.from({ length: APPLICATIONS }, (_, n) => application(n));
const groupUserEdges = [];
users.forEach((u, n) => {
  const first = groups[n % GROUPS];
  groupUserEdges.push(direct('HAS', first, u, 'user'));
  const second = groups[(n * 7 + 3) % GROUPS];
  if (second !== first && n % 2 === 0) groupUserEdges.push(direct('HAS', second, u, 'user'));
});
const nestedGroups = [direct('HAS', groups[0], groups[10], 'group'), direct('HAS', groups[8], groups[9], 'group')];
const assignments = [];
users.forEach((u, n) => {
  assignments.push(direct('ASSIGNED', u, applications[n % APPLICATIONS], 'application'));
  if (n % 3 === 0) assignments.push(direct('ASSIGNED', u, applications[(n * 11 + 5) % APPLICATIONS], 'application'));
});

const steps = [
  {
    id: 'fetch-account',
    name: 'Fetch Account',
    declaredTypes: ['acme_account'],
    status: 'success',
    entities: [account],
    relationships: [],
  },
  {
    id: 'fetch-users',
    name: 'Fetch Users',
    declaredTypes: ['acme_user', 'acme_account_has_user', 'acme_user_is_employee'],
    status: 'success',
    entities: users,
    relationships: [...users.map((u) => direct('HAS', account, u, 'user')), ...users.map(isPerson)],
  },
  {
    id: 'fetch-groups',
    name: 'Fetch Groups',
    declaredTypes: ['acme_group', 'acme_group_has_user'],
    status: 'success',
    entities: groups,
    relationships: [...groupUserEdges, ...nestedGroups],
  },
  {
    id: 'fetch-applications',
    name: 'Fetch Applications',
    declaredTypes: ['acme_application'],
    status: 'failure',
    entities: applications.slice(0, COLLECTED_APPLICATIONS),
    relationships: [],
  },
  {
    id: 'build-user-application-relationships',
    name: 'Build User Application Relationships',
    declaredTypes: ['acme_user_assigned_application'],
    dependsOn: ['fetch-users', 'fetch-applications'],
    status: 'partial_success_due_to_dependency_failure',
    entities: [],
    relationships: assignments,
  },
];

const write = (path, value) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
};

function writeRun() {
  rmSync(folder, { recursive: true, force: true });
  const results = [];
  for (const step of steps) {
    for (const kind of ['entities', 'relationships']) {
      const objects = step[kind];
      for (let start = 0; start < objects.length; start += FLUSH_EVERY) {
        const batch = objects.slice(start, start + FLUSH_EVERY);
        const name = `${uuid()}.json`;
        const path = join(folder, 'graph', step.id, kind, name);
        write(path, { [kind]: batch });
        // The SDK links each file into index/<kind>/<_type>/ as well (one link per type).
        for (const type of [...new Set(batch.map((o) => o._type))].sort()) {
          const link = join(folder, 'index', kind, type, name);
          mkdirSync(dirname(link), { recursive: true });
          symlinkSync(relative(dirname(link), path), link);
        }
      }
    }
    const encounteredTypes = [...new Set([...step.entities, ...step.relationships].map((o) => o._type))].sort();
    results.push({
      id: step.id,
      name: step.name,
      declaredTypes: step.declaredTypes,
      partialTypes: [],
      encounteredTypes,
      ...(step.dependsOn ? { dependsOn: step.dependsOn } : {}),
      status: step.status,
    });
  }
  const failed = steps.filter((s) => s.status === 'failure' || s.status === 'partial_success_due_to_dependency_failure');
  write(join(folder, 'summary.json'), {
    integrationStepResults: results,
    metadata: { partialDatasets: { types: failed.flatMap((s) => s.declaredTypes) } },
  });
}

/**
 * Yesterday's state of the instance, as a native snapshot: every application (yesterday's run
 * collected all 40), the same users less the 4 who joined today plus 3 who have since left,
 * 5 users with another title, and the relationships of all of them.
 */
function writeSnapshot() {
  const managed = (object, n) => ({ _id: `j1-${String(n).padStart(5, '0')}`, ...object, _integrationInstanceId: INSTANCE });
  const yesterdayUsers = users.slice(0, USERS - 4).map((u, n) => (n % 50 === 7 ? { ...u, title: 'Intern' } : u));
  const leavers = [user(USERS + 1), user(USERS + 2), user(USERS + 3)];
  const entities = [account, ...yesterdayUsers, ...leavers, ...groups, ...applications];
  const known = new Set(entities.map((e) => e._key));
  const today = steps.flatMap((s) => s.relationships);
  const relationships = [
    ...today.filter((r) => (r._mapping ? known.has(r._mapping.sourceEntityKey) : known.has(r._fromEntityKey) && known.has(r._toEntityKey))),
    ...leavers.flatMap((u, n) => [direct('HAS', account, u, 'user'), direct('ASSIGNED', u, applications[n], 'application'), isPerson(u)]),
  ];
  let n = 0;
  write(join(out, 'snapshot.json'), {
    entities: entities.map((e) => managed(e, n++)),
    relationships: relationships.map((r) => managed(r, n++)),
  });
}

writeRun();
writeSnapshot();
