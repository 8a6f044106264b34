import { type Catalog, loadCatalog } from './catalog';
import type { Config } from './config';
import { roundDeep } from './geometry';
import { planObjectMotion } from './motion';
import { type PhysicsObject, poseChanged, settle } from './physics';
import { type Placed, placeObjects } from './placement';
import { Rng } from './rng';
import { generateRoom } from './room';
import {
  type Frame,
  type Motion,
  type Part,
  SCHEMA_VERSION,
  type Scene,
  type SceneObject,
  SPLITS,
  sceneId,
} from './schema';
import { planCameraPath, planStaticFrames, planWatchingCamera, type ViewObject } from './views';

/**
 * Scene i as a pure function of (config, seed, i): room → placement → physics settling → (motion)
 * → cameras. Every random choice draws from a stream forked by purpose, and the result is rounded
 * to 6 decimals (µm, µrad) so that what is written is exactly what every later stage reads.
 */
export function generateScene(
  config: Config,
  seed: number,
  index: number,
  catalog: Catalog = loadCatalog(),
): Scene {
  const rng = Rng.root(seed).fork('scene', index);

  // Populate: the room and its objects, then let physics put them at rest.
  const room = generateRoom(config, catalog, rng.fork('room'));
  const placed = placeObjects(room, config, catalog, rng.fork('placement'));
  const { poses, report } = settle(room.size, placed.map(physicsObject));
  const objects: SceneObject[] = placed.map((p, i) => ({
    id: i + 1,
    name: `the ${p.category.label.replace('{color}', p.color.name).replace('{name}', p.category.name)}`,
    category: p.category.name,
    color: p.color.name,
    size: p.size,
    position: poses[i].position,
    yaw: poses[i].yaw,
    support: p.support,
    parts: resolveParts(p, catalog),
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

function physicsObject(p: Placed): PhysicsObject {
  return { size: p.size, position: p.position, yaw: p.yaw, support: p.support, mass: p.category.mass };
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
    ...physicsObject(placed[i]),
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

/** Parts in metres in the object's frame, with their colours resolved. */
function resolveParts(p: Placed, catalog: Catalog): Part[] {
  return p.category.parts.map((part) => {
    const m =
      part.material === 'body'
        ? { color: p.color.hex, roughness: 0.7, metalness: 0 }
        : catalog.materials[part.material];
    const out: Part = {
      shape: part.shape,
      center: [part.center[0] * p.size[0], part.center[1] * p.size[1], part.center[2] * p.size[2]],
      size: [part.size[0] * p.size[0], part.size[1] * p.size[1], part.size[2] * p.size[2]],
      color: m.color,
      roughness: m.roughness,
      metalness: m.metalness,
    };
    if (part.axis) out.axis = part.axis;
    if (part.taper !== undefined) out.taper = part.taper;
    return out;
  });
}

function pickSplit(config: Config, rng: Rng): Scene['split'] {
  const { train, val, test } = config.splits;
  return SPLITS[rng.weightedIndex([train, val, test])];
}
