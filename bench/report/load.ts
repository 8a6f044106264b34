import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../../util/errors';
import { readJsonFile } from '../../util/files';
import { jsonLines } from '../../util/jsonl';
import { type ScoredItem, ScoredItemSchema, type Summary, SummarySchema } from '../schema';

/** A finished eval run as the report sees it. */
export interface LoadedRun {
  dir: string;
  /** Unique among the loaded runs: the series label in every chart and table. */
  label: string;
  summary: Summary;
  items: ScoredItem[];
}

/** Run folders named directly, or found one level below the folders named (e.g. results/). */
export async function loadRuns(paths: readonly string[]): Promise<LoadedRun[]> {
  const dirs: string[] = [];
  for (const path of paths) {
    const abs = resolve(path);
    if (!(await stat(abs).catch(() => null))?.isDirectory()) throw new UserError(`${path}: no such folder`);
    if (await isRun(abs)) {
      dirs.push(abs);
      continue;
    }
    const children = (await readdir(abs, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => join(abs, e.name));
    const runs = [];
    for (const child of children.sort()) if (await isRun(child)) runs.push(child);
    if (runs.length === 0)
      throw new UserError(`${path}: no eval runs in it (folders with a summary.json from \`sim eval\`)`);
    dirs.push(...runs);
  }
  const labels = new Map<string, number>();
  const loaded: LoadedRun[] = [];
  for (const dir of [...new Set(dirs)]) {
    const summary = await readJsonFile(join(dir, 'summary.json'), SummarySchema);
    const scoresPath = join(dir, 'scores.jsonl');
    const items = [];
    for await (const item of jsonLines(scoresPath, ScoredItemSchema)) items.push(item);
    const seen = labels.get(summary.run) ?? 0;
    labels.set(summary.run, seen + 1);
    loaded.push({ dir, label: seen === 0 ? summary.run : `${summary.run} (${seen + 1})`, summary, items });
  }
  return loaded;
}

async function isRun(dir: string): Promise<boolean> {
  return (await stat(join(dir, 'summary.json')).catch(() => null))?.isFile() ?? false;
}
