// `make bench-snapshot`: `syncplan snapshot -o` of a big scope from a JupiterOne stand-in on
// 127.0.0.1, then `plan --snapshot-from-account` against the same scope. Prints the wall time,
// the peak resident memory of the syncplan process (`/usr/bin/time -v`) and the file's size.
//
// The stand-in builds every page when it is asked for (nothing is prepared up front): BENCH_ENTITIES
// entities in the scope (default 1,000,000), a relationship from each to the next (as many
// relationships), BENCH_PAGE rows a page (default 1000). Both relationship queries of an export
// return every edge, as they do for a scope whose relationships stay inside it, so the CLI reads
// each relationship twice and writes it once. Not a test: nothing here is asserted on time.
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 1_000_000);
const PAGE = Number(process.env.BENCH_PAGE ?? 1000);
const SCOPE = 'bench-scope';
const CREATED = Date.UTC(2024, 0, 1);

const id = (kind, i) => `${kind === 'e' ? '0000' : '1111'}${i.toString(16).padStart(4, '0').slice(-4)}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** Entity `i` as a J1QL row: metadata under `entity`, the rest under `properties`. */
function vertex(i) {
  return {
    id: id('e', i),
    entity: {
      _id: id('e', i),
      _key: `bench:user:${i}`,
      _type: ['bench_user'],
      _class: ['User'],
      _scope: SCOPE,
      _source: 'api',
      _accountId: 'bench-account',
      _version: 1 + (i % 3),
      _deleted: false,
      _createdOn: new Date(CREATED + i * 1000).toISOString(),
      _beginOn: new Date(CREATED + i * 1000).toISOString(),
      displayName: `User ${i}`,
    },
    properties: {
      name: `user-${i}`,
      username: `user${i}`,
      email: `user${i}@example.com`,
      active: i % 10 !== 0,
      department: ['Engineering', 'Sales', 'Support', 'Finance'][i % 4],
      employeeId: 100000 + i,
    },
  };
}

/** Relationship `i`: entity i HAS entity i+1 (the last one, the first). */
function edge(i) {
  const to = (i + 1) % ENTITIES;
  return {
    id: id('r', i),
    fromVertexId: id('e', i),
    toVertexId: id('e', to),
    relationship: {
      _id: id('r', i),
      _key: `bench:user:${i}|has|bench:user:${to}`,
      _type: 'bench_user_has_user',
      _class: 'HAS',
      _scope: SCOPE,
      _source: 'api',
      _version: 1,
      _deleted: false,
      displayName: 'HAS',
    },
    properties: { since: CREATED + i },
  };
}

function page(query, offset) {
  const end = Math.min(offset + PAGE, ENTITIES);
  const cursor = end < ENTITIES ? String(end) : null;
  const rows = [];
  if (query.includes('RETURN TREE')) {
    const vertices = [];
    for (let i = offset; i < end; i++) rows.push(edge(i));
    for (let i = offset; i <= end && i < ENTITIES; i++) vertices.push(vertex(i));
    if (end === ENTITIES) vertices.push(vertex(0));
    return { type: 'tree', data: { vertices, edges: rows }, cursor, __typename: 'QueryV1Response' };
  }
  for (let i = offset; i < end; i++) rows.push(vertex(i));
  return { type: 'list', data: rows, cursor, __typename: 'QueryV1Response' };
}

let requests = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    requests += 1;
    const { variables } = JSON.parse(Buffer.concat(chunks));
    const body = JSON.stringify({ data: { queryV1: page(variables.query, Number(variables.cursor ?? 0)) } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

/** Runs the CLI under /usr/bin/time -v: its status, wall seconds and peak RSS in MiB. */
function measured(args) {
  return new Promise((resolve) => {
    // BENCH_NODE_ARGS: options for the CLI's node (e.g. --cpu-prof).
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn('/usr/bin/time', ['-v', process.execPath, ...nodeArgs, `${root}pkg/cli.js`, ...args], {
      cwd: root,
      env: { ...process.env, J1_API_TOKEN: 'bench-token', J1_ACCOUNT: 'bench-account', SYNCPLAN_PROGRESS: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => {
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]) / 1024;
      const clock = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.+)/.exec(stderr)?.[1] ?? '';
      const seconds = clock.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
      resolve({ status, seconds, rss, stderr });
    });
  });
}

/** The objects in each section of a native snapshot written one a line. */
async function countLines(path) {
  const counts = { entities: 0, relationships: 0 };
  let section;
  for await (const line of createInterface({ input: createReadStream(path) })) {
    const name = /^ {2}"(\w+)": \[$/.exec(line);
    if (name) section = name[1];
    else if (line.startsWith('    {')) counts[section] += 1;
  }
  return counts;
}

const dir = mkdtempSync(join(tmpdir(), 'syncplan-bench-snapshot-'));
try {
  const out = join(dir, 'previous.json');
  console.log(`stand-in: ${ENTITIES.toLocaleString('en-US')} entities and as many relationships, ${PAGE} rows a page`);
  requests = 0;
  const snap = await measured(['snapshot', '--scope', SCOPE, '--api-base', base, '-o', out]);
  if (snap.status !== 0) throw new Error(`snapshot failed:\n${snap.stderr}`);
  const bytes = statSync(out).size;
  const counts = await countLines(out);
  console.log(`syncplan snapshot -o: ${snap.seconds.toFixed(1)} s, peak RSS ${snap.rss.toFixed(0)} MiB, ` +
    `${(bytes / 1024 / 1024).toFixed(0)} MiB written (${counts.entities.toLocaleString('en-US')} entities, ` +
    `${counts.relationships.toLocaleString('en-US')} relationships), ${requests} requests, ` +
    `${Math.round((counts.entities + counts.relationships) / snap.seconds).toLocaleString('en-US')} objects/s`);
  rmSync(out);

  if (process.env.BENCH_PLAN !== '0') {
    // One upload of the first entity: DIFF plans every other object of the scope as deleted.
    const upload = join(dir, 'upload.json');
    const { entity, properties } = vertex(0);
    writeFileSync(upload, JSON.stringify({ entities: [{ _key: entity._key, _type: 'bench_user', _class: 'User', ...properties, displayName: entity.displayName }] }));
    requests = 0;
    const plan = await measured(['plan', '--scope', SCOPE, '--snapshot-from-account', '--api-base', base, '--format', 'json', upload]);
    if (plan.status !== 0 && plan.status !== 1) throw new Error(`plan failed:\n${plan.stderr}`);
    console.log(`syncplan plan --snapshot-from-account: ${plan.seconds.toFixed(1)} s, peak RSS ${plan.rss.toFixed(0)} MiB, ${requests} requests`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  server.close();
}
