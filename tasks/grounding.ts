import { cameraCenter, toCamera } from '../sim/camera';
import { boxCorners, footprintDistance } from '../sim/geometry';
import type { Frame } from '../sim/schema';
import { pickDistinct } from './selection';
import { type Box, type Coords, encodeRegion } from './structured';
import type { Draft, FramePixels, Task, TaskContext } from './task';
import { type Paraphrases, say } from './templates';

/**
 * Grounding (SpatialLadder, RoboSpatial, RefSpatial): from a referring expression to pixels.
 *   box_grounding    the bounding box of an object (its visible pixels' bbox); asked only of objects
 *                    ≥ 90% in frame and ≥ 80% unhidden, so the box is the object's, not a fragment's;
 *                    scored by IoU.
 *   point_grounding  a point on an object's top ("on the table": pixels of it whose 3D point, from
 *                    depth.png, lies on its top surface within 1.5 cm) or on the floor beside one
 *                    ("on the floor to the left of the bed": pixels of the room shell whose 3D
 *                    point lies on the floor, within 1.5 m of the object's footprint, beyond its
 *                    box on that side as the camera sees it); the region must hold a 20×20 px
 *                    square, so a right answer never hinges on a pixel.
 * Coordinates are asked in pixels or on the 0–1000 scale of Qwen-style models; the prompt says which.
 */

const MAX_ITEMS = 2;
const MIN_IN_FRAME = 0.9;
const MIN_UNHIDDEN = 0.8;
/** Side of the square a point region must hold, px (at 512², scaled with the image). */
const SQUARE = 20;
const ON_TOP = 0.015;
const BESIDE = 1.5;

const COORD_TEXT: Record<Coords, string> = {
  pixel: 'in pixels (x to the right, y down, from the top-left corner of the {w}×{h} image)',
  norm1000: 'on a 0–1000 scale (0 = the left or top edge of the image, 1000 = the right or bottom edge)',
};

const PARAPHRASES = {
  box: [
    'Give the bounding box of {x} in this image as [x1, y1, x2, y2], {coords}.',
    'Where is {x} in the image? Answer with its bounding box [x1, y1, x2, y2], {coords}.',
  ],
  on: [
    'Point to a spot on top of {x}: answer with one point [x, y], {coords}.',
    'Give one point [x, y] that lies on the top surface of {x}, {coords}.',
  ],
  beside: [
    'Point to a spot on the floor to the {side} of {x}, as the camera sees it: answer with one point [x, y], {coords}.',
    'Give one point [x, y] on the floor {side} of {x} (within 1.5 m of it), {coords}.',
  ],
} satisfies Record<string, Paraphrases>;

function coordsText(coords: Coords, frame: Frame): string {
  return COORD_TEXT[coords].replace('{w}', String(frame.width)).replace('{h}', String(frame.height));
}

export const boxGrounding: Task = {
  name: 'box_grounding',
  kind: 'static',
  capabilities: ['localization', 'object_recognition'],
  level: 'perception',
  text: false,
  generate({ view, rng }: TaskContext): Draft[] {
    const candidates = view.askFrames(rng).flatMap((frame) =>
      view
        .clearIds(frame)
        .filter((id) => {
          const a = view.annotation(frame, id);
          return view.inFrame(frame, id) >= MIN_IN_FRAME && a.visible_px >= MIN_UNHIDDEN * a.in_frame_px;
        })
        .map((id) => ({ frame, id })),
    );
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => String(c.id)).map((c) => {
      const coords = rng.pick(['pixel', 'norm1000'] as const);
      return {
        question: say(rng, PARAPHRASES.box, { x: view.name(c.id), coords: coordsText(coords, c.frame) }),
        choices: null,
        answer: view.annotation(c.frame, c.id).bbox as Box,
        answer_type: 'box',
        unit: null,
        coords,
        image_size: [c.frame.width, c.frame.height],
        frames: [c.frame.index],
        targets: [c.id],
        answer_object: c.id,
      };
    });
  },
};

