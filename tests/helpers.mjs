// What the node tests share: the repository root and a way to run the built command line.
import { spawnSync } from 'node:child_process';
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
