import {
  boxInFrameShare,
  cameraCenter,
  cameraPose,
  intrinsics,
  lookAt,
  project,
  projectedBoxArea,
} from './camera';
import type { Config } from './config';
import { fairDepthPair, MIN_AREA_RATIO, MIN_OFFSET } from './depth-pairs';
import {
  add,
  type BoxPose,
  boxCorners,
  footprint,
  headingOf,
  headingVector,
  pointInPolygon,
  rotateY,
  scale,
  sub,
  wrapAngle,
} from './geometry';
import type { Rng } from './rng';
import type { Frame, Mat3, Mat4, Motion, Pose, Support, Vec3 } from './schema';

/**
 * Camera planning. Static scenes get viewpoints in twin pairs: the same spot and heading seen from
 * eye level (or high, looking down) and from low (looking up), so `depth_order` items can pair a
 * view where the farther object looks higher with one where it looks lower. Dynamic scenes get a
 * camera path (forward, back, strafe, turn, orbit) or a still camera watching objects move.
 */

export interface ViewObject extends BoxPose {
  id: number;
  category: string;
  /** Its name tells it apart (only such objects are asked about). */
  referable: boolean;
  support: Support;
  /** Rests on another object or hangs on a wall or the ceiling. */
  raised: boolean;
}

export type FrameDraft = Omit<Frame, 'objects'>;

const CANDIDATES = 48;
const WALL_MARGIN = 0.3;
/** A person with a camera: about a shoulder's half-width from furniture. */
const OBJECT_CLEARANCE = 0.3;
/** Floor objects lower than this (rugs) are walked on. */
const FLAT = 0.05;
const deg = Math.PI / 180;

interface Viewpoint {
  position: [number, number];
  heading: number;
}

interface Ctx {
  config: Config;
  roomSize: Vec3;
  objects: ViewObject[];
  K: Mat3;
  width: number;
  height: number;
}

/** The intrinsics of a scene's cameras: the config's image size and a field of view drawn from its range. */
export function cameraIntrinsics(config: Config, rng: Rng): Mat3 {
  return intrinsics(config.image.width, config.image.height, rng.inRange(config.camera.hfov) * deg);
}

export function makeCtx(config: Config, roomSize: Vec3, objects: ViewObject[], rng: Rng): Ctx {
  const { width, height } = config.image;
  return { config, roomSize, objects, K: cameraIntrinsics(config, rng), width, height };
}

/** A frame before rendering (its annotations come from the renderer). */
export function frameDraft(
  config: Config,
  K: Mat3,
  index: number,
  T: Mat4,
  view: FrameDraft['view'],
  time: number,
  twin: number | null = null,
  poses: Record<string, Pose> = {},
): FrameDraft {
  const { width, height } = config.image;
  return { index, time, width, height, K, T_cam_world: T, poses, view, twin };
}

/** Ids of objects whose box centre projects inside the image (5% margin), 0.5–15 m in front. */
export function objectsInView(
  K: Mat3,
  T: Mat4,
  width: number,
  height: number,
  objects: readonly ViewObject[],
  poses?: Map<number, Pose>,
): number[] {
  const mx = 0.05 * width;
  const my = 0.05 * height;
  return objects
    .filter((o) => {
      const p = poses?.get(o.id)?.position ?? o.position;
      const [u, v, z] = project(K, T, p);
      return z > 0.5 && z < 15 && u > mx && u < width - mx && v > my && v < height - my;
    })
    .map((o) => o.id);
}

/**
 * Ids of objects the camera probably sees: in view (objectsInView) and the line from the camera to
 * their box centre not passing through another object's box (shrunk by a tenth: boxes are fuller
 * than the things in them; a thing's own supporter does not hide it, as a book stands inside its
 * shelf). A planning estimate only: what is asked about is decided on the rendered pixels.
 */
export function probablyVisible(
  K: Mat3,
  T: Mat4,
  width: number,
  height: number,
  objects: readonly ViewObject[],
): number[] {
  const eye = cameraCenter(T);
  const inView = new Set(objectsInView(K, T, width, height, objects));
  const sight = lineOfSight(objects);
  return objects
    .filter((o) => inView.has(o.id))
    .filter((o) => sight(eye, o, o.position))
    .map((o) => o.id);
}

