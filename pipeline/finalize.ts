import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { readDatasetFile } from '../dataset/read';
import { DATASET_VERSION, type Dataset, datasetJsonPath, qaPath, sceneQaPath } from '../sim/layout';
import { sceneId } from '../sim/schema';
import { readJsonFile, writeFileAtomic } from '../util/files';
import { processAlive } from '../util/proc';
import { MANIFEST, ManifestSchema } from './scene-store';

/**
 * Joins the per-scene question files into DIR/qa.jsonl (by scene index, then item order) and
 * writes dataset.json with the final counts, once every scene 0..n−1 is committed. Shards that
 * finish together take turns through a lock file; one that finds another finalizing leaves it
 * to that one and returns null.
 */
export async function finalizeDataset(dir: string, scenes: number): Promise<Dataset['counts'] | null> {
  const lock = await takeLock(join(dir, LOCK));
  if (!lock) return null;
  try {
    return await finalizeLocked(dir, scenes);
  } finally {
    await rm(join(dir, LOCK), { force: true });
  }
}

const LOCK = '.finalize.lock';
/** A lock older than this is taken to belong to a process that died on another machine. */
const STALE_MS = 15 * 60_000;

const LockSchema = z.strictObject({ host: z.string(), pid: z.number().int(), at: z.number() });

/** Creates the lock file, breaking one left by a dead process; false when a live one holds it. */
async function takeLock(path: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(JSON.stringify({ host: hostname(), pid: process.pid, at: Date.now() }));
      await fh.close();
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = LockSchema.safeParse(
      JSON.parse((await readFile(path, 'utf8').catch(() => 'null')) || 'null'),
    );
    const stale =
      !held.success ||
      Date.now() - held.data.at > STALE_MS ||
      (held.data.host === hostname() && !processAlive(held.data.pid));
    if (!stale) return false;
    await rm(path, { force: true });
  }
  return false;
}

async function finalizeLocked(dir: string, scenes: number): Promise<Dataset['counts']> {
  const dataset = await readDatasetFile(datasetJsonPath(dir));
  if (!dataset) throw new Error(`${dir}: no dataset.json`);
  const counts = { scenes, frames: 0, items: 0 };
  for (let i = 0; i < scenes; i++) {
    const m = await readJsonFile(join(dir, 'scenes', sceneId(i), MANIFEST), ManifestSchema);
    counts.frames += m.frames;
    counts.items += m.items;
  }
  // With the lock held, temporaries at the top of the folder are what a run killed while
  // finalizing left behind.
  for (const f of await readdir(dir))
    if (/^(qa\.jsonl|dataset\.json)\..*\.tmp$/.test(f)) await rm(join(dir, f), { force: true });
  const tmp = `${qaPath(dir)}.${randomBytes(4).toString('hex')}.tmp`;
  const out = await open(tmp, 'w');
  try {
    // One scene's lines at a time: memory stays flat whatever the dataset's size.
    for (let i = 0; i < scenes; i++) await out.write(await readFile(sceneQaPath(dir, i)));
    await out.close();
    await rename(tmp, qaPath(dir));
  } catch (err) {
    await out.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  const final: Dataset = { version: DATASET_VERSION, seed: dataset.seed, config: dataset.config, counts };
  await writeFileAtomic(datasetJsonPath(dir), `${JSON.stringify(final, null, 2)}\n`);
  return counts;
}
