import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET_VERSION, type Dataset, datasetJsonPath, qaPath, sceneQaPath } from '../sim/layout';
import { sceneId } from '../sim/schema';
import { readJsonFile, writeFileAtomic } from '../util/files';
import { readDataset } from './identity';
import { MANIFEST, ManifestSchema } from './scene-store';

/**
 * Joins the per-scene question files into DIR/qa.jsonl (by scene index, then item order) and
 * writes dataset.json with the final counts, once every scene 0..n−1 is committed.
 */
export async function finalizeDataset(dir: string, scenes: number): Promise<Dataset['counts']> {
  const dataset = await readDataset(datasetJsonPath(dir));
  if (!dataset) throw new Error(`${dir}: no dataset.json`);
  const counts = { scenes, frames: 0, items: 0 };
  for (let i = 0; i < scenes; i++) {
    const m = await readJsonFile(join(dir, 'scenes', sceneId(i), MANIFEST), ManifestSchema);
    counts.frames += m.frames;
    counts.items += m.items;
  }
  // Temporaries at the top of the folder are what a run killed while finalizing left behind.
  for (const f of await readdir(dir)) if (f.endsWith('.tmp')) await rm(join(dir, f), { force: true });
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
