#!/usr/bin/env node
// The syncplan command line. Reads files, hands their bytes to the WebAssembly core, prints
// the rendered report. Sets process.exitCode rather than calling process.exit(), so piped
// output is never cut short.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connection, exportSnapshot, exportSnapshotBytes, exportSnapshotTo } from './account.js';
import { folderRun, isFolder, readIntegrationFolder } from './folder.js';
import { jimReport, lintReport, planReport, rulesReport } from './node.js';

const USAGE = `usage:
  syncplan lint [options] <file...|folder>
                                        validate a job: its start body and every upload body
  syncplan plan [options] --snapshot FILE <file...|folder>
                                        lint, then what finalize would create, update, delete
  syncplan snapshot --scope NAME | --instance ID [-o FILE]
                                        the previous state from a JupiterOne account, as a
                                        native snapshot (default: standard output)
  syncplan rules [--format json|text]   the rule catalog
  syncplan jim lint <config.json>       validate identity sync-rule definitions
  syncplan jim preview --snapshot <state.json> <config.json>
                                        what a synchronisation run would do
  syncplan jim rules [--format json|text]
                                        the JIM rule catalog

Each <file> is one upload body, in upload order ("-" reads standard input). A folder is
the integration SDK's output (.j1-integration, or its graph/): each graph file is a batch,
its summary.json is checked and gives the partial datasets; the job's source is
integration-external, its instance --instance or $JUPITERONE_INTEGRATION_INSTANCE_ID.

options:
  --mode DIFF|PATCH|CROSS_SCOPE|OVERRIDE   the job's syncMode (default DIFF)
  --source api|integration-external        the job's source (default api)
  --scope NAME                             the job's scope
  --instance ID                            the job's integrationInstanceId
  --job FILE                               a start body; flags given as well override it
  --snapshot FILE                          the previous state: a native snapshot, a J1QL list or
                                           tree export, or a previous upload body
  --partial-types T1,T2                    DIFF: _types finalize keeps (partialDatasets.types;
                                           default: an SDK folder's summary.json)
  --snapshot-from-account                  plan: fetch the previous state from the account
                                           (as \`snapshot\` does) instead of --snapshot
  --fail-on-delete N|N%                    plan: exit 1 when deletions exceed N objects or N% of
                                           the previous state
  --account ID                             snapshot: the JupiterOne account (default $J1_ACCOUNT);
                                           the API key is read from $J1_API_TOKEN only
  --api-base URL                           snapshot: the API (default https://api.us.jupiterone.io;
                                           EU: https://api.eu.jupiterone.io); https only
  --timeout SECONDS                        snapshot: per request (default 60)
  -o, --output FILE                        snapshot: where to write it (written only when complete)
  --format text|json|sarif|github|markdown output format (default text)
  --rule ID=off|info|warning|error         change a rule's severity (repeatable)
  --max-warnings N                         exit 1 when there are more than N warnings
  --baseline FILE                          report only findings the baseline FILE does not hold
  --write-baseline FILE                    record this run's findings in FILE, to adopt syncplan
                                           on an existing integration
  -h, --help                               this help
  --version                                syncplan's version

exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input`;

class UsageError extends Error {}

const string = { type: 'string' };
/** The job a lint or plan checks. */
const JOB_OPTIONS = { mode: string, source: string, scope: string, instance: string, job: string, 'partial-types': string };
/** What shapes a lint or plan report. */
const REPORT_OPTIONS = {
  snapshot: string,
  format: string,
  rule: { type: 'string', multiple: true },
  'max-warnings': string,
  baseline: string,
  'write-baseline': string,
};
/** How the account is reached. */
const ACCOUNT_OPTIONS = { account: string, 'api-base': string, timeout: string };
/**
 * Each command's own options (node:util's parseArgs), so that an option a command does not take
 * is bad usage rather than silently ignored.
 */
const COMMAND_OPTIONS = {
  lint: { ...JOB_OPTIONS, ...REPORT_OPTIONS },
  plan: { ...JOB_OPTIONS, ...REPORT_OPTIONS, 'fail-on-delete': string, 'snapshot-from-account': { type: 'boolean' }, ...ACCOUNT_OPTIONS },
  snapshot: { scope: string, instance: string, job: string, output: { type: 'string', short: 'o' }, ...ACCOUNT_OPTIONS },
  rules: { format: string },
  'jim lint': { format: string, 'max-warnings': string },
  'jim preview': { snapshot: string, format: string, 'max-warnings': string, 'fail-on-delete': string },
  'jim rules': { format: string },
};
const HELP = { help: { type: 'boolean', short: 'h' } };
const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown'];
/** Inputs above this many bytes get a progress note on a terminal's stderr. */
const LARGE_INPUT = 50 * 1024 * 1024;

