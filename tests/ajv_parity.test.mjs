// Side by side: the data model's own Ajv validation (the package's IntegrationSchema, one
// validator per class as the SDK runs it) and syncplan's data-model checks (data-model-type and
// data-model-format, through the built WebAssembly package) give the same verdict for every
// entity and property. Each entity is a valid one of its class(es) with one property changed,
// so an Ajv failure belongs to that property; the values cover every class and every
// constraint kind the schemas use (type, enum, range, pattern, format), valid and not.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { lint } from '../pkg/node.js';

const require = createRequire(import.meta.url);
const { IntegrationSchema, entityClasses, registerFormats, registerSchemas } = require('@jupiterone/data-model');
const Ajv = require('ajv');

// Values for each pattern (by source) and format, around the edges each grammar has.
const BY_PATTERN = {
  '^([0-9a-f]{2}:){5}([0-9a-f]{2})$': ['0a:1b:2c:3d:4e:5f', '0A:1B:2C:3D:4E:5F', '0a-1b-2c-3d-4e-5f', '0a:1b:2c:3d:4e', '0a:1b:2c:3d:4e:5f\n', ''],
  '^[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]$': ['web-01', 'ab', 'a', 'web_01', '-web', 'web-', 'wéb', 'a'.repeat(63), 'a'.repeat(64), 'web.example.com', ''],
  '(?=^.{4,253}$)(^((?!-)[a-zA-Z0-9-]{0,62}[a-zA-Z0-9]\\.)+[a-zA-Z]{2,63}$)': ['web-01.example.com', 'a.io', 'example.com.', '-a.example.com', 'a-.example.com', 'localhost', 'a.b', 'a.123', `${'a.'.repeat(120)}example.com`, `${'a.'.repeat(125)}example.com`, 'ex\u0430mple.com', ''],
  '^([0-9]{1,3}\\.){3}[0-9]{1,3}(/([0-9]|[1-2][0-9]|3[0-2]))?$': ['10.0.0.0/8', '999.999.999.999', '1.2.3.4', '10.0.0.0/32', '10.0.0.0/33', '10.0.0.0/08', '1.2.3', '١.2.3.4', ''],
  '^CVE-\\d{4}-\\d{4,}$': ['CVE-2024-12345', 'CVE-2024-1234', 'cve-2024-1234', 'CVE-24-1234', 'CVE-2024-123', 'CVE-٢٠٢٤-1234', ''],
  '^CWE-\\d+$': ['CWE-79', 'CWE-', 'CWE-7a', 'cwe-79', 'CWE-٧', ''],
};
const BY_FORMAT = {
  email: ['ada@example.com', "o'neil+x@mail.example.co.uk", 'A@B.CO', 'ada@', 'ada@example', 'ada@@example.com', 'ada@exam_ple.com', 'ädä@example.com', 'ada@example.com.', ' ada@example.com', ''],
  hostname: ['host-1.example.com', 'example.com.', 'a', 'localhost', '-host.example.com', 'host_1.example.com', 'ex..com', 'exämple.com', 'a'.repeat(64), `${'a.'.repeat(126)}a.`, `${'a.'.repeat(127)}a`, ''],
  ip: ['10.0.0.1', '::1', 'fe80::1%eth0', '::ffff:192.168.0.1', '2001:db8::', '010.0.0.1', '256.0.0.1', '1.2.3', '1:2:3:4:5:6:7:8:9', 'fe80::1%', '10.0.0.1/8', '١٠.0.0.1', ''],
  ipv4: ['10.0.0.1', '010.000.0.1', '255.255.255.255', '10.0.0.256', '10.0.0', '10.0.0.1.', ' 10.0.0.1', '::1', ''],
  ipv6: ['2001:db8::1', '::', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', 'FE80::A', '1:2:3:4:5:6:7::', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '2001:db8:::1', '::ffff:01.2.3.4', '2001:db8::/32', 'gggg::1', ''],
  ipCidr: ['10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32', '1:2:3:4:5:6:7:8/128', '::/0', '1:2:3', '10.0.0.0', '10.0.0.0/33', '10.0.0.0/08', '2001:db8::1/64', '::/129', ''],
  asn: ['AS13335', 'AS12', 'AS1', 'as13335', 'AS1234567', 'AS١٢٣', ''],
  uri: ['https://example.com', 'https://user@example.com:8080/a/b?q=1#f', 'mailto:ada@example.com', 'urn:isbn:0451450523', 'http://[2001:db8::1]/x', 'file:///etc/hosts', 'example.com', '/relative/path', 'https://exa mple.com', 'https://example.com/ü', 'http://[::1/', '1http://x', 'https://%zz.com', ''],
  'date-time': ['2024-05-01T00:00:00Z'],
};
// Values of every JSON type but object (a nested object is an API error, not a data-model one).
const ANY = ['text', 7, -1, 1.5, true, false, null, [], ['text'], ['text', 'text'], [7], [true]];

/** Every (sub)schema of a property, through oneOf/anyOf/allOf and items. */
function* subschemas(schema) {
  if (!schema || typeof schema !== 'object') return;
  yield schema;
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) yield* subschemas(branch);
  yield* subschemas(schema.items);
}

