// `syncplan snapshot` and `plan --snapshot-from-account` against a JupiterOne stand-in: a
// GraphQL server on 127.0.0.1, started here, that speaks `queryV1` with cursor pagination the
// way the real API does and serves the HRIS example's previous state as J1QL rows. Nothing
// here reaches the internet. Every output of these tests is kept and searched for the token.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { root } from './helpers.mjs';

const TOKEN = 'j1-test-token-5f1c9e7a0b2d';
const ACCOUNT = 'acct-0001';
const SCOPE = 'hris-people';
const PAGE_SIZE = 100;
const outputs = [];

// --- The stand-in: the example as J1QL would return it -------------------------------------

const SDK_INSTANCE = '6f1d2b8a-3c4e-4f50-9a7b-2e8c1d0f4a65';

/** A native object as a J1QL row: metadata under `entity` (class and type as arrays), the rest under `properties`. */
function row(object, inner) {
  const meta = {};
  const properties = {};
  for (const [name, value] of Object.entries(object)) {
    if (name === '_rawData') continue; // J1QL never returns it
    if (name === '_class' || name === '_type') meta[name] = inner === 'entity' ? [value].flat() : value;
    else if (name.startsWith('_') || name === 'displayName') meta[name] = value;
    else properties[name] = value;
  }
  return { id: object._id, [inner]: meta, properties };
}

/** An example's previous state as the three queries of an export of `field` = `name` return it. */
function dataset(file, field, name) {
  const previous = JSON.parse(readFileSync(`${root}${file}`, 'utf8'));
  const entityRows = previous.entities.map((e) => row(e, 'entity'));
  const byKey = new Map(previous.entities.map((e) => [e._key, e]));
  // Edges name their ends by vertex only, as the shapes the API returns can; an end the
  // example does not hold (the SDK run's mapped targets) stays named by key.
  const edges = previous.relationships.map((r) => {
    const { _fromEntityKey, _toEntityKey, ...rest } = r;
    const [from, to] = [byKey.get(_fromEntityKey), byKey.get(_toEntityKey)];
    if (from === undefined || to === undefined) return row(r, 'relationship');
    return { ...row(rest, 'relationship'), fromVertexId: from._id, toVertexId: to._id };
  });
  const value = `"${name}"`;
  return {
    previous,
    byKey,
    entityRows,
    edges,
    entityQuery: `FIND * WITH ${field} = ${value}`,
    treeQueries: [
      `FIND * WITH ${field} = ${value} AS a THAT RELATES TO AS r * AS b RETURN TREE`,
      `FIND * AS a THAT RELATES TO AS r * AS b WHERE r.${field} = ${value} RETURN TREE`,
    ],
  };
}

const HRIS = dataset('examples/hris/snapshot.json', '_scope', SCOPE);
const SDK = dataset('examples/sdk-run/snapshot.json', '_integrationInstanceId', SDK_INSTANCE);
const { previous, byKey, entityQuery: ENTITY_QUERY, treeQueries: [TOUCHING_QUERY, OWN_QUERY] } = HRIS;

/** The page at `offset` of a query's results and the cursor of the next, if any. */
function page(query, offset) {
  const data = [HRIS, SDK].find((d) => d.entityQuery === query || d.treeQueries.includes(query));
  if (data === undefined) return { type: 'list', data: [], cursor: null, __typename: 'QueryV1Response' };
  const list = query === data.entityQuery;
  const next = (length) => (offset + PAGE_SIZE < length ? `${list ? 'e' : 't'}:${offset + PAGE_SIZE}` : null);
  if (list) {
    return { type: 'list', data: data.entityRows.slice(offset, offset + PAGE_SIZE), cursor: next(data.entityRows.length), __typename: 'QueryV1Response' };
  }
  const chunk = data.edges.slice(offset, offset + PAGE_SIZE);
  const ids = new Set(chunk.flatMap((e) => [e.fromVertexId, e.toVertexId]));
  const vertices = data.entityRows.filter((v) => ids.has(v.id));
  return { type: 'tree', data: { vertices, edges: chunk }, cursor: next(data.edges.length), __typename: 'QueryV1Response' };
}

