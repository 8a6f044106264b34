import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/**
 * Maps the tail of a `/files/<path>` request onto a file under the dataset folder, or says why not.
 * The request path is percent-decoded exactly once (so "%252e%252e" stays the literal name
 * "%2e%2e"); anything that could step outside is refused before touching the disk (NUL and other
 * control characters, backslashes, absolute paths, drive letters, empty, "." and ".." segments),
 * and what remains is resolved through every symlink and must still lie under the folder's own
 * real path, so a link pointing outside the dataset is refused too.
 */

export type ResolvedPath =
  | { ok: true; path: string; size: number }
  | { ok: false; status: 400 | 403 | 404; error: string };

/** NUL, the other C0 controls and DEL: never part of a dataset file name. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Checks the decoded relative path's shape; returns its segments or a reason. */
export function splitRelativePath(raw: string): string[] | string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return 'malformed percent-encoding';
  }
  if (!decoded) return 'empty path';
  if (hasControl(decoded)) return 'control characters in path';
  if (decoded.includes('\\')) return 'backslash in path';
  if (decoded.startsWith('/') || /^[a-zA-Z]:/.test(decoded)) return 'absolute path';
  const segments = decoded.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'empty, "." or ".." path segment';
  return segments;
}

/** `root` must already be a real path (see `realpath`), so that the prefix test is meaningful. */
export async function resolveUnder(root: string, raw: string): Promise<ResolvedPath> {
  const segments = splitRelativePath(raw);
  if (typeof segments === 'string') return { ok: false, status: 400, error: segments };
  let real: string;
  try {
    real = await realpath(join(root, ...segments));
  } catch {
    return { ok: false, status: 404, error: 'not found' };
  }
  if (real !== root && !real.startsWith(root + sep))
    return { ok: false, status: 403, error: 'outside the dataset folder' };
  try {
    const info = await stat(real);
    if (!info.isFile()) return { ok: false, status: 404, error: 'not a file' };
    return { ok: true, path: real, size: info.size };
  } catch {
    return { ok: false, status: 404, error: 'not found' };
  }
}
