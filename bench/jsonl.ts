import type { z } from 'zod';
import { parseOrThrow, UserError } from '../util/errors';

/**
 * JSON Lines: every non-blank line parsed and validated; errors name the file and line. A line that
 * is not JSON at all goes to `onTorn` when given (the half-written last line of a killed writer),
 * and is an error otherwise.
 */
export function parseJsonLines<S extends z.ZodType>(
  text: string,
  schema: S,
  path: string,
  opts: { onTorn?: (line: number) => void } = {},
): z.output<S>[] {
  const out: z.output<S>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(lines[i]);
    } catch (err) {
      if (opts.onTorn) {
        opts.onTorn(i + 1);
        continue;
      }
      throw new UserError(`${path}:${i + 1}: not valid JSON (${(err as Error).message})`);
    }
    out.push(parseOrThrow(schema, value, `${path}:${i + 1}`));
  }
  return out;
}
