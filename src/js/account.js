// The previous state fetched from a JupiterOne account: J1QL over the public GraphQL API
// (`queryV1`, cursor pagination), written as a native snapshot. The request is the one the
// official clients send: the query text of JupiterOne/jupiterone-api-client-python
// (jupiterone/constants.py, CURSOR_QUERY_V1), the headers of JupiterOne/jupiterone-client-nodejs
// and the Python client (`Authorization: Bearer`, `JupiterOne-Account`, JSON), POSTed to
// `<api base>/graphql` as the Node client does (`https://api.us.jupiterone.io/graphql`).
//
// `flags: {variableResultSize: true}` goes in the variables (JupiterOne/jupiterone-client-nodejs,
// src/index.ts `queryV1`, where the query's `$flags` takes it) and beside them at the top of the
// body (the Python client's `_execute_query` in jupiterone/client.py: "Always ask for
// variableResultSize"). Tree results are paged like lists: the cursor is followed while one comes
// back (the Python client reads one page of a tree; a tree with a cursor is read to its end).
//
// Fail closed: pages stream into a temporary file beside the target, renamed into place only
// when every page was read. An incomplete previous state would hide deletions. Memory holds one
// page and the ids written so far (to write each object once), never the responses or the objects.
import { createReadStream, createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

const DEFAULT_API_BASE = 'https://api.us.jupiterone.io';

const CURSOR_QUERY_V1 = `query J1QL_v2($query: String!, $variables: JSON, $flags: QueryV1Flags, $includeDeleted: Boolean, $cursor: String) {
  queryV1(
    query: $query
    variables: $variables
    deferredResponse: DISABLED
    flags: $flags
    includeDeleted: $includeDeleted
    cursor: $cursor
  ) {
    type
    data
    cursor
    __typename
  }
}`;

/** A fault that ends the export: exit 2, nothing written. Its message never holds the token. */
class AccountError extends Error {}

const RETRIES = 5;
const DEFAULT_TIMEOUT_SECONDS = 60;
/** Waits longer than this are capped: a CI job should fail rather than hang. */
const MAX_WAIT_MS = 60_000;

/** A J1QL string literal. */
function literal(text) {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The J1QL an export runs: the scope's entities, then the relationships that touch them (in
 * any scope: deleting an entity deletes those too), then the scope's own relationships (whose
 * ends may both be elsewhere, as in CROSS_SCOPE). Deleted objects are included: a soft-deleted
 * end makes a CROSS_SCOPE relationship skip.
 */
function exportQueries(target) {
  const field = target.scope !== undefined ? '_scope' : '_integrationInstanceId';
  const name = literal(target.scope ?? target.instance);
  return [
    `FIND * WITH ${field} = ${name}`,
    `FIND * WITH ${field} = ${name} AS a THAT RELATES TO AS r * AS b RETURN TREE`,
    `FIND * AS a THAT RELATES TO AS r * AS b WHERE r.${field} = ${name} RETURN TREE`,
  ];
}

/** The credentials and endpoint, from options and the environment; the token only from J1_API_TOKEN. */
export function connection(options, env = process.env) {
  const account = options.account ?? env.J1_ACCOUNT;
  if (!account) throw new AccountError('give the JupiterOne account id with --account or J1_ACCOUNT');
  const token = env.J1_API_TOKEN;
  if (!token) throw new AccountError('set J1_API_TOKEN to a JupiterOne API key (it is never taken from a flag)');
  let base;
  try {
    base = new URL(options['api-base'] ?? DEFAULT_API_BASE);
  } catch {
    throw new AccountError(`--api-base must be a URL such as ${DEFAULT_API_BASE}, not "${options['api-base']}"`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname);
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && loopback)) {
    throw new AccountError(`--api-base must use https (plain http only to a loopback host), not ${base.origin}`);
  }
  const seconds = options.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(options.timeout);
  if (!(seconds > 0)) throw new AccountError(`--timeout takes seconds, not "${options.timeout}"`);
  return {
    account,
    token,
    endpoint: new URL('graphql', base.href.endsWith('/') ? base.href : `${base.href}/`).href,
    timeoutMs: seconds * 1000,
    // A knob for tests: the first retry's wait when the server gives no Retry-After.
    backoffMs: Number(env.SYNCPLAN_BACKOFF_MS ?? 1000),
  };
}

