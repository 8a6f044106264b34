import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../util/errors';
import { parseLine, readLines } from '../util/jsonl';
import type { LoadedImage } from './images';
import { type ResponseLine, type ResultsLine, ResultsLineSchema } from './schema';

/**
 * responses.jsonl: every answer is appended the moment it arrives, one line per write, so a run that
 * is killed keeps all it was paid for. Reopening the log makes it the cache: an answer whose key
 * (answerer, prompt, image bytes, decoding settings) is already there is never asked again.
 */
export class ResultsLog {
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly answers: Map<string, ResponseLine>,
  ) {}

  /**
   * Opens (or creates) the log and loads its answers. Lines cut short by a killed run are skipped with
   * a warning; a line that is JSON but not a results line means a foreign file and is an error.
   */
  static async open(path: string, warn: (message: string) => void): Promise<ResultsLog> {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, 'a+');
    const answers = new Map<string, ResponseLine>();
    let torn = 0;
    let n = 0;
    // Read as a stream: a long run's log can outgrow the largest string V8 can hold.
    for await (const text of readLines(path)) {
      n++;
      if (!text.trim()) continue;
      const line = parseLine(text, ResultsLineSchema);
      if (line.ok) {
        if (line.value.type === 'response') answers.set(line.value.key, line.value);
      } else if (line.reason.startsWith('not valid JSON')) torn++;
      else throw new UserError(`${path}:${n}: ${line.reason}`);
    }
    if (torn > 0) warn(`${path}: skipped ${torn} line(s) cut short by an interrupted run`);
    const log = new ResultsLog(path, handle, answers);
    // A torn last line must not swallow the next record.
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await log.write('\n');
    }
    return log;
  }

  /** The recorded answer with this key, if any. */
  get(key: string): ResponseLine | undefined {
    return this.answers.get(key);
  }

  /** Appends one record as one line; appends are written in call order. */
  append(line: ResultsLine): Promise<void> {
    if (line.type === 'response') this.answers.set(line.key, line);
    return this.write(`${JSON.stringify(line)}\n`);
  }

  async close(): Promise<void> {
    await this.tail;
    await this.handle.close();
  }

  private write(text: string): Promise<void> {
    const next = this.tail.then(async () => {
      await this.handle.write(text);
    });
    // A failed write fails its own caller; later writes still run.
    this.tail = next.catch(() => {});
    return next;
  }
}

/** The cache key: sha256 over what decides an answer. Images enter by content, not by path. */
export function cacheKey(
  identity: Readonly<Record<string, unknown>>,
  text: string,
  images: readonly LoadedImage[],
): string {
  return createHash('sha256')
    .update(JSON.stringify({ identity, text, images: images.map((i) => i.sha256) }))
    .digest('hex');
}
