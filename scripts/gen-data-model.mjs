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
  const allowed = [];
  if (Array.isArray(schema.enum)) allowed.push(...schema.enum.filter((v) => typeof v === 'string'));
  if (typeof schema.const === 'string') allowed.push(schema.const);
  for (const type of types) {
    const string = type === 'string';
    const format = formatName(constraints.format);
    if (string && format === 'DateTime') {
      throw new Error('format date-time on a string is not implemented in src/jupiterone/formats.rs');
    }
    result.push({
      type: TYPES[type],
      items: type === 'array' && schema.items ? shapes(schema.items) : [],
      allowed: string ? allowed : [],
      minimum: type === 'number' || type === 'integer' ? constraints.minimum : undefined,
      maximum: type === 'number' || type === 'integer' ? constraints.maximum : undefined,
      pattern: string && constraints.pattern !== undefined ? patternIndex(constraints.pattern) : undefined,
      format: string || type === 'number' ? format : undefined,
    });
  }
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
    `ValueShape { json_type: JsonType::${s.type}, items: ${shapeList(s.items)}, ` +
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