/** Text from the server or the network with the token taken out. */
function redact(text, token) {
  return String(text).split(token).join('[REDACTED]');
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), if it asks. */
function retryAfter(header) {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, MAX_WAIT_MS)));

/** What the official clients ask for with every query: pages whose size the server chooses. */
const FLAGS = { variableResultSize: true };

/** A GraphQL error that says the account is being rate limited (the Python client looks for "429"). */
const RATE_LIMITED = /\b429\b|rate.?limit|too many requests/i;

/** One page of a J1QL query: `{type, data, cursor}`, after retries. */
async function fetchPage(conn, query, cursor) {
  const variables = { query, includeDeleted: true, flags: FLAGS };
  if (cursor) variables.cursor = cursor;
  const body = JSON.stringify({ query: CURSOR_QUERY_V1, variables, flags: FLAGS });
  let failure;
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    if (attempt > 0) await sleep(failure.waitMs ?? conn.backoffMs * 2 ** (attempt - 1));
    let response;
    let text;
    try {
      response = await fetch(conn.endpoint, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${conn.token}`,
          'JupiterOne-Account': conn.account,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body,
        signal: AbortSignal.timeout(conn.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // A refused or dropped connection, or the timeout: worth another try.
      failure = {
        message: error.name === 'TimeoutError'
          ? `no answer within ${conn.timeoutMs / 1000} s: raise --timeout SECONDS (default ${DEFAULT_TIMEOUT_SECONDS}) if JupiterOne is slow to answer`
          : `the connection failed: ${redact(error.cause?.message ?? error.message, conn.token)}`,
      };
      continue;
    }
    const status = response.status;
    if (status === 401) {
      throw new AccountError(
        `JupiterOne refused the request (HTTP 401): check J1_API_TOKEN (an API key with read access) and the account id (--account or J1_ACCOUNT, now "${conn.account}")`,
      );
    }
    if (status === 403) {
      throw new AccountError(
        `JupiterOne refused access (HTTP 403): the API key in J1_API_TOKEN may not read account "${conn.account}": check that J1_ACCOUNT (or --account) names the key's account and that the key has read access`,
      );
    }
    if (status === 429 || status >= 500) {
      failure = { message: `HTTP ${status}${snippet(text, conn.token)}`, waitMs: retryAfter(response.headers.get('retry-after')) };
      continue;
    }
    if (status !== 200) throw new AccountError(`JupiterOne answered HTTP ${status}${snippet(text, conn.token)}`);
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AccountError(`JupiterOne's answer is not JSON${snippet(text, conn.token)}`);
    }
    // GraphQL reports a failed query inside an HTTP 200: a rate limit is retried as a 429 is,
    // anything else ends the export.
    if (Array.isArray(parsed?.errors) && parsed.errors.length > 0) {
      const messages = parsed.errors.map((e) => (typeof e?.message === 'string' ? e.message : JSON.stringify(e)));
      const said = shortened(redact(messages.join('; '), conn.token));
      if (messages.every((m) => RATE_LIMITED.test(m))) {
        failure = { message: `rate limited (server said: ${said})`, waitMs: retryAfter(response.headers.get('retry-after')) };
        continue;
      }
      throw new AccountError(`JupiterOne could not run the query (server said: ${said})`);
    }
    const page = parsed?.data?.queryV1;
    if (page === null || typeof page !== 'object') throw new AccountError(`JupiterOne's answer has no data.queryV1${snippet(text, conn.token)}`);
    return page;
  }
  throw new AccountError(`a page could not be read after ${RETRIES + 1} attempts: ${failure.message}`);
}

/** Text cut to a readable length, on one line. */
function shortened(text, limit = 300) {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > limit ? `${clean.slice(0, limit)}…` : clean;
}

/** ` (server said: …)`, short and without the token. */
function snippet(text, token) {
  const clean = shortened(redact(text, token), 200);
  return clean ? ` (server said: ${clean})` : '';
}

/** Every page of a query, in order, until no cursor is returned. */
async function* pages(conn, query) {
  let cursor;
  do {
    const page = await fetchPage(conn, query, cursor);
    yield page;
    cursor = page.cursor;
  } while (cursor);
}

