import { UserError } from '../util/errors';
import { arrange, type Placed } from './arrangement';
import { type Catalog, loadCatalog } from './catalog';
import type { Config } from './config';
import { roundDeep } from './geometry';
import { planObjectMotion } from './motion';
import { planMultiview } from './multiview';
import { referringNames } from './naming';
import { resolveLight, resolveParts, resolveSurfaces } from './objects';
import { type PhysicsObject, poseChanged, settle } from './physics';
import { Rng } from './rng';
import { generateRoom, pickRoomType, wallFrame } from './room';
import {
  type Frame,
  type Motion,
  type Room,
  SCHEMA_VERSION,
  type Scene,
  type SceneObject,
  SPLITS,
  sceneId,
  type Vec3,
} from './schema';
import {
  cameraIntrinsics,
  frameDraft,
  planCameraPath,
  planStaticFrames,
  planWatchingCamera,
  type ViewObject,
} from './views';
import { planWalkthrough } from './walkthrough';

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
  const kind = pickKind(config, rng.fork('kind'));
  // A room whose floor leaves no walk (or no spots for the views) is drawn again, from streams of
  // its own, so the scene is still a pure function of (config, seed, index) and is never dropped.
  for (let attempt = 0; attempt < REDRAWS; attempt++) {
    const r = attempt === 0 ? rng : rng.fork('redraw', attempt);
    const scene = drawScene(config, seed, index, kind, catalog, r);
    if (scene) return scene;
  }
  throw new UserError(
    `scene ${sceneId(index)}: no ${kind} camera fits in ${REDRAWS} rooms drawn for it; lower objects.count or raise room.width/room.depth`,
  );
}

/** Share of dynamic scenes whose objects move (the others' camera moves). */
const OBJECT_MOTION_SHARE = 0.55;

/** Rooms drawn for one scene before it gives up (walkthroughs and multi-views need free floor). */
const REDRAWS = 8;

function pickKind(config: Config, rng: Rng): Scene['kind'] {
  const u = rng.float();
  const shares: [Scene['kind'], number][] = [
    ['dynamic', config.frames > 1 ? config.dynamic_fraction : 0],
    ['walkthrough', config.walkthrough_fraction],
    ['multiview', config.multiview_fraction],
  ];
  let acc = 0;
  for (const [kind, share] of shares) {
    acc += share;
    if (u < acc) return kind;
  }
  return 'static';
}

function drawScene(
  config: Config,
  seed: number,
  index: number,
  kind: Scene['kind'],
  catalog: Catalog,
  rng: Rng,
): Scene | null {
  // Populate: the room and its furniture, then let physics put them at rest.
  const type = pickRoomType(config, rng.fork('room-type'));
  const room = generateRoom(config, catalog, type, rng.fork('room'));
  const placed = arrange(room, type[1], config, catalog, rng.fork('placement'));
  const { poses, report } = settle(
    room.size,
    placed.map((p) => physicsObject(p, placed)),
  );
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
  let frames: Omit<Frame, 'objects'>[] | null = null;
  let motion: Motion = { camera: null, objects: [] };
  let multiview: Scene['multiview'] = null;
  let sceneKind = kind;
  if (kind === 'walkthrough') {
    frames = planWalk(config, room, viewObjects, rng.fork('walk'));
    if (!frames) return null;
    motion = { camera: 'walk', objects: [] };
  } else if (kind === 'multiview') {
    const plan = planViews(config, room.size, viewObjects, rng.fork('multiview'));
    if (!plan) return null;
    ({ frames, multiview } = plan);
  } else if (kind === 'dynamic') {
    // Objects moving before a still camera a little more often than a moving camera: fewer of
    // those scenes yield a question (the mover must stay clearly in view).
    const planned = rng.fork('dynamic').bool(OBJECT_MOTION_SHARE)
      ? planMovingObjects(config, room.size, rounded, placed, viewObjects, rng.fork('objects-move'))
      : planMovingCamera(config, room.size, viewObjects, rng.fork('camera-path'));
    if (planned) ({ frames, motion } = planned);
    // A room with no room to move in falls back to a moving camera, then to a static scene.
    if (!frames) {
      const fallback = planMovingCamera(config, room.size, viewObjects, rng.fork('camera-path'));
      if (fallback) ({ frames, motion } = fallback);
    }
    if (!frames) sceneKind = 'static';
  }
  frames ??= planStaticFrames(config, room.size, viewObjects, rng.fork('views'));

  const scene: Scene = {
    id: sceneId(index),
    index,
    seed,
    schema_version: SCHEMA_VERSION,
    kind: sceneKind,
    split: pickSplit(config, rng.fork('split')),
    room,
    objects: rounded,
    frames: frames.map((f) => ({ ...f, objects: [] })),
    motion,
    multiview,
    physics: report,
  };
  return roundDeep(scene);
}

/** A walkthrough's frames, `1/fps` s apart, from near a door through the room; null when it cannot be walked. */
function planWalk(
  config: Config,
  room: Room,
  objects: ViewObject[],
  rng: Rng,
): Omit<Frame, 'objects'>[] | null {
  const doors = room.features
    .filter((f) => f.kind === 'door')
    .map((f) => {
      const fr = wallFrame(room, f.wall);
      return [fr.origin[0] + fr.along[0] * f.offset, fr.origin[2] + fr.along[2] * f.offset] as [
        number,
        number,
      ];
    });
  const { frames, fps } = config.walkthrough;
  const plan = planWalkthrough(
    room.size,
    objects,
    doors,
    {
      frames,
      fps,
      height: rng.inRange(config.camera.eye_height),
      pitch: rng.inRange(config.camera.eye_pitch) * (Math.PI / 180),
    },
    rng.fork('route'),
  );
  if (!plan) return null;
  const K = cameraIntrinsics(config, rng.fork('intrinsics'));
  return plan.poses.map((T, k) => frameDraft(config, K, k, T, 'path', k / fps));
}

function planViews(config: Config, roomSize: Vec3, objects: ViewObject[], rng: Rng) {
  const plan = planMultiview(
    roomSize,
    objects,
    {
      views: rng.int(...config.multiview.views),
      height: rng.inRange(config.camera.eye_height),
      pitch: rng.inRange(config.camera.eye_pitch) * (Math.PI / 180),
    },
    rng.fork('plan'),
  );
  if (!plan) return null;
  const K = cameraIntrinsics(config, rng.fork('intrinsics'));
  return {
    frames: plan.poses.map((T, k) => frameDraft(config, K, k, T, 'eye', 0)),
    multiview: { setting: plan.setting, anchor: plan.anchor },
  };
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
