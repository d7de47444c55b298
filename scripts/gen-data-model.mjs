// Generates src/jupiterone/data_model.rs from the npm package @jupiterone/data-model (pinned in
// package.json): class names, parents, required properties, property types and constraints
// (`enum`/`const`, ranges, `pattern`, `format`).
//
//   node scripts/gen-data-model.mjs            write the file
//   node scripts/gen-data-model.mjs --check    exit 1 when the committed file is stale
//   --file PATH                                 another file to write or check
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packageDir = `${root}node_modules/@jupiterone/data-model`;
const args = process.argv.slice(2);
const check = args.includes('--check');
const fileIndex = args.indexOf('--file');
const target = fileIndex === -1 ? `${root}src/jupiterone/data_model.rs` : args[fileIndex + 1];

const manifest = JSON.parse(readFileSync(`${packageDir}/package.json`, 'utf8'));
const require = createRequire(import.meta.url);
const { RelationshipClass } = require(`${packageDir}/dist/RelationshipClass.js`);

const TYPES = {
  string: 'String',
  number: 'Number',
  integer: 'Integer',
  boolean: 'Boolean',
  null: 'Null',
  array: 'Array',
  object: 'Object',
};

const byteOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// The data model's `format` names, as the Rust enum `Format` spells them. Ajv checks a string
// format on strings only, so `date-time` on the numeric `…On` properties only names a unit.
const FORMATS = {
  asn: 'Asn',
  'date-time': 'DateTime',
  email: 'Email',
  hostname: 'Hostname',
  ip: 'Ip',
  ipCidr: 'IpCidr',
  ipv4: 'Ipv4',
  ipv6: 'Ipv6',
  uri: 'Uri',
};

// Ajv compiles a `pattern` as `new RegExp(pattern, "u")`; syncplan matches each one with a
// hand-written matcher of src/jupiterone/patterns.rs (a regular-expression engine cost 35 KiB
// gzip of WebAssembly and doubled lint time; see that file). Named here by its source.
const MATCHERS = {
  '^([0-9a-f]{2}:){5}([0-9a-f]{2})$': 'MacAddress',
  '^[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]$': 'HostnameLabel',
  '(?=^.{4,253}$)(^((?!-)[a-zA-Z0-9-]{0,62}[a-zA-Z0-9]\\.)+[a-zA-Z]{2,63}$)': 'DomainName',
  '^([0-9]{1,3}\\.){3}[0-9]{1,3}(/([0-9]|[1-2][0-9]|3[0-2]))?$': 'DottedQuad',
  '^CVE-\\d{4}-\\d{4,}$': 'CveId',
  '^CWE-\\d+$': 'CweId',
};

/** The patterns met so far, in order of first use (files are read in name order). */
const patterns = [];
function patternIndex(pattern) {
  let index = patterns.findIndex((p) => p.source === pattern);
  if (index === -1) {
    if (!MATCHERS[pattern]) {
      throw new Error(`pattern ${JSON.stringify(pattern)} has no matcher: add one to MATCHERS and src/jupiterone/patterns.rs`);
    }
    index = patterns.push({ source: pattern, matcher: MATCHERS[pattern] }) - 1;
  }
  return index;
}

function formatName(format) {
  if (format !== undefined && !FORMATS[format]) {
    throw new Error(`format ${JSON.stringify(format)} is not implemented: add it to FORMATS and src/jupiterone/formats.rs`);
  }
  return format === undefined ? undefined : FORMATS[format];
}