/** Whether a point of an object can be seen from the eye: no other box (shrunk by 10%) and no surface it stands on is in the way. */
function lineOfSight(objects: readonly ViewObject[]): (eye: Vec3, o: ViewObject, point: Vec3) => boolean {
  const blockers = objects.filter((o) => o.size[1] >= 0.05);
  const byId = new Map(objects.map((o) => [o.id, o]));
  return (eye, o, point) =>
    !blockers.some((b) => b.id !== o.id && b.id !== o.support && segmentHitsBox(eye, point, b, 0.9)) &&
    !belowTheEdge(eye, o, point, byId);
}

/**
 * The share of five points of an object — its centre, and 30% of its width and height to either
 * side — that can be seen from the camera: a planning estimate of how little of it is hidden.
 */
function unhiddenShare(sight: ReturnType<typeof lineOfSight>, T: Mat4, o: ViewObject): number {
  const eye = cameraCenter(T);
  const side = rotateY([0.3 * o.size[0], 0, 0], o.yaw);
  const up: Vec3 = [0, 0.3 * o.size[1], 0];
  const points = [
    o.position,
    add(o.position, side),
    sub(o.position, side),
    add(o.position, up),
    sub(o.position, up),
  ];
  return points.filter((p) => sight(eye, o, p)).length / points.length;
}

/**
 * A point of a thing standing on a surface of another (a pillow on a bed, a mug on a table, a
 * book on a shelf), seen from below that surface: hidden when the line of sight crosses the
 * surface, taken as a 5 cm slab over the supporter's footprint.
 */
function belowTheEdge(eye: Vec3, o: ViewObject, point: Vec3, byId: ReadonlyMap<number, ViewObject>): boolean {
  const support = typeof o.support === 'number' ? byId.get(o.support) : undefined;
  const bottom = o.position[1] - o.size[1] / 2;
  if (!support || eye[1] >= bottom) return false;
  const slab: BoxPose = {
    position: [support.position[0], bottom - SLAB / 2, support.position[2]],
    size: [support.size[0], SLAB, support.size[2]],
    yaw: support.yaw,
  };
  return segmentHitsBox(eye, point, slab, 1);
}

/** Thickness of a surface as seen from below (a tabletop, a mattress, a shelf board), m. */
const SLAB = 0.05;

/** Does the segment a→b pass through the upright box (its size scaled by `shrink`)? Slab test in the box frame. */
function segmentHitsBox(a: Vec3, b: Vec3, box: BoxPose, shrink: number): boolean {
  const local = (p: Vec3) => rotateY(sub(p, box.position), -box.yaw);
  const [p, q] = [local(a), local(b)];
  let t0 = 0;
  let t1 = 1;
  for (let k = 0; k < 3; k++) {
    const h = (box.size[k] / 2) * shrink;
    const d = q[k] - p[k];
    if (Math.abs(d) < 1e-12) {
      if (Math.abs(p[k]) > h) return false;
      continue;
    }
    let [ta, tb] = [(-h - p[k]) / d, (h - p[k]) / d];
    if (ta > tb) [ta, tb] = [tb, ta];
    t0 = Math.max(t0, ta);
    t1 = Math.min(t1, tb);
    if (t0 > t1) return false;
  }
  return true;
}

/** A free spot: inside the room with a margin and clear of every floor object's footprint (one stands on rugs). */
export function freeSpot(ctx: Ctx, p: [number, number]): boolean {
  const [w, , d] = ctx.roomSize;
  if (Math.abs(p[0]) > w / 2 - WALL_MARGIN || Math.abs(p[1]) > d / 2 - WALL_MARGIN) return false;
  return !ctx.objects.some(
    (o) => !o.raised && o.size[1] > FLAT && pointInPolygon(p, footprint(o, OBJECT_CLEARANCE)),
  );
}

/**
 * A free spot and a heading: most often near the walls looking into the room, as people take
 * photographs of rooms; otherwise anywhere, aiming at an object or the middle of the room.
 */
function sampleViewpoint(ctx: Ctx, rng: Rng): Viewpoint | null {
  const [w, , d] = ctx.roomSize;
  for (let t = 0; t < 20; t++) {
    const edge = rng.bool(0.6);
    const p: [number, number] = edge
      ? alongTheWalls(w, d, rng)
      : [rng.range(-w / 2, w / 2), rng.range(-d / 2, d / 2)];
    if (!freeSpot(ctx, p)) continue;
    const target =
      !edge && rng.bool(0.7) && ctx.objects.length ? rng.pick(ctx.objects).position : ([0, 0, 0] as Vec3);
    const heading =
      headingOf([target[0] - p[0], 0, target[2] - p[1]]) + rng.range(edge ? -35 : -15, edge ? 35 : 15) * deg;
    return { position: p, heading };
  }
  return null;
}

