// The CI formats: SARIF validated against the SARIF 2.1.0 schema, GitHub workflow commands
// parsed back, the markdown comment, and the options that shape a CI run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { root, syncplan } from './helpers.mjs';

const require = createRequire(import.meta.url);

const FAULTY = ['--job', 'examples/faulty-job.json', 'examples/faulty-upload.json'];
const HRIS = ['--job', 'examples/hris/job.json', '--snapshot', 'examples/hris/snapshot.json', 'examples/hris/upload-1.json', 'examples/hris/upload-2.json'];

function report([command, ...args]) {
  return JSON.parse(syncplan([command, '--format', 'json', ...args]).stdout);
}

test('SARIF validates against the SARIF 2.1.0 schema', () => {
  const Ajv = require('ajv-draft-04');
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  for (const args of [['lint', ...FAULTY], ['plan', ...HRIS], ['lint', '--scope', 'hris-people', 'examples/hris-people.json']]) {
    const run = syncplan([args[0], '--format', 'sarif', ...args.slice(1)]);
    const log = JSON.parse(run.stdout);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs[0].columnKind, 'utf16CodeUnits');
  }
  // Results point at the same places as the JSON report, with stable fingerprints.
  const log = JSON.parse(syncplan(['lint', '--format', 'sarif', ...FAULTY]).stdout);
  const json = report(['lint', ...FAULTY]);
  const rules = log.runs[0].tool.driver.rules;
  assert.equal(rules.length, JSON.parse(syncplan(['rules', '--format', 'json']).stdout).length);
  assert.equal(log.runs[0].results.length, json.diagnostics.length);
  log.runs[0].results.forEach((result, i) => {
    const d = json.diagnostics[i];
    assert.equal(result.ruleId, d.rule);
    assert.equal(rules[result.ruleIndex].id, d.rule);
    assert.equal(result.level, { error: 'error', warning: 'warning', info: 'note' }[d.severity]);
    const location = result.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uri, d.file);
    assert.deepEqual(location.region, { startLine: d.line, startColumn: d.column });
    assert.match(result.partialFingerprints['syncplanFinding/v1'], /^[0-9a-f]{16}$/);
  });
  const again = JSON.parse(syncplan(['lint', '--format', 'sarif', ...FAULTY]).stdout);
  assert.deepEqual(again, log);
});

/** Reads workflow commands back, undoing the Actions toolkit's escaping. */
function parseCommands(text) {
  const unescape = (s) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const match = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      assert.ok(match, line);
      const properties = Object.fromEntries(match[2].split(',').map((p) => {
        const eq = p.indexOf('=');
        return [p.slice(0, eq), unescape(p.slice(eq + 1))];
      }));
      return { command: match[1], properties, message: unescape(match[3]) };
    });
}

test('GitHub annotations round-trip through their escaping', () => {
  // A file name and a message with the characters the escaping exists for.
  const tricky = '{"entities": [{"_key": "a:b,c%d\\nline", "_type": "t_x", "_class": "Application", "name": "a"}]}';
  const run = syncplan(['lint', '--format', 'github', '--scope', 's1', '-'], tricky);
  const [command] = parseCommands(run.stdout);
  assert.equal(command.command, 'error');
  assert.equal(command.properties.file, '<stdin>');
  assert.equal(command.properties.title, 'syncplan entity-required');
  assert.ok(command.message.startsWith('entities[0] is missing required property "displayName"'));

  const commands = parseCommands(syncplan(['lint', '--format', 'github', ...FAULTY]).stdout);
  const json = report(['lint', ...FAULTY]);
  assert.equal(commands.length, json.diagnostics.length);
  commands.forEach((c, i) => {
    const d = json.diagnostics[i];
    assert.equal(c.command, { error: 'error', warning: 'warning', info: 'notice' }[d.severity]);
    assert.equal(c.properties.file, d.file);
    assert.equal(Number(c.properties.line), d.line);
    assert.equal(Number(c.properties.col), d.column);
    assert.equal(c.message, d.hint ? `${d.message}\nhint: ${d.hint}` : d.message);
  });
});

test('markdown: counts, deletions first, long lists folded, values escaped', () => {
  const md = syncplan(['plan', '--format', 'markdown', ...HRIS]).stdout;
  assert.match(md, /^## ⚠️ syncplan\n/);
  assert.match(md, /\| errors \| warnings \| infos \|\n\|---:\|---:\|---:\|\n\| 0 \| 1 \| 0 \|/);
  assert.match(md, /Plan: 10 to create, 10 to update, 18 to delete, 1 skipped/);
  assert.match(md, /\| entities \| 5 \| 10 \| 8 \| 0 \| 294 \|/);
  const deletions = md.indexOf('<details><summary>🗑️ Deletions (18)</summary>');
  assert.ok(deletions > 0 && deletions < md.indexOf('Creates (10)'));
  assert.match(md, /\*\*Skipped \(1\)\*\*/);
  const xss = '{"entities": [{"_key": "k:0000000001", "_type": "t_x", "_class": "<img src=x onerror=alert(1)>", "name": "a|b", "displayName": "A"}]}';
  const escaped = syncplan(['lint', '--format', 'markdown', '--scope', 's1', '-'], xss).stdout;
  assert.ok(!escaped.includes('<img'));
  assert.match(escaped, /&lt;img src=x onerror=alert\(1\)&gt;/);
});

test('--rule changes severities and --max-warnings caps warnings', () => {
  const off = report(['lint', '--rule', 'duplicate-key=off', '--rule', 'entity-required=warning', ...FAULTY]);
  assert.ok(!off.diagnostics.some((d) => d.rule === 'duplicate-key'));
  assert.equal(off.diagnostics.find((d) => d.rule === 'entity-required').severity, 'warning');
  assert.equal(off.summary.errors, 2);
  const unknown = syncplan(['lint', '--rule', 'no-such-rule=off', ...FAULTY]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown rule "no-such-rule"/);
  assert.equal(syncplan(['lint', '--rule', 'duplicate-key=loud', ...FAULTY]).status, 2);

  const clean = ['lint', '--scope', 'hris-people', 'examples/faulty-upload.json', '--rule', 'entity-required=off', '--rule', 'duplicate-key=off', '--rule', 'reserved-property=off', '--rule', 'property-value-type=off'];
  assert.equal(syncplan(clean).status, 0);
  const capped = syncplan([...clean, '--max-warnings', '2']);
  assert.equal(capped.status, 1);
  assert.match(capped.stderr, /5 warnings exceed --max-warnings 2/);
  assert.equal(syncplan([...clean, '--max-warnings', '5']).status, 0);
});

test('output piped to a consumer is complete', () => {
  // A large report through a pipe: nothing is cut short by an early exit.
  const big = { entities: Array.from({ length: 3000 }, (_, i) => ({ _key: `k${i}`, _type: 't_x', _class: 'Nope', name: 'n' })) };
  const run = syncplan(['lint', '--format', 'json', '--scope', 's1', '-'], JSON.stringify(big));
  const parsed = JSON.parse(run.stdout);
  const omitted = Object.values(parsed.omitted ?? {}).reduce((a, b) => a + b, 0);
  assert.equal(parsed.diagnostics.length + omitted, parsed.summary.errors + parsed.summary.warnings + parsed.summary.infos);
  assert.equal(omitted, 6000);
  assert.ok(run.stdout.length > 1_000_000);
});