/** The values to try for a property with these definitions (one per class that defines it). */
function candidates(definitions) {
  const values = [...ANY];
  for (const schema of definitions.flatMap((d) => [...subschemas(d)])) {
    const strings = [...(BY_PATTERN[schema.pattern] ?? []), ...(BY_FORMAT[schema.format] ?? [])];
    if (schema.pattern !== undefined) assert.ok(BY_PATTERN[schema.pattern], `no values for pattern ${schema.pattern}`);
    if (schema.format !== undefined) assert.ok(BY_FORMAT[schema.format], `no values for format ${schema.format}`);
    for (const value of [...(schema.enum ?? []), ...(schema.const === undefined ? [] : [schema.const])]) strings.push(value);
    if (schema.enum) strings.push('not-in-enum');
    for (const s of strings) values.push(s, [s], [strings[0], s], [s, s]);
    for (const bound of [schema.minimum, schema.maximum]) {
      if (bound !== undefined) values.push(bound - 1, bound, bound + 1, bound + 0.5);
    }
  }
  const seen = new Set();
  return values.filter((v) => !seen.has(JSON.stringify(v)) && seen.add(JSON.stringify(v)));
}

const schemaOf = (cls) => IntegrationSchema.getSchema(`#${cls}`).schema;

/** The properties a class and its ancestors define, name → [definitions]. */
function properties(cls, into = new Map()) {
  const schema = schemaOf(cls);
  for (const part of [schema, ...(schema.allOf ?? [])]) {
    if (part.$ref) properties(part.$ref.slice(1), into);
    for (const [name, definition] of Object.entries(part.properties ?? {})) {
      if (!name.startsWith('_')) into.set(name, [...(into.get(name) ?? []), definition]);
    }
  }
  return into;
}

// The package's own setup with allErrors, only to build valid bases (IntegrationSchema stops at
// the first error, which can hide which property failed).
const everything = new Ajv({ strictSchema: false, allErrors: true });
registerFormats(everything);
registerSchemas(everything);

const validators = new Map();
/** IntegrationSchema's verdict, for each of the entity's classes. */
function ajvValid(entity) {
  return [entity._class].flat().every((cls) => {
    if (!validators.has(cls)) validators.set(cls, IntegrationSchema.getSchema(`#${cls}`));
    return validators.get(cls)(entity);
  });
}

/** The properties `classes` find fault with in `entity` (missing ones included). */
function faults(classes, entity) {
  const names = new Set();
  for (const cls of classes) {
    const check = everything.getSchema(`#${cls}`);
    if (check(entity)) continue;
    for (const e of check.errors) names.add(e.keyword === 'required' ? e.params.missingProperty : e.instancePath.split('/')[1]);
  }
  return names;
}

/** A valid entity of `classes`: each property they require or constrain (a `const`) gets a
 * value they take. */
