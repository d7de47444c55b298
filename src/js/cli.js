#!/usr/bin/env node
// The syncplan command line. Reads files, hands their bytes to the WebAssembly core, prints
// the rendered report. Sets process.exitCode rather than calling process.exit(), so piped
// output is never cut short.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connection, exportSnapshot, exportSnapshotBytes, exportSnapshotTo } from './account.js';
import { folderRun, isFolder, readIntegrationFolder } from './folder.js';
import { jimReport, lintReport, planReport, rulesReport } from './node.js';

/** Bad usage: the message, then the usage of `command` (the overview when none is known yet). */
class UsageError extends Error {
  command;
}

/** An option that takes a value, shown in the help as `--name VALUE`. */
function valueOption(value, help, more) {
  return { type: 'string', value, help, ...more };
}

/** An option that takes no value. */
function flagOption(help, more) {
  return { type: 'boolean', help, ...more };
}

const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown'];
const CATALOG_FORMATS = ['text', 'json'];
const HELP_OPTION = { help: flagOption('this help', { short: 'h' }) };
const MAX_WARNINGS_OPTION = { 'max-warnings': valueOption('N', 'exit 1 when there are more than N warnings') };
/** The catalogs' and the JIM reports' --format. */
const SHORT_FORMAT_OPTION = { format: valueOption(CATALOG_FORMATS.join('|'), 'output format (default text)') };
const ACCOUNT_OPTIONS = {
  account: valueOption('ID', 'the JupiterOne account (default $J1_ACCOUNT); the API key is read from $J1_API_TOKEN only'),
  'api-base': valueOption('URL', 'the API (default https://api.us.jupiterone.io; EU: https://api.eu.jupiterone.io); https only'),
  timeout: valueOption('SECONDS', 'per request (default 60)'),
};
/** What lint and plan take: the job, and what shapes the report. */
const JOB_OPTIONS = {
  mode: valueOption('DIFF|PATCH|CROSS_SCOPE|OVERRIDE', "the job's syncMode (default DIFF)"),
  source: valueOption('api|integration-external', "the job's source (default api)"),
  scope: valueOption('NAME', "the job's scope"),
  instance: valueOption('ID', "the job's integrationInstanceId"),
  job: valueOption('FILE', 'a start body; flags given as well override it'),
  snapshot: valueOption('FILE', 'the previous state: a native snapshot, a J1QL list or tree export, or a previous upload body'),
  'partial-types': valueOption('T1,T2', "DIFF: _types finalize keeps (partialDatasets.types; default: an SDK folder's summary.json)"),
  format: valueOption(FORMATS.join('|'), 'output format (default text)'),
  rule: valueOption('ID=off|info|warning|error', "change a rule's severity (repeatable)", { multiple: true }),
  ...MAX_WARNINGS_OPTION,
  baseline: valueOption('FILE', 'report only findings the baseline FILE does not hold'),
  'write-baseline': valueOption('FILE', "record this run's findings in FILE, to adopt syncplan on an existing integration"),
};
const UPLOADS_NOTE = `Each <file> is one upload body, in upload order ("-" reads standard input). A folder is
the integration SDK's output (.j1-integration, or its graph/): each graph file is a batch,
its summary.json is checked and gives the partial datasets; the job's source is
integration-external, its instance --instance or $JUPITERONE_INTEGRATION_INSTANCE_ID.`;
const EXIT_STATUS = 'exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input';
const EXPORT_EXIT_STATUS = 'exit status: 0 written, 2 bad usage or the export failed';

/**
 * Each command: its synopsis, what it does, its own options (node:util's parseArgs, plus the help
 * line of each) and whether it takes files. An option a command does not take is bad usage,
 * never silently ignored.
 */
