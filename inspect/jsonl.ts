import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { formatZodError } from '../util/errors';

/**
 * JSON Lines read as a stream, one validated value at a time, so that a dataset's big qa.jsonl or a
 * long results file never sits in memory whole. A line that is not JSON or fails the schema goes to
 * `onInvalid` with a one-line reason naming the line ("12: answer: …"); blank lines are skipped.
 */
export async function readJsonLines<S extends z.ZodType>(
  path: string,
  schema: S,
  onLine: (value: z.output<S>, line: number) => void,
  onInvalid: (reason: string, line: number) => void,
): Promise<void> {
  const input = createReadStream(path, 'utf8');
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  try {
    for await (const text of lines) {
      n++;
      if (!text.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        onInvalid(`${n}: not valid JSON (${(err as Error).message})`, n);
        continue;
      }
      let parsed: z.ZodSafeParseResult<z.output<S>>;
      try {
        parsed = schema.safeParse(value) as z.ZodSafeParseResult<z.output<S>>;
      } catch (err) {
        // A refinement that assumes an earlier check passed can throw on odd input: still just a bad line.
        onInvalid(`${n}: ${(err as Error).message}`, n);
        continue;
      }
      if (parsed.success) onLine(parsed.data, n);
      else onInvalid(`${n}: ${formatZodError(parsed.error)}`, n);
    }
  } finally {
    // A callback that throws ends the loop early; the file must not stay open behind it.
    input.destroy();
  }
}