/** Share of its sample points (unhiddenShare) an object a question will be about must show. */
const MIN_UNHIDDEN = 0.8;

/** Pair-aimed viewpoints per static scene, at most. */
const PAIR_CANDIDATES = 160;

/**
 * Viewpoints aimed at far-looks-up pairs: for two objects of one kind (fair, named apart), free
 * spots (on a 15 cm grid) 0.7–2.4 m from the one chosen as the nearer (close enough that the two centroids part
 * clearly in height), from where the two lie 10°–50° apart in bearing (so the nearer does not hide
 * the farther, and both fit the view), looking between them, and the farther no more than the
 * apparent-size rule allows beyond the nearer (its frontal size over its distance within 20% of
 * the nearer's, or larger). Random spots rarely line two such objects up; these give the planner's
 * score something to choose from.
 */
export function pairViewpoints(ctx: Ctx, rng: Rng): Viewpoint[] {
  const objs = ctx.objects.filter((o) => o.referable);
  const orders: [ViewObject, ViewObject][] = [];
  for (const a of objs) for (const b of objs) if (a !== b && fairDepthPair(a, b)) orders.push([a, b]);
  if (orders.length === 0) return [];
  const spots = freeGrid(ctx);
  const frontal = (o: ViewObject) => Math.sqrt(Math.max(o.size[0], o.size[2]) * o.size[1]);
  const out: Viewpoint[] = [];
  for (const [near, far] of rng.shuffle(orders)) {
    const around = spots.filter((p) => {
      const dist = Math.hypot(near.position[0] - p[0], near.position[2] - p[1]);
      return dist >= PAIR_NEAR[0] && dist <= PAIR_NEAR[1];
    });
    let found = 0;
    for (const p of rng.shuffle(around)) {
      const dist = Math.hypot(near.position[0] - p[0], near.position[2] - p[1]);
      const toNear = headingOf([near.position[0] - p[0], 0, near.position[2] - p[1]]);
      const toFar = headingOf([far.position[0] - p[0], 0, far.position[2] - p[1]]);
      const apart = Math.abs(wrapAngle(toFar - toNear));
      const farDist = Math.hypot(far.position[0] - p[0], far.position[2] - p[1]);
      const looks = (frontal(far) / farDist / (frontal(near) / dist)) ** 2;
      if (farDist < dist + 0.3 || looks < MIN_AREA_RATIO || apart < 10 * deg || apart > 50 * deg) continue;
      out.push({ position: p, heading: toNear + wrapAngle(toFar - toNear) / 2 });
      if (++found >= PER_PAIR || out.length >= PAIR_CANDIDATES) break;
    }
    if (out.length >= PAIR_CANDIDATES) break;
  }
  return out;
}

/** How far from the nearer object of a pair its viewpoints stand, m. */
const PAIR_NEAR = [0.7, 2.4] as const;
/** Viewpoints per ordered pair, at most, so that many pairs get a chance. */
const PER_PAIR = 6;
/** Spacing of the grid of free spots pair viewpoints are drawn from, m. */
const GRID_STEP = 0.15;

/** Free spots on a regular grid over the floor, row by row. */
function freeGrid(ctx: Ctx): [number, number][] {
  const [w, , d] = ctx.roomSize;
  const out: [number, number][] = [];
  for (let z = -d / 2 + GRID_STEP / 2; z < d / 2; z += GRID_STEP)
    for (let x = -w / 2 + GRID_STEP / 2; x < w / 2; x += GRID_STEP)
      if (freeSpot(ctx, [x, z])) out.push([x, z]);
  return out;
}

/** A point 0.5–1.3 m in from a random wall. */
function alongTheWalls(w: number, d: number, rng: Rng): [number, number] {
  const inset = rng.range(0.5, 1.3);
  const side = rng.int(0, 3);
  if (side < 2) return [rng.range(-w / 2, w / 2), (side === 0 ? -1 : 1) * (d / 2 - inset)];
  return [(side === 2 ? -1 : 1) * (w / 2 - inset), rng.range(-d / 2, d / 2)];
}

export function poseAt(vp: Viewpoint, height: number, pitch: number): Mat4 {
  return cameraPose([vp.position[0], height, vp.position[1]], vp.heading, pitch);
}

function draft(
  ctx: Ctx,
  index: number,
  T: Mat4,
  view: FrameDraft['view'],
  twin: number | null,
  time = 0,
): FrameDraft {
  return frameDraft(ctx.config, ctx.K, index, T, view, time, twin);
}