/** A J1QL row `{id, entity, properties}` as one native object, as the core merges it. */
function merged(row, inner) {
  const object = { ...(row[inner] ?? {}), ...(row.properties ?? {}) };
  if (object._id === undefined && row.id !== undefined) object._id = row.id;
  return object;
}

/** A member of `merged(row, inner)` without building it (most tree rows were written already). */
function member(row, inner, name) {
  const value = row.properties?.[name] ?? row[inner]?.[name];
  return value === undefined && name === '_id' ? row.id : value;
}

/** Opens a file for writing that must not exist yet; an AccountError if it cannot be. */
async function openNew(path) {
  const stream = createWriteStream(path, { flags: 'wx' });
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new AccountError(`cannot write ${path}: ${error.code ?? error.message}`);
  }
  // A failed write (a full disk) is kept and reported by the next put, not thrown as an event.
  stream.on('error', (error) => {
    stream.failure ??= new AccountError(`cannot write ${path}: ${error.code ?? error.message}`);
  });
  return stream;
}

/** Writes `text` to a stream, waiting when its buffer is full. */
async function put(stream, text) {
  if (stream.failure) throw stream.failure;
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream) {
  await new Promise((resolve, reject) => stream.end((error) => (error ? reject(error) : resolve())));
}

/**
 * Writes the native snapshot as objects arrive, one object a line: entities straight into the
 * snapshot file, relationships into a second file appended to it at the end. Neither is kept.
 */
class SnapshotWriter {
  constructor(entities, relationships) {
    this.streams = { entities, relationships };
    this.counts = { entities: 0, relationships: 0 };
    this.seen = { entities: new Set(), relationships: new Set() };
  }

  async begin() {
    await put(this.streams.entities, '{\n  "entities": [');
  }

  /**
   * Adds the object `make()` builds, whose `_id` is `id`, to `section` once: the queries overlap
   * (an edge inside the scope is found twice, a tree's vertices are mostly the scope's entities).
   */
  async add(section, id, make) {
    if (id !== undefined) {
      if (this.seen[section].has(id)) return;
      this.seen[section].add(id);
    }
    await put(this.streams[section], `${this.counts[section] === 0 ? '' : ','}\n    ${JSON.stringify(make())}`);
    this.counts[section] += 1;
  }

  get objects() {
    return this.counts.entities + this.counts.relationships;
  }

  /** Closes the entities, appends the relationships file `relationshipsPath`, ends the snapshot. */
  async end(relationshipsPath) {
    const out = this.streams.entities;
    await close(this.streams.relationships);
    await put(out, '\n  ],\n  "relationships": [');
    for await (const chunk of createReadStream(relationshipsPath)) await put(out, chunk);
    await put(out, '\n  ]\n}\n');
    await close(out);
  }

  destroy() {
    this.streams.entities.destroy();
    this.streams.relationships.destroy();
  }
}

/**
 * A progress line on standard error: objects so far, pages, rate. Shown on a terminal (one line,
 * redrawn), or as plain lines when SYNCPLAN_PROGRESS=1 (a CI log; =0 hides it everywhere), at
 * most every second there and once more when the export is complete.
 */
function progress(label, env) {
  const tty = process.stderr.isTTY === true;
  const show = env.SYNCPLAN_PROGRESS === '1' || (tty && env.SYNCPLAN_PROGRESS !== '0');
  const interval = tty ? 100 : 1000;
  const started = Date.now();
  let pagesRead = 0;
  let shownAt;
  const line = (objects) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    return `syncplan: ${label}: ${objects} objects, ${pagesRead} page${pagesRead === 1 ? '' : 's'}, ${Math.round(objects / seconds)} objects/s`;
  };
  return {
    page(objects) {
      pagesRead += 1;
      if (!show || (shownAt !== undefined && Date.now() - shownAt < interval)) return;
      shownAt = Date.now();
      process.stderr.write(tty ? `\r\x1b[K${line(objects)}` : `${line(objects)}\n`);
    },
    done(objects) {
      if (!show) return;
      if (tty) process.stderr.write('\r\x1b[K');
      else if (objects !== undefined) process.stderr.write(`${line(objects)}, done\n`);
    },
  };
}

