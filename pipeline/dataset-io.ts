import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Dataset, datasetJsonPath, FRAME_IMAGE_PATH, qaPath } from '../sim/layout';
import { SPLITS } from '../sim/schema';
import { type QaItem, QaItemSchema } from '../tasks/schema';
import { UserError } from '../util/errors';
import { jsonLines } from '../util/jsonl';
import { readDataset } from './identity';

/**
 * Reading a finished dataset folder through its public files (DESIGN.md, "The dataset on disk"),
 * for `sim validate` and `sim export`: one line at a time and one scene's images at a time, so a
 * 20,000-scene dataset never sits in memory.
 */

export { SPLITS };
export type Split = (typeof SPLITS)[number];

/** The folder exists and holds a dataset.json; anything else is a one-line error. */
export async function assertDatasetDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new UserError(`${dir}: no such folder`);
  if (!info.isDirectory()) throw new UserError(`${dir}: not a folder`);
  if (!(await stat(datasetJsonPath(dir)).catch(() => null))?.isFile())
    throw new UserError(`${dir}: not a dataset (no dataset.json; make one with \`sim generate\`)`);
}

/** dataset.json, validated; a one-line error naming the file and the field otherwise. */
export async function readDatasetJson(dir: string): Promise<Dataset> {
  await assertDatasetDir(dir);
  return (await readDataset(datasetJsonPath(dir)))!;
}

/** One validated question of qa.jsonl with its 0-based position in the file. */
export interface IndexedItem {
  index: number;
  item: QaItem;
}

/**
 * Every question of DIR/qa.jsonl in file order, validated. Exports stop at the first bad line, naming
 * it (`sim validate` lists them all).
 */
export async function* readQaItems(dir: string): AsyncGenerator<IndexedItem> {
  const path = qaPath(dir);
  if (!(await stat(path).catch(() => null))?.isFile())
    throw new UserError(`${path}: missing (the dataset is not finished; see \`sim validate\`)`);
  let index = 0;
  for await (const item of jsonLines(path, QaItemSchema)) yield { index: index++, item };
}

/**
 * The rgb.png files that questions name, read on demand. qa.jsonl is ordered by scene, so keeping
 * only the current scene's files avoids reading a frame again for each of its questions while
 * memory stays at one scene's images.
 */
export class FrameImages {
  private scene = '';
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly dir: string) {}

  async read(path: string): Promise<Buffer> {
    const m = FRAME_IMAGE_PATH.exec(path);
    if (!m) throw new UserError(`qa.jsonl: image path ${JSON.stringify(path)} is not a frame's rgb.png`);
    if (m[1] !== this.scene) {
      this.cache.clear();
      this.scene = m[1];
    }
    let data = this.cache.get(path);
    if (!data) {
      data = await readFile(join(this.dir, path)).catch((err: NodeJS.ErrnoException) => {
        throw new UserError(`${join(this.dir, path)}: ${err.code === 'ENOENT' ? 'missing' : err.message}`);
      });
      this.cache.set(path, data);
    }
    return data;
  }
}

/** An export goes into a new or empty folder, so it never mixes with (or deletes) other files. */
export async function prepareOutDir(out: string): Promise<void> {
  const entries = await readdir(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    if (err.code === 'ENOTDIR') throw new UserError(`--out ${out}: not a folder`);
    throw err;
  });
  if (entries.length) throw new UserError(`--out ${out}: not empty; remove it or choose another folder`);
  await mkdir(out, { recursive: true });
}

/** Questions per task and split, tasks sorted by name. */
export type TaskSplitCounts = Record<string, Record<Split, number>>;

export function countItem(counts: TaskSplitCounts, item: Pick<QaItem, 'task' | 'split'>): void {
  counts[item.task] ??= { train: 0, val: 0, test: 0 };
  counts[item.task][item.split]++;
}

/** A Markdown-or-plain table of counts per task and split, with totals. */
export function countsTable(counts: TaskSplitCounts, markdown: boolean): string {
  const tasks = Object.keys(counts).sort();
  const total = (t: string) => SPLITS.reduce((s, sp) => s + counts[t][sp], 0);
  const rows = [
    ['task', ...SPLITS, 'total'],
    ...tasks.map((t) => [t, ...SPLITS.map((sp) => String(counts[t][sp])), String(total(t))]),
    [
      'all',
      ...SPLITS.map((sp) => String(tasks.reduce((s, t) => s + counts[t][sp], 0))),
      String(tasks.reduce((s, t) => s + total(t), 0)),
    ],
  ];
  if (markdown) {
    const line = (r: string[]) => `| ${r.join(' | ')} |`;
    return [
      line(rows[0]),
      line(rows[0].map((_, i) => (i ? '---:' : '---'))),
      ...rows.slice(1).map(line),
    ].join('\n');
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) => r.map((cell, c) => (c ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '))
    .join('\n');
}
