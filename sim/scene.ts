import { arrange, type Placed } from './arrangement';
import { type Catalog, loadCatalog } from './catalog';
import type { Config } from './config';
import { roundDeep } from './geometry';
import { planObjectMotion } from './motion';
import { referringNames } from './naming';
import { resolveLight, resolveParts, resolveSurfaces } from './objects';
import { type PhysicsObject, poseChanged, settle } from './physics';
import { Rng } from './rng';
import { generateRoom, pickRoomType } from './room';
import { type Frame, type Motion, SCHEMA_VERSION, type Scene, type SceneObject, SPLITS, sceneId } from './schema';
import { planCameraPath, planStaticFrames, planWatchingCamera, type ViewObject } from './views';

/**
 * Scene i as a pure function of (config, seed, i): room type → room → arrangement → physics
 * settling → names → (motion) → cameras. Every random choice draws from a stream forked by purpose, and the result is rounded
 * to 6 decimals (µm, µrad) so that what is written is exactly what every later stage reads.
 */
export function generateScene(
  config: Config,
  seed: number,
  index: number,
  catalog: Catalog = loadCatalog(),
): Scene {
  const rng = Rng.root(seed).fork('scene', index);

  // Populate: the room and its furniture, then let physics put them at rest.
  const type = pickRoomType(config, rng.fork('room-type'));
  const room = generateRoom(config, catalog, type, rng.fork('room'));
  const placed = arrange(room, type[1], config, catalog, rng.fork('placement'));
  const { poses, report } = settle(room.size, placed.map((p) => physicsObject(p, placed)));
  const names = referringNames(placed, room);
  const objects: SceneObject[] = placed.map((p, i) => ({
    id: i + 1,
    name: names[i].name,
    referable: names[i].referable,
    category: p.category.name,
    style: p.look.variant.name,
    material: p.look.slots.body.material,
    color: p.look.slots.body.swatch.word,
    size: p.size,
    position: poses[i].position,
    yaw: poses[i].yaw,
    support: p.support,
    surfaces: resolveSurfaces(p.look, p.size),
    light: resolveLight(p.category, p.look, p.size),
    parts: resolveParts(catalog, p.look, p.size),
  }));
  // Round once here: motion and cameras below plan against the numbers that will be written.
  const rounded = roundDeep(objects);
  const viewObjects: ViewObject[] = rounded.map((o) => ({ ...o, raised: o.support !== 'floor' }));

  // Cameras and motion.
  const dynamic = rng.fork('kind').bool(config.dynamic_fraction) && config.frames > 1;
  let frames: Omit<Frame, 'objects'>[] | null = null;
  let motion: Motion = { camera: null, objects: [] };
  if (dynamic) {
    const planned = rng.fork('dynamic').bool(0.5)
      ? planMovingObjects(config, room.size, rounded, placed, viewObjects, rng.fork('objects-move'))
      : planMovingCamera(config, room.size, viewObjects, rng.fork('camera-path'));
    if (planned) ({ frames, motion } = planned);
    // A room with no room to move in falls back to a moving camera, then to a static scene.
    if (!frames) {
      const fallback = planMovingCamera(config, room.size, viewObjects, rng.fork('camera-path'));
      if (fallback) ({ frames, motion } = fallback);
    }
  }
  const kind = frames ? 'dynamic' : 'static';
  frames ??= planStaticFrames(config, room.size, viewObjects, rng.fork('views'));

  const scene: Scene = {
    id: sceneId(index),
    index,
    seed,
    schema_version: SCHEMA_VERSION,
    kind,
    split: pickSplit(config, rng.fork('split')),
    room,
    objects: rounded,
    frames: frames.map((f) => ({ ...f, objects: [] })),
    motion,
    physics: report,
  };
  return roundDeep(scene);
}

function physicsObject(p: Placed, placed: readonly Placed[]): PhysicsObject {
  const base = typeof p.support === 'number' ? placed[p.support - 1] : null;
  const surface = base && p.surface !== null ? base.look.variant.surfaces[p.surface] : null;
  return {
    size: p.size,
    position: p.position,
    yaw: p.yaw,
    support: p.support,
    surfaceY: base && surface ? surface.y * base.size[1] : null,
    mass: p.category.mass,
  };
}

function planMovingCamera(
  config: Config,
  roomSize: Scene['room']['size'],
  viewObjects: ViewObject[],
  rng: Rng,
) {
  const planned = planCameraPath(config, roomSize, viewObjects, rng);
  if (!planned) return null;
  return { frames: planned.frames, motion: { camera: planned.path, objects: [] } as Motion };
}

function planMovingObjects(
  config: Config,
  roomSize: Scene['room']['size'],
  objects: SceneObject[],
  placed: Placed[],
  viewObjects: ViewObject[],
  rng: Rng,
) {
  const times = Array.from({ length: config.frames }, (_, k) => k * config.frame_interval);
  const motionObjects = objects.map((o, i) => ({
    ...physicsObject(placed[i], placed),
    position: o.position,
    yaw: o.yaw,
    id: o.id,
    movable: placed[i].category.movable,
  }));
  const plan = planObjectMotion(roomSize, motionObjects, times, rng.fork('plan'));
  if (!plan) return null;
  const rest = objects.map((o) => ({ position: o.position, yaw: o.yaw }));
  const last = plan.posesAt[plan.posesAt.length - 1];
  const movers = plan.motions.map((m) => m.id);
  const endPoses = new Map(objects.map((o, i) => [o.id, last[i]]));
  const drafts = planWatchingCamera(config, roomSize, viewObjects, endPoses, movers, rng.fork('camera'));
  if (!drafts) return null;
  const frames = drafts.map((f, k) => {
    const poses: Frame['poses'] = {};
    plan.posesAt[k].forEach((p, i) => {
      // Record only what differs from objects[] (after rounding, as it will be written).
      const r = roundDeep(p);
      if (poseChanged(rest[i], r)) poses[String(objects[i].id)] = r;
    });
    return { ...f, poses };
  });
  return { frames, motion: { camera: null, objects: plan.motions } as Motion };
}

function pickSplit(config: Config, rng: Rng): Scene['split'] {
  const { train, val, test } = config.splits;
  return SPLITS[rng.weightedIndex([train, val, test])];
}