const COMMANDS = {
  lint: {
    synopsis: 'syncplan lint [options] <file...|folder>',
    summary: 'validate a job: its start body and every upload body',
    note: UPLOADS_NOTE,
    options: JOB_OPTIONS,
    exitStatus: EXIT_STATUS,
    files: true,
    run: runLint,
  },
  plan: {
    synopsis: 'syncplan plan [options] --snapshot FILE <file...|folder>',
    summary: 'lint, then what finalize would create, update, delete',
    note: UPLOADS_NOTE,
    options: {
      ...JOB_OPTIONS,
      'snapshot-from-account': flagOption('fetch the previous state from the account (as `syncplan snapshot` does) instead of --snapshot'),
      'fail-on-delete': valueOption('N|N%', 'exit 1 when deletions exceed N objects or N% of the previous state'),
      ...ACCOUNT_OPTIONS,
    },
    exitStatus: EXIT_STATUS,
    files: true,
    run: (options, files) => (options['snapshot-from-account'] ? planFromAccount(options, files) : runPlan(options, files)),
  },
  snapshot: {
    synopsis: 'syncplan snapshot --scope NAME | --instance ID [-o FILE]',
    summary: 'the previous state from a JupiterOne account, as a native snapshot (default: standard output)',
    options: {
      scope: valueOption('NAME', 'the scope to read (source api)'),
      instance: valueOption('ID', 'the integration instance to read'),
      job: valueOption('FILE', 'a start body whose scope or integrationInstanceId to read'),
      output: valueOption('FILE', 'where to write it (written only when complete; - is standard output)', { short: 'o' }),
      ...ACCOUNT_OPTIONS,
    },
    exitStatus: EXPORT_EXIT_STATUS,
    files: false,
    run: runSnapshot,
  },
  rules: {
    synopsis: 'syncplan rules [--format json|text]',
    summary: 'the rule catalog',
    options: SHORT_FORMAT_OPTION,
    files: false,
    run: (options) => printCatalog(options, undefined),
  },
  'jim lint': {
    synopsis: 'syncplan jim lint <config.json>',
    summary: 'validate identity sync-rule definitions',
    options: { ...SHORT_FORMAT_OPTION, ...MAX_WARNINGS_OPTION },
    exitStatus: EXIT_STATUS,
    files: true,
    run: (options, files) => runJim('lint', options, files),
  },
  'jim preview': {
    synopsis: 'syncplan jim preview --snapshot <state.json> <config.json>',
    summary: 'what a synchronisation run would do',
    options: {
      snapshot: valueOption('STATE', 'the state: connector space and metaverse'),
      ...SHORT_FORMAT_OPTION,
      ...MAX_WARNINGS_OPTION,
      'fail-on-delete': valueOption('N|N%', 'exit 1 when delete exports and metaverse deletions exceed N objects or N% of the objects in the state'),
    },
    exitStatus: EXIT_STATUS,
    files: true,
    run: (options, files) => runJim('preview', options, files),
  },
  'jim rules': {
    synopsis: 'syncplan jim rules [--format json|text]',
    summary: 'the JIM rule catalog',
    options: SHORT_FORMAT_OPTION,
    files: false,
    run: (options) => printCatalog(options, 'jim'),
  },
  version: {
    synopsis: 'syncplan version',
    summary: "syncplan's version (also: syncplan --version)",
    options: {},
    files: false,
    run: printVersion,
  },
};
/** Inputs above this many bytes get a progress note on a terminal's stderr. */
const LARGE_INPUT = 50 * 1024 * 1024;

/** Help lines end by this column. */
const HELP_WIDTH = 96;

/**
 * `label`, then `text` from `column` on, wrapped at word boundaries before HELP_WIDTH; `text`
 * starts on a line of its own when the label reaches the column.
 */
function aligned(label, text, column) {
  const lines = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && column + lines[last].length + 1 + word.length <= HELP_WIDTH) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  const indent = ' '.repeat(column);
  const head = label.length < column - 1 ? label.padEnd(column) + lines[0] : `${label}\n${indent}${lines[0]}`;
  return [head, ...lines.slice(1).map((line) => indent + line)].join('\n');
}