/** Every schema alternative of a property, flattened: one entry per accepted JSON type. */
function shapes(schema, inherited = {}) {
  const constraints = {
    format: schema.format ?? inherited.format,
    pattern: schema.pattern ?? inherited.pattern,
    minimum: schema.minimum ?? inherited.minimum,
    maximum: schema.maximum ?? inherited.maximum,
  };
  const branches = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  const result = branches.flatMap((branch) => shapes(branch, constraints));
  const types = schema.type === undefined ? [] : [schema.type].flat();
  // `enum` and `const` restrict every type: a type none of their values has is no shape.
  const listed = Array.isArray(schema.enum) ? schema.enum : schema.const === undefined ? undefined : [schema.const];
  const ofType = (type) =>
    listed.filter((v) =>
      type === 'null' ? v === null : type === 'integer' ? Number.isInteger(v) : typeof v === type,
    );
  for (const type of types) {
    const string = type === 'string';
    const numeric = type === 'number' || type === 'integer';
    const format = formatName(constraints.format);
    if (string && format === 'DateTime') {
      throw new Error('format date-time on a string is not implemented in src/jupiterone/formats.rs');
    }
    if (schema.uniqueItems && !(schema.items && shapes(schema.items).every((s) => s.type === 'String'))) {
      throw new Error('uniqueItems is implemented for arrays of strings only (src/jupiterone/rules/classes.rs)');
    }
    const shape = {
      type: TYPES[type],
      items: type === 'array' && schema.items ? shapes(schema.items) : [],
      uniqueItems: type === 'array' && schema.uniqueItems === true,
      allowed: [],
      minimum: numeric ? constraints.minimum : undefined,
      maximum: numeric ? constraints.maximum : undefined,
      pattern: string && constraints.pattern !== undefined ? patternIndex(constraints.pattern) : undefined,
      format: string || type === 'number' ? format : undefined,
    };
    if (listed === undefined || type === 'null') {
      if (listed === undefined || ofType(type).length > 0) result.push(shape);
    } else if (string) {
      if (ofType(type).length > 0) result.push({ ...shape, allowed: ofType(type) });
    } else if (numeric) {
      // Each listed number is a range of one.
      for (const n of ofType(type)) result.push({ ...shape, minimum: n, maximum: n });
    } else {
      // A boolean `const` (Internet.public) has no representation: the shape takes both.
      result.push(shape);
    }
  }
  return result;
}

/** The tighter of two bounds, either of which may be absent. */
function bound(tighter, x, y) {
  const given = [x, y].filter((n) => n !== undefined);
  return given.length === 0 ? undefined : tighter(...given);
}

/** What a value must fit to fit both `a` and `b` (the definitions of a property in a class and
 * in an ancestor: Ajv applies both); fails where the tables cannot say it. */
function intersect(a, b, what) {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const both = (x, y, key) => {
    if (x[key] !== undefined && y[key] !== undefined && x[key] !== y[key]) {
      throw new Error(`${what}: two different ${key}s`);
    }
    return x[key] ?? y[key];
  };
  const result = [];
  for (const x of a) {
    for (const y of b) {
      const numbers = ['Number', 'Integer'];
      if (x.type !== y.type && !(numbers.includes(x.type) && numbers.includes(y.type))) continue;
      const allowed = x.allowed.length && y.allowed.length ? x.allowed.filter((v) => y.allowed.includes(v)) : [...x.allowed, ...y.allowed];
      if (x.allowed.length && y.allowed.length && allowed.length === 0) continue;
      const items = intersect(x.items, y.items, what);
      if ((x.items.length || y.items.length) && items.length === 0) continue;
      result.push({
        type: x.type === 'Integer' || y.type === 'Integer' ? 'Integer' : x.type,
        items,
        uniqueItems: x.uniqueItems || y.uniqueItems,
        allowed,
        minimum: bound(Math.max, x.minimum, y.minimum),
        maximum: bound(Math.min, x.maximum, y.maximum),
        pattern: both(x, y, 'pattern'),
        format: both(x, y, 'format'),
      });
    }
  }
  if (result.length === 0) throw new Error(`${what}: no value fits both definitions`);
  return result;
}

