import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BASELINES } from '../baselines';
import type { ScoredItem } from '../schema';
import type { LoadedRun } from './load';

/** A wrong answer shown in the report, with its images copied next to the page. */
export interface GalleryEntry {
  run: string;
  item: ScoredItem;
  /** Paths relative to the report folder; null where the dataset image could not be copied. */
  images: (string | null)[];
}

/**
 * Up to `perRun` questions each model got entirely wrong (score 0: a wrong letter, no parsable
 * answer, a number off by half or more, or no answer at all). Counter twins come first, since they
 * show the far-looks-up failure; then the tasks take turns so that one task does not fill the page.
 * Built-in baselines are left out: their mistakes teach nothing.
 */
export function pickFailures(run: LoadedRun, perRun: number): ScoredItem[] {
  if ((BASELINES as readonly string[]).includes(run.summary.config.model)) return [];
  const wrong = run.items.filter((q) => q.scores.lenient === 0);
  const counter = wrong.filter((q) => q.pair?.role === 'counter');
  const byTask = new Map<string, ScoredItem[]>();
  for (const q of wrong)
    if (q.pair?.role !== 'counter') byTask.set(q.task, [...(byTask.get(q.task) ?? []), q]);
  const picked = counter.slice(0, perRun);
  const queues = [...byTask.values()];
  while (picked.length < perRun && queues.some((q) => q.length > 0))
    for (const queue of queues) if (queue.length > 0 && picked.length < perRun) picked.push(queue.shift()!);
  return picked;
}

/** Copies each entry's images into `outDir`/img (once per image) and returns the gallery. */
export async function buildGallery(
  runs: readonly LoadedRun[],
  outDir: string,
  opts: { perRun: number; dataDir: string | null; warn: (message: string) => void },
): Promise<GalleryEntry[]> {
  await mkdir(join(outDir, 'img'), { recursive: true });
  const copied = new Map<string, string | null>();
  const missing: string[] = [];
  const entries: GalleryEntry[] = [];
  for (const run of runs) {
    const dataDir = opts.dataDir ?? run.summary.config.data;
    for (const item of pickFailures(run, opts.perRun)) {
      const images = [];
      for (const image of item.images) {
        const source = join(dataDir, image);
        if (!copied.has(source)) {
          // Numbered, since runs on different datasets share relative paths.
          const target = `img/${copied.size}_${image.replace(/[^A-Za-z0-9.]+/g, '_')}`;
          const ok = await copyFile(source, join(outDir, target)).then(
            () => true,
            () => false,
          );
          if (!ok) missing.push(source);
          copied.set(source, ok ? target : null);
        }
        images.push(copied.get(source) ?? null);
      }
      entries.push({ run: run.label, item, images });
    }
  }
  if (missing.length > 0)
    opts.warn(
      `${missing.length} gallery image(s) not found, e.g. ${missing[0]} (pass --data if the dataset moved)`,
    );
  return entries;
}