/** Static scenes: twin pairs (upper, low) at the best of several sampled viewpoints, then a lone eye view if odd. */
export function planStaticFrames(
  config: Config,
  roomSize: Vec3,
  objects: ViewObject[],
  rng: Rng,
): FrameDraft[] {
  const ctx = makeCtx(config, roomSize, objects, rng.fork('intrinsics'));
  const cam = config.camera;
  const frames: FrameDraft[] = [];
  const pairs = Math.floor(config.frames / 2);
  const flipped = new Set<string>();
  for (let k = 0; k < pairs; k++) {
    const r = rng.fork('pair', k);
    const high = r.bool(cam.high_fraction);
    const upperH = r.inRange(high ? cam.high_height : cam.eye_height);
    const upperPitch = r.inRange(high ? cam.high_pitch : cam.eye_pitch) * deg;
    const lowH = r.inRange(cam.low_height);
    const lowPitch = r.inRange(cam.low_pitch) * deg;
    // The best spot shows many objects from both heights and, above all, pairs whose image order
    // flips, other than those an earlier twin flips already.
    const potential = (v: Viewpoint) => {
      const upper = poseAt(v, upperH, upperPitch);
      const lower = poseAt(v, lowH, lowPitch);
      const a = probablyVisible(ctx.K, upper, ctx.width, ctx.height, objects);
      const b = new Set(probablyVisible(ctx.K, lower, ctx.width, ctx.height, objects));
      const both = objects.filter((o) => b.has(o.id) && a.includes(o.id));
      return { both, ...pairPotential(ctx, upper, lower, both, flipped) };
    };
    const vp = bestViewpoint(
      ctx,
      r,
      (v) => {
        const { both, flips, pairs } = potential(v);
        return both.length + 2 * Math.min(pairs, 4) + 6 * Math.min(flips.length, 3);
      },
      pairViewpoints(ctx, r.fork('pairs')),
    );
    for (const key of potential(vp).flips) flipped.add(key);
    const i = frames.length;
    frames.push(draft(ctx, i, poseAt(vp, upperH, upperPitch), high ? 'high' : 'eye', i + 1));
    frames.push(draft(ctx, i + 1, poseAt(vp, lowH, lowPitch), 'low', i));
  }
  if (config.frames % 2 === 1) {
    const r = rng.fork('single');
    const h = r.inRange(cam.eye_height);
    const pitch = r.inRange(cam.eye_pitch) * deg;
    const vp = bestViewpoint(
      ctx,
      r,
      (v) => probablyVisible(ctx.K, poseAt(v, h, pitch), ctx.width, ctx.height, objects).length,
    );
    frames.push(draft(ctx, frames.length, poseAt(vp, h, pitch), 'eye', null));
  }
  return frames;
}

/**
 * Fair pairs (see depth-pairs.ts) of objects with names that tell them apart, each large enough in
 * both views to be asked about (its box covering four times the pixels a question needs: boxes
 * cover more than the objects in them), whose box centres lie clearly apart in depth: the pairs
 * the twins could ask about; and of those, the ones whose vertical order swaps between the two
 * views by at least 2% of the image height each, the farther not looking much smaller: the
 * far-looks-up pairs these twins would likely give once rendered (as "id-id" keys, less `skip`).
 */