function readClass(file) {
  const schema = JSON.parse(readFileSync(`${packageDir}/dist/class_schemas/${file}`, 'utf8'));
  const parts = [schema, ...(schema.allOf ?? [])];
  const parent = parts.map((p) => p.$ref).find(Boolean);
  const required = new Set(parts.flatMap((p) => p.required ?? []));
  const properties = new Map();
  for (const part of parts) {
    for (const [name, property] of Object.entries(part.properties ?? {})) {
      properties.set(name, { shapes: shapes(property), deprecated: property.deprecated === true });
    }
  }
  return {
    name: schema.$id.replace(/^#/, ''),
    parent: parent?.replace(/^#/, ''),
    required: [...required].sort(byteOrder),
    properties: [...properties.entries()].sort(([a], [b]) => byteOrder(a, b)),
  };
}

const str = (s) => JSON.stringify(s);
const float = (n) => (Number.isInteger(n) ? `${n}.0` : `${n}`);
const option = (value, render) => (value === undefined ? 'None' : `Some(${render(value)})`);

/** A list of shapes as one Rust expression on one line. */
function shapeList(list) {
  const one = (s) =>
    `ValueShape { json_type: JsonType::${s.type}, items: ${shapeList(s.items)}, unique_items: ${s.uniqueItems}, ` +
    `allowed: &[${s.allowed.map(str).join(', ')}], minimum: ${option(s.minimum, float)}, ` +
    `maximum: ${option(s.maximum, float)}, pattern: ${option(s.pattern, (i) => `&PATTERNS[${i}]`)}, ` +
    `format: ${option(s.format, (f) => `Format::${f}`)} }`;
  return `&[${list.map(one).join(', ')}]`;
}

function render(classes, verbs) {
  const lines = [
    `//! The JupiterOne data model's entity classes and relationship classes, as tables.`,
    `//!`,
    `//! GENERATED by scripts/gen-data-model.mjs from the npm package @jupiterone/data-model`,
    `//! version ${manifest.version} (licence ${manifest.license}). Do not edit by hand: change the pinned`,
    `//! version in package.json and run \`node scripts/gen-data-model.mjs\`.`,
    `//!`,
    `//! Names, types and constraints only. A \`pattern\` keeps its ECMAScript source and names the`,
    `//! matcher that judges it. One line per property, so rustfmt leaves the file alone (see`,
    `//! \`#[rustfmt::skip]\` on the module).`,
    ``,
    `use super::schema::{ClassSchema, Format, JsonType, Matcher, Pattern, PropertySchema, ValueShape};`,
    ``,
    `/// The version of @jupiterone/data-model these tables come from.`,
    `pub const DATA_MODEL_VERSION: &str = ${str(manifest.version)};`,
    ``,
    `/// Relationship classes (the verbs of relationship \`_class\`), sorted.`,
    `pub static RELATIONSHIP_CLASSES: &[&str] = &[`,
    ...verbs.map((v) => `    ${str(v)},`),
    `];`,
    ``,
    `/// The \`pattern\`s of the class schemas.`,
    `pub static PATTERNS: [Pattern; ${patterns.length}] = [`,
    ...patterns.map((p) => `    Pattern { source: ${str(p.source)}, matcher: Matcher::${p.matcher} },`),
    `];`,
    ``,
    `/// Entity classes (and the base schemas GraphObject, Entity, RecordEntity), sorted by name.`,
    `pub static CLASSES: &[ClassSchema] = &[`,
  ];
  for (const c of classes) {
    lines.push(`    ClassSchema {`);
    lines.push(`        name: ${str(c.name)},`);
    lines.push(`        parent: ${option(c.parent, str)},`);
    lines.push(`        required: &[${c.required.map(str).join(', ')}],`);
    lines.push(`        properties: &[`);
    for (const [name, p] of c.properties) {
      lines.push(
        `            PropertySchema { name: ${str(name)}, shapes: ${shapeList(p.shapes)}, deprecated: ${p.deprecated} },`,
      );
    }
    lines.push(`        ],`);
    lines.push(`    },`);
  }
  lines.push(`];`, ``);
  return lines.join('\n');
}

const files = readdirSync(`${packageDir}/dist/class_schemas`)
  .filter((f) => f.endsWith('.json'))
  .sort(byteOrder);
const classes = files.map(readClass).sort((a, b) => byteOrder(a.name, b.name));
// A class's definition of a property holds together with its ancestors' (allOf): each table
// entry says what fits them all.
const byName = new Map(classes.map((c) => [c.name, c]));
for (const c of classes) {
  for (const entry of c.properties) {
    for (let a = byName.get(c.parent); a; a = byName.get(a.parent)) {
      const inherited = a.properties.find(([name]) => name === entry[0]);
      if (inherited) entry[1] = { ...entry[1], shapes: intersect(entry[1].shapes, inherited[1].shapes, `${c.name}.${entry[0]}`) };
    }
  }
}
const verbs = [...new Set(Object.values(RelationshipClass))].sort(byteOrder);
const text = render(classes, verbs);

if (check) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== text) {
    console.error(`${target} is stale: run \`node scripts/gen-data-model.mjs\``);
    process.exitCode = 1;
  }
} else {
  writeFileSync(target, text);
  console.error(`wrote ${target}: ${classes.length} classes, ${verbs.length} relationship classes`);
}
