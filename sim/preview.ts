import { intrinsics, lookAt } from './camera';
import type { Catalog, Category, Variant } from './catalog';
import { resolveConfig } from './config';
import { drawLook, type Look, resolveLight, resolveParts, resolveSurfaces, sampleSize } from './objects';
import { Rng } from './rng';
import { generateRoom } from './room';
import { loadRoomTypes } from './room-types';
import { SCHEMA_VERSION, type Scene, type SceneObject, type Vec3 } from './schema';
import { frameDraft } from './views';

/**
 * One catalog entry alone in a plain room, for `sim catalog --preview`: a variant at the small,
 * middle or large end of its size range, standing where its support puts it (on the floor, on the
 * wall at its mount height, under the ceiling; things that stand on furniture stand on the
 * floor here), seen in two views that frame it: three-quarters from the front and above, and
 * from the front-left at 25 cm, as the dataset's low cameras see things.
 */

export const PREVIEW_SIZES = ['small', 'middle', 'large'] as const;
export type PreviewSize = (typeof PREVIEW_SIZES)[number];

const ROOM: Vec3 = [5, 2.7, 5];
const LOW = 0.25;

export function previewScene(
  catalog: Catalog,
  category: Category,
  variant: Variant,
  size: PreviewSize,
  image: number,
): Scene {
  const rng = Rng.root(0).fork('preview', category.name, variant.name);
  const config = resolveConfig({
    image: { width: image, height: image },
    room: {
      width: [ROOM[0], ROOM[0]],
      height: [ROOM[1], ROOM[1]],
      depth: [ROOM[2], ROOM[2]],
      doors: [0, 0],
      windows: [1, 1],
    },
  });
  const types = loadRoomTypes();
  const room = generateRoom(config, catalog, ['living_room', types.living_room], rng.fork('room'));
  const look: Look = { ...drawLook(catalog, category, rng.fork('look')), variant };
  const t = { small: 0, middle: 0.5, large: 1 }[size];
  const r = variant.size ?? category.size;
  const at = ([lo, hi]: readonly [number, number]) => lo + (hi - lo) * t;
  const box: [number, number, number] =
    size === 'middle' ? sampleSize(category, variant, rng.fork('size')) : [at(r.x), at(r.y), at(r.z)];
  const [w, h, d] = ROOM;
  const y =
    category.support === 'ceiling'
      ? h - box[1] / 2
      : category.support === 'wall'
        ? at(category.mount_height ?? [1.4, 1.4])
        : box[1] / 2;
  const z = category.support === 'wall' ? -d / 2 + box[2] / 2 : 0;
  const object: SceneObject = {
    id: 1,
    name: category.name,
    referable: true,
    category: category.name,
    style: variant.name,
    material: look.slots.body.material,
    color: look.slots.body.swatch.word,
    size: box,
    position: [0, y, z],
    yaw: 0,
    support: category.support === 'surface' ? 'floor' : category.support,
    surfaces: resolveSurfaces(look, box),
    light: resolveLight(category, look, box),
    parts: resolveParts(catalog, look, box),
  };
  // Far enough that the whole box fits the 60° view with a margin.
  const hfov = (60 * Math.PI) / 180;
  const reach = Math.max(0.35, (0.75 * Math.hypot(...box)) / Math.tan(hfov / 2));
  const K = intrinsics(image, image, hfov);
  const target: Vec3 = [0, y, z];
  const views: Vec3[] = [
    [reach * 0.6, Math.min(h - 0.2, y + reach * 0.45), z + reach * 0.8],
    [-reach * 0.45, LOW, z + reach * 0.9],
  ].map(([x, cy, cz]) => [Math.max(-w / 2 + 0.1, Math.min(w / 2 - 0.1, x)), cy, Math.min(d / 2 - 0.1, cz)]);
  const frames = views.map((eye, k) => ({
    ...frameDraft(config, K, k, lookAt(eye, target), 'eye', 0),
    objects: [],
  }));
  return {
    id: '000000',
    index: 0,
    seed: 0,
    schema_version: SCHEMA_VERSION,
    kind: 'static',
    split: 'test',
    room: { ...room, features: room.features },
    objects: [object],
    frames,
    motion: { camera: null, objects: [] },
    multiview: null,
    physics: { steps: 0, settled: true, max_penetration: 0, max_gap: 0 },
  };
}