export function pairPotential(
  ctx: Ctx,
  upper: Mat4,
  lower: Mat4,
  objects: ViewObject[],
  skip: ReadonlySet<string> = new Set(),
): { flips: string[]; pairs: number } {
  const at = (T: Mat4) => objects.map((o) => project(ctx.K, T, o.position));
  const [pu, pl] = [at(upper), at(lower)];
  const corners = objects.map((o) => boxCorners(o));
  const area = (T: Mat4) => corners.map((c) => projectedBoxArea(ctx.K, T, c));
  const [au, al] = [area(upper), area(lower)];
  // The farther one must not look much smaller (depth-order's apparent-size rule).
  const sizeFair = (p: [number, number, number][], a: number[], i: number, j: number) =>
    p[i][2] < p[j][2] ? a[j] >= a[i] * MIN_AREA_RATIO : a[i] >= a[j] * MIN_AREA_RATIO;
  const minDv = MIN_OFFSET * ctx.height;
  const minArea = 4 * ctx.config.tasks.min_visible_px;
  // Clear in both views, as the task will require of the rendered pixels: mostly in frame and
  // mostly unhidden (estimated once per object, when a pair needs it).
  const sight = lineOfSight(ctx.objects);
  const clearCache = new Map<number, boolean>();
  const clear = (k: number) => {
    const o = objects[k];
    if (!clearCache.has(k)) {
      const inFrame = (T: Mat4) =>
        boxInFrameShare(ctx.K, T, ctx.width, ctx.height, corners[k]) >=
        ctx.config.tasks.min_in_frame_fraction;
      const seen = (T: Mat4) => unhiddenShare(sight, T, o) >= MIN_UNHIDDEN;
      clearCache.set(k, inFrame(upper) && inFrame(lower) && seen(upper) && seen(lower));
    }
    return clearCache.get(k)!;
  };
  const flips: string[] = [];
  let pairs = 0;
  for (let i = 0; i < objects.length; i++)
    for (let j = i + 1; j < objects.length; j++) {
      if (!objects[i].referable || !objects[j].referable || !fairDepthPair(objects[i], objects[j])) continue;
      if (Math.min(au[i], au[j], al[i], al[j]) < minArea) continue;
      const apart = (z1: number, z2: number) => Math.abs(z1 - z2) >= Math.max(0.3, 0.1 * Math.max(z1, z2));
      if (!apart(pu[i][2], pu[j][2]) || !apart(pl[i][2], pl[j][2])) continue;
      pairs++;
      const du = pu[i][1] - pu[j][1];
      const dl = pl[i][1] - pl[j][1];
      if (!sizeFair(pu, au, i, j) || !sizeFair(pl, al, i, j)) continue;
      const key = `${objects[i].id}-${objects[j].id}`;
      if (Math.sign(du) === Math.sign(dl) || Math.abs(du) < minDv || Math.abs(dl) < minDv || skip.has(key))
        continue;
      if (clear(i) && clear(j)) flips.push(key);
    }
  return { flips, pairs };
}

function bestViewpoint(
  ctx: Ctx,
  rng: Rng,
  score: (v: Viewpoint) => number,
  extra: readonly Viewpoint[] = [],
): Viewpoint {
  let best: Viewpoint | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  const sampled = Array.from({ length: CANDIDATES }, () => sampleViewpoint(ctx, rng));
  for (const vp of [...sampled, ...extra]) {
    if (!vp) continue;
    const s = score(vp);
    if (s > bestScore) {
      best = vp;
      bestScore = s;
    }
  }
  // No free spot turned up in a room this full: stand by the middle of the z− wall, looking in.
  return best ?? { position: [0, -ctx.roomSize[2] / 2 + WALL_MARGIN], heading: 0 };
}

export type CameraPath = NonNullable<Motion['camera']>;
const PATHS: CameraPath[] = [
  'forward',
  'backward',
  'strafe_left',
  'strafe_right',
  'turn_left',
  'turn_right',
  'orbit',
];

/**
 * Dynamic scene with a moving camera: an eye-level start and a path whose every frame stays at a
 * free spot. Returns null when no path kind fits from any sampled start.
 */
export function planCameraPath(
  config: Config,
  roomSize: Vec3,
  objects: ViewObject[],
  rng: Rng,
): { frames: FrameDraft[]; path: CameraPath } | null {
  const ctx = makeCtx(config, roomSize, objects, rng.fork('intrinsics'));
  const n = config.frames;
  const h = rng.inRange(config.camera.eye_height);
  const pitch = rng.inRange(config.camera.eye_pitch) * deg;
  // The drawn kind first, tried from many starts (a path backwards needs room behind the camera),
  // then the others: every kind stays about equally common.
  const drawn = rng.fork('kind').pick(PATHS);
  const kinds = [drawn, ...rng.fork('fallbacks').shuffle(PATHS.filter((p) => p !== drawn))];
  const seen = (T: Mat4) => objectsInView(ctx.K, T, ctx.width, ctx.height, objects).length;
  for (const path of kinds) {
    let best: { poses: Mat4[]; score: number } | null = null;
    for (let c = 0; c < CANDIDATES; c++) {
      const r = rng.fork(path, c);
      const start = sampleViewpoint(ctx, r);
      const poses = start && pathPoses(ctx, start, path, h, pitch, n, r);
      if (!poses) continue;
      const score = seen(poses[0]) + seen(poses[poses.length - 1]);
      if (!best || score > best.score) best = { poses, score };
    }
    if (best) {
      const frames = best.poses.map((T, k) => draft(ctx, k, T, 'path', null, k * config.frame_interval));
      return { frames, path };
    }
  }
  return null;
}