export const pointGrounding: Task = {
  name: 'point_grounding',
  kind: 'static',
  capabilities: ['localization', 'spatial_relation'],
  level: 'perception',
  text: false,
  generate(ctx: TaskContext): Draft[] {
    const { view, rng, pixels } = ctx;
    if (!pixels) return [];
    const candidates: {
      frame: Frame;
      id: number;
      form: 'on' | 'beside';
      side?: 'left' | 'right';
      /** The region's pixels, in image order. */
      region: Int32Array;
    }[] = [];
    for (const frame of view.askFrames(rng)) {
      const px = pixels(frame.index);
      if (!px) continue;
      const square = Math.max(4, Math.round((SQUARE * frame.width) / 512));
      const points = backProject(frame, px);
      const floor = floorPixels(frame, px, points);
      for (const id of view.clearIds(frame)) {
        const o = view.object(id);
        const top = o.surfaces.find((s) => s.clearance === null);
        if (top) {
          const region = onTop(ctx, frame, px, points, id, top.y);
          if (regionHoldsSquare(region, px.width, square)) candidates.push({ frame, id, form: 'on', region });
        }
        if (o.support === 'floor') {
          const regions = beside(ctx, frame, floor, id);
          for (const side of ['left', 'right'] as const)
            if (regionHoldsSquare(regions[side], px.width, square))
              candidates.push({ frame, id, form: 'beside', side, region: regions[side] });
        }
      }
    }
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => String(c.id)).map((c) => {
      const coords = rng.pick(['pixel', 'norm1000'] as const);
      const slots = { x: view.name(c.id), coords: coordsText(coords, c.frame), side: c.side ?? '' };
      return {
        question: say(rng, c.form === 'on' ? PARAPHRASES.on : PARAPHRASES.beside, slots),
        choices: null,
        answer: encodeRegion(maskOf(c.region, c.frame.width * c.frame.height), c.frame.width, c.frame.height),
        answer_type: 'point',
        unit: null,
        coords,
        image_size: [c.frame.width, c.frame.height],
        frames: [c.frame.index],
        targets: [c.id],
        answer_object: null,
      };
    });
  },
};

/**
 * A frame's pixels seen as 3D points from depth.png: `world(p, k)` is coordinate k of the world
 * point of pixel p's centre, NaN where there is no surface.
 */
function backProject(frame: Frame, px: FramePixels) {
  const { width, depth } = px;
  const [fx, fy, cx, cy] = [frame.K[0][0], frame.K[1][1], frame.K[0][2], frame.K[1][2]];
  // Camera → world: the rotation's transpose (T's rows are the camera axes in the world).
  const [r0, r1, r2] = frame.T_cam_world;
  const c = cameraCenter(frame.T_cam_world);
  return (p: number, k: number): number => {
    if (depth[p] === 0 || depth[p] === 65535) return Number.NaN;
    const z = depth[p] / 1000;
    const x = (((p % width) + 0.5 - cx) * z) / fx;
    const y = ((Math.floor(p / width) + 0.5 - cy) * z) / fy;
    return c[k] + r0[k] * x + r1[k] * y + r2[k] * z;
  };
}
type WorldPoint = ReturnType<typeof backProject>;

/** Pixels of the object whose 3D point lies on its open top (within ON_TOP of its height). */
function onTop(
  { view }: TaskContext,
  frame: Frame,
  px: FramePixels,
  world: WorldPoint,
  id: number,
  surfaceY: number,
): Int32Array {
  const topY = view.pose(frame, id).position[1] + surfaceY;
  const out: number[] = [];
  for (let p = 0; p < px.seg.length; p++)
    if (px.seg[p] === id && Math.abs(world(p, 1) - topY) < ON_TOP) out.push(p);
  return Int32Array.from(out);
}

/** The room shell's pixels on the floor plane: their indices, world x and z, and camera x. */
interface FloorPixels {
  index: Int32Array;
  x: Float64Array;
  z: Float64Array;
  camX: Float64Array;
}

