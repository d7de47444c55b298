// What the node tests share: the repository root, a way to run the built command line, and the
// npm package installed as a user gets it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs `syncplan` from pkg/ with the given arguments and standard input, without colour. */
export function syncplan(args, input) {
  const result = spawnSync(process.execPath, [`${root}pkg/cli.js`, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `command` in `cwd` and asserts that it succeeds; its output goes into the failure. */
export function succeed(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/**
 * The package packed from pkg/ (`npm pack`) and installed from its tarball, offline, into a new
 * empty project of ES modules: `{ app, tarball, remove }`, the project's folder, the tarball's
 * path, and what deletes both.
 */
export function installPackage(prefix) {
  const packs = mkdtempSync(join(tmpdir(), 'syncplan-pack-'));
  const packed = succeed('npm', ['pack', '--silent', '--pack-destination', packs], `${root}pkg`);
  const tarball = join(packs, packed.stdout.trim().split('\n').pop());
  const app = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  succeed('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app);
  const remove = () => {
    rmSync(app, { recursive: true, force: true });
    rmSync(packs, { recursive: true, force: true });
  };
  return { app, tarball, remove };
}