/**
 * Exports the scope (`{scope}` or `{instance}`) into the native snapshot file `path`, through a
 * temporary file renamed at the end. Returns the counts. On any fault, removes the temporary
 * files and throws an AccountError.
 */
export async function exportSnapshot(conn, target, path, env = process.env) {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  const edgesFile = `${temporary}.relationships`;
  const entitiesOut = await openNew(temporary);
  let edgesOut;
  try {
    edgesOut = await openNew(edgesFile);
  } catch (error) {
    entitiesOut.destroy();
    rmSync(temporary, { force: true });
    throw error;
  }
  const writer = new SnapshotWriter(entitiesOut, edgesOut);
  const label = target.scope !== undefined ? `scope "${target.scope}"` : `instance ${target.instance}`;
  const shown = progress(`snapshot of ${label}`, env);
  const [entities, touching, own] = exportQueries(target);
  let complete = false;
  try {
    await writer.begin();
    for await (const page of pages(conn, entities)) {
      for (const row of rowsOf(page, 'list')) await writer.add('entities', member(row, 'entity', '_id'), () => merged(row, 'entity'));
      shown.page(writer.objects);
    }
    // Trees: their vertices are entities too (the ends outside the scope, which CROSS_SCOPE
    // resolves); their edges go to the relationships file as they come.
    for (const query of [touching, own]) {
      for await (const page of pages(conn, query)) {
        const tree = rowsOf(page, 'tree');
        const keyOf = new Map();
        for (const vertex of tree.vertices) {
          keyOf.set(vertex.id, member(vertex, 'entity', '_key'));
          await writer.add('entities', member(vertex, 'entity', '_id'), () => merged(vertex, 'entity'));
        }
        for (const edge of tree.edges) {
          await writer.add('relationships', member(edge, 'relationship', '_id'), () => relationshipOf(edge, keyOf));
        }
        shown.page(writer.objects);
      }
    }
    await writer.end(edgesFile);
    renameSync(temporary, path);
    complete = true;
  } catch (error) {
    writer.destroy();
    rmSync(temporary, { force: true });
    if (error instanceof AccountError) throw error;
    throw new AccountError(`the export failed: ${redact(error.message, conn.token)}`);
  } finally {
    rmSync(edgesFile, { force: true });
    shown.done(complete ? writer.objects : undefined);
  }
  return writer.counts;
}

/** A tree edge as a native relationship: its ends by `_id` (the vertex ids) and by `_key`. */
function relationshipOf(edge, keyOf) {
  const relationship = merged(edge, 'relationship');
  for (const [end, vertex] of [['from', edge.fromVertexId], ['to', edge.toVertexId]]) {
    if (vertex === undefined) continue;
    relationship[`_${end}EntityId`] ??= vertex;
    const key = keyOf.get(vertex);
    if (key !== undefined) relationship[`_${end}EntityKey`] ??= key;
  }
  return relationship;
}

/** A page's rows, checked: a list's `data` array, or a tree's `{vertices, edges}`. */
function rowsOf(page, type) {
  const data = page.data;
  if (type === 'list') {
    if (!Array.isArray(data)) throw new AccountError(`a page of the entity query has no data array (type "${page.type}")`);
    return data;
  }
  if (data === null || typeof data !== 'object' || !Array.isArray(data.vertices) || !Array.isArray(data.edges)) {
    throw new AccountError(`a page of the relationship query is not a tree (type "${page.type}")`);
  }
  return data;
}

/** A path in the temporary directory for an export nobody named. */
function scratchPath() {
  return join(tmpdir(), `syncplan-snapshot-${process.pid}-${Date.now()}.json`);
}

/**
 * The export into a temporary file of its own, read back once into one buffer and removed: for
 * `plan --snapshot-from-account`, which hands the core the bytes.
 */
export async function exportSnapshotBytes(conn, target, env = process.env) {
  const path = scratchPath();
  await exportSnapshot(conn, target, path, env);
  try {
    return readFileSync(path);
  } finally {
    rmSync(path, { force: true });
  }
}

/** The export copied to `out` (standard output) once complete, a chunk at a time, then removed. */
export async function exportSnapshotTo(conn, target, out, env = process.env) {
  const path = scratchPath();
  await exportSnapshot(conn, target, path, env);
  try {
    for await (const chunk of createReadStream(path)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    rmSync(path, { force: true });
  }
}
