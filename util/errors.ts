import type { z } from 'zod';

/**
 * An error caused by the user's input (a flag, a config, a file): the CLI prints its message as one
 * line, without a stack trace, and exits non-zero.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** The user stopped a run (Ctrl-C, SIGTERM); finished work is kept. The CLI exits with 130. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

/** "room.width: Too small: expected number to be >0" — the first issues, deepest path last. */
export function formatZodError(error: z.ZodError, maxIssues = 3): string {
  const parts = error.issues.slice(0, maxIssues).map((issue) => {
    const path = toDotPath(issue.path);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > maxIssues ? ` (and ${error.issues.length - maxIssues} more)` : '';
  return parts.join('; ') + more;
}

export function toDotPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Parses with a schema and throws a UserError naming the source (a file or a flag) and the field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, source: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new UserError(`${source}: ${formatZodError(result.error)}`);
  return result.data;
}
