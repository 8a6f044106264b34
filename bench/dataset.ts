import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { datasetJsonPath, qaPath } from '../sim/layout';
import { type QaItem, QaItemSchema } from '../tasks/schema';
import { parseOrThrow, UserError } from '../util/errors';
import { jsonLines } from '../util/jsonl';

/** Reading a dataset folder through its public files only (DESIGN.md, "The dataset on disk"). */

/** What bench needs from dataset.json; loose so that older or newer generators still evaluate. */
const DatasetInfoSchema = z.looseObject({ seed: z.number().int(), version: z.number().int() });

export interface ItemFilter {
  split: 'train' | 'val' | 'test' | 'all';
  /** Task names to keep; null keeps all. */
  tasks: string[] | null;
  /** Keep the first n items (file order) after the other filters; null keeps all. */
  limit: number | null;
}

/** The dataset folder as an absolute path; a one-line error when it is missing or has no qa.jsonl. */
export async function resolveDataDir(dir: string): Promise<string> {
  const abs = resolve(dir);
  const info = await stat(abs).catch(() => null);
  if (!info?.isDirectory()) throw new UserError(`--data ${dir}: no such folder`);
  if (!(await stat(qaPath(abs)).catch(() => null))?.isFile())
    throw new UserError(
      `--data ${dir}: no qa.jsonl in it (is it a dataset folder made by \`sim generate\`?)`,
    );
  return abs;
}

/**
 * The questions of qa.jsonl that --split, --tasks and --limit select, validated and read as a
 * stream: only the selected ones are kept in memory. Unknown task names are an error listing the
 * dataset's own; errors name the file and line.
 */
export async function readItems(dataDir: string, filter: ItemFilter): Promise<QaItem[]> {
  const path = qaPath(dataDir);
  const tasks = filter.tasks ? new Set(filter.tasks) : null;
  const known = new Set<string>();
  const ids = new Set<string>();
  const kept: QaItem[] = [];
  for await (const item of jsonLines(path, QaItemSchema)) {
    if (ids.has(item.id)) throw new UserError(`${path}: duplicate item id ${JSON.stringify(item.id)}`);
    ids.add(item.id);
    known.add(item.task);
    const wanted =
      (filter.split === 'all' || item.split === filter.split) && (!tasks || tasks.has(item.task));
    if (wanted && (filter.limit === null || kept.length < filter.limit)) kept.push(item);
  }
  if (ids.size === 0) throw new UserError(`${path}: no questions in it`);
  const unknown = (filter.tasks ?? []).filter((t) => !known.has(t));
  if (unknown.length > 0)
    throw new UserError(
      `--tasks: unknown task ${unknown.join(', ')}; this dataset has ${[...known].sort().join(', ')}`,
    );
  if (kept.length === 0)
    throw new UserError(`no questions in split "${filter.split}"${tasks ? ' for those tasks' : ''}`);
  return kept;
}

/** Seed and version from dataset.json for provenance, or nulls when the file is absent. */
export async function readDatasetInfo(
  dataDir: string,
): Promise<{ seed: number | null; version: number | null }> {
  const path = datasetJsonPath(dataDir);
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return { seed: null, version: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  const info = parseOrThrow(DatasetInfoSchema, value, path);
  return { seed: info.seed, version: info.version };
}

/** The train split's questions, streamed (the priors learn from them one at a time). */
export async function* trainItems(dataDir: string): AsyncGenerator<QaItem> {
  for await (const item of jsonLines(qaPath(dataDir), QaItemSchema)) if (item.split === 'train') yield item;
}