function base(classes, props, n) {
  const entity = { _key: `parity:entity:${String(n).padStart(6, '0')}`, _type: 'parity_entity', _class: classes.length === 1 ? classes[0] : classes, name: 'n', displayName: 'N' };
  for (const name of [...faults(classes, entity)].sort()) {
    entity[name] = [...candidates(props.get(name) ?? []), 'text'].find((v) => !faults(classes, { ...entity, [name]: v }).has(name));
  }
  assert.ok(ajvValid(entity), `no valid base for ${classes}: ${JSON.stringify(entity)}`);
  return entity;
}

/** Class lists to test: each class alone, and some an entity commonly has together. */
const CLASS_LISTS = [...entityClasses.map((c) => [c]), ['Host', 'Device'], ['User', 'Person'], ['Finding', 'Vulnerability'], ['Device', 'Host']];

// Where syncplan and Ajv are known to differ, and why; each must still differ (so the list
// cannot outlive a fix).
const KNOWN = new Map([
  [
    (c) => c.classes.includes('Internet') && c.property === 'public' && c.value === false,
    'a boolean `const` (Internet.public: true) has no place in the tables; Internet is the platform\'s global entity',
  ],
]);

function cases() {
  const list = [];
  for (const classes of CLASS_LISTS) {
    const props = new Map();
    for (const cls of classes) for (const [name, defs] of properties(cls)) props.set(name, [...(props.get(name) ?? []), ...defs]);
    const valid = base(classes, props, list.length);
    list.push({ classes, property: null, value: undefined, entity: valid });
    for (const [name, defs] of [...props].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const value of candidates(defs)) {
        list.push({ classes, property: name, value, entity: { ...valid, _key: `parity:entity:${String(list.length).padStart(6, '0')}`, [name]: value } });
      }
    }
  }
  return list;
}

test('syncplan and the data model\'s Ajv validation agree per entity and property', () => {
  const list = cases();
  const flagged = new Map();
  for (let start = 0; start < list.length; start += 900) {
    const chunk = list.slice(start, start + 900);
    const report = lint({ scope: 'parity' }, [JSON.stringify({ entities: chunk.map((c) => c.entity) })]);
    for (const d of report.diagnostics) {
      if (d.rule !== 'data-model-type' && d.rule !== 'data-model-format') continue;
      const [, , index, property] = d.pointer.split('/');
      const c = chunk[Number(index)];
      assert.equal(property, c.property, `${d.pointer}: ${d.message}`);
      flagged.set(start + Number(index), d);
    }
  }
  const differ = [];
  const known = new Set();
  list.forEach((c, i) => {
    const ajv = ajvValid(c.entity);
    const ours = !flagged.has(i);
    if (c.property === null) assert.ok(ajv && ours, `the base of ${c.classes} is not clean: ${flagged.get(i)?.message}`);
    const id = `${c.classes.join('+')}.${c.property} = ${JSON.stringify(c.value)}`;
    if (ajv === ours) return;
    const reason = [...KNOWN].find(([match]) => match(c))?.[1];
    if (reason) known.add(reason);
    else differ.push(`${id}: Ajv ${ajv ? 'accepts' : 'rejects'}, syncplan ${ours ? 'accepts' : `rejects (${flagged.get(i).message})`}`);
  });
  // One line per property, with how many of its values differ.
  const byProperty = new Map();
  for (const line of differ) {
    const property = line.slice(0, line.indexOf(' = '));
    byProperty.set(property, [(byProperty.get(property)?.[0] ?? 0) + 1, byProperty.get(property)?.[1] ?? line]);
  }
  const summary = [...byProperty.values()].map(([count, first]) => `${first} (${count} values)`);
  assert.equal(differ.length, 0, `${differ.length} of ${list.length} verdicts differ:\n${summary.join('\n')}`);
  assert.deepEqual([...KNOWN.values()].filter((r) => !known.has(r)), [], 'known differences that no longer differ');
  assert.ok(list.length > 5000, `${list.length} cases`);
});
