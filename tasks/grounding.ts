import { cameraCenter, toCamera } from '../sim/camera';
import { boxCorners, footprintDistance } from '../sim/geometry';
import type { Frame, Mat4, Vec3 } from '../sim/schema';
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
      mask: Uint8Array;
    }[] = [];
    for (const frame of view.askFrames(rng)) {
      const px = pixels(frame.index);
      if (!px) continue;
      const square = Math.max(4, Math.round((SQUARE * frame.width) / 512));
      const points = backProject(frame, px);
      for (const id of view.clearIds(frame)) {
        const o = view.object(id);
        const top = o.surfaces.find((s) => s.clearance === null);
        if (top) {
          const mask = onTopMask(ctx, frame, px, points, id, top.y);
          if (holdsSquare(mask, px.width, px.height, square))
            candidates.push({ frame, id, form: 'on', mask });
        }
        if (o.support === 'floor')
          for (const side of ['left', 'right'] as const) {
            const mask = besideMask(ctx, frame, px, points, id, side);
            if (holdsSquare(mask, px.width, px.height, square))
              candidates.push({ frame, id, form: 'beside', side, mask });
          }
      }
    }
    return pickDistinct(rng, candidates, MAX_ITEMS, (c) => String(c.id)).map((c) => {
      const coords = rng.pick(['pixel', 'norm1000'] as const);
      const slots = { x: view.name(c.id), coords: coordsText(coords, c.frame), side: c.side ?? '' };
      return {
        question: say(rng, c.form === 'on' ? PARAPHRASES.on : PARAPHRASES.beside, slots),
        choices: null,
        answer: encodeRegion(c.mask, c.frame.width, c.frame.height),
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

/** World point of each pixel's centre from depth.png (NaN where there is no surface). */
function backProject(frame: Frame, px: FramePixels): Float64Array {
  const out = new Float64Array(px.width * px.height * 3).fill(Number.NaN);
  const [fx, fy, cx, cy] = [frame.K[0][0], frame.K[1][1], frame.K[0][2], frame.K[1][2]];
  const T = frame.T_cam_world;
  const c = cameraCenter(T);
  for (let j = 0, p = 0; j < px.height; j++)
    for (let i = 0; i < px.width; i++, p++) {
      const z = px.depth[p] / 1000;
      if (px.depth[p] === 0 || px.depth[p] === 65535) continue;
      const cam: Vec3 = [((i + 0.5 - cx) * z) / fx, ((j + 0.5 - cy) * z) / fy, z];
      // Camera → world: the rotation's transpose (T's rows are the camera axes in the world).
      for (let k = 0; k < 3; k++)
        out[p * 3 + k] = c[k] + T[0][k] * cam[0] + T[1][k] * cam[1] + T[2][k] * cam[2];
    }
  return out;
}

/** Pixels of the object whose 3D point lies on its open top (within ON_TOP of its height). */
function onTopMask(
  { view }: TaskContext,
  frame: Frame,
  px: FramePixels,
  points: Float64Array,
  id: number,
  surfaceY: number,
): Uint8Array {
  const pose = view.pose(frame, id);
  const topY = pose.position[1] + surfaceY;
  const mask = new Uint8Array(px.width * px.height);
  for (let p = 0; p < mask.length; p++)
    if (px.seg[p] === id && Math.abs(points[p * 3 + 1] - topY) < ON_TOP) mask[p] = 1;
  return mask;
}

/**
 * Floor pixels (room shell, on the floor plane) within BESIDE of the object's footprint and beyond
 * its box on one side as the camera sees it (camera x below every box corner's, or above).
 */
function besideMask(
  { view }: TaskContext,
  frame: Frame,
  px: FramePixels,
  points: Float64Array,
  id: number,
  side: 'left' | 'right',
): Uint8Array {
  const box = view.box(frame, id);
  const T: Mat4 = frame.T_cam_world;
  const xs = boxCorners(box).map((c) => toCamera(T, c)[0]);
  const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
  const mask = new Uint8Array(px.width * px.height);
  for (let p = 0; p < mask.length; p++) {
    if (px.seg[p] !== 0 || !(Math.abs(points[p * 3 + 1]) < ON_TOP)) continue;
    const w: Vec3 = [points[p * 3], points[p * 3 + 1], points[p * 3 + 2]];
    if (!(footprintDistance(box, w[0], w[2]) < BESIDE)) continue;
    const x = toCamera(T, w)[0];
    if (side === 'left' ? x < minX : x > maxX) mask[p] = 1;
  }
  return mask;
}

/** Does the region hold a square of this side, wholly inside it? (Summed-area table.) */
export function holdsSquare(mask: Uint8Array, width: number, height: number, side: number): boolean {
  const S = new Int32Array((width + 1) * (height + 1));
  for (let j = 0; j < height; j++)
    for (let i = 0; i < width; i++)
      S[(j + 1) * (width + 1) + i + 1] =
        mask[j * width + i] +
        S[j * (width + 1) + i + 1] +
        S[(j + 1) * (width + 1) + i] -
        S[j * (width + 1) + i];
  const full = side * side;
  for (let j = 0; j + side <= height; j++)
    for (let i = 0; i + side <= width; i++) {
      const sum =
        S[(j + side) * (width + 1) + i + side] -
        S[j * (width + 1) + i + side] -
        S[(j + side) * (width + 1) + i] +
        S[j * (width + 1) + i];
      if (sum === full) return true;
    }
  return false;
}