let server;
let base;
let requests = [];
/** (request, attempt at this query and cursor) → a fault to answer with, or undefined. */
let fault = () => undefined;

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method, url: req.url, headers: req.headers, body: JSON.parse(body) };
      requests.push(request);
      const { query, cursor } = request.body.variables;
      const attempt = requests.filter((r) => r.body.variables.query === query && r.body.variables.cursor === cursor).length;
      const answer = page(query, cursor === undefined ? 0 : Number(cursor.split(':')[1]));
      const action = fault(request, attempt);
      if (action === undefined) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { queryV1: answer } }));
      } else {
        action(res, JSON.stringify({ data: { queryV1: answer } }));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  // Requests the stand-in never answered (the timeout tests) must not keep it open.
  server.closeAllConnections();
  server.close();
});

/** Runs syncplan without blocking this process (the server answers from it). */
function run(args, env = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('J1_')));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${root}pkg/cli.js`, ...args], {
      cwd: root,
      env: { ...clean, NO_COLOR: '1', J1_API_TOKEN: TOKEN, J1_ACCOUNT: ACCOUNT, SYNCPLAN_BACKOFF_MS: '5', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => {
      outputs.push(stdout, stderr);
      resolve({ status, stdout, stderr });
    });
  });
}

const directories = [];

function fresh() {
  requests = [];
  fault = () => undefined;
  directories.push(mkdtempSync(join(tmpdir(), 'syncplan-account-')));
  return directories.at(-1);
}

const snapshotArgs = (out) => ['snapshot', '--scope', SCOPE, '--api-base', base, '-o', out];

// --- The protocol and the file ----------------------------------------------------------------

test('snapshot pages through queryV1 as the official clients do and writes a native snapshot', async () => {
  const dir = fresh();
  const out = join(dir, 'previous.json');
  const result = await run(snapshotArgs(out));
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '');

  for (const r of requests) {
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/graphql');
    assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(r.headers['jupiterone-account'], ACCOUNT);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.match(r.body.query, /^query J1QL_v2\(\$query: String!, \$variables: JSON, \$flags: QueryV1Flags, \$includeDeleted: Boolean, \$cursor: String\) \{/);
    assert.match(r.body.query, /queryV1\(\s+query: \$query\s+variables: \$variables\s+deferredResponse: DISABLED\s+flags: \$flags\s+includeDeleted: \$includeDeleted\s+cursor: \$cursor\s+\)/);
    assert.match(r.body.query, /\{\s+type\s+data\s+cursor\s+__typename\s+\}/);
    assert.equal(r.body.variables.includeDeleted, true);
    // variableResultSize as the Node client sends it (a variable the query's $flags takes) and
    // as the Python client does (beside the variables); nothing else in the body.
    assert.deepEqual(r.body.variables.flags, { variableResultSize: true });
    assert.deepEqual(r.body.flags, { variableResultSize: true });
    assert.deepEqual(Object.keys(r.body).sort(), ['flags', 'query', 'variables']);
    assert.deepEqual(Object.keys(r.body.variables).sort(), r.body.variables.cursor === undefined ? ['flags', 'includeDeleted', 'query'] : ['cursor', 'flags', 'includeDeleted', 'query']);
  }
  // Each query from its first page (no cursor) until no cursor comes back, each cursor as given.
  const sent = requests.map((r) => [r.body.variables.query, r.body.variables.cursor]);
  assert.deepEqual(sent, [
    [ENTITY_QUERY, undefined], [ENTITY_QUERY, 'e:100'], [ENTITY_QUERY, 'e:200'], [ENTITY_QUERY, 'e:300'],
    [TOUCHING_QUERY, undefined], [TOUCHING_QUERY, 't:100'], [TOUCHING_QUERY, 't:200'], [TOUCHING_QUERY, 't:300'],
    [OWN_QUERY, undefined], [OWN_QUERY, 't:100'], [OWN_QUERY, 't:200'], [OWN_QUERY, 't:300'],
  ]);

  const snapshot = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(Object.keys(snapshot), ['entities', 'relationships']);
  // Each object once, with its metadata; edges named by vertex get both their ends' ids and keys.
  assert.equal(snapshot.entities.length, previous.entities.length);
  assert.equal(snapshot.relationships.length, previous.relationships.length);
  const first = previous.relationships[0];
  const written = snapshot.relationships.find((r) => r._id === first._id);
  assert.equal(written._fromEntityKey, first._fromEntityKey);
  assert.equal(written._toEntityKey, first._toEntityKey);
  assert.equal(written._fromEntityId, byKey.get(first._fromEntityKey)._id);
  assert.equal(written._scope, SCOPE);
  const team = snapshot.entities.find((e) => e._key === 'hris:team:platform');
  assert.deepEqual(team, { _key: 'hris:team:platform', _type: ['hris_team'], _class: ['Team'], displayName: 'Platform', _id: '00000000-0000-4000-8000-000000000000', _scope: SCOPE, _source: 'api', name: 'platform', email: 'platform@example.com' });
  assert.deepEqual(readdirSync(dir), ['previous.json']);
});

test('without -o the snapshot goes to standard output', async () => {
  const dir = fresh();
  const out = join(dir, 'previous.json');
  await run(snapshotArgs(out));
  // The export goes through a file in the temporary directory, copied out once complete.
  const scratch = fresh();
  const result = await run(['snapshot', '--scope', SCOPE, '--api-base', base], { TMPDIR: scratch });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, readFileSync(out, 'utf8'));
  assert.deepEqual(readdirSync(scratch), [], 'the temporary file is removed');
});

test('plan --snapshot-from-account gives the plan plan --snapshot gives with the exported file', async () => {
  const dir = fresh();
  const out = join(dir, 'previous.json');
  await run(snapshotArgs(out));
  const uploads = ['examples/hris/upload-1.json', 'examples/hris/upload-2.json'];
  const common = ['plan', '--job', 'examples/hris/job.json', '--format', 'json', '--fail-on-delete', '5%'];
  const fromFile = await run([...common, '--snapshot', out, ...uploads]);
  const fromAccount = await run([...common, '--snapshot-from-account', '--api-base', base, ...uploads]);
  assert.equal(fromAccount.status, fromFile.status, fromAccount.stderr);
  assert.equal(fromAccount.stderr, fromFile.stderr);
  const plan = JSON.parse(fromAccount.stdout).plan;
  assert.deepEqual(plan, JSON.parse(fromFile.stdout).plan);
  // The example's leavers are deleted.
  assert.ok(plan.entities.delete.length > 0);
  assert.equal(plan.notes, undefined);
  // The scope came from the start body: the export asked for it.
  assert.equal(requests.at(-1).body.variables.query, OWN_QUERY);
});

test('an integration instance from the account: uploaded _rawData is no change, and the plan notes it', async () => {
  const dir = fresh();
  const out = join(dir, 'instance.json');
  const exported = await run(['snapshot', '--instance', SDK_INSTANCE, '--api-base', base, '-o', out]);
  assert.equal(exported.status, 0, exported.stderr);
  assert.equal(requests[0].body.variables.query, `FIND * WITH _integrationInstanceId = "${SDK_INSTANCE}"`);
  const folder = 'examples/sdk-run/.j1-integration';
  const common = ['plan', '--instance', SDK_INSTANCE, '--format', 'json'];
  const fromFile = await run([...common, '--snapshot', out, folder]);
  const fromAccount = await run([...common, '--snapshot-from-account', '--api-base', base, folder]);
  assert.equal(fromAccount.status, fromFile.status, fromAccount.stderr);
  const plan = JSON.parse(fromAccount.stdout).plan;
  assert.deepEqual(plan, JSON.parse(fromFile.stdout).plan);
  // The export lost the _rawData, the _class/_type strings and the relationships' ends by key
  // (edges by vertex): the plan is still the one against the example's own snapshot, plus the
  // note that _rawData was not compared.
  const own = JSON.parse((await run([...common, '--snapshot', 'examples/sdk-run/snapshot.json', folder])).stdout).plan;
  const { notes, ...rest } = plan;
  assert.deepEqual(rest, own);
  // 279: the uploaded entities with _rawData that the previous state holds (the rest are created).
  assert.equal(notes.length, 1);
  assert.match(notes[0], /^_rawData was not compared for 279 objects: the previous state holds no _rawData for them/);
});

// --- Faults: retried, or fail closed ----------------------------------------------------------

test('a 429 is retried after its Retry-After, not the backoff', { timeout: 30_000 }, async () => {
  const dir = fresh();
  const out = join(dir, 'previous.json');
  fault = (r, attempt) =>
    r.body.variables.cursor === 'e:200' && attempt === 1
      ? (res) => res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"error":"rate limited"}')
      : undefined;
  // The backoff is a minute: only the server's Retry-After of 0 s lets this finish in time.
  const result = await run(snapshotArgs(out), { SYNCPLAN_BACKOFF_MS: '60000' });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(requests.filter((r) => r.body.variables.cursor === 'e:200').length, 2, 'the page is asked for again');
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).entities.length, previous.entities.length);
});

test('a 500 is retried with backoff and the export completes', async () => {
  const dir = fresh();
  const out = join(dir, 'previous.json');
  fault = (r, attempt) =>
    r.body.variables.query === TOUCHING_QUERY && r.body.variables.cursor === 't:100' && attempt <= 2
      ? (res) => res.writeHead(500).end('internal error')
      : undefined;
  const result = await run(snapshotArgs(out));
  assert.equal(result.status, 0, result.stderr);
  const snapshot = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(snapshot.relationships.length, previous.relationships.length);
});

/** Runs an export that must fail: exit 2, a message on stderr, no file and no leftover. */
async function failsClosed(answer, args = []) {
  const dir = fresh();
  fault = answer;
  const out = join(dir, 'previous.json');
  const result = await run([...snapshotArgs(out), ...args]);
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stdout, '');
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir), [], 'no temporary file is left');
  return result;
}

test('a 401 says which variable to check and is not retried', async () => {
  const result = await failsClosed(() => (res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Unauthorized"}'));
  assert.match(result.stderr, /^syncplan: JupiterOne refused the request \(HTTP 401\): check J1_API_TOKEN .* \(--account or J1_ACCOUNT, now "acct-0001"\)\n$/);
  assert.equal(requests.length, 1);
});

test('a malformed body fails closed', async () => {
  const result = await failsClosed((r) => (r.body.variables.cursor === 'e:100'
    ? (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": {"queryV1": ')
    : undefined));
  assert.match(result.stderr, /^syncplan: JupiterOne's answer is not JSON \(server said: \{"data": \{"queryV1":\)\n$/);
});

test('a connection dropped mid-page fails closed after its retries', async () => {
  // Half the page, then the socket closes: every time this page is asked for.
  const result = await failsClosed((r) => (r.body.variables.query === OWN_QUERY && r.body.variables.cursor === 't:200'
    ? (res, body) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.write(body.slice(0, body.length / 2));
      setTimeout(() => res.socket.destroy(), 5);
    }
    : undefined));
  assert.match(result.stderr, /^syncplan: a page could not be read after 6 attempts: the connection failed: /);
  assert.equal(requests.filter((r) => r.body.variables.query === OWN_QUERY && r.body.variables.cursor === 't:200').length, 6);
});

test('a token the server echoes is redacted', async () => {
  const result = await failsClosed(() => (res) => res.writeHead(400, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: `invalid header Authorization: Bearer ${TOKEN}` })));
  assert.match(result.stderr, /Bearer \[REDACTED\]/);
});

/** A page asked for with `cursor` (of any query, or of `query`). */
const asks = (cursor, query) => requests.filter((r) => r.body.variables.cursor === cursor && (query === undefined || r.body.variables.query === query));

/** An HTTP 200 whose body is GraphQL errors. */
const graphqlErrors = (...messages) => (res) => res.writeHead(200, { 'content-type': 'application/json' })
  .end(JSON.stringify({ errors: messages.map((message) => ({ message, path: ['queryV1'] })), data: null }));

test('a 403 says which variables to check and is not retried', async () => {
  const result = await failsClosed(() => (res) => res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"Forbidden"}'));
  assert.match(result.stderr, /^syncplan: JupiterOne refused access \(HTTP 403\): the API key in J1_API_TOKEN may not read account "acct-0001": check that J1_ACCOUNT \(or --account\) names the key's account and that the key has read access\n$/);
  assert.equal(requests.length, 1);
});

test('a request the server never answers is retried once --timeout has passed', { timeout: 30_000 }, async () => {
  const dir = fresh();
  const out = join(dir, 'previous.json');
  // The first ask for the second page hangs; the second is answered.
  fault = (r, attempt) => (r.body.variables.cursor === 'e:100' && attempt === 1 ? () => {} : undefined);
  const result = await run([...snapshotArgs(out), '--timeout', '0.5']);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(asks('e:100').length, 2);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).entities.length, previous.entities.length);
});

test('a page the server never answers fails closed, naming --timeout', { timeout: 30_000 }, async () => {
  const result = await failsClosed((r) => (r.body.variables.query === TOUCHING_QUERY && r.body.variables.cursor === 't:200' ? () => {} : undefined), ['--timeout', '0.3']);
  assert.match(result.stderr, /^syncplan: a page could not be read after 6 attempts: no answer within 0\.3 s: raise --timeout SECONDS \(default 60\) if JupiterOne is slow to answer\n$/);
  assert.equal(asks('t:200', TOUCHING_QUERY).length, 6);
});

test('GraphQL errors in an HTTP 200 fail closed at once, with the server\'s words and no token', async () => {
  const result = await failsClosed((r) => (r.body.variables.cursor === 't:100'
    ? graphqlErrors(`Error parsing J1QL near "RETURN TREE" (request by Bearer ${TOKEN})`)
    : undefined));
  assert.match(result.stderr, /^syncplan: JupiterOne could not run the query \(server said: Error parsing J1QL near "RETURN TREE" \(request by Bearer \[REDACTED\]\)\)\n$/);
  assert.equal(asks('t:100').length, 1, 'not retried');
});

test('a rate limit reported as a GraphQL error is retried as a 429 is', { timeout: 30_000 }, async () => {
  const dir = fresh();
  const out = join(dir, 'previous.json');
  fault = (r, attempt) => (r.body.variables.cursor === 'e:300' && attempt <= 2 ? graphqlErrors('429: Too Many Requests') : undefined);
  const result = await run(snapshotArgs(out));
  assert.equal(result.status, 0, result.stderr);
  assert.equal(asks('e:300').length, 3);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).entities.length, previous.entities.length);
});

test('a rate limit that never lifts fails closed after the retries', async () => {
  const result = await failsClosed((r) => (r.body.variables.cursor === 'e:100' ? graphqlErrors('Rate limit exceeded for account') : undefined));
  assert.match(result.stderr, /^syncplan: a page could not be read after 6 attempts: rate limited \(server said: Rate limit exceeded for account\)\n$/);
  assert.equal(asks('e:100').length, 6);
});

test('the progress line: objects so far, pages and rate on standard error, when asked for', async () => {
  const dir = fresh();
  const quiet = await run(snapshotArgs(join(dir, 'quiet.json')));
  assert.equal(quiet.stderr, '', 'standard error is not a terminal: no progress by default');
  const result = await run(snapshotArgs(join(dir, 'previous.json')), { SYNCPLAN_PROGRESS: '1' });
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  const shape = /^syncplan: snapshot of scope "hris-people": (\d+) objects, (\d+) pages?, (\d+) objects\/s(, done)?$/;
  for (const line of lines) assert.match(line, shape);
  // The first page: its 100 entities. The last line: every object written, the 12 pages.
  assert.deepEqual(shape.exec(lines[0]).slice(1, 3), ['100', '1']);
  const [, objects, pagesRead, rate, done] = shape.exec(lines.at(-1));
  assert.equal(Number(objects), previous.entities.length + previous.relationships.length);
  assert.equal(pagesRead, '12');
  assert.ok(Number(rate) > 0);
  assert.equal(done, ', done');
});

test('plan --snapshot-from-account fails closed: no plan from part of the state', async () => {
  const scratch = fresh();
  fault = (r) => (r.body.variables.cursor === 't:300' ? (res) => res.writeHead(503, { 'retry-after': '0' }).end() : undefined);
  const result = await run(['plan', '--scope', SCOPE, '--snapshot-from-account', '--api-base', base, 'examples/hris/upload-1.json'], { TMPDIR: scratch });
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /after 6 attempts: HTTP 503/);
  assert.deepEqual(readdirSync(scratch), [], 'nothing is left in the temporary directory');
});

// --- Credentials and endpoint -----------------------------------------------------------------

test('the account, the token and a safe endpoint are required before anything is sent', async () => {
  fresh();
  const noToken = await run(['snapshot', '--scope', SCOPE, '--api-base', base], { J1_API_TOKEN: '' });
  assert.equal(noToken.status, 2);
  assert.match(noToken.stderr, /set J1_API_TOKEN/);
  const noAccount = await run(['snapshot', '--scope', SCOPE, '--api-base', base], { J1_ACCOUNT: '' });
  assert.match(noAccount.stderr, /--account or J1_ACCOUNT/);
  const plainHttp = await run(['snapshot', '--scope', SCOPE, '--api-base', 'http://j1.example.com']);
  assert.equal(plainHttp.status, 2);
  assert.match(plainHttp.stderr, /must use https \(plain http only to a loopback host\)/);
  const noScope = await run(['snapshot', '--api-base', base]);
  assert.match(noScope.stderr, /give --scope NAME .* or --instance ID/);
  assert.equal(requests.length, 0);
});

test('no output of these tests holds the token', () => {
  assert.ok(outputs.length > 20);
  for (const output of outputs) assert.equal(output.includes(TOKEN), false, output);
  // Nor any snapshot written: the files hold the account's objects only.
  const files = directories.flatMap((dir) => readdirSync(dir).map((file) => join(dir, file)));
  assert.ok(files.length >= 4);
  for (const file of files) assert.equal(readFileSync(file, 'utf8').includes(TOKEN), false, file);
});
