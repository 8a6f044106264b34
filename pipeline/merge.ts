import { cp, readdir } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { readDatasetFile } from '../dataset/read';
import { datasetJsonPath, sceneDir, scenesDir } from '../sim/layout';
import { sceneId } from '../sim/schema';
import { UserError } from '../util/errors';
import { finalizeDataset } from './finalize';
import { claimDataset } from './identity';
import { verifyScene } from './scene-store';

/**
 * `sim merge`: joins shard outputs into one dataset. With one folder, the shards wrote into it
 * (a shared volume) and it is only finalized; with --out, each source folder's scenes are checked
 * against their manifests and copied in. Either way the scenes must run 0..n−1 without a gap.
 */
export async function mergeDatasets(
  sources: string[],
  out: string | undefined,
  log: (line: string) => void,
): Promise<{ scenes: number; frames: number; items: number }> {
  if (sources.length > 1 && !out) throw new UserError('merging several folders needs --out <dir>');
  const target = out ?? sources[0];
  const identities = await Promise.all(
    sources.map(async (dir) => {
      const d = await readDatasetFile(datasetJsonPath(dir));
      if (!d) throw new UserError(`${dir}: no dataset.json (not made by \`sim generate\`)`);
      return { dir, seed: d.seed, config: d.config };
    }),
  );
  const first = identities[0];
  for (const other of identities.slice(1))
    if (
      !isDeepStrictEqual(
        { seed: other.seed, config: other.config },
        { seed: first.seed, config: first.config },
      )
    )
      throw new UserError(
        `${other.dir} was made with a different config or seed than ${first.dir}; shards of one dataset share both`,
      );

  const owner = new Map<number, string>();
  for (const { dir } of identities) {
    for (const name of await sceneNames(dir)) {
      const index = Number(name);
      if (!(await verifyScene(dir, index)))
        throw new UserError(`${dir}: scene ${name} is incomplete or corrupt; rerun its shard to finish it`);
      if (!owner.has(index)) owner.set(index, dir);
    }
  }
  const n = owner.size;
  for (let i = 0; i < n; i++)
    if (!owner.has(i)) throw new UserError(`scene ${sceneId(i)} is missing; its shard has not finished`);

  if (out) {
    await claimDataset(out, first.config, first.seed);
    for (const [index, dir] of owner)
      if (dir !== out) await cp(sceneDir(dir, index), sceneDir(out, index), { recursive: true });
    log(`copied ${n} scenes from ${sources.length} folder(s) into ${out}`);
  }
  const counts = await finalizeDataset(target, n);
  if (!counts)
    throw new UserError(
      `${target}: another process is finalizing this dataset; run sim merge again once it is done`,
    );
  return counts;
}

/** Scene folder names (six or more digits) under DIR/scenes. */
async function sceneNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(scenesDir(dir))).filter((n) => /^\d{6,}$/.test(n)).sort();
  } catch {
    return [];
  }
}
