import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { formatZodError, UserError } from './errors';

/**
 * JSON Lines, the one way the project reads them: streamed line by line (a dataset's qa.jsonl or a
 * long results file never sits in memory whole), validated with a zod schema, blank lines skipped,
 * and every problem named by file and line.
 */

/** The lines of a text file, without their line ends, read as a stream. */
export async function* readLines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, 'utf8');
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) yield line;
  } finally {
    // A consumer that stops early must not leave the file open behind it.
    lines.close();
    input.destroy();
  }
}

type LineResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** One line checked: not JSON, or failing the schema, gives a one-line reason. */
export function parseLine<S extends z.ZodType>(text: string, schema: S): LineResult<z.output<S>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not valid JSON (${(err as Error).message})` };
  }
  try {
    const parsed = schema.safeParse(value) as z.ZodSafeParseResult<z.output<S>>;
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, reason: formatZodError(parsed.error) };
  } catch (err) {
    // A refinement that assumes an earlier check passed can throw on odd input: still just a bad line.
    return { ok: false, reason: (err as Error).message };
  }
}

/** Every valid line in order; a bad one ends the reading with a UserError "path:line: reason". */
export async function* jsonLines<S extends z.ZodType>(path: string, schema: S): AsyncGenerator<z.output<S>> {
  let n = 0;
  for await (const text of readLines(path)) {
    n++;
    if (!text.trim()) continue;
    const r = parseLine(text, schema);
    if (!r.ok) throw new UserError(`${path}:${n}: ${r.reason}`);
    yield r.value;
  }
}

/** Every line, the bad ones to `onInvalid` with a reason naming the line ("12: answer: …"). */
export async function readJsonLines<S extends z.ZodType>(
  path: string,
  schema: S,
  onLine: (value: z.output<S>, line: number) => void,
  onInvalid: (reason: string, line: number) => void,
): Promise<void> {
  let n = 0;
  for await (const text of readLines(path)) {
    n++;
    if (!text.trim()) continue;
    const r = parseLine(text, schema);
    if (r.ok) onLine(r.value, n);
    else onInvalid(`${n}: ${r.reason}`, n);
  }
}
