import {
  type BoxPose,
  dot,
  footprint,
  headingOf,
  pointInPolygon,
  sub,
  verticalSpan,
  wrapAngle,
} from '../sim/geometry';
import type { Vec3 } from '../sim/schema';
import { toRadians } from './numbers';
import type { CameraFacts } from './scene-view';

/**
 * Spatial relations the tasks answer with, and the margins that keep an answer from flipping under
 * small errors of judgement (DESIGN.md: depths within 10% or 0.3 m, angles within 15° of a boundary).
 */

/** Depth medians are told apart only when they differ by ≥ 10% and ≥ 0.3 m (the `depth_order` rule). */
export function clearlyApart(a: number, b: number): boolean {
  const gap = Math.abs(a - b);
  return gap >= 0.3 && gap >= 0.1 * Math.max(a, b);
}

/** Angles closer than this to a class boundary are not asked about. */
export const ANGLE_MARGIN = toRadians(15);

/** Direction of a world point from a camera on the floor plan, relative to its heading: left positive, rad. */
export function bearing(camera: CameraFacts, point: Vec3): number {
  return wrapAngle(headingOf(sub(point, camera.center)) - camera.heading);
}

/** A floor-plan vector in a camera's horizontal frame: [forward, left] components, m. */
export function planComponents(camera: CameraFacts, v: Vec3): [number, number] {
  return [dot(v, camera.forward), dot(v, camera.left)];
}

/** How a camera moved between two frames, in the first one's floor-plan frame (DESIGN.md, ego-motion). */
export interface CameraMove {
  /** Translation along the first camera's forward and left directions, m. */
  forward: number;
  left: number;
  /** Length of the floor-plan translation, m. */
  distance: number;
  /** Change of heading, left positive, rad in (−π, π]. */
  turn: number;
}

export function cameraMove(from: CameraFacts, to: CameraFacts): CameraMove {
  const [forward, left] = planComponents(from, sub(to.center, from.center));
  return { forward, left, distance: Math.hypot(forward, left), turn: wrapAngle(to.heading - from.heading) };
}

export const SIDES = ['front', 'left', 'behind', 'right'] as const;
export type Side = (typeof SIDES)[number];

/**
 * The quarter an angle falls in (front within ±45°, left 45°–135°, …), or null when it lies
 * within `margin` of a quarter's edge.
 */
export function sideOf(angle: number, margin = ANGLE_MARGIN): Side | null {
  const a = wrapAngle(angle);
  const quarter = Math.round(a / (Math.PI / 2));
  const offset = Math.abs(a - quarter * (Math.PI / 2));
  if (Math.PI / 4 - offset < margin) return null;
  return SIDES[((quarter % 4) + 4) % 4];
}

/** Left (positive) or right of straight ahead, or null within `margin` of straight ahead or behind. */
export function leftOrRight(angle: number, margin = ANGLE_MARGIN): 'left' | 'right' | null {
  const a = wrapAngle(angle);
  if (Math.abs(a) < margin || Math.PI - Math.abs(a) < margin) return null;
  return a > 0 ? 'left' : 'right';
}

/**
 * Shortest distance between two upright boxes, m (0 when they touch or overlap). An upright box is
 * its floor rectangle times its height span, so the distance splits into a plan part and a height part.
 */
export function boxGap(a: BoxPose, b: BoxPose): number {
  const [a0, a1] = verticalSpan(a);
  const [b0, b1] = verticalSpan(b);
  const vertical = Math.max(0, b0 - a1, a0 - b1);
  const plan = polygonGap(footprint(a), footprint(b));
  return Math.hypot(plan, vertical);
}

type Pt = [number, number];

/** Distance between two convex polygons (0 when they overlap). */
function polygonGap(p: Pt[], q: Pt[]): number {
  if (p.some((v) => pointInPolygon(v, q)) || q.some((v) => pointInPolygon(v, p))) return 0;
  let best = Number.POSITIVE_INFINITY;
  for (const [poly, other] of [
    [p, q],
    [q, p],
  ])
    for (const v of poly)
      for (let i = 0; i < other.length; i++)
        best = Math.min(best, pointSegment(v, other[i], other[(i + 1) % other.length]));
  return best;
}

function pointSegment(v: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dz = b[1] - a[1];
  const len2 = dx * dx + dz * dz;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((v[0] - a[0]) * dx + (v[1] - a[1]) * dz) / len2));
  return Math.hypot(v[0] - a[0] - t * dx, v[1] - a[1] - t * dz);
}