/** The options and files of `command` (`lint`, `jim preview`, …) in `args`. */
function parseCommand(command, args) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...COMMAND_OPTIONS[command], ...HELP }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseError(command, error));
  }
  return { options: parsed.values, files: parsed.positionals };
}

/** node:util's parse errors, in this command line's words. */
function parseError(command, error) {
  // Node names an option as '--scope' or '-o, --output <value>': take the long name.
  const names = /'([^']+)'/.exec(error.message)?.[1].match(/--?[\w-]+/g) ?? [];
  const option = names.find((name) => name.startsWith('--')) ?? names[0] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${command} does not take ${option}`;
  if (/does not take an argument/.test(error.message)) return `${option} takes no value`;
  if (/ambiguous|missing/.test(error.message)) return `${option} needs a value (a value that starts with - goes as ${option}=VALUE)`;
  return error.message;
}

function readInput(path) {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (error) {
    const reason = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'it is a directory' : error.message;
    throw new Error(`cannot read ${path === '-' ? 'standard input' : path}: ${reason}`);
  }
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
  const runOptions = {
    format,
    color: format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
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
  return { job, uploads: files.map(readInput), snapshot, options: runOptions };
}

/** The run options of `--baseline FILE` (read here) and `--write-baseline FILE`. */
function baselineOptions(options) {
  const run = {};
  if (options.baseline !== undefined) {
    try {
      run.baseline = readInput(options.baseline);
    } catch (error) {
      throw new Error(`${error.message}: write one with --write-baseline ${options.baseline}`);
    }
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
    try {
      const body = JSON.parse(readInput(options.job));
      scope = body.scope;
      instance = body.integrationInstanceId;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot read the scope from ${options.job}: ${error.message}`);
    }
  }
  if (scope !== undefined && instance !== undefined) throw new UsageError('give --scope or --instance, not both');
  if (scope === undefined && instance === undefined) throw new UsageError('give --scope NAME (source api) or --instance ID (an integration instance)');
  return scope !== undefined ? { scope } : { instance };
}

async function runSnapshot(options, files) {
  if (files.length > 0) throw new UsageError(`snapshot reads the account and takes no files, not ${files[0]}`);
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

function runJim(action, options, files) {
  if (action === 'rules') {
    const format = options.format ?? 'text';
    checkFormat(format, ['text', 'json']);
    process.stdout.write(rulesReport(format, 'jim'));
    return 0;
  }
  if (files.length !== 1) throw new UsageError(`jim ${action} takes one configuration file`);
  const format = options.format ?? 'text';
  checkFormat(format, ['text', 'json']);
  const jimOptions = {
    configFile: files[0],
    format,
    color: format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
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

/** The version in the package's manifest, beside this file. */
function version() {
  return JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;
}

function main(argv) {
  const [first, ...rest] = argv;
  if (first === '--version') {
    process.stdout.write(`syncplan ${version()}\n`);
    return 0;
  }
  if (first === undefined || ['help', '-h', '--help'].includes(first)) {
    process.stdout.write(`${USAGE}\n`);
    return first === undefined ? 2 : 0;
  }
  const jim = first === 'jim';
  if (jim && !['lint', 'preview', 'rules'].includes(rest[0])) throw new UsageError('jim takes lint, preview or rules');
  const command = jim ? `jim ${rest[0]}` : first;
  if (COMMAND_OPTIONS[command] === undefined) throw new UsageError(`unknown command "${first}"`);
  const { options, files } = parseCommand(command, jim ? rest.slice(1) : rest);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  switch (command) {
    case 'lint':
      return runLint(options, files);
    case 'plan':
      return options['snapshot-from-account'] ? planFromAccount(options, files) : runPlan(options, files);
    case 'snapshot':
      return runSnapshot(options, files);
    case 'rules': {
      const format = options.format ?? 'text';
      checkFormat(format, ['text', 'json']);
      process.stdout.write(rulesReport(format));
      return 0;
    }
    default:
      return runJim(rest[0], options, files);
  }
}

function fail(error) {
  if (error instanceof UsageError) {
    process.stderr.write(`syncplan: ${error.message}\n\n${USAGE}\n`);
  } else {
    process.stderr.write(`syncplan: ${error.message}\n`);
  }
  process.exitCode = 2;
}

try {
  // The commands that read the account are asynchronous; the others return their status.
  const exit = main(process.argv.slice(2));
  if (exit instanceof Promise) exit.then((code) => (process.exitCode = code), fail);
  else process.exitCode = exit;
} catch (error) {
  fail(error);
}
