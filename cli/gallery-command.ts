import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { readDatasetJson, readSceneJson } from '../dataset/read';
import { framePath } from '../sim/layout';
import { Rng } from '../sim/rng';
import { frameDir, sceneId } from '../sim/schema';
import { contactSheet, type Tile } from '../util/contact-sheet';
import { UserError } from '../util/errors';
import { writeFileAtomic } from '../util/files';

export interface GalleryFlags {
  out: string;
  count: number;
  cols: number;
  tile: number;
  seed: number;
  compare?: string;
}

/** What the gallery reads of a scene.json. */
const GalleryScene = z.looseObject({
  kind: z.string(),
  room: z.looseObject({ type: z.string() }),
  frames: z.array(z.looseObject({ index: z.number().int(), view: z.string() })),
});

/**
 * `sim gallery DIR`: a labelled grid of frames drawn from a dataset, every room type in turn, one
 * frame per scene and no low upward-looking view (the README's figure is one); with --compare
 * DIR2, each frame beside the same frame of a second dataset of the same scenes (two looks).
 */
export async function galleryCommand(dir: string, flags: GalleryFlags): Promise<string> {
  const data = await readDatasetJson(dir);
  const other = flags.compare ? await readDatasetJson(flags.compare) : null;
  if (other && (other.seed !== data.seed || other.counts.scenes !== data.counts.scenes))
    throw new UserError(`--compare ${flags.compare}: not the same scenes (seed and scene count must match)`);
  const rng = Rng.root(flags.seed).fork('gallery');
  const byType = new Map<string, { index: number; frames: number[] }[]>();
  for (let index = 0; index < data.counts.scenes; index++) {
    const scene = await readSceneJson(dir, sceneId(index), GalleryScene);
    const frames = scene.frames.filter((f) => f.view !== 'low').map((f) => f.index);
    if (!frames.length) continue;
    byType.set(scene.room.type, [...(byType.get(scene.room.type) ?? []), { index, frames }]);
  }
  // Room types in turn (in name order), scenes in a seeded order within each type.
  const queues = [...byType.keys()].sort().map((type) => ({ type, scenes: rng.shuffle(byType.get(type)!) }));
  const tiles: Tile[] = [];
  while (tiles.length < flags.count && queues.some((q) => q.scenes.length))
    for (const q of queues) {
      const scene = q.scenes.shift();
      if (!scene || tiles.length === flags.count) continue;
      const frame = rng.pick(scene.frames);
      const rel = framePath(scene.index, frame, 'rgb');
      const label = `${q.type.replace(/_/g, ' ')} · ${sceneId(scene.index)}/${frameDir(frame)}`;
      tiles.push({
        label: other ? `${label} · ${data.config.render.style} | ${other.config.render.style}` : label,
        images: [join(dir, rel), ...(flags.compare ? [join(flags.compare, rel)] : [])],
      });
    }
  if (!tiles.length) throw new UserError(`${dir}: no frames to show`);
  const [width, height] = [
    flags.tile,
    Math.round((flags.tile * data.config.image.height) / data.config.image.width),
  ];
  const sheet = await contactSheet(tiles, { cols: flags.cols, width, height });
  // A .jpg name writes a JPEG (a README figure a tenth of the PNG's size).
  const bytes = /\.jpe?g$/i.test(flags.out) ? await sharp(sheet).jpeg({ quality: 85 }).toBuffer() : sheet;
  await writeFileAtomic(resolve(flags.out), bytes);
  return `${flags.out}: ${tiles.length} frames from ${byType.size} room types`;
}
