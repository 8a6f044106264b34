import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { parseOrThrow, UserError } from './errors';

/**
 * Writes a file so that readers never see it half-written: write a temp sibling, then rename.
 * A crash leaves at most a `*.tmp` file, which no reader treats as finished.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: { mkdir?: boolean } = {},
): Promise<void> {
  // Callers writing many files into one folder create it once and pass mkdir: false.
  if (opts.mkdir !== false) await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Reads and validates a JSON file; every failure is a one-line UserError naming the file. */
export async function readJsonFile<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(
      `${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err)}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return parseOrThrow(schema, value, path);
}