/** `syncplan --help`: every command, and where each one's options are. */
function overview() {
  const commands = Object.values(COMMANDS).map(({ synopsis, summary }) => aligned(`  ${synopsis}`, summary, 40));
  return `usage:
${commands.join('\n')}

\`syncplan <command> --help\` lists a command's options.

${EXIT_STATUS}`;
}

/** `syncplan <command> --help`: the command's synopsis, what it does, its options, its exit status. */
function commandUsage(command) {
  const { synopsis, summary, note, options, exitStatus } = COMMANDS[command];
  const lines = Object.entries({ ...options, ...HELP_OPTION }).map(([name, option]) => {
    const short = option.short === undefined ? '' : `-${option.short}, `;
    return [`  ${short}--${name}${option.value === undefined ? '' : ` ${option.value}`}`, option.help];
  });
  const column = Math.max(...lines.map(([label]) => label.length)) + 2;
  const sections = [
    `usage: ${synopsis}\n${aligned('', summary, 2)}`,
    note,
    `options:\n${lines.map(([label, help]) => aligned(label, help, column)).join('\n')}`,
    exitStatus,
  ];
  return sections.filter((section) => section !== undefined).join('\n\n');
}

/**
 * The options and files of `command` (`lint`, `jim preview`, …) in `args`. Parsed leniently and
 * checked token by token, so that each problem is named in this command line's words.
 */
function parseCommand(command, args) {
  const { options, files } = COMMANDS[command];
  const known = { ...options, ...HELP_OPTION };
  const parsed = parseArgs({ args, options: known, allowPositionals: true, strict: false, tokens: true });
  for (const token of parsed.tokens) {
    if (token.kind === 'option') checkOption(command, known, token);
  }
  if (!files && parsed.positionals.length > 0) throw new UsageError(`${command} takes no files, not "${parsed.positionals[0]}"`);
  return { options: parsed.values, files: parsed.positionals };
}

