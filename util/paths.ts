import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors';

let root: string | undefined;

/**
 * The package's root folder (where package.json and dist/ live), found by walking up from this
 * module, so that sources run by the tests and the bundled CLI in dist/ agree.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'roomsim') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the roomsim package root');
    dir = up;
  }
}

/** A built browser bundle (dist/...); a clear error when the build has not run. */
export function distFile(...parts: string[]): string {
  const path = join(packageRoot(), 'dist', ...parts);
  if (!existsSync(path)) throw new UserError(`${path} is missing: run \`npm run build\` in ${packageRoot()}`);
  return path;
}