function pathPoses(
  ctx: Ctx,
  start: Viewpoint,
  path: CameraPath,
  h: number,
  pitch: number,
  n: number,
  rng: Rng,
): Mat4[] | null {
  const fwd = headingVector(start.heading);
  const left = rotateY(fwd, Math.PI / 2);
  const at = (k: number) => (n === 1 ? 0 : k / (n - 1));
  const origin: Vec3 = [start.position[0], h, start.position[1]];
  const spots: { center: Vec3; heading: number }[] = [];
  if (path === 'forward' || path === 'backward' || path === 'strafe_left' || path === 'strafe_right') {
    const dist = rng.range(path.startsWith('strafe') ? 0.5 : 0.6, path.startsWith('strafe') ? 1.5 : 2.0);
    const dir = { forward: fwd, backward: scale(fwd, -1), strafe_left: left, strafe_right: scale(left, -1) }[
      path
    ];
    for (let k = 0; k < n; k++)
      spots.push({ center: add(origin, scale(dir, dist * at(k))), heading: start.heading });
  } else if (path === 'turn_left' || path === 'turn_right') {
    const angle = rng.range(30, 90) * deg * (path === 'turn_left' ? 1 : -1);
    for (let k = 0; k < n; k++) spots.push({ center: origin, heading: start.heading + angle * at(k) });
  } else {
    // Orbit about a point ahead at the same height, keeping it in the middle of the view.
    const radius = rng.range(1.5, 3);
    const pivot = add(origin, scale(fwd, radius));
    const angle = rng.range(20, 45) * deg * (rng.bool() ? 1 : -1);
    for (let k = 0; k < n; k++) {
      const a = angle * at(k);
      const center = add(pivot, rotateY(sub(origin, pivot), a));
      spots.push({ center, heading: headingOf(sub(pivot, center)) });
    }
  }
  if (!spots.every((s) => freeSpot(ctx, [s.center[0], s.center[2]]))) return null;
  return spots.map((s) => cameraPose(s.center, s.heading, pitch));
}

/**
 * Dynamic scene with moving objects: one still eye-level camera that sees every moving object both
 * where it starts and where it ends. Returns null when no sampled viewpoint does.
 */
export function planWatchingCamera(
  config: Config,
  roomSize: Vec3,
  objects: ViewObject[],
  endPoses: Map<number, Pose>,
  movers: number[],
  rng: Rng,
): FrameDraft[] | null {
  const ctx = makeCtx(config, roomSize, objects, rng.fork('intrinsics'));
  const h = rng.inRange(config.camera.eye_height);
  const pitch = rng.inRange(config.camera.eye_pitch) * deg;
  for (let c = 0; c < CANDIDATES * 2; c++) {
    const vp = sampleViewpoint(ctx, rng);
    if (!vp) continue;
    // Look at the middle of the movers' start and end points.
    const pts = movers.flatMap((id) => [
      objects.find((o) => o.id === id)!.position,
      endPoses.get(id)!.position,
    ]);
    const mid = scale(
      pts.reduce((a, b) => add(a, b), [0, 0, 0] as Vec3),
      1 / pts.length,
    );
    const eye: Vec3 = [vp.position[0], h, vp.position[1]];
    const T = lookAt(eye, [mid[0], mid[1] + Math.tan(pitch) * 0.5, mid[2]]);
    const movers0 = objects.filter((o) => movers.includes(o.id));
    const seenStart = objectsInView(ctx.K, T, ctx.width, ctx.height, movers0);
    const seenEnd = objectsInView(ctx.K, T, ctx.width, ctx.height, movers0, endPoses);
    const dist = Math.hypot(mid[0] - eye[0], mid[2] - eye[2]);
    // Mostly unhidden where they start and where they end (with everything else where it ends).
    const atEnd = objects.map((o) => ({ ...o, ...(endPoses.get(o.id) ?? {}) }));
    const unhidden = (all: ViewObject[]) =>
      all
        .filter((o) => movers.includes(o.id))
        .every((o) => unhiddenShare(lineOfSight(all), T, o) >= MIN_UNHIDDEN);
    if (
      seenStart.length === movers.length &&
      seenEnd.length === movers.length &&
      dist > 1.2 &&
      unhidden(objects) &&
      unhidden(atEnd)
    ) {
      return Array.from({ length: config.frames }, (_, k) =>
        draft(ctx, k, T, 'path', null, k * config.frame_interval),
      );
    }
  }
  return null;
}