/** Bad usage when `command` does not take the option of `token`, or it lacks or has a value it should not. */
function checkOption(command, known, token) {
  const option = known[token.name];
  if (option === undefined) {
    const takers = Object.keys(COMMANDS).filter((other) => Object.hasOwn(COMMANDS[other].options, token.name));
    const others = takers.length === 0 ? '' : ` (${listed(takers)} ${takers.length === 1 ? 'does' : 'do'})`;
    throw new UsageError(`${command} does not take ${token.rawName}${others}`);
  }
  if (option.type === 'boolean' && token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
  if (option.type !== 'string') return;
  if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
  // Lenient parsing takes whatever follows as the value: `--scope --mode DIFF` must not scope "--mode".
  if (token.inlineValue === false && /^-./.test(token.value)) {
    throw new UsageError(`${token.rawName} needs a value before ${token.value} (a value that starts with - goes as --${token.name}=VALUE)`);
  }
}

/** `a`, `a and b`, `a, b and c`. */
function listed(words) {
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Why a file cannot be read, by error code, and what to do about it. */
const READ_PROBLEMS = {
  ENOTDIR: 'a part of its path is a file, not a folder: check the path',
  EISDIR: 'it is a folder: give a file',
  EACCES: 'permission denied: make it readable for this user (chmod, chown)',
  EPERM: 'permission denied: make it readable for this user (chmod, chown)',
};

/**
 * The bytes of the file at `path` ("-": standard input). One that cannot be read is an input
 * error, not bad usage: its message names the file and the fix (`whenMissing` for a missing one).
 */
function readInput(path, whenMissing = 'check the path') {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (error) {
    const problem = error.code === 'ENOENT' ? `no such file: ${whenMissing}` : READ_PROBLEMS[error.code] ?? error.message;
    throw new Error(`cannot read ${path === '-' ? 'standard input' : path}: ${problem}`);
  }
}

/** Whether text output gets colour: only on a terminal, never with NO_COLOR. */
function colored(format) {
  return format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR;
}

function checkFormat(format, allowed) {
  if (!allowed.includes(format)) {
    throw new UsageError(`unknown format "${format}": use ${allowed.join(' or ')}`);
  }
}

/** The `_type`s of `--partial-types T1,T2`, or undefined when it is not given. */
function partialTypes(text) {
  if (text === undefined) return undefined;
  return text.split(',').map((t) => t.trim()).filter(Boolean);
}

/** The job options, uploads and run options both commands share. */
function readJob(options, files, planning) {
  if (files.length === 0) throw new UsageError('give at least one upload file, or the integration SDK\'s output folder');
  const format = options.format ?? 'text';
  checkFormat(format, FORMATS);
  const job = {};
  if (options.mode !== undefined) job.syncMode = options.mode;
  if (options.source !== undefined) job.source = options.source;
  if (options.scope !== undefined) job.scope = options.scope;
  if (options.instance !== undefined) job.integrationInstanceId = options.instance;
  const runOptions = { format, color: colored(format) };
  if (options.rule !== undefined) runOptions.rules = ruleSettings(options.rule);
  if (options.job !== undefined) {
    runOptions.jobBody = readInput(options.job);
    runOptions.jobFile = options.job;
  }
  const types = partialTypes(options['partial-types']);
  if (!planning && types !== undefined) runOptions.partialTypes = types;
  Object.assign(runOptions, baselineOptions(options));
  let snapshot;
  if (options.snapshot !== undefined) {
    snapshot = readInput(options.snapshot);
    runOptions.snapshotFile = options.snapshot;
  }
  const folders = files.filter(isFolder);
  if (folders.length > 0) {
    if (files.length > 1) throw new UsageError(`give one folder (the integration SDK's output) or upload files, not both: ${folders[0]} is a folder`);
    return { ...folderRun(job, readIntegrationFolder(files[0]), runOptions, { planning }), snapshot };
  }
  runOptions.files = files.map((f) => (f === '-' ? '<stdin>' : f));
  return { job, uploads: files.map((file) => readInput(file)), snapshot, options: runOptions };
}

/** The run options of `--baseline FILE` (read here) and `--write-baseline FILE`. */
function baselineOptions(options) {
  const run = {};
  if (options.baseline !== undefined) {
    run.baseline = readInput(options.baseline, `write one with --write-baseline ${options.baseline}`);
    run.baselineFile = options.baseline;
  }
  if (options['write-baseline'] !== undefined) run.writeBaseline = true;
  return run;
}

/** Writes the run's baseline to `--write-baseline FILE` and says on stderr how many findings it holds. */
function saveBaseline(path, result) {
  if (path === undefined) return;
  // A file that is not JSON has findings nobody has seen yet; a baseline without them would hide them later.
  if (result.unreadable) {
    process.stderr.write(`syncplan: ${path} not written: an input is not JSON\n`);
    return;
  }
  try {
    writeFileSync(path, result.baseline);
  } catch (error) {
    throw new Error(`cannot write ${path}: ${error.message}`);
  }
  const count = JSON.parse(result.baseline).suppressions.reduce((sum, entry) => sum + entry.count, 0);
  process.stderr.write(`syncplan: recorded ${count} finding${count === 1 ? '' : 's'} in ${path}\n`);
}

/** `--rule duplicate-key=warning` → `{ "duplicate-key": "warning" }`. */
function ruleSettings(list) {
  const settings = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq < 1) throw new UsageError(`--rule takes ID=off|info|warning|error, not "${item}"`);
    settings[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return settings;
}

function maxWarnings(text) {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--max-warnings takes a count, not "${text}"`);
  return Number(text);
}

/** Runs the check, with a note on a terminal's stderr while large inputs are worked on. */
function withProgress(inputs, work) {
  const bytes = inputs.reduce((sum, input) => sum + (input?.length ?? 0), 0);
  const show = bytes > LARGE_INPUT && process.stderr.isTTY === true;
  if (show) process.stderr.write(`syncplan: checking ${(bytes / 1024 / 1024).toFixed(0)} MB…`);
  try {
    return work();
  } finally {
    if (show) process.stderr.write('\r\x1b[K');
  }
}

/** The exit status of a report: 2 unreadable, 1 errors or too many warnings, else 0. */
function status(result, limit) {
  if (result.unreadable) return 2;
  if (result.summary.errors > 0) return 1;
  if (limit !== undefined && result.summary.warnings > limit) {
    process.stderr.write(`syncplan: ${result.summary.warnings} warnings exceed --max-warnings ${limit}\n`);
    return 1;
  }
  return 0;
}

function runLint(options, files) {
  const limit = maxWarnings(options['max-warnings']);
  const { job, uploads, snapshot, options: runOptions } = readJob(options, files, false);
  const result = withProgress([...uploads, snapshot], () => lintReport(job, uploads, snapshot, runOptions));
  process.stdout.write(result.output);
  saveBaseline(options['write-baseline'], result);
  return status(result, limit);
}

/** `--fail-on-delete 40` or `--fail-on-delete 5%`. */
function deletionLimit(text) {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
  if (!match) throw new UsageError(`--fail-on-delete takes a count or a percentage, not "${text}"`);
  return { value: Number(match[1]), percent: match[2] === '%' };
}

/** Whether a plan's or preview's deletions exceed `--fail-on-delete`; says so on stderr. */
function tripsDeletionLimit(result, limit, text) {
  if (limit === undefined || result.deletions === undefined) return false;
  const allowed = limit.percent ? (limit.value / 100) * result.previousObjects : limit.value;
  if (result.deletions <= allowed) return false;
  const of = limit.percent ? ` (${limit.value}% of ${result.previousObjects} objects)` : '';
  process.stderr.write(`syncplan: ${result.deletions} deletions exceed --fail-on-delete ${text}${of}\n`);
  return true;
}

function runPlan(options, files, fromAccount) {
  if (options.snapshot === undefined && fromAccount === undefined) {
    throw new UsageError('plan needs --snapshot FILE or --snapshot-from-account (the previous state)');
  }
  const limit = deletionLimit(options['fail-on-delete']);
  const warnings = maxWarnings(options['max-warnings']);
  const { job, uploads, options: runOptions, ...read } = readJob(options, files, true);
  const snapshot = fromAccount?.bytes ?? read.snapshot;
  if (fromAccount !== undefined) runOptions.snapshotFile = fromAccount.name;
  // Without --partial-types, an SDK folder's summary.json gives the finalize body.
  const types = partialTypes(options['partial-types']);
  const finalize = types === undefined ? undefined : { partialDatasets: { types } };
  const result = withProgress([...uploads, snapshot], () => planReport(job, uploads, snapshot, finalize, runOptions));
  process.stdout.write(result.output);
  saveBaseline(options['write-baseline'], result);
  let exit = status(result, warnings);
  if (exit !== 2 && tripsDeletionLimit(result, limit, options['fail-on-delete'])) exit = 1;
  return exit;
}

/** The scope or instance an export reads: the flags, else the start body of --job. */
function accountTarget(options) {
  let { scope, instance } = options;
  if (scope === undefined && instance === undefined && options.job !== undefined) {
    ({ scope, integrationInstanceId: instance } = startBody(options.job));
  }
  if (scope !== undefined && instance !== undefined) throw new UsageError('give --scope or --instance, not both');
  if (scope === undefined && instance === undefined) throw new UsageError('give --scope NAME (source api) or --instance ID (an integration instance)');
  return scope !== undefined ? { scope } : { instance };
}

/** The start body in the file at `path`, as an object (a start body that is no object has no fields). */
function startBody(path) {
  const text = readInput(path);
  try {
    return Object(JSON.parse(text));
  } catch (error) {
    throw new Error(`cannot read the scope from ${path}: it is not JSON (${error.message})`);
  }
}

async function runSnapshot(options) {
  const target = accountTarget(options);
  const conn = connection(options);
  const output = options.output ?? '-';
  if (output === '-') await exportSnapshotTo(conn, target, process.stdout);
  else await exportSnapshot(conn, target, output);
  return 0;
}

async function planFromAccount(options, files) {
  if (options.snapshot !== undefined) throw new UsageError('give --snapshot FILE or --snapshot-from-account, not both');
  const target = accountTarget(options);
  const bytes = await exportSnapshotBytes(connection(options), target);
  const name = target.scope !== undefined ? `JupiterOne scope "${target.scope}"` : `JupiterOne instance ${target.instance}`;
  return runPlan(options, files, { bytes, name });
}

/** `rules` and `jim rules`: the catalog of `dialect` (the sync jobs' when undefined). */
function printCatalog(options, dialect) {
  const format = options.format ?? 'text';
  checkFormat(format, CATALOG_FORMATS);
  process.stdout.write(rulesReport(format, dialect));
  return 0;
}

function runJim(action, options, files) {
  if (files.length !== 1) throw new UsageError(`jim ${action} takes one configuration file`);
  const format = options.format ?? 'text';
  checkFormat(format, CATALOG_FORMATS);
  const jimOptions = { configFile: files[0], format, color: colored(format) };
  let state;
  if (action === 'preview') {
    if (options.snapshot === undefined) throw new UsageError('jim preview needs --snapshot STATE (connector space and metaverse)');
    state = readInput(options.snapshot);
    jimOptions.stateFile = options.snapshot;
  }
  const limit = deletionLimit(options['fail-on-delete']);
  const result = jimReport(readInput(files[0]), state, jimOptions);
  process.stdout.write(result.output);
  let exit = status(result, maxWarnings(options['max-warnings']));
  if (exit !== 2 && tripsDeletionLimit(result, limit, options['fail-on-delete'])) exit = 1;
  return exit;
}

/** Prints the version in the package's manifest, beside this file. */
function printVersion() {
  const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
  process.stdout.write(`syncplan ${version}\n`);
  return 0;
}

/** The command `argv` names (`lint`, `jim preview`, …) and the arguments that follow it. */
function commandOf(argv) {
  const [first, ...rest] = argv;
  if (first === '--version') return { command: 'version', args: rest };
  if (first !== 'jim') {
    if (!Object.hasOwn(COMMANDS, first)) throw new UsageError(`unknown command "${first}"`);
    return { command: first, args: rest };
  }
  const [action, ...args] = rest;
  if (!Object.hasOwn(COMMANDS, `jim ${action}`)) throw new UsageError('jim takes lint, preview or rules');
  return { command: `jim ${action}`, args };
}

/** Runs the command line; resolves to its exit status. */
async function main(argv) {
  if (argv.length === 0 || ['help', '-h', '--help'].includes(argv[0])) {
    process.stdout.write(`${overview()}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  const { command, args } = commandOf(argv);
  try {
    const { options, files } = parseCommand(command, args);
    if (options.help) {
      process.stdout.write(`${commandUsage(command)}\n`);
      return 0;
    }
    return await COMMANDS[command].run(options, files);
  } catch (error) {
    if (error instanceof UsageError) error.command ??= command;
    throw error;
  }
}

/** Says what went wrong: bad usage with the usage it broke, anything else in its one line. */
function fail(error) {
  const usage = error instanceof UsageError ? `\n${error.command === undefined ? overview() : commandUsage(error.command)}\n` : '';
  process.stderr.write(`syncplan: ${error.message}\n${usage}`);
  process.exitCode = 2;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, fail);
