import {
  boxInFrameShare,
  cameraCenter,
  cameraPose,
  intrinsics,
  lookAt,
  project,
  projectedBox,
  projectedBoxArea,
} from './camera';
import type { Config } from './config';
import {
  fairDepthPair,
  looksAlike,
  MAX_AREA_RATIO,
  MIN_AREA_RATIO,
  MIN_OFFSET,
  type SizeClass,
  sizeClass,
} from './depth-pairs';
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
import { partBoxes, type RasterObject, type RasterOptions, type RasterStats, rasterize } from './raster';
import type { Rng } from './rng';
import type { Frame, Mat3, Mat4, Motion, Pose, Support, Vec3 } from './schema';

/**
 * Camera planning. Static scenes get viewpoints in twin pairs: the same spot and heading seen from
 * eye level (or high, looking down) and from low (looking up), so `depth_order` items can pair a
 * view where the farther object looks higher with one where it looks lower. Dynamic scenes get a
 * camera path (forward, back, strafe, turn, orbit) or a still camera watching objects move.
 */

export interface ViewObject extends RasterObject {
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
  /** Each object's part boxes for the raster, made on first use (partsOf). */
  parts?: Vec3[][][];
  /** Each object's box corners, made on first use (cornersOf). */
  corners?: Vec3[][];
  /** Line of sight among the scene's objects, made on first use (sightOf). */
  sight?: Sight;
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
type Sight = (eye: Vec3, o: ViewObject, point: Vec3) => boolean;

function lineOfSight(objects: readonly ViewObject[]): Sight {
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
function unhiddenShare(sight: Sight, T: Mat4, o: ViewObject): number {
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

/**
 * Viewpoints aimed at far-looks-up pairs: for two objects of one kind (fair, named apart), free
 * spots (on a 15 cm grid) 0.6–4.5 m from the one chosen as the nearer, from where the two lie 2°–56°
 * apart in bearing (so that both fit the view), looking between them, where this twin set's poses
 * (`twin`) flip their image order: first by their boxes (roughFlip), then on a coarse rendering
 * around the two (pairViews), which also tells whether the nearer hides the other. Random spots
 * rarely line two such objects up: the window is narrow (the farther at least 10% farther, yet
 * looking at most 20% smaller, and the line through the two passing between the camera heights).
 */
export function pairViewpoints(ctx: Ctx, rng: Rng, twin: (v: Viewpoint) => [Mat4, Mat4]): Viewpoint[] {
  const objs = ctx.objects.filter((o) => o.referable);
  const orders: [ViewObject, ViewObject][] = [];
  for (const a of objs) for (const b of objs) if (a !== b && fairDepthPair(a, b)) orders.push([a, b]);
  if (orders.length === 0) return [];
  const spots = freeGrid(ctx);
  const out: Viewpoint[] = [];
  for (const [near, far] of rng.shuffle(orders)) {
    let found = 0;
    let tries = 0;
    for (const p of rng.shuffle(spots)) {
      const dist = Math.hypot(near.position[0] - p[0], near.position[2] - p[1]);
      const farDist = Math.hypot(far.position[0] - p[0], far.position[2] - p[1]);
      if (dist < PAIR_NEAR[0] || dist > PAIR_NEAR[1] || farDist < 1.05 * dist) continue;
      const toNear = headingOf([near.position[0] - p[0], 0, near.position[2] - p[1]]);
      const toFar = headingOf([far.position[0] - p[0], 0, far.position[2] - p[1]]);
      const apart = Math.abs(wrapAngle(toFar - toNear));
      if (apart < 2 * deg || apart > 56 * deg) continue;
      const v = { position: p, heading: toNear + wrapAngle(toFar - toNear) / 2 };
      if (!roughFlip(ctx, ...twin(v), near, far)) continue;
      if (++tries > PAIR_TRIES) break;
      if (!pixelPair(ctx, pairViews(ctx, ...twin(v), near, far), near, far).slack) continue;
      out.push(v);
      if (++found >= PER_PAIR || out.length >= PAIR_CANDIDATES) break;
    }
    if (out.length >= PAIR_CANDIDATES) break;
  }
  return out;
}

/** Pair-aimed viewpoints per height draw, at most (each is judged on the raster). */
const PAIR_CANDIDATES = 32;
/** How far from the nearer object of a pair its viewpoints stand, m. */
const PAIR_NEAR = [0.6, 4.5] as const;
/** Viewpoints per ordered pair, at most, so that many pairs get a chance. */
const PER_PAIR = 3;
/** Spots per ordered pair judged on the raster, at most. */
const PAIR_TRIES = 8;
/** Spacing of the grid of free spots pair viewpoints are drawn from, m. */
const GRID_STEP = 0.15;

/**
 * Whether two objects might flip between the twin poses, judged loosely on their boxes, a quick
 * filter before the raster judges (pixelPair): in front of both cameras, the box centres' depths
 * nearly clearly apart (ROUGH.depth of the gap depth_order needs) and the vertical order of the
 * centres swapping by most of the offset it needs (ROUGH.offset), box areas of a question's worth
 * of pixels and the farther's nearly as large as the apparent-size rule asks (ROUGH.area), and each
 * box mostly in frame (ROUGH.frame). Whether either is hidden is left to the raster.
 */
function roughFlip(ctx: Ctx, upper: Mat4, lower: Mat4, near: ViewObject, far: ViewObject): boolean {
  let sign = 0;
  for (const T of [upper, lower]) {
    const [pn, pf] = [project(ctx.K, T, near.position), project(ctx.K, T, far.position)];
    if (pn[2] < 0.3 || pf[2] < pn[2] || !depthApart(pn[2], pf[2], ROUGH.depth)) return false;
    const dv = (pn[1] - pf[1]) / ctx.height;
    if (Math.abs(dv) < MIN_OFFSET * ROUGH.offset || Math.sign(dv) === sign) return false;
    sign = Math.sign(dv);
  }
  const [cn, cf] = [cornersOf(ctx, near), cornersOf(ctx, far)];
  for (const T of [upper, lower]) {
    const [an, af] = [projectedBoxArea(ctx.K, T, cn), projectedBoxArea(ctx.K, T, cf)];
    if (Math.min(an, af) < ctx.config.tasks.min_visible_px) return false;
    if (!looksAlike(an, af, ROUGH.area)) return false;
    const share = (c: Vec3[]) => boxInFrameShare(ctx.K, T, ctx.width, ctx.height, c);
    if (share(cn) < ROUGH.frame || share(cf) < ROUGH.frame) return false;
  }
  return true;
}

/**
 * roughFlip's shares of what depth_order and the planner ask. Boxes only roughly stand for pixels
 * (a box's centre is not its object's visible centroid, nor its area the object's), so the filter
 * is loose: tighter shares (offset 0.75, area 0.8, a line-of-sight check) turned away a third of the
 * pairs the raster passes.
 */
const ROUGH = { depth: 0.9, offset: 0.4, area: 0.5, frame: 0.6 };

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

/** Draws of heights and pitches per twin set (a pair flips between some heights and not others). */
const TWIN_DRAWS = 2;
/** Sampled viewpoints per draw also judged on the raster: the best by the box estimate. */
const RASTER_SAMPLED = 12;
/** What a pair the raster expects to flip adds to a viewpoint's score (an object seen from both heights adds 1). */
const FLIP_WEIGHT = 12;
/**
 * What flips are worth, each by its chance to pass on the rendered pixels: a pair the raster
 * passes by a hair (slack 1) counts SLACK_FLOOR, one with SLACK_FULL of slack or more counts 1.
 */
function worth(flips: readonly Flip[]): number {
  const each = (f: Flip) => SLACK_FLOOR + (1 - SLACK_FLOOR) * Math.min(1, (f.slack - 1) / (SLACK_FULL - 1));
  return flips.reduce((sum, f) => sum + each(f), 0);
}
/**
 * The apparent-size class (depth-pairs.ts) rooms offer least: the nearer object looks larger in the
 * consistent twin only (about a tenth of the pairs the planner finds, against about a third each
 * for "both" and "neither"). Preferring it where a twin set has the choice brings "the larger one
 * in the image is closer" to about half on both roles (on 300 still scenes of three seeds, the
 * planner's expected pairs: 54% consistent and 48% counter, against 46% and 53% without it).
 */
const RARE_CLASS: SizeClass = 'consistent';
/** What a flipping pair of RARE_CLASS adds to a viewpoint's score. */
const CLASS_WEIGHT = 6;
const SLACK_FLOOR = 0.65;
const SLACK_FULL = 1.3;

/**
 * Static scenes: twin pairs (upper, low), then a lone eye view if odd. Each twin set has its
 * options (twinOptions: viewpoints for a few draws of heights and pitches from the config's
 * ranges), scored by the objects seen from both heights, the pairs the twins could ask about and,
 * above all, the far-looks-up pairs a coarse rendering (sim/raster.ts) expects to flip that no
 * earlier twin set flips (weighed by worth, counting what the next set can still add, and those
 * of the rarest apparent-size class a little more).
 */
export function planStaticFrames(
  config: Config,
  roomSize: Vec3,
  objects: ViewObject[],
  rng: Rng,
): FrameDraft[] {
  const ctx = makeCtx(config, roomSize, objects, rng.fork('intrinsics'));
  const cam = config.camera;
  const frames: FrameDraft[] = [];
  const sets = Array.from({ length: Math.floor(config.frames / 2) }, (_, k) => {
    const r = rng.fork('pair', k);
    const high = r.bool(cam.high_fraction);
    return { high, options: twinOptions(ctx, r, high) };
  });
  // Each twin set in turn takes the option worth most together with the best the next set can
  // still add (so that two sets flip two different pairs where the room allows), preferring pairs
  // of the rarest apparent-size class.
  const flipped = new Set<string>();
  for (const [k, set] of sets.entries()) {
    const next = sets[k + 1]?.options ?? [];
    let best = set.options[0];
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const o of set.options) {
      const fresh = newFlips(o.flips, flipped);
      const then = new Set([...flipped, ...fresh.map((f) => f.key)]);
      const ahead = Math.max(0, ...next.map((n) => worth(newFlips(n.flips, then))));
      const rare = fresh.filter((f) => f.larger === RARE_CLASS).length;
      const value = o.base + FLIP_WEIGHT * (worth(fresh) + ahead) + CLASS_WEIGHT * rare;
      if (value > bestValue) [best, bestValue] = [o, value];
    }
    for (const flip of newFlips(best.flips, flipped)) flipped.add(flip.key);
    const i = frames.length;
    frames.push(draft(ctx, i, best.twin[0], set.high ? 'high' : 'eye', i + 1));
    frames.push(draft(ctx, i + 1, best.twin[1], 'low', i));
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

/** A viewpoint a twin set may take: its two poses, what it shows, and the pairs expected to flip. */
interface TwinOption {
  twin: [Mat4, Mat4];
  /** Objects seen from both heights, plus 2 per pair the twins could ask about (up to 4). */
  base: number;
  /** The pairs pixelFlips expects to flip. */
  flips: Flip[];
}

/**
 * A twin set's options: for each of TWIN_DRAWS draws of heights and pitches, the best sampled
 * viewpoints by the box estimate (RASTER_SAMPLED) and the viewpoints aimed at pairs, each judged on
 * the raster.
 */
function twinOptions(ctx: Ctx, r: Rng, high: boolean): TwinOption[] {
  const cam = ctx.config.camera;
  const objects = ctx.objects;
  const out: TwinOption[] = [];
  for (let t = 0; t < TWIN_DRAWS; t++) {
    const d = r.fork('draw', t);
    const upperH = d.inRange(high ? cam.high_height : cam.eye_height);
    const upperPitch = d.inRange(high ? cam.high_pitch : cam.eye_pitch) * deg;
    const lowH = d.inRange(cam.low_height);
    const lowPitch = d.inRange(cam.low_pitch) * deg;
    const twin = (v: Viewpoint): [Mat4, Mat4] => [poseAt(v, upperH, upperPitch), poseAt(v, lowH, lowPitch)];
    const coarse = (v: Viewpoint) => {
      const [upper, lower] = twin(v);
      const a = new Set(probablyVisible(ctx.K, upper, ctx.width, ctx.height, objects));
      const b = new Set(probablyVisible(ctx.K, lower, ctx.width, ctx.height, objects));
      const seen = objects.filter((o) => a.has(o.id) && b.has(o.id));
      return { v, seen: seen.length, ...pairPotential(ctx, upper, lower, seen) };
    };
    const sampled = Array.from({ length: CANDIDATES }, () => sampleViewpoint(ctx, d))
      .filter((v): v is Viewpoint => v !== null)
      .map(coarse)
      .map((c) => ({ ...c, rank: c.seen + 2 * Math.min(c.pairs, 4) + 6 * Math.min(c.flips.length, 3) }))
      .sort((x, y) => y.rank - x.rank)
      .slice(0, RASTER_SAMPLED);
    const aimed = pairViewpoints(ctx, d.fork('pairs'), twin).map(coarse);
    for (const c of [...sampled, ...aimed]) {
      const poses = twin(c.v);
      out.push({ twin: poses, base: c.seen + 2 * Math.min(c.pairs, 4), flips: pixelFlips(ctx, ...poses) });
    }
    // No free spot turned up in a room this full: stand by the middle of the z− wall, looking in.
    if (t === 0 && out.length === 0)
      out.push({
        twin: twin({ position: [0, -ctx.roomSize[2] / 2 + WALL_MARGIN], heading: 0 }),
        base: 0,
        flips: [],
      });
  }
  return out;
}

/**
 * Of `flips`, those depth_order could ask about besides `used`: not in `used`, no object in two of
 * them (taken in order), at most 3.
 */
function newFlips(flips: readonly Flip[], used: ReadonlySet<string>): Flip[] {
  const ids = new Set<string>();
  const out: Flip[] = [];
  for (const flip of flips) {
    const [a, b] = flip.key.split('-');
    if (used.has(flip.key) || ids.has(a) || ids.has(b) || out.length >= 3) continue;
    ids.add(a);
    ids.add(b);
    out.push(flip);
  }
  return out;
}

/**
 * Fair pairs (see depth-pairs.ts) of objects with names that tell them apart, each large enough in
 * both views to be asked about, whose box centres lie clearly apart in depth: the pairs the twins
 * could ask about; and of those, the ones whose box centres swap their vertical order between the
 * views by at least 2% of the image height each, the farther box not looking much smaller and
 * both mostly in frame and unhidden: a quick estimate of the far-looks-up pairs (as "id-id" keys),
 * used to rank sampled viewpoints before the raster judges the best of them.
 */
export function pairPotential(
  ctx: Ctx,
  upper: Mat4,
  lower: Mat4,
  objects: ViewObject[],
): { flips: string[]; pairs: number } {
  const at = (T: Mat4) => objects.map((o) => project(ctx.K, T, o.position));
  const [pu, pl] = [at(upper), at(lower)];
  const corners = objects.map((o) => cornersOf(ctx, o));
  const area = (T: Mat4) => corners.map((c) => projectedBoxArea(ctx.K, T, c));
  const [au, al] = [area(upper), area(lower)];
  // The two must look about as large (depth-order's apparent-size rule).
  const sizeFair = (p: [number, number, number][], a: number[], i: number, j: number) =>
    p[i][2] < p[j][2] ? looksAlike(a[i], a[j]) : looksAlike(a[j], a[i]);
  const minDv = MIN_OFFSET * ctx.height;
  const minArea = 4 * ctx.config.tasks.min_visible_px;
  // Clear in both views, as the task will require of the rendered pixels: mostly in frame and
  // mostly unhidden (estimated once per object, when a pair needs it).
  const sight = sightOf(ctx);
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
      if (!depthApart(pu[i][2], pu[j][2]) || !depthApart(pl[i][2], pl[j][2])) continue;
      pairs++;
      const du = pu[i][1] - pu[j][1];
      const dl = pl[i][1] - pl[j][1];
      if (!sizeFair(pu, au, i, j) || !sizeFair(pl, al, i, j)) continue;
      const key = pairKey(objects[i], objects[j]);
      if (Math.sign(du) === Math.sign(dl) || Math.abs(du) < minDv || Math.abs(dl) < minDv) continue;
      if (clear(i) && clear(j)) flips.push(key);
    }
  return { flips, pairs };
}

/** Depths far enough apart for depth_order (tasks/spatial.ts clearlyApart: ≥ 0.3 m and ≥ 10%), times `margin`. */
function depthApart(z1: number, z2: number, margin = 1): boolean {
  return Math.abs(z1 - z2) >= margin * Math.max(0.3, 0.1 * Math.max(z1, z2));
}

/** A pair's key, the same in either order. */
function pairKey(a: { id: number }, b: { id: number }): string {
  return a.id < b.id ? `${a.id}-${b.id}` : `${b.id}-${a.id}`;
}

/** The objects' part boxes, made once per scene. */
function partsOf(ctx: Ctx): Vec3[][][] {
  ctx.parts ??= ctx.objects.map(partBoxes);
  return ctx.parts;
}

/** The box corners of one of the scene's objects (all of them, without `o`), made once per scene. */
function cornersOf(ctx: Ctx): Vec3[][];
function cornersOf(ctx: Ctx, o: ViewObject): Vec3[];
function cornersOf(ctx: Ctx, o?: ViewObject): Vec3[][] | Vec3[] {
  ctx.corners ??= ctx.objects.map(boxCorners);
  return o ? ctx.corners[ctx.objects.indexOf(o)] : ctx.corners;
}

/** Line of sight among the scene's objects, made once per scene. */
function sightOf(ctx: Ctx): Sight {
  ctx.sight ??= lineOfSight(ctx.objects);
  return ctx.sight;
}

/** A pair expected to flip, how clearly (pixelPair's slack, ≥ 1), and its apparent-size class. */
export interface Flip {
  key: string;
  slack: number;
  larger: SizeClass;
}

/** A view's coarse rendering: each object's stats, and its box's share inside the image. */
interface PixelView {
  px: Map<number, RasterStats>;
  inFrame: (o: ViewObject) => number;
}

/** A twin set's two coarse renderings, each made when first asked for. */
type PixelViews = readonly [() => PixelView, () => PixelView];

/**
 * The coarse rendering of a view (of `window` only, when given; with the stats of the `focus`
 * objects only, when given).
 */
function pixelView(
  ctx: Ctx,
  T: Mat4,
  window?: RasterOptions['window'],
  focus?: readonly number[],
): PixelView {
  const px = rasterize(ctx.K, T, ctx.width, ctx.height, ctx.objects, {
    boxes: partsOf(ctx),
    corners: cornersOf(ctx),
    window,
    focus,
  });
  const shares = new Map<number, number>();
  const inFrame = (o: ViewObject) => {
    if (!shares.has(o.id))
      shares.set(o.id, boxInFrameShare(ctx.K, T, ctx.width, ctx.height, cornersOf(ctx, o)));
    return shares.get(o.id)!;
  };
  return { px, inFrame };
}

/**
 * The far-looks-up pairs (keyed "id-id") that the twins at `upper` and
 * `lower` would give, judged on a coarse rendering of both (sim/raster.ts) by pixelPair. Only
 * pairs that pass the loose check on their boxes (roughFlip) are rendered: most viewpoints have
 * none, and then cost no rendering at all.
 */
export function pixelFlips(ctx: Ctx, upper: Mat4, lower: Mat4): Flip[] {
  const objs = ctx.objects.filter((o) => o.referable);
  const candidates: [ViewObject, ViewObject][] = [];
  for (let i = 0; i < objs.length; i++)
    for (let j = i + 1; j < objs.length; j++) {
      const [a, b] = [objs[i], objs[j]];
      if (!fairDepthPair(a, b)) continue;
      const nearer = project(ctx.K, upper, a.position)[2] <= project(ctx.K, upper, b.position)[2];
      const [near, far] = nearer ? [a, b] : [b, a];
      if (roughFlip(ctx, upper, lower, near, far)) candidates.push([near, far]);
    }
  // A rendering of the whole of each view serves several pairs; one of the part around a pair
  // costs a fraction of it.
  let whole: PixelViews | null = null;
  if (candidates.length > 1) {
    const views = [pixelView(ctx, upper), pixelView(ctx, lower)];
    whole = [() => views[0], () => views[1]];
  }
  const flips: Flip[] = [];
  for (const [a, b] of candidates) {
    const judged = pixelPair(ctx, whole ?? pairViews(ctx, upper, lower, a, b), a, b);
    if (judged.slack) flips.push({ key: pairKey(a, b), ...judged });
  }
  return flips;
}

/** Coarse renderings of the part of each twin around two objects (their boxes' projections). */
function pairViews(ctx: Ctx, upper: Mat4, lower: Mat4, a: ViewObject, b: ViewObject): PixelViews {
  const view = (T: Mat4) => () => {
    const hull = [...projectedBox(ctx.K, T, cornersOf(ctx, a)), ...projectedBox(ctx.K, T, cornersOf(ctx, b))];
    const [us, vs] = [hull.map((p) => p[0]), hull.map((p) => p[1])];
    const window = [Math.min(...us), Math.min(...vs), Math.max(...us), Math.max(...vs)] as const;
    return pixelView(ctx, T, window, [a.id, b.id]);
  };
  return [view(upper), view(lower)];
}

/**
 * The judgement of tasks/depth-order.ts, with its thresholds, on two views' coarse renderings:
 * the two objects clear in both (enough pixels, mostly unhidden, mostly in frame by their box),
 * their depth medians clearly apart with the same one closer in both, the farther's visible
 * centroid higher in one view and lower in the other by at least 2% of the image height, and the
 * farther not looking much smaller. Gives the pair's slack — the smallest of the measures over
 * their thresholds, ≥ 1, or 0 when a rule fails — and its apparent-size class. A pair that fails in
 * the first view never has the second drawn.
 */
function pixelPair(ctx: Ctx, views: PixelViews, a: ViewObject, b: ViewObject): Omit<Flip, 'key'> {
  const t = ctx.config.tasks;
  // Each rule's measure over its threshold (≥ 1 where it passes).
  const ratios: number[] = [];
  let closer = 0;
  const nearLarger: boolean[] = [];
  const roles: number[] = [];
  const none = { slack: 0, larger: 'neither' as const };
  for (const get of views) {
    const { px, inFrame } = get();
    for (const o of [a, b]) {
      const s = px.get(o.id)!;
      ratios.push(
        s.visible / t.min_visible_px,
        s.visible / (t.min_visible_fraction * s.alone),
        inFrame(o) / t.min_in_frame_fraction,
      );
    }
    const [sa, sb] = [px.get(a.id)!, px.get(b.id)!];
    if (!(sa.visible > 0 && sb.visible > 0)) return none;
    const [near, far] = sa.depth < sb.depth ? [sa, sb] : [sb, sa];
    if (closer && closer !== (near === sa ? a.id : b.id)) return none;
    closer = near === sa ? a.id : b.id;
    // Positive: the farther is higher in the image (consistent); negative: lower (counter).
    const offset = (near.row - far.row) / ctx.height;
    roles.push(Math.sign(offset));
    nearLarger.push(near.visible > far.visible);
    ratios.push(
      (far.depth - near.depth) / Math.max(0.3, 0.1 * far.depth),
      Math.abs(offset) / MIN_OFFSET,
      far.visible / (MIN_AREA_RATIO * near.visible),
      (MAX_AREA_RATIO * near.visible) / far.visible,
    );
    if (!(Math.min(...ratios) >= 1)) return none;
  }
  const slack = Math.min(...ratios);
  if (roles[0] === roles[1] || slack < 1) return none;
  const consistent = roles[0] > 0 ? 0 : 1;
  return { slack, larger: sizeClass(nearLarger[consistent], nearLarger[1 - consistent]) };
}

function bestViewpoint(ctx: Ctx, rng: Rng, score: (v: Viewpoint) => number): Viewpoint {
  let best: Viewpoint | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < CANDIDATES; c++) {
    const vp = sampleViewpoint(ctx, rng);
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
    const unhidden = (all: ViewObject[]) => {
      const sight = lineOfSight(all);
      return all
        .filter((o) => movers.includes(o.id))
        .every((o) => unhiddenShare(sight, T, o) >= MIN_UNHIDDEN);
    };
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