function floorPixels(frame: Frame, px: FramePixels, world: WorldPoint): FloorPixels {
  const all = new Int32Array(px.seg.length);
  let size = 0;
  for (let p = 0; p < px.seg.length; p++)
    if (px.seg[p] === 0 && Math.abs(world(p, 1)) < ON_TOP) all[size++] = p;
  const index = all.slice(0, size);
  const floor = { index, x: new Float64Array(size), z: new Float64Array(size), camX: new Float64Array(size) };
  const T0 = frame.T_cam_world[0];
  for (let f = 0; f < size; f++) {
    const p = index[f];
    const [x, y, z] = [world(p, 0), world(p, 1), world(p, 2)];
    floor.x[f] = x;
    floor.z[f] = z;
    // toCamera(T, [x, y, z])[0]
    floor.camX[f] = T0[0] * x + T0[1] * y + T0[2] * z + T0[3];
  }
  return floor;
}

/**
 * Floor pixels within BESIDE of the object's footprint and beyond its box on each side as the
 * camera sees it (camera x below every box corner's, or above).
 */
function beside(
  { view }: TaskContext,
  frame: Frame,
  floor: FloorPixels,
  id: number,
): Record<'left' | 'right', Int32Array> {
  const box = view.box(frame, id);
  const xs = boxCorners(box).map((c) => toCamera(frame.T_cam_world, c)[0]);
  const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
  const sides = { left: [] as number[], right: [] as number[] };
  // No point farther than this from the box's centre lies within BESIDE of its footprint.
  const reach = Math.hypot(box.size[0], box.size[2]) / 2 + BESIDE + 1e-6;
  for (let f = 0; f < floor.index.length; f++) {
    const x = floor.camX[f];
    const side = x < minX ? sides.left : x > maxX ? sides.right : null;
    if (!side) continue;
    const [dx, dz] = [floor.x[f] - box.position[0], floor.z[f] - box.position[2]];
    if (dx * dx + dz * dz > reach * reach) continue;
    if (footprintDistance(box, floor.x[f], floor.z[f]) < BESIDE) side.push(floor.index[f]);
  }
  return { left: Int32Array.from(sides.left), right: Int32Array.from(sides.right) };
}

/** A mask of n pixels with the region's set. */
function maskOf(region: Int32Array, n: number): Uint8Array {
  const mask = new Uint8Array(n);
  for (const p of region) mask[p] = 1;
  return mask;
}

/** Does the region (pixel indices on an image `width` wide) hold a square of this side? */
function regionHoldsSquare(region: Int32Array, width: number, side: number): boolean {
  if (region.length < side * side) return false;
  // On the region's bounding box only.
  // Image order: the first pixel's row is the top one, the last's the bottom one.
  const j0 = Math.floor(region[0] / width);
  const j1 = Math.floor(region[region.length - 1] / width);
  let [i0, i1] = [width, -1];
  for (const p of region) {
    const i = p % width;
    if (i < i0) i0 = i;
    if (i > i1) i1 = i;
  }
  const [w, h] = [i1 - i0 + 1, j1 - j0 + 1];
  const mask = new Uint8Array(w * h);
  for (const p of region) mask[(Math.floor(p / width) - j0) * w + (p % width) - i0] = 1;
  return holdsSquare(mask, w, h, side);
}

/**
 * Does the region hold a square of this side, wholly inside it? It does where `side` rows in a row
 * each hold a run of `side` set pixels ending at the same column.
 */
function holdsSquare(mask: Uint8Array, width: number, height: number, side: number): boolean {
  /** Per column: rows in a row, ending at the current one, whose run ending there is long enough. */
  const rows = new Int32Array(width);
  for (let j = 0; j < height; j++) {
    let run = 0;
    for (let i = 0, p = j * width; i < width; i++, p++) {
      run = mask[p] ? run + 1 : 0;
      rows[i] = run >= side ? rows[i] + 1 : 0;
      if (rows[i] >= side) return true;
    }
  }
  return false;
}
