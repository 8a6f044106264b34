import { randomBytes } from 'node:crypto';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readDatasetFile } from '../dataset/read';
import type { Config } from '../sim/config';
import { DATASET_VERSION, type Dataset, datasetJsonPath } from '../sim/layout';
import { UserError } from '../util/errors';

/**
 * A dataset folder belongs to one (config, seed): dataset.json records them when the first run
 * starts (with zero counts until the dataset is finalized), and every later run, resume or shard
 * checks that it makes the same dataset before touching anything.
 */
export async function claimDataset(dir: string, config: Config, seed: number): Promise<void> {
  const path = datasetJsonPath(dir);
  const mine: Dataset = {
    version: DATASET_VERSION,
    seed,
    config,
    counts: { scenes: 0, frames: 0, items: 0 },
  };
  const existing = await readDatasetFile(path);
  if (!existing) {
    // Create-if-absent in one step (link fails when the file exists), so shards starting together agree.
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${JSON.stringify(mine, null, 2)}\n`);
    try {
      await link(tmp, path);
      return;
    } catch (err) {
      // EEXIST: another shard claimed it first. ENOENT: a finalizing shard cleared our temporary.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOENT') throw err;
    } finally {
      await rm(tmp, { force: true });
    }
    return claimDataset(dir, config, seed);
  }
  const theirs = { seed: existing.seed, config: existing.config };
  if (!isDeepStrictEqual(theirs, { seed, config })) {
    const field = firstDifference(theirs, { seed, config }) ?? 'config';
    throw new UserError(
      `${dir} holds a dataset made with a different config or seed (${field} differs); use another --out, or the same config and seed to resume`,
    );
  }
}

/** Dotted path of the first differing leaf, e.g. "config.image.width". */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      );
      if (d) return d;
    }
  }
  return path || null;
}
