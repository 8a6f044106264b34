import { readQaItems } from '../dataset/read';
import { qaPath } from '../sim/layout';
import type { QaItem } from '../tasks/schema';
import { UserError } from '../util/errors';

/** Which questions an evaluation asks, read through the dataset module (dataset/read.ts). */

export interface ItemFilter {
  split: 'train' | 'val' | 'test' | 'all';
  /** Task names to keep; null keeps all. */
  tasks: string[] | null;
  /** Keep the first n items (file order) after the other filters; null keeps all. */
  limit: number | null;
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
  for await (const { item } of readQaItems(dataDir)) {
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

/** The train split's questions, streamed (the priors learn from them one at a time). */
export async function* trainItems(dataDir: string): AsyncGenerator<QaItem> {
  for await (const { item } of readQaItems(dataDir)) if (item.split === 'train') yield item;
}
